"""Purging records past their agency's retention: the person and every row about them, history included."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.people import selectors
from waypoint.people.models import Person


@dataclass(frozen=True)
class PurgeResult:
    people: int
    rows: int


def person_purge(*, person: Person, actor: User | None = None, reason: str = "retention") -> int:
    """Delete the person and every row about them, history included. The audit log keeps only ids."""
    with transaction.atomic():
        person_id, agency_id = person.pk, person.agency_id
        # Rows the database keeps unchangeable (safety plan versions) may go for this one person, in this
        # transaction only: their trigger reads this setting.
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('waypoint.purging_person', %s, true)", [str(person_id)])
        rows = 0
        for _kind, event_model, column in selectors.history_sources():
            rows += event_model.objects.filter(**{column: person_id}).delete()[0]
        rows += Person.objects.filter(pk=person_id).delete()[0]
        # Deleting children fires no history trigger (insert and update only), but be sure nothing was added.
        for _kind, event_model, column in selectors.history_sources():
            rows += event_model.objects.filter(**{column: person_id}).delete()[0]
        audit.record(
            action="person.purged",
            actor=actor,
            agency=agency_id,
            target_type="people.person",
            target_id=person_id,
            detail={"reason": reason, "rows": rows},
        )
    return rows


def purge_due(*, now: datetime.datetime | None = None, dry_run: bool = False) -> PurgeResult:
    """Purge every closed record past its agency's retention period."""
    due = selectors.people_due_for_purge(now)
    rows = 0
    if not dry_run:
        for person in due:
            rows += person_purge(person=person)
    return PurgeResult(people=len(due), rows=rows)
