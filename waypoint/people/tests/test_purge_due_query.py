"""purge_due finds the due records in SQL: closed records that are not due are neither loaded nor decrypted."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from waypoint.core.crypto import KeyRing
from waypoint.people import selectors
from waypoint.people.models import Person
from waypoint.people.services import retention
from waypoint.people.tests.factories import make_person

UTC = datetime.UTC


def closed_on(agency, when: datetime.datetime, **extra) -> Person:
    with time_machine.travel(when, tick=False):
        return make_person(agency, status="closed", **extra)


def not_due(agency, count: int) -> None:
    for n in range(count):
        closed_on(agency, datetime.datetime(2024, 5, 1, 12, tzinfo=UTC), alias=f"Kept {n}", legal_name=f"Name {n}")


def test_only_due_records_are_found_and_no_record_is_decrypted(world):
    harbour, other = world.agencies["harbour"], world.agencies["elsewhere"]
    harbour.retention_years = 7
    harbour.save(update_fields=["retention_years"])
    other.retention_years = 2
    other.save(update_fields=["retention_years"])
    due_here = closed_on(harbour, datetime.datetime(2019, 1, 10, 12, tzinfo=UTC), legal_name="Due Here")
    kept_here = closed_on(harbour, datetime.datetime(2020, 1, 10, 12, tzinfo=UTC), legal_name="Kept Here")
    # Two years at the other agency: due, where seven would not be.
    due_there = closed_on(other, datetime.datetime(2024, 1, 10, 12, tzinfo=UTC), legal_name="Due There")
    not_due(harbour, 20)
    original, plaintexts = KeyRing.decrypt, []

    def recording(ring: KeyRing, stored: str, **kwargs) -> str:
        plaintexts.append(original(ring, stored, **kwargs))
        return plaintexts[-1]

    with (
        time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=UTC), tick=False),
        mock.patch.object(KeyRing, "decrypt", recording),
    ):
        assert {p.pk for p in selectors.people_due_for_purge()} == {due_here.pk, due_there.pk}
        assert plaintexts == []  # finding them decrypts nothing
        assert retention.purge_due().people == 2
    # Deleting a record loads it (person_purge, unchanged); no record that stays is ever decrypted.
    assert set(plaintexts) <= {"Due Here", "Due There"}
    assert not Person.objects.filter(pk__in=[due_here.pk, due_there.pk]).exists()
    assert Person.objects.filter(pk=kept_here.pk).exists()


def test_the_deadline_is_to_the_hour_and_29_february_gives_28_february(world):
    harbour = world.agencies["harbour"]
    harbour.retention_years = 1
    harbour.save(update_fields=["retention_years"])
    leap = closed_on(harbour, datetime.datetime(2024, 2, 29, 15, tzinfo=UTC))
    for now, expected in [
        (datetime.datetime(2025, 2, 28, 14, 59, tzinfo=UTC), set()),
        (datetime.datetime(2025, 2, 28, 15, 0, tzinfo=UTC), {leap.pk}),
    ]:
        assert {p.pk for p in selectors.people_due_for_purge(now)} == expected


@pytest.mark.parametrize("kept", [5, 60])
def test_finding_the_due_takes_one_query_however_many_records_are_kept(world, kept):
    harbour = world.agencies["harbour"]
    closed_on(harbour, datetime.datetime(2010, 1, 10, 12, tzinfo=UTC))
    not_due(harbour, kept)
    with CaptureQueriesContext(connection) as queries:
        assert len(selectors.people_due_for_purge(datetime.datetime(2026, 12, 1, tzinfo=UTC))) == 1
    assert len(queries) == 1
