"""What safety plans add to casework's pages: timeline entries, caseload flags and a team-view count.

Registered once from ``SafetyConfig.ready`` into casework's registries; nothing there changes for it.
A timeline entry says a version was saved (and which sections changed) or that a risk check-in was
recorded; never what the plan or the check-in says.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.db.models import Count, DateTimeField, Exists, ExpressionWrapper, F, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from waypoint.accounts.models import User
from waypoint.casework import digest, flags, selectors, timeline
from waypoint.people import access
from waypoint.people.models import Person, Status
from waypoint.safety.models import PlanVersion, RiskCheckIn, SafetyPlan


def _noon(field: str) -> ExpressionWrapper:
    # A version and a check-in have a day, not a moment: noon UTC keeps them inside that day in Canada.
    return ExpressionWrapper(F(field) + datetime.timedelta(hours=12), output_field=DateTimeField())


def _versions(person: Person) -> QuerySet[PlanVersion]:
    return access.rows_of_person(person, PlanVersion)


def _fetch_versions(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[PlanVersion]:
    return _versions(person).filter(pk__in=ids).select_related("author").defer("content", "card", "why_not")


def _check_ins(person: Person) -> QuerySet[RiskCheckIn]:
    return access.rows_of_person(person, RiskCheckIn)


def _fetch_check_ins(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[RiskCheckIn]:
    return _check_ins(person).filter(pk__in=ids).select_related("author").defer("note")


VERSIONS = timeline.Source(
    "safety_plan",
    _("Safety plan"),
    _versions,
    _noon("made_on"),
    "safety/timeline/_version.html",
    _fetch_versions,
)
CHECK_INS = timeline.Source(
    "risk_check_in",
    _("Risk check-ins"),
    _check_ins,
    _noon("on"),
    "safety/timeline/_check_in.html",
    _fetch_check_ins,
)

EPOCH = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _review_due(today: datetime.date, now: datetime.datetime) -> Q:
    due = access.rows_per_person(SafetyPlan).filter(review_due_on__lte=today)
    return Q(Exists(due)) & ~Q(status=Status.CLOSED)


def _risk_since_plan(today: datetime.date, now: datetime.datetime) -> Q:
    """A check-in with a yes that no version of the plan has answered yet (or no plan at all)."""
    # Inside the check-in's sub-select: the versions of the person that check-in is about.
    latest = access.rows_per_person(PlanVersion, outer="person_id").order_by("-number").values("created_at")[:1]
    after = Coalesce(Subquery(latest), Value(EPOCH))
    raised = access.rows_per_person(RiskCheckIn).filter(any_yes=True, created_at__gt=after)
    return Q(Exists(raised)) & ~Q(status=Status.CLOSED)


def _reviews_due_per_worker(supervisor: User, agency_id: object, today: datetime.date) -> dict[object, int]:
    """Per worker, the people on their caseload whose plan review is due: one query."""
    due = access.rows_of_supervised_people(supervisor, SafetyPlan).filter(review_due_on__lte=today)
    places = selectors.caseload_places(supervisor, agency_id, today).filter(person_id__in=due.values("person_id"))
    return {row["user_id"]: row["n"] for row in places.values("user_id").annotate(n=Count("person_id", distinct=True))}


def _my_reviews_due(user: User, today: datetime.date) -> int:
    due = access.rows_of_caseload(user, SafetyPlan).filter(review_due_on__lte=today)
    return due.exclude(person__status=Status.CLOSED).count()


def _reviews_due_line(n: int) -> str:
    return ngettext(
        "%(n)s safety plan review is due on your caseload:",
        "%(n)s safety plan reviews are due on your caseload:",
        n,
    ) % {"n": n}


def register() -> None:
    """Timeline sources, caseload flags and the team count; once per process."""
    if VERSIONS.kind in timeline.REGISTRY:
        return
    timeline.register(VERSIONS)
    timeline.register(CHECK_INS)
    flags.register(flags.Flag("safety_review", _("Safety plan review due"), _review_due))
    flags.register(flags.Flag("risk_review", _("Risk check-in: review the plan"), _risk_since_plan))
    digest.register_count(
        digest.DigestCount(
            "safety_reviews", _my_reviews_due, _reviews_due_line, "people:my_people", "?flag=safety_review"
        )
    )
    selectors.register_team_count(
        selectors.TeamCount("safety_reviews", _("Safety plan reviews due"), _reviews_due_per_worker)
    )
