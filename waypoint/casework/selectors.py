"""Reads for casework. Every queryset starts from the gate (``people.access``)."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, IntegerField, Max, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise

from waypoint.accounts.models import User
from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import flags
from waypoint.casework.models import OPEN_GOAL_STATUSES, Encounter, Goal, LifeDomain, Need, StageCheckIn, Task
from waypoint.people import access
from waypoint.people.models import CareTeamMember, Person, Status

CASELOAD_PAGE_SIZE = 50
# The caseload's sorts: the longest silence first (never contacted before all), the soonest follow-up first.
CASELOAD_SORTS: dict[str, tuple[Any, ...]] = {
    "last_contact": (F("last_contact_at").asc(nulls_first=True),),
    "next_follow_up": (F("next_follow_up_on").asc(nulls_last=True),),
    "alias": (),
}
DEFAULT_SORT = "last_contact"


def _last_contact() -> Subquery:
    newest = access.rows_per_person(Encounter).order_by("-occurred_at").values("occurred_at")[:1]
    return Subquery(newest)


def _next_follow_up() -> Subquery:
    soonest = access.rows_per_person(Task).filter(done_at__isnull=True).order_by("due_on").values("due_on")[:1]
    return Subquery(soonest)


def _open_goals() -> Coalesce:
    counted = (
        access.rows_per_person(Goal)
        .filter(status__in=OPEN_GOAL_STATUSES)
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def with_casework(people: QuerySet[Person], today: datetime.date) -> QuerySet[Person]:
    """Annotate last contact, next follow-up, open goals and every registered flag (same single query)."""
    annotated = people.annotate(
        last_contact_at=_last_contact(), next_follow_up_on=_next_follow_up(), open_goals=_open_goals()
    )
    return flags.annotate(annotated, today)


def latest_stage(domain_key: str) -> Subquery:
    """The newest stage the outer person has in the part of life with this key (each agency keeps its own list)."""
    newest = (
        access.rows_per_person(StageCheckIn)
        .filter(domain__key=domain_key)
        .order_by("-on", "-created_at")
        .values("stage")[:1]
    )
    return Subquery(newest)


def caseload(
    user: User,
    today: datetime.date,
    *,
    sort: str = DEFAULT_SORT,
    flag: str = "",
    status: str = "",
    stage_domain: str = "",
    everyone: bool = False,
) -> QuerySet[Person]:
    """The worker's people (or everyone they may see), annotated, filtered and sorted: one query a page.

    ``stage_domain`` (a life domain's key) adds ``latest_stage`` in that part of life to each row.
    """
    people = access.visible_people(user) if everyone else access.caseload(user)
    people = people.only("id", "alias", "case_number", "status", "closure_requested_at", "created_at", "agency_id")
    if status in Status.values:
        people = people.filter(status=status)
    if stage_domain:
        people = people.annotate(latest_stage=latest_stage(stage_domain))
    people = flags.filter_by(with_casework(people, today), flag)
    return people.order_by(*CASELOAD_SORTS.get(sort, CASELOAD_SORTS[DEFAULT_SORT]), "alias", "pk")


def caseload_row(user: User, person: Person, today: datetime.date, *, stage_domain: str = "") -> Person:
    """One row of the caseload, annotated as the list annotates it (after a quick add)."""
    people = access.visible_people(user).filter(pk=person.pk)
    if stage_domain:
        people = people.annotate(latest_stage=latest_stage(stage_domain))
    return with_casework(people, today).get()


# --- tasks --------------------------------------------------------------------------------------


def tasks_for(user: User) -> QuerySet[Task]:
    """The user's follow-ups: about people they may see today, or about no one."""
    about_people = access.rows_of_visible_people(user, Task)
    return (about_people | access.personless_rows(user, Task)).filter(assignee=user)


def open_tasks(user: User) -> QuerySet[Task]:
    return tasks_for(user).filter(done_at__isnull=True).select_related("person").order_by("due_on", "created_at")


@dataclass(frozen=True)
class TaskCounts:
    due_today: int
    overdue: int


def task_counts(user: User, today: datetime.date) -> TaskCounts:
    counts = (
        tasks_for(user)
        .filter(done_at__isnull=True, due_on__lte=today)
        .aggregate(due_today=Count("pk", filter=Q(due_on=today)), overdue=Count("pk", filter=Q(due_on__lt=today)))
    )
    return TaskCounts(due_today=counts["due_today"], overdue=counts["overdue"])


def recently_done_tasks(user: User, *, days: int = 14) -> QuerySet[Task]:
    since = timezone.now() - datetime.timedelta(days=days)
    return tasks_for(user).filter(done_at__gte=since).select_related("person").order_by("-done_at")


# --- one person ---------------------------------------------------------------------------------


def recent_encounters(person: Person, *, limit: int = 5) -> list[Encounter]:
    return list(
        # The panel names the author only; the log shows who else was there.
        access.rows_of_person(person, Encounter).select_related("author").order_by("-occurred_at")[:limit]
    )


def goals_of(person: Person) -> list[Goal]:
    return list(access.rows_of_person(person, Goal).select_related("domain").prefetch_related("steps"))


def needs_of(person: Person) -> QuerySet[Need]:
    return access.rows_of_person(person, Need).select_related("domain")


def person_tasks(person: Person) -> QuerySet[Task]:
    return access.rows_of_person(person, Task).select_related("assignee").order_by("done_at", "due_on")


def domains(agency_id: Any, *, active_only: bool = True) -> list[LifeDomain]:
    found = LifeDomain.objects.filter(agency_id=agency_id)
    return list(found.filter(is_active=True) if active_only else found)


def agency_staff(agency_id: Any) -> QuerySet[User]:
    """Clinical staff of the agency: who may be present at an encounter, hold a task or take a caseload."""
    return (
        User.objects.filter(
            is_active=True,
            memberships__agency_id=agency_id,
            memberships__is_active=True,
            memberships__role__in=CLINICAL_ROLES,
        )
        .distinct()
        .order_by("display_name", "email")
    )


# --- the supervisor's team view -----------------------------------------------------------------


@dataclass(frozen=True)
class TeamCount:
    """A column of the team view another tool adds: per worker, how many of their people need something."""

    key: str
    label: Promise
    # (supervisor, agency id, today) -> {worker's user id: count}; one query, whatever the size.
    count: Callable[[User, Any, datetime.date], dict[Any, int]]


TEAM_COUNTS: dict[str, TeamCount] = {}


def register_team_count(column: TeamCount) -> TeamCount:
    if column.key in TEAM_COUNTS:
        raise ValueError(f"A team count {column.key!r} is registered already.")
    TEAM_COUNTS[column.key] = column
    return column


def caseload_places(supervisor: User, agency_id: Any, today: datetime.date) -> QuerySet[CareTeamMember]:
    """Today's places on the care teams of the agency's open records (a team count starts from these)."""
    return (
        access.rows_of_supervised_people(supervisor, CareTeamMember)
        .filter(person__agency_id=agency_id, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .exclude(person__status=Status.CLOSED)
    )


@dataclass(frozen=True)
class WorkerLine:
    user: User
    caseload: int
    overdue: int
    # The registered team counts, in registry order: (label, count).
    more: tuple[tuple[Promise, int], ...] = ()


def team_lines(supervisor: User, agency_id: Any, today: datetime.date) -> list[WorkerLine]:
    """Caseload size, overdue follow-ups and each registered count per clinical worker of the agency: three
    queries and one per registered count, whatever the size."""
    staff = list(agency_staff(agency_id))
    places = (
        caseload_places(supervisor, agency_id, today).values("user_id").annotate(n=Count("person_id", distinct=True))
    )
    sizes = {row["user_id"]: row["n"] for row in places}
    late = (
        (access.rows_of_supervised_people(supervisor, Task) | access.personless_rows(supervisor, Task))
        .filter(agency_id=agency_id, done_at__isnull=True, due_on__lt=today)
        .values("assignee_id")
        .annotate(n=Count("pk"))
    )
    overdue = {row["assignee_id"]: row["n"] for row in late}
    more = [(column.label, column.count(supervisor, agency_id, today)) for column in TEAM_COUNTS.values()]
    return [
        WorkerLine(
            user=u,
            caseload=sizes.get(u.pk, 0),
            overdue=overdue.get(u.pk, 0),
            more=tuple((label, counts.get(u.pk, 0)) for label, counts in more),
        )
        for u in staff
    ]


def not_contacted(supervisor: User, today: datetime.date, *, limit: int = 100) -> QuerySet[Person]:
    """Open records of the supervised agencies with no contact in WAYPOINT_NO_CONTACT_DAYS, longest silence first."""
    people = (
        access.supervised_people(supervisor)
        .filter(status__in=[s for s in Status if s != Status.CLOSED])
        .only("id", "alias", "case_number", "status", "created_at", "closure_requested_at", "agency_id")
    )
    since = timezone.now() - datetime.timedelta(days=settings.WAYPOINT_NO_CONTACT_DAYS)
    recent = access.rows_per_person(Encounter).filter(occurred_at__gte=since)
    return (
        people.filter(created_at__lt=since)
        .exclude(Exists(recent))
        .annotate(last_contact_at=Max("encounters__occurred_at"))
        .order_by(F("last_contact_at").asc(nulls_first=True), "alias")[:limit]
    )


def current_team(person: Person, today: datetime.date) -> list[CareTeamMember]:
    return [m for m in access.rows_of_person(person, CareTeamMember).select_related("user") if m.is_current(today)]


def stage_check_ins(person: Person) -> list[StageCheckIn]:
    """Every check-in about the person, by part of life (the agency's order) and then by date, oldest first."""
    return list(
        access.rows_of_person(person, StageCheckIn)
        .select_related("domain", "author")
        .order_by("domain__order", "domain__name", "on", "created_at")
    )
