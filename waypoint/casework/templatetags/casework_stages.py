"""The person page's Stages panel: ``{% stages_panel person %}``, the latest stage in each part of life (one query)."""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.casework.models import StageCheckIn
from waypoint.people import access
from waypoint.people.models import Person

register = template.Library()


def latest_stages(person: Person) -> list[StageCheckIn]:
    """The newest check-in of each part of life, in the agency's order of parts of life."""
    newest = (
        access.rows_of_person(person, StageCheckIn)
        .order_by("domain_id", "-on", "-created_at")
        .distinct("domain_id")
        .values("pk")
    )
    return list(
        access.rows_of_person(person, StageCheckIn)
        .filter(pk__in=newest)
        .select_related("domain")
        .order_by("domain__order", "domain__name")
    )


@register.inclusion_tag("casework/_stages_panel.html")
def stages_panel(person: Person) -> dict[str, Any]:
    return {"person": person, "latest": latest_stages(person)}
