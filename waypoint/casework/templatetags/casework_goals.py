"""The person page's Goals and Follow-ups panels: ``{% goals_panels person request.user o.can_supervise %}``.

Two queries: the open goals (with their part of life) and the open follow-ups about the person (with
whom each is for).
"""

from __future__ import annotations

from typing import Any

from django import template

from waypoint.accounts.models import User
from waypoint.casework import selectors
from waypoint.casework.models import OPEN_GOAL_STATUSES, Goal
from waypoint.people import access
from waypoint.people.models import Person, agency_today

register = template.Library()


def panels_context(person: Person, user: User, *, supervises: bool) -> dict[str, Any]:
    open_goals = list(
        access.rows_of_person(person, Goal)
        .filter(status__in=OPEN_GOAL_STATUSES)
        .select_related("domain")
        .order_by("domain__order", "created_at")
    )
    follow_ups = list(selectors.person_tasks(person).filter(done_at__isnull=True))
    for task in follow_ups:
        # The assignee marks a follow-up done; so may a supervisor of the person's agency.
        task.may_mark = task.assignee_id == user.pk or supervises  # type: ignore[attr-defined]
    return {
        "person": person,
        "open_goals": open_goals,
        "follow_ups": follow_ups,
        "today": agency_today(person.agency),
    }


@register.inclusion_tag("casework/_goals_panel.html", takes_context=True)
def goals_panels(context: template.Context, person: Person, user: User, supervises: bool = False) -> dict[str, Any]:
    return {**panels_context(person, user, supervises=supervises), "csrf_token": context.get("csrf_token")}
