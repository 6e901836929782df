"""Caseload flags: one registry, so later tools add theirs without changing the caseload or the team view.

A flag is a key, a label, and a boolean SQL expression over a ``Person`` queryset from the gate
(correlated sub-selects built with ``access.rows_per_person``). ``annotate`` adds every registered
flag to the same query, so the page's query count does not grow with flags, people or rows.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Exists, Q, QuerySet
from django.db.models.expressions import Combinable
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from waypoint.casework.models import Encounter, Task
from waypoint.people import access
from waypoint.people.models import Person, Status


@dataclass(frozen=True)
class Flag:
    key: str
    label: Promise
    # (today in the viewer's agency, now) -> a boolean expression about the outer person
    condition: Callable[[datetime.date, datetime.datetime], Combinable | Q]


REGISTRY: dict[str, Flag] = {}


def register(flag: Flag) -> Flag:
    if flag.key in REGISTRY:
        raise ValueError(f"A caseload flag {flag.key!r} is registered already.")
    REGISTRY[flag.key] = flag
    return flag


def annotation_name(key: str) -> str:
    return f"flag_{key}"


def annotate(people: QuerySet[Person], today: datetime.date, now: datetime.datetime | None = None) -> QuerySet[Person]:
    now = now or timezone.now()
    return people.annotate(**{annotation_name(f.key): f.condition(today, now) for f in REGISTRY.values()})


def filter_by(people: QuerySet[Person], key: str) -> QuerySet[Person]:
    """Only the people with this flag (after ``annotate``); an unknown key changes nothing."""
    return people.filter(**{annotation_name(key): True}) if key in REGISTRY else people


def raised_keys(person: Any) -> list[str]:
    """The keys of the flags raised on one annotated person, in registry order."""
    return [key for key in REGISTRY if getattr(person, annotation_name(key), False)]


def _no_recent_contact(today: datetime.date, now: datetime.datetime) -> Q:
    since = now - datetime.timedelta(days=settings.WAYPOINT_NO_CONTACT_DAYS)
    recent = access.rows_per_person(Encounter).filter(occurred_at__gte=since)
    # A record opened this month has had no time to be "not contacted".
    return Q(created_at__lt=since) & ~Exists(recent) & ~Q(status=Status.CLOSED)


def _overdue_follow_up(today: datetime.date, now: datetime.datetime) -> Exists:
    return Exists(access.rows_per_person(Task).filter(done_at__isnull=True, due_on__lt=today))


def _closure_requested(today: datetime.date, now: datetime.datetime) -> Q:
    return Q(closure_requested_at__isnull=False) & ~Q(status=Status.CLOSED)


NO_RECENT_CONTACT = register(
    Flag(
        "no_contact",
        format_lazy(_("No contact in {days} days"), days=settings.WAYPOINT_NO_CONTACT_DAYS),
        _no_recent_contact,
    )
)
OVERDUE_FOLLOW_UP = register(Flag("overdue", _("Follow-up overdue"), _overdue_follow_up))
CLOSURE_REQUESTED = register(Flag("closure", _("Closure requested"), _closure_requested))
