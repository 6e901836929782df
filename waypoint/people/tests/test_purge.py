"""Purging a person leaves nothing behind: every table (found by introspection) is searched afterwards."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from waypoint.audit.models import Event
from waypoint.people.models import Person
from waypoint.people.services import care, consent, lifecycle, retention, safe_contact
from waypoint.people.tasks import purge_due_people
from waypoint.people.tests.factories import make_contact, make_grant, make_person, make_release

AUDIT_TABLE = Event._meta.db_table


def all_rows():
    """Every row of every table, as (table, tuple of values rendered as text)."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names come from the catalogue
            for row in cursor.fetchall():
                yield table, tuple("" if v is None else str(v) for v in row)


def rows_mentioning(needles: set[str], *, skip: set[str] = frozenset()):
    return [(t, r) for t, r in all_rows() if t not in skip and any(n in v for v in r for n in needles)]


def full_record(world):
    alice, sam = world.user("alice"), world.user("sam")
    person = lifecycle.person_create(
        actor=alice,
        agency=world.agencies["harbour"],
        alias="Wren",
        details={
            "legal_name": "Ada Fictional-Example",
            "date_of_birth": datetime.date(2001, 2, 3),
            "gender": "woman",
            "immigration_status": "refugee claimant",
            "accessibility_needs": "large print",
            "indigenous_identity": "metis",
        },
    )
    lifecycle.person_update(
        actor=alice, person=person, alias="Wren B", details={"pronouns": "she/her"}, declined=["languages"]
    )
    make_release(person)
    consent.release_revoke(actor=alice, release=make_release(person, recipient_name="Other Org"), reason="changed mind")
    make_contact(person)
    safe_contact.send(person, "text", "See you Tuesday", actor=alice)
    make_grant(person, world.user("bob"))
    care.care_team_add(actor=sam, person=person, user=world.user("hana"), role="housing")
    lifecycle.person_request_closure(actor=sam, person=person, reason="goals_reached")
    return Person.objects.get(pk=person.pk)


def test_purging_a_person_leaves_no_row_and_no_ciphertext_anywhere(world):
    person = full_record(world)
    survivor = make_person(world.agencies["harbour"], alias="Stays", team=[world.user("alice")])
    make_contact(survivor)
    ids = {str(person.pk)}
    not_theirs = {str(p.user.pk) for p in world.personas.values() if p.user} | {
        str(a.pk) for a in world.agencies.values()
    }
    # Ids of everything hanging off the person, and every ciphertext in those rows.
    for _ in range(2):
        found = rows_mentioning(ids, skip={AUDIT_TABLE})
        for table, row in found:
            if table.startswith("people_"):
                ids.update(v for v in row if len(v) == 36 and v.count("-") == 4 and v not in not_theirs)
    found = rows_mentioning(ids, skip={AUDIT_TABLE})
    ciphertexts = {v for _t, row in found for v in row if v.startswith("wp1:")}
    assert len(ciphertexts) >= 8, "the record should hold its encrypted fields before the purge"
    assert {t for t, _r in found} >= {"people_person", "people_personevent", "people_safecontact", "people_release"}

    retention.person_purge(person=person)

    assert rows_mentioning(ids, skip={AUDIT_TABLE}) == []
    assert rows_mentioning(ciphertexts) == [], "no ciphertext of the person may survive, audit log included"
    assert Person.objects.filter(pk=survivor.pk).exists()
    assert survivor.safe_contacts.count() == 1
    # The audit log keeps ids and actions only: no value from the record is in it.
    assert rows_mentioning({"Wren", "Fictional-Example", "See you Tuesday"}) == []


def test_purge_due_takes_only_records_past_their_agencys_retention(world):
    harbour = world.agencies["harbour"]
    harbour.retention_years = 7
    harbour.save(update_fields=["retention_years"])
    with time_machine.travel(datetime.datetime(2018, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        old = make_person(harbour, alias="Old", status="closed")
    with time_machine.travel(datetime.datetime(2022, 1, 10, 12, tzinfo=datetime.UTC), tick=False):
        recent = make_person(harbour, alias="Recent", status="closed")
    open_record = make_person(harbour, alias="Open")
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC), tick=False):
        assert retention.purge_due(dry_run=True).people == 1
        call_command("purge_due")
    assert not Person.objects.filter(pk=old.pk).exists()
    assert Person.objects.filter(pk__in=[recent.pk, open_record.pk]).count() == 2
    assert Event.objects.filter(action="person.purged", target_id=str(old.pk)).count() == 1


@pytest.mark.django_db
def test_the_purge_task_runs_and_reports_counts(world):
    make_person(world.agencies["harbour"], alias="Open")
    assert purge_due_people.call() == {"people": 0, "rows": 0}
