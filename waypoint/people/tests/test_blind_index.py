"""The name + date-of-birth blind index is keyed per agency: a database dump cannot link one person across agencies."""

from __future__ import annotations

import datetime
import importlib

from django.apps import apps
from django.db import connection
from django.urls import reverse

from waypoint.accounts.models import Membership
from waypoint.accounts.roles import Role
from waypoint.people import selectors
from waypoint.people.models import Person
from waypoint.people.services import lifecycle

DETAILS = {"legal_name": "Émilie Tremblay-Fictive", "date_of_birth": datetime.date(1999, 4, 5)}


def stored_indexes(table: str, column: str, ids: list) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}, name_dob_index FROM {table} WHERE {column} = ANY(%s)", [ids])  # noqa: S608
        return dict(cursor.fetchall())


def test_the_same_name_and_birth_date_in_two_agencies_gets_two_different_indexes(world):
    here = lifecycle.person_create(
        actor=world.user("alice"), agency=world.agencies["harbour"], alias="A", details=DETAILS
    )
    there = lifecycle.person_create(
        actor=world.user("oscar"), agency=world.agencies["elsewhere"], alias="B", details=DETAILS
    )
    assert here.name_dob_index and there.name_dob_index
    assert here.name_dob_index != there.name_dob_index
    # The history snapshots carry the agency's own index too.
    events = stored_indexes("people_personevent", "pgh_obj_id", [here.pk, there.pk])
    assert events[here.pk] == here.name_dob_index and events[there.pk] == there.name_dob_index


def test_the_duplicate_check_still_matches_within_the_agency_only(world):
    lifecycle.person_create(actor=world.user("oscar"), agency=world.agencies["elsewhere"], alias="B", details=DETAILS)
    harbour = world.agencies["harbour"]
    assert not selectors.possible_duplicate(agency=harbour, **DETAILS)
    lifecycle.person_create(actor=world.user("bob"), agency=harbour, alias="A", details=DETAILS)
    assert selectors.possible_duplicate(
        agency=harbour, legal_name="emilie  tremblay-fictive", date_of_birth=DETAILS["date_of_birth"]
    )


def test_the_exact_finder_matches_in_each_agency_where_the_user_works(world, clients):
    alice = world.user("alice")
    Membership.objects.create(user=alice, agency=world.agencies["elsewhere"], role=Role.ADVOCATE)
    lifecycle.person_create(actor=alice, agency=world.agencies["harbour"], alias="Cedar", details=DETAILS)
    lifecycle.person_create(actor=alice, agency=world.agencies["elsewhere"], alias="Willow", details=DETAILS)
    body = (
        clients("alice")
        .post(reverse("people:find"), {"legal_name": "emilie tremblay-fictive", "date_of_birth": "1999-04-05"})
        .content.decode()
    )
    assert "Cedar" in body and "Willow" in body


def test_the_migration_recomputes_old_indexes_per_agency_without_new_history(world):
    from waypoint.core.crypto import normalise

    here = lifecycle.person_create(
        actor=world.user("alice"), agency=world.agencies["harbour"], alias="A", details=DETAILS
    )
    there = lifecycle.person_create(
        actor=world.user("oscar"), agency=world.agencies["elsewhere"], alias="B", details=DETAILS
    )
    plain = lifecycle.person_create(actor=world.user("alice"), agency=world.agencies["harbour"], alias="C")
    # What the old, agency-blind index looked like: the same value in every agency.
    import base64
    import hashlib
    import hmac

    from django.conf import settings

    key = base64.urlsafe_b64decode(settings.WAYPOINT_INDEX_KEY.encode())
    message = "\x1f".join(["person.name_dob", normalise(DETAILS["legal_name"]), "1999-04-05"]).encode()
    legacy = hmac.new(key, message, hashlib.sha256).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE people_person SET name_dob_index = %s WHERE id = ANY(%s)", [legacy, [here.pk, there.pk]])
        cursor.execute(
            "UPDATE people_personevent SET name_dob_index = %s WHERE pgh_obj_id = ANY(%s)",
            [legacy, [here.pk, there.pk]],
        )
    events_before = Person.pgh_event_model.objects.count()  # type: ignore[attr-defined]

    migration = importlib.import_module("waypoint.people.migrations.0004_name_dob_index_per_agency")
    migration.recompute_indexes(apps, None)

    people = stored_indexes("people_person", "id", [here.pk, there.pk, plain.pk])
    assert people[here.pk] == here.name_dob_index and people[there.pk] == there.name_dob_index
    assert people[here.pk] != people[there.pk] and people[plain.pk] == ""
    events = stored_indexes("people_personevent", "pgh_obj_id", [here.pk, there.pk])
    assert legacy not in events.values()
    assert Person.pgh_event_model.objects.count() == events_before  # type: ignore[attr-defined]
