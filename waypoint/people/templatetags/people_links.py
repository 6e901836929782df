"""Links to a person's record for long lists: the route is reversed once, not once per row.

`{% url %}` runs Django's resolver for every row, which was a quarter of the caseload page's
Python time with 60 people (bench/README.md). The pattern is reversed with a placeholder id
(per script prefix, which is what ``reverse`` depends on) and the id is put in its place.
"""

from __future__ import annotations

import functools
import uuid

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

_PLACEHOLDER = str(uuid.UUID(int=0))


@functools.cache
def _overview_pattern(script_prefix: str) -> str:
    return reverse("people:person_detail", args=[_PLACEHOLDER])


@register.filter
def overview_url(person_id: uuid.UUID | str) -> str:
    """The overview of the person with this id, exactly as ``{% url 'people:person_detail' id %}`` gives it."""
    return _overview_pattern(get_script_prefix()).replace(_PLACEHOLDER, str(uuid.UUID(str(person_id))))
