"""The journey timeline: one registry of sources, so later tools add their events without changing this code.

A source names a kind, a label, ``rows(person)`` (a queryset about one gated person) and
which of its columns give the moment; ``entries(ids)`` fetches the rows of one page for display.
The page is one ``UNION ALL`` of ``(at, kind, id)`` over every source, ordered and cut in SQL,
then each kind on the page is fetched with one query: the count stays constant in the events.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import CharField, DateTimeField, ExpressionWrapper, F, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.casework.models import Encounter, Goal, StageCheckIn, Task
from waypoint.people import access
from waypoint.people.models import Person

PAGE_SIZE = 50


@dataclass(frozen=True)
class Source:
    kind: str
    label: Promise
    # The rows about one person that are events; ``at`` names the moment column.
    rows: Callable[[Person], QuerySet[Any]]
    at: str | Combinable
    template: str
    # Fetch one page's rows of this kind by id (related rows loaded), for display.
    fetch: Callable[[Person, Sequence[Any]], Iterable[Any]]


REGISTRY: dict[str, Source] = {}


def register(source: Source) -> Source:
    if source.kind in REGISTRY:
        raise ValueError(f"A timeline source {source.kind!r} is registered already.")
    REGISTRY[source.kind] = source
    return source


@dataclass(frozen=True)
class Entry:
    at: Any
    kind: str
    source: Source
    item: Any


def _moments(person: Person, kinds: Iterable[str]) -> QuerySet[Any] | None:
    parts = [
        REGISTRY[kind]
        .rows(person)
        .order_by()
        .annotate(
            event_at=_moment(REGISTRY[kind].at),
            event_kind=Value(kind, output_field=CharField()),
            # History rows have integer ids, records UUIDs: one text column lets them share a UNION.
            event_id=Cast("pk", output_field=CharField()),
        )
        .values_list("event_at", "event_kind", "event_id")
        for kind in kinds
    ]
    if not parts:
        return None
    first, *rest = parts
    ordered = ("-event_at", "event_kind", "event_id")
    return first.union(*rest, all=True).order_by(*ordered) if rest else first.order_by(*ordered)


def _moment(at: str | Combinable) -> Combinable:
    return F(at) if isinstance(at, str) else at


def page_for(person: Person, *, kinds: Iterable[str] = (), number: Any = 1) -> tuple[Page[Any], list[Entry]]:
    """One page of the person's timeline, newest first; ``kinds`` narrows it (unknown kinds are ignored)."""
    chosen = [k for k in REGISTRY if not kinds or k in set(kinds)]
    found = _moments(person, chosen)
    moments: QuerySet[Any] | list[Any] = found if found is not None else []  # (``or`` would run the query)
    page: Page[Any] = Paginator(moments, PAGE_SIZE).get_page(number)
    rows = list(page.object_list)
    ids: dict[str, list[Any]] = {}
    for _at, kind, pk in rows:
        ids.setdefault(kind, []).append(pk)
    fetched = {(kind, str(item.pk)): item for kind, pks in ids.items() for item in REGISTRY[kind].fetch(person, pks)}
    entries = [
        Entry(at=at, kind=kind, source=REGISTRY[kind], item=fetched[(kind, pk)])
        for at, kind, pk in rows
        if (kind, pk) in fetched
    ]
    return page, entries


# --- the sources casework brings ------------------------------------------------------------------


def _encounters(person: Person) -> QuerySet[Encounter]:
    return access.rows_of_person(person, Encounter)


def _fetch_encounters(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[Encounter]:
    return _encounters(person).filter(pk__in=ids).select_related("author").prefetch_related("staff_present__user")


def _goal_history(person: Person) -> QuerySet[Any]:
    # Every version of a goal: its creation and each change of words or status.
    return access.history_of_person(person, Goal)


def _fetch_goal_history(person: Person, ids: Sequence[Any]) -> Iterable[Any]:
    # With the goal as it is now: only a supervisor reads earlier words (as on the record's history page), so a
    # detail taken out of a goal is gone for everyone else.
    return _goal_history(person).filter(pk__in=ids).select_related("domain", "pgh_obj")


def _done_tasks(person: Person) -> QuerySet[Task]:
    return access.rows_of_person(person, Task).filter(done_at__isnull=False)


def _fetch_tasks(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[Task]:
    return _done_tasks(person).filter(pk__in=ids).select_related("done_by")


ENCOUNTERS = register(
    Source(
        "encounter", _("Contacts"), _encounters, "occurred_at", "casework/timeline/_encounter.html", _fetch_encounters
    )
)
GOALS = register(
    Source("goal", _("Goals"), _goal_history, "pgh_created_at", "casework/timeline/_goal.html", _fetch_goal_history)
)


def _check_ins(person: Person) -> QuerySet[StageCheckIn]:
    return access.rows_of_person(person, StageCheckIn)


def _fetch_check_ins(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[StageCheckIn]:
    return _check_ins(person).filter(pk__in=ids).select_related("domain", "author")


# A check-in has a day, not a moment: noon UTC keeps it inside that day in every Canadian time zone.
_CHECK_IN_NOON = ExpressionWrapper(F("on") + datetime.timedelta(hours=12), output_field=DateTimeField())

TASKS = register(
    Source("task", _("Follow-ups done"), _done_tasks, "done_at", "casework/timeline/_task.html", _fetch_tasks)
)
STAGES = register(
    Source("stage", _("Stage check-ins"), _check_ins, _CHECK_IN_NOON, "casework/timeline/_stage.html", _fetch_check_ins)
)
