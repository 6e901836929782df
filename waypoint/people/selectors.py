"""Reads for survivor records. Every queryset starts from the gate (``access.visible_people``)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    CharField,
    DateTimeField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, NullIf
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Agency, User
from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.audit.models import Event
from waypoint.people import access
from waypoint.people.models import (
    BreakGlassGrant,
    CareTeamMember,
    MessageStatus,
    OutboundMessage,
    Person,
    Release,
    SafeContact,
    Status,
)
from waypoint.people.rules import name_dob_index

FINDER_LIMIT = 50
# The supervisor's logs show the newest entries of the period, never an unbounded list.
LOG_LIMIT = 200
# ... of this many days (the page says so).
ACCESS_LOG_DAYS = 90

PURPOSE_LABELS = {
    "view": _("viewed"),
    "edit": _("edited"),
    "print": _("printed"),
    "export": _("exported"),
    "break_glass": _("emergency access"),
    "history": _("read the history"),
    "reveal": _("showed a contact"),
    # Exact matches shown (``person.exact_match_shown``): someone learned the person is known here.
    "search": _("matched an exact search"),
    "duplicate_check": _("matched a duplicate check"),
}
VIEWER_ACTIONS = ("person.read", "person.exact_match_shown")
HISTORY_KINDS = {
    "person": _("Details"),
    "care_team": _("Care team"),
    "release": _("Release"),
    "safe_contact": _("Safe contact"),
    "break_glass": _("Emergency access"),
    "message": _("Message sent"),
}
HISTORY_LABELS = {"insert": _("added"), "update": _("changed")}


def my_people(user: User, *, everyone: bool = False) -> QuerySet[Person]:
    """The signed-in person's caseload (open records first); ``everyone`` widens it to all they may see."""
    people = access.visible_people(user) if everyone else access.caseload(user)
    return people.only("id", "alias", "case_number", "status", "closure_requested_at", "updated_at").order_by(
        "status", "alias"
    )


def status_labels() -> dict[str, str]:
    """Each status's label in the active language, computed once for a whole list."""
    return {value: str(label) for value, label in Status.choices}


@dataclass
class FinderResult:
    people: list[Person] = field(default_factory=list)
    # Exact matches the user could ask emergency access to (case number only is shown).
    outside_caseload: list[Person] = field(default_factory=list)
    searched: bool = False


def find_people(
    user: User, *, query: str = "", legal_name: str = "", date_of_birth: datetime.date | None = None
) -> FinderResult:
    """Partial alias or case number, or exact legal name + date of birth through the blind index.

    The blind index is keyed per agency, so an exact search computes one index for each agency
    where the user holds a clinical role and matches each agency's records against its own.
    """
    query = query.strip()
    result = FinderResult()
    visible = access.visible_people(user).only("id", "alias", "case_number", "status")
    indexes = {} if query else _name_dob_indexes(user, legal_name, date_of_birth)
    if query:
        result.searched = True
        matches = visible.filter(Q(alias__icontains=query) | Q(case_number__icontains=query))
        result.people = list(matches.order_by("alias")[:FINDER_LIMIT])
        result.outside_caseload = list(
            access.breakable_matches(user, case_number=query).only("id", "case_number", "agency_id")
        )
        access.exact_match_shown(user, result.outside_caseload, purpose="search")
    elif indexes:
        result.searched = True
        result.people = list(
            visible.only("id", "alias", "case_number", "status", "agency_id")
            .filter(access.name_dob_match(indexes))
            .order_by("alias")[:FINDER_LIMIT]
        )
        result.outside_caseload = list(
            access.breakable_matches(user, name_dob_indexes=indexes).only("id", "case_number", "agency_id")
        )
        # A name + birth-date match confirms who the person is, even inside one's own caseload.
        access.exact_match_shown(user, [*result.people, *result.outside_caseload], purpose="search")
    return result


def _name_dob_indexes(user: User, legal_name: str, date_of_birth: datetime.date | None) -> dict[Any, str]:
    """{agency id: that agency's index} for the agencies where the user works clinically; {} without both answers."""
    if not legal_name.strip() or date_of_birth is None:
        return {}
    agency_ids = access.clinical_agency_ids(user).values_list("agency_id", flat=True)
    return {agency_id: name_dob_index(legal_name, date_of_birth, agency_id=agency_id) for agency_id in agency_ids}


@dataclass
class Overview:
    person: Person
    care_team: list[CareTeamMember]
    releases: list[Release]
    safe_contacts: list[SafeContact]
    grants: list[BreakGlassGrant]
    viewers: list[tuple[Event, str | None, str]]
    can_supervise: bool
    # ``access.may_change_consent`` for the viewer: the page offers consent links only when it holds.
    may_change_consent: bool
    today: datetime.date
    failed_messages: list[OutboundMessage] = field(default_factory=list)


def _viewers(person: Person, limit: int = 25) -> list[tuple[Event, str | None, str]]:
    # Events keep only the actor's id; the name comes in the same query (a user may since be gone).
    viewer_name = User.objects.filter(pk=OuterRef("actor_id")).values(
        name=Coalesce(NullIf("display_name", Value("")), "email", output_field=CharField())
    )[:1]
    events = list(
        Event.objects.filter(target_type="people.person", target_id=str(person.pk), action__in=VIEWER_ACTIONS)
        .annotate(viewer_name=Subquery(viewer_name))
        .order_by("-sequence")[:limit]
    )
    return [
        (e, e.viewer_name, str(PURPOSE_LABELS.get(e.purpose, e.purpose)))  # type: ignore[attr-defined]
        for e in events
    ]


def person_overview(person: Person, user: User, *, supervises: bool) -> Overview:
    """Everything the overview page shows, in a fixed number of queries.

    ``supervises`` is the gate's answer for this viewer (``access.Gated.supervises``).
    """
    today = access.agency_today(person.agency)
    supervising = supervises
    team = list(CareTeamMember.objects.filter(person=person).select_related("user").order_by("-since"))
    now = timezone.now()
    grants = list(
        BreakGlassGrant.objects.filter(person=person, ended_at__isnull=True, expires_at__gt=now).select_related("user")
    )
    return Overview(
        person=person,
        care_team=team,
        releases=list(Release.objects.filter(person=person).select_related("recipient_agency", "witness")),
        safe_contacts=list(SafeContact.objects.filter(person=person)),
        grants=grants,
        viewers=_viewers(person) if supervising else [],
        can_supervise=supervising,
        may_change_consent=access.may_change_consent(user, person, supervises=supervising, team=team),
        today=today,
        failed_messages=list(
            OutboundMessage.objects.filter(person=person, status=MessageStatus.FAILED).only(
                "id", "channel", "sent_at", "status"
            )[:10]
        ),
    )


def assignable_staff(person: Person) -> QuerySet[User]:
    """Staff of the person's agency who may join a care team."""
    return User.objects.filter(
        is_active=True,
        memberships__agency_id=person.agency_id,
        memberships__is_active=True,
        memberships__role__in=CLINICAL_ROLES,
    ).distinct()


def witnesses(agency_id: Any) -> QuerySet[User]:
    return User.objects.filter(is_active=True, memberships__agency_id=agency_id, memberships__is_active=True).distinct()


def break_glass_events(user: User, *, days: int = ACCESS_LOG_DAYS) -> list[BreakGlassGrant]:
    """Emergency-access grants in the agencies the user supervises, newest first."""
    since = timezone.now() - datetime.timedelta(days=days)
    agencies = list(access.supervised_agency_ids(user).values_list("agency_id", flat=True))
    return list(
        BreakGlassGrant.objects.filter(person__agency_id__in=agencies, starts_at__gte=since)
        .select_related("person", "user", "ended_by")
        .order_by("-starts_at")[:LOG_LIMIT]
    )


def exact_match_events(user: User, *, days: int = ACCESS_LOG_DAYS) -> list[tuple[Event, User | None, str, str]]:
    """Exact matches shown in the agencies the user supervises: (event, who, case number, purpose label)."""
    since = timezone.now() - datetime.timedelta(days=days)
    # The agencies as values, not a sub-select, so PostgreSQL can walk the (agency, action, sequence) index.
    agencies = list(access.supervised_agency_ids(user).values_list("agency_id", flat=True))
    events = list(
        Event.objects.filter(
            action="person.exact_match_shown", agency_id__in=agencies, occurred_at__gte=since
        ).order_by("-sequence")[:LOG_LIMIT]
    )
    users = User.objects.in_bulk({e.actor_id for e in events if e.actor_id})
    numbers = dict(
        Person.objects.filter(pk__in={e.target_id for e in events}, agency_id__in=agencies).values_list(
            "pk", "case_number"
        )
    )
    return [
        (
            e,
            users.get(e.actor_id),  # type: ignore[arg-type]
            numbers.get(uuid_or_none(e.target_id), "—"),
            str(PURPOSE_LABELS.get(e.purpose, e.purpose)),
        )
        for e in events
    ]


def uuid_or_none(value: Any) -> Any:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


@dataclass
class HistoryEntry:
    at: datetime.datetime
    kind: str
    label: str
    object_id: Any
    changes: list[tuple[str, Any, Any]]
    # The safe contact whose masked value this entry mentions: the page offers the overview's reveal for it.
    reveal_contact_id: Any = None


HIDDEN_HISTORY_FIELDS = {
    "pgh_id",
    "pgh_created_at",
    "pgh_label",
    "pgh_obj",
    "pgh_context",
    "id",
    "updated_at",
    "created_at",
    "name_dob_index",
    "person",
    "agency",
    "created_by",
    "closure_requested_by",
    "ended_by",
    "sent_by",
    "safe_contact",
}
USER_FIELDS = {"user", "witness"}
# Shown masked, as on the overview: a contact's value and code word only through its audited reveal,
# a message's text not at all (the overview never shows it either).
MASKED_HISTORY_FIELDS = {"safe_contact": {"value", "code_word"}, "message": {"body"}}
MASK = "•••"


def _display(field: Any, value: Any, users: dict[Any, User], masked: bool = False) -> Any:
    """A history value as a reader would want it: labels for choices, names for people, masks for secrets."""
    if value in ("", None, []):
        return value
    if masked:
        return MASK
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if field.name in USER_FIELDS:
        return str(users.get(value, "—"))
    base = getattr(field, "base_field", None)
    if base is not None and base.choices:
        labels = dict(base.flatchoices)
        return ", ".join(str(labels.get(v, v)) for v in value)
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if getattr(field, "related_model", None) is not None:
        return "…"
    return value


def _history_model(model: type[Model]) -> Any:
    # pghistory adds ``pgh_event_model`` to tracked models at class creation; the stubs cannot see it.
    return model.pgh_event_model  # type: ignore[attr-defined]


def history_sources() -> list[tuple[str, Any, str]]:
    """(kind, history model, the column naming the person) for a person and everything hanging off them."""
    return [
        ("person", _history_model(Person), "pgh_obj_id"),
        ("care_team", _history_model(CareTeamMember), "person_id"),
        ("release", _history_model(Release), "person_id"),
        ("safe_contact", _history_model(SafeContact), "person_id"),
        ("break_glass", _history_model(BreakGlassGrant), "person_id"),
        ("message", _history_model(OutboundMessage), "person_id"),
        *REGISTERED_HISTORY,
    ]


# History of rows other apps hang off a person (casework's encounters, goals, tasks...): (kind, model, column).
# Registered at start-up, so the supervisor's history page shows them and a purge deletes them.
REGISTERED_HISTORY: list[tuple[str, Any, str]] = []


def register_history_source(kind: str, tracked_model: type[Model], label: Any, *, column: str = "person_id") -> None:
    if kind in HISTORY_KINDS:
        raise ValueError(f"A history kind {kind!r} is registered already.")
    HISTORY_KINDS[kind] = label
    REGISTERED_HISTORY.append((kind, _history_model(tracked_model), column))


def person_history(person: Person) -> list[HistoryEntry]:
    """Every recorded version of the person and what hangs off them, as field-by-field changes."""
    rows: list[tuple[str, Any, list[Any]]] = []
    user_ids: set[Any] = set()
    for kind, model, column in history_sources():
        fields = [f for f in model._meta.concrete_fields if f.name not in HIDDEN_HISTORY_FIELDS]
        events = list(model.objects.filter(**{column: person.pk}).order_by("pgh_id"))
        for event in events:
            user_ids.update(getattr(event, f.attname) for f in fields if f.name in USER_FIELDS)
        rows.append((kind, fields, events))
    users = User.objects.in_bulk({u for u in user_ids if u})
    entries: list[HistoryEntry] = []
    for kind, fields, events in rows:
        secret = MASKED_HISTORY_FIELDS.get(kind, set())
        previous: dict[Any, dict[str, Any]] = {}
        for event in events:
            values = {f.name: getattr(event, f.attname) for f in fields}
            before = previous.get(event.pgh_obj_id, {})
            changed = [
                f
                for f in fields
                if before.get(f.name) != values[f.name] and (before or values[f.name] not in ("", None, []))
            ]
            changes = [
                (
                    str(f.verbose_name),
                    _display(f, before.get(f.name), users, masked=f.name in secret),
                    _display(f, values[f.name], users, masked=f.name in secret),
                )
                for f in changed
            ]
            previous[event.pgh_obj_id] = values
            reveal = kind == "safe_contact" and any(f.name in secret and values[f.name] for f in changed)
            entries.append(
                HistoryEntry(
                    event.pgh_created_at,
                    str(HISTORY_KINDS[kind]),
                    str(HISTORY_LABELS.get(event.pgh_label, event.pgh_label)),
                    event.pgh_obj_id,
                    changes,
                    reveal_contact_id=event.pgh_obj_id if reveal else None,
                )
            )
    # Newest first; rows written in one transaction share a time, so keep their writing order reversed too.
    order = {id(e): i for i, e in enumerate(entries)}
    entries.sort(key=lambda e: (e.at, order[id(e)]), reverse=True)
    return entries


def people_without_care_team(user: User, *, limit: int = 200) -> QuerySet[Person]:
    """Open records in the agencies the user supervises with nobody on their care team today.

    A supervisor's queue: someone who left may have been the only worker a person had.
    """
    today = access.local_today_sql("person__agency__time_zone")
    current = CareTeamMember.objects.filter(person=OuterRef("pk"), since__lte=today).filter(
        Q(until__isnull=True) | Q(until__gte=today)
    )
    return (
        access.supervised_people(user)
        # Named statuses, not "not closed", so the (agency, status) index finds the open records.
        .filter(status__in=[status for status in Status if status != Status.CLOSED])
        .exclude(Exists(current))
        .only("id", "alias", "case_number", "status")
        .order_by("alias")[:limit]
    )


def possible_duplicate(
    *, actor: User | None = None, agency: Agency, legal_name: str, date_of_birth: datetime.date | None
) -> bool:
    """True when another record in the agency has the same normalised legal name and date of birth.

    Says nothing about which record: the caller may not be allowed to see it. The warning still
    confirms that the agency knows someone, so each match shown is audited (ids only).
    """
    index = name_dob_index(legal_name, date_of_birth, agency_id=agency.pk)
    if not index:
        return False
    matches = list(Person.objects.filter(agency=agency, name_dob_index=index).only("id", "agency_id"))
    if matches and actor is not None:
        access.exact_match_shown(actor, matches, purpose="duplicate_check")
    return bool(matches)


def people_due_for_purge(now: datetime.datetime | None = None) -> list[Person]:
    """Closed records past their agency's retention, found in one query: nothing is loaded or decrypted.

    The deadline is ``closed_at`` plus the agency's ``retention_years``, added by PostgreSQL
    in the connection's time zone (UTC, as before: to the hour, and 29 February + 1 year is
    28 February). Only the id and agency are loaded, which is all ``person_purge`` needs.
    """
    now = now or timezone.now()
    retention = Func(
        F("agency__retention_years"),
        function="make_interval",
        template="%(function)s(years => %(expressions)s)",
        output_field=DurationField(),
    )
    deadline = ExpressionWrapper(F("closed_at") + retention, output_field=DateTimeField())
    return list(
        Person.objects.filter(status=Status.CLOSED, closed_at__isnull=False)
        .alias(purge_at=deadline)
        .filter(purge_at__lte=now)
        .only("pk", "agency_id")
        .order_by("closed_at", "pk")
    )
