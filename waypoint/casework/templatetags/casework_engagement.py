"""The person page's Engagement panel: ``{% engagement_panel person request.user %}``.

The last five contacts, the quick add, and links to the whole log and the timeline. The panel is
also what an htmx quick add from the person page swaps back in (``panel_context``).
"""

from __future__ import annotations

import zoneinfo
from typing import Any

from django import template

from waypoint.accounts.models import User
from waypoint.casework import selectors
from waypoint.casework.forms.encounters import QuickAdd
from waypoint.casework.services import encounters
from waypoint.casework.views.common import last_kind
from waypoint.people.models import Person, agency_today

register = template.Library()


def panel_context(
    person: Person, user: User, *, kind: str = "", qa: QuickAdd | None = None, saved: bool = False
) -> dict[str, Any]:
    """One query, the last five contacts with their authors; ``kind`` is the quick add's default, without ``qa``."""
    if qa is None and not person.is_closed:
        qa = QuickAdd.defaults(
            kind=kind,
            zone=zoneinfo.ZoneInfo(person.agency.time_zone),
            today=agency_today(person.agency),
        )
    return {
        "person": person,
        "recent": selectors.recent_encounters(person),
        "qa": qa,
        "qa_from": "panel",
        "saved": saved,
        "viewer": user,
    }


@register.inclusion_tag("casework/_engagement_panel.html", takes_context=True)
def engagement_panel(context: template.Context, person: Person, user: User) -> dict[str, Any]:
    request = context.get("request")
    kind = last_kind(request) if request is not None else encounters.last_kind_used(user)
    return {
        **panel_context(person, user, kind=kind),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
