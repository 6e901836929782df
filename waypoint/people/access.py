"""THE gate for survivor data. Every read of a person, or of anything hanging off one, starts here.

Rules (see docs/people.md):

* a user sees a person only if the user is active, holds an active clinical
  membership (advocate, housing staff, supervisor) in the person's agency, and
  - is on the person's care team today, or
  - is a supervisor in that agency, or
  - holds an unexpired, unended break-the-glass grant for the person;
* program managers, agency administrators, intake, content editors and partner
  users see no individual record here;
* a record the user may not see and a record that does not exist both answer 404.
"""

from __future__ import annotations

import datetime
import re
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, DateTimeField, Exists, F, Func, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone

from waypoint import audit
from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.people.models import BreakGlassGrant, CareTeamMember, Person, Release, SafeContact, Status, agency_today

# A full case number as services.person_create makes it (WP-<year>-<five digits>), in any case.
CASE_NUMBER = re.compile(r"WP-\d{4}-\d{5}", re.IGNORECASE)
PURPOSES = frozenset({"view", "edit", "print", "export", "break_glass", "history", "reveal"})
# Why an exact match (legal name + date of birth, or a full case number) was shown to someone.
MATCH_PURPOSES = frozenset({"search", "duplicate_check"})


def local_today_sql(time_zone_field: str, now: datetime.datetime | None = None) -> Cast:
    """SQL for "today in the agency's zone", so a whole queryset compares dates in one query."""
    moment = Value(now or timezone.now(), output_field=DateTimeField())
    return Cast(Func(F(time_zone_field), moment, function="timezone", output_field=DateTimeField()), DateField())


def _active_user(user: User) -> bool:
    # A view behind @roles passes a signed-in User; anything else (a signed-out caller) sees nothing.
    return bool(user is not None and user.is_authenticated and user.is_active)


def clinical_agency_ids(user: User) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user, is_active=True, role__in=CLINICAL_ROLES).values("agency_id")


def supervised_agency_ids(user: User) -> QuerySet[Membership, Any]:
    return Membership.objects.filter(user=user, is_active=True, role=Role.SUPERVISOR).values("agency_id")


def care_team_person_ids(user: User, now: datetime.datetime | None = None) -> QuerySet[CareTeamMember, Any]:
    """Ids of the people whose care team the user is on today (each person's agency decides "today")."""
    now = now or timezone.now()
    today = local_today_sql("person__agency__time_zone", now)
    # Every time zone's today lies within a day of UTC's: this bound lets the (user, until) index drop
    # past places before each remaining row is checked against its own agency's date.
    some_day_ago = now.date() - datetime.timedelta(days=1)
    return (
        CareTeamMember.objects.filter(user=user)
        .filter(Q(until__isnull=True) | Q(until__gte=some_day_ago))
        .filter(since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .order_by()
        .values("person_id")
    )


def visible_people(user: User) -> QuerySet[Person]:
    """Every person the user may see, as one queryset (one SQL query with sub-selects).

    Shaped to start from what the user holds: the ids of their care-team places,
    their open grants and, for supervisors, their agencies' people, as one UNION
    that PostgreSQL resolves through the primary key. (Three ORed conditions made it
    read and filter every person of the agency for an advocate with 60 people.)
    """
    if not _active_user(user):
        return Person.objects.none()
    now = timezone.now()
    # order_by(): the models' default orderings would sort each part of the union for nothing.
    granted = (
        BreakGlassGrant.objects.filter(user=user, ended_at__isnull=True, starts_at__lte=now, expires_at__gt=now)
        .order_by()
        .values("person_id")
    )
    supervised = Person.objects.filter(agency_id__in=supervised_agency_ids(user)).order_by().values("id")
    reachable = care_team_person_ids(user, now).union(granted, supervised, all=True)
    return Person.objects.filter(agency_id__in=clinical_agency_ids(user), pk__in=reachable)


def supervised_people(user: User) -> QuerySet[Person]:
    """The people of the agencies the user supervises: ``visible_people``'s supervisor branch on its own.

    For a supervisor's agency-wide queues (people without a care team): filtering the whole
    union by agency made PostgreSQL build every visible id first (47 ms at 10,000 people an
    agency), where this reads the agency's rows through its index. Supervising is a clinical
    role, so these people are always visible too (the gate's state-machine test checks it).
    """
    if not _active_user(user):
        return Person.objects.none()
    return Person.objects.filter(agency_id__in=supervised_agency_ids(user))


def caseload(user: User) -> QuerySet[Person]:
    """The people whose care team the user is on today: ``visible_people`` narrowed to the care team.

    The same rule as the gate's first branch, written on its own so the caseload page
    need not build (and PostgreSQL need not re-run, row by row) the whole union.
    """
    if not _active_user(user):
        return Person.objects.none()
    return Person.objects.filter(agency_id__in=clinical_agency_ids(user), pk__in=care_team_person_ids(user))


def _as_uuid(value: object) -> uuid.UUID:
    # Typed callers pass UUIDs (the URL converters make them); a string from elsewhere is checked here.
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class Gated:
    """A person the gate let through, and whether the viewer supervises the person's agency (same query)."""

    person: Person
    supervises: bool


def gated_person_for(user: User, person_id: uuid.UUID, purpose: str) -> Gated:
    """One person the user may see, with a read event naming the purpose; 404 otherwise."""
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}; use one of {sorted(PURPOSES)}.")
    supervises = Membership.objects.filter(
        user=user, is_active=True, role=Role.SUPERVISOR, agency_id=OuterRef("agency_id")
    )
    person = (
        visible_people(user)
        .select_related("agency")
        .annotate(viewer_supervises=Exists(supervises))
        .filter(pk=_as_uuid(person_id))
        .first()
    )
    if person is None:
        raise Http404
    audit.record(action="person.read", actor=user, agency=person.agency_id, target=person, purpose=purpose)
    return Gated(person=person, supervises=bool(person.viewer_supervises))


def person_for(user: User, person_id: uuid.UUID, purpose: str) -> Person:
    """One person the user may see, with a read event naming the purpose; 404 otherwise."""
    return gated_person_for(user, person_id, purpose).person


def can_supervise(user: User, person: Person) -> bool:
    """Whether the user supervises the person's agency (one query; ``Gated.supervises`` has it already)."""
    return _active_user(user) and supervised_agency_ids(user).filter(agency_id=person.agency_id).exists()


def supervised_person_for(user: User, person_id: uuid.UUID, purpose: str) -> Gated:
    """A person in an agency the user supervises; 404 for anyone else (even the care team)."""
    gated = gated_person_for(user, person_id, purpose)
    if not gated.supervises:
        raise Http404
    return gated


def may_change_consent(
    user: User, person: Person, *, supervises: bool | None = None, team: Iterable[CareTeamMember] | None = None
) -> bool:
    """Releases are the person's decision, made with their care team: a break-the-glass grant is not enough.

    So: a supervisor of the person's agency, or someone on the care team today. Pass what the caller
    already knows (``Gated.supervises``, the loaded care team) to spare the queries.
    """
    if supervises is None:
        supervises = can_supervise(user, person)
    if supervises:
        return True
    today = agency_today(person.agency)
    if team is not None:
        return any(member.user_id == user.pk and member.is_current(today) for member in team)
    return (
        CareTeamMember.objects.filter(person=person, user=user, since__lte=today)
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .exists()
    )


def exact_match_shown(user: User, people: Iterable[Person], *, purpose: str) -> None:
    """Audit that an exact match confirmed someone is known to the agency (ids only)."""
    if purpose not in MATCH_PURPOSES:
        raise ValueError(f"Unknown purpose {purpose!r}; use one of {sorted(MATCH_PURPOSES)}.")
    for person in people:
        audit.record(
            action="person.exact_match_shown", actor=user, agency=person.agency_id, target=person, purpose=purpose
        )


def breakable_person_for(user: User, person_id: uuid.UUID) -> Person:
    """A person someone may ask emergency access to: same agency, clinical role, record not closed.

    No read event here: nothing but the case number is shown until the grant exists.
    """
    if not _active_user(user):
        raise Http404
    person = (
        Person.objects.select_related("agency")
        .filter(pk=_as_uuid(person_id), agency_id__in=clinical_agency_ids(user))
        .exclude(status=Status.CLOSED)
        .first()
    )
    if person is None:
        raise Http404
    return person


def name_dob_match(indexes: Mapping[uuid.UUID, str]) -> Q:
    """Records whose blind index matches their own agency's index ({agency id: index}); nothing when empty."""
    match = Q(pk__in=[])
    for agency_id, index in indexes.items():
        match |= Q(agency_id=agency_id, name_dob_index=index)
    return match


def breakable_matches(
    user: User, *, case_number: str = "", name_dob_indexes: Mapping[uuid.UUID, str] | None = None
) -> QuerySet[Person]:
    """Exact matches outside the user's caseload that they could break the glass for (finder).

    ``name_dob_indexes`` maps each agency id to that agency's blind index of the name + date of birth.
    """
    if not _active_user(user) or not (case_number or name_dob_indexes):
        return Person.objects.none()
    if case_number and not CASE_NUMBER.fullmatch(case_number.strip()):
        return Person.objects.none()  # only a full case number is an exact match
    matches = Person.objects.filter(agency_id__in=clinical_agency_ids(user)).exclude(status=Status.CLOSED)
    matches = (
        matches.filter(case_number__iexact=case_number.strip())
        if case_number
        else matches.filter(name_dob_match(name_dob_indexes or {}))
    )
    # A few rows at most: checked one by one against the gate rather than against everything visible.
    visible = visible_people(user).filter(pk=OuterRef("pk"))
    return matches.exclude(Exists(visible))


def release_for(person: Person, release_id: uuid.UUID) -> Release:
    release = (
        Release.objects.select_related("recipient_agency", "witness")
        .filter(person=person, pk=_as_uuid(release_id))
        .first()
    )
    if release is None:
        raise Http404
    return release


def safe_contact_for(person: Person, contact_id: uuid.UUID) -> SafeContact:
    contact = SafeContact.objects.filter(person=person, pk=_as_uuid(contact_id)).first()
    if contact is None:
        raise Http404
    return contact


def care_team_member_for(person: Person, member_id: uuid.UUID) -> CareTeamMember:
    member = CareTeamMember.objects.select_related("user").filter(person=person, pk=_as_uuid(member_id)).first()
    if member is None:
        raise Http404
    return member


def grant_for_supervisor(user: User, grant_id: uuid.UUID) -> BreakGlassGrant:
    """A break-the-glass grant in an agency the user supervises; 404 otherwise."""
    if not _active_user(user):
        raise Http404
    grant = (
        BreakGlassGrant.objects.select_related("person", "user")
        .filter(pk=_as_uuid(grant_id), person__agency_id__in=supervised_agency_ids(user))
        .first()
    )
    if grant is None:
        raise Http404
    return grant


def current_releases(
    person: Person, *, category: str | None = None, recipient_agency: Agency | None = None
) -> list[Release]:
    """Releases that count today (not revoked, not expired): the only basis for sharing outside the agency.

    "Today" is the agency's date, so a release ends at midnight where the person is.
    """
    today = agency_today(person.agency)
    releases = Release.objects.filter(
        person=person, revoked_at__isnull=True, given_on__lte=today, expires_on__gte=today
    )
    if category:
        releases = releases.filter(categories__contains=[category])
    if recipient_agency is not None:
        releases = releases.filter(recipient_agency=recipient_agency)
    return list(releases)


# --- rows hanging off a person, for other apps (casework, and the practice tools after it) -----------------
#
# The managers of models with a foreign key to Person are used only in this package (the isolation test
# scans for it); these are the ways in. Each starts from the gate or from a person the gate let through.


def rows_of_person(person: Person, model: type[Any], *, path: str = "person") -> QuerySet[Any]:
    """A model's rows about one person, who came through ``gated_person_for`` (or a caller that did)."""
    return model._default_manager.filter(**{path: person})


def rows_of_visible_people(user: User, model: type[Any], *, path: str = "person") -> QuerySet[Any]:
    """A model's rows about every person the user may see (one query with the gate as a sub-select)."""
    return model._default_manager.filter(**{f"{path}__in": visible_people(user)})


def rows_of_caseload(user: User, model: type[Any], *, path: str = "person") -> QuerySet[Any]:
    """A model's rows about the people on the user's care team today."""
    return model._default_manager.filter(**{f"{path}__in": caseload(user)})


def rows_of_supervised_people(user: User, model: type[Any], *, path: str = "person") -> QuerySet[Any]:
    """A model's rows about the people of the agencies the user supervises."""
    return model._default_manager.filter(**{f"{path}__in": supervised_people(user)})


def rows_per_person(model: type[Any], *, path: str = "person", outer: str = "pk") -> QuerySet[Any]:
    """A model's rows correlated to the outer person (``OuterRef("pk")``), for ``Exists``/``Subquery``
    annotations on a queryset the gate returned. It cannot be run on its own: Django refuses to
    evaluate a queryset that refers to an outer query. Inside another row's sub-select about the same
    person, ``outer`` names that row's person column (``"person_id"``)."""
    return model._default_manager.filter(**{path: OuterRef(outer)}).order_by()


def personless_rows(user: User, model: type[Any]) -> QuerySet[Any]:
    """A model's rows that name no person, in the agencies where the user holds a clinical role."""
    return model._default_manager.filter(person__isnull=True, agency_id__in=clinical_agency_ids(user))


# Roles that read figures about an agency's people, never a row: the program manager's whole job, and the
# supervisor's and housing staff's reviews of their own programs.
AGGREGATE_ROLES = frozenset({Role.PROGRAM_MANAGER, Role.SUPERVISOR, Role.HOUSING_STAFF})


def rows_for_aggregates(user: User, model: type[Any], *, agency_id: uuid.UUID) -> QuerySet[Any]:
    """A model's rows of one agency, for counting only: the caller returns figures, never a row or an alias.

    For reports (the housing program review, the needs overview). The user holds an aggregate role in
    that agency; anyone else gets no rows. What may be shown outside the agency is the caller's to
    suppress (``waypoint.core.disclosure``).
    """
    if not _active_user(user):
        return model._default_manager.none()
    holds_role = Membership.objects.filter(
        user=user, agency_id=agency_id, is_active=True, role__in=AGGREGATE_ROLES
    ).exists()
    if not holds_role:
        return model._default_manager.none()
    return model._default_manager.filter(agency_id=agency_id)


def history_of_person(person: Person, tracked_model: type[Any], *, path: str = "person") -> QuerySet[Any]:
    """Every recorded version (pghistory) of a tracked model's rows about one gated person."""
    return tracked_model.pgh_event_model._default_manager.filter(**{path: person})
