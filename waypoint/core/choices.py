"""The label of a field's choice, made once per language rather than on every ``get_FOO_display()``.

Django's ``get_FOO_display()`` rebuilds a dictionary of the field's choices on each call, hashing
every lazy label (one gettext call each): on a log of 50 contacts, two such calls a row were a
tenth of the page's time. Here each (model, field, language) is made once per process; the
labels are the code's own, so they never change while it runs.
"""

from __future__ import annotations

import functools
from typing import Any

from django.db import models
from django.utils.translation import get_language


@functools.cache
def _labels(model: type[models.Model], field_name: str, language: str) -> dict[Any, str]:
    field = model._meta.get_field(field_name)
    return {value: str(label) for value, label in getattr(field, "flatchoices", [])}


def label_of(obj: models.Model, field_name: str) -> str:
    """What ``obj.get_<field_name>_display()`` gives, from the per-language table (history rows too)."""
    value = getattr(obj, field_name)
    return _labels(type(obj), field_name, get_language() or "").get(value, "" if value is None else str(value))
