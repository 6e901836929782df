"""Template filters for safety plans."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from waypoint.safety.sections import BY_KEY
from waypoint.safety.services import CARD

register = template.Library()


@register.filter
def section_titles(keys: list[str]) -> str:
    """The titles of the sections (and the card) a version changed, in the reader's language."""
    titles = [str(BY_KEY[key].title) for key in keys if key in BY_KEY]
    if CARD in keys:
        titles.append(_("Wallet card"))
    return "; ".join(titles) or _("The review cadence")
