"""The gate's dates are the agency's dates: St. John's is 90 minutes ahead of the Toronto server."""

from __future__ import annotations

import datetime

import time_machine

from waypoint.people import access, selectors
from waypoint.people.models import CareRole, CareTeamMember
from waypoint.people.tests.factories import make_person

# 2 December 03:45 UTC: still 1 December (22:45) in Toronto, already 2 December (00:15) in St. John's.
AFTER_MIDNIGHT_IN_ST_JOHNS = datetime.datetime(2026, 12, 2, 3, 45, tzinfo=datetime.UTC)
BEFORE_MIDNIGHT_IN_ST_JOHNS = datetime.datetime(2026, 12, 2, 2, 15, tzinfo=datetime.UTC)


def st_johns(world):
    agency = world.agencies["harbour"]
    agency.time_zone = "America/St_Johns"
    agency.save(update_fields=["time_zone"])
    return agency


def test_a_care_team_place_starts_and_ends_at_midnight_in_the_agency_s_zone(world, django_assert_num_queries):
    agency = st_johns(world)
    alice, bob = world.user("alice"), world.user("bob")
    starting = make_person(agency, alias="Starting")
    CareTeamMember.objects.create(person=starting, user=alice, role=CareRole.LEAD, since=datetime.date(2026, 12, 2))
    ending = make_person(agency, alias="Ending")
    CareTeamMember.objects.create(
        person=ending, user=bob, role=CareRole.LEAD, since=datetime.date(2026, 11, 1), until=datetime.date(2026, 12, 1)
    )
    with time_machine.travel(BEFORE_MIDNIGHT_IN_ST_JOHNS, tick=False):
        assert not access.visible_people(alice).filter(pk=starting.pk).exists()
        assert access.visible_people(bob).filter(pk=ending.pk).exists()
    with time_machine.travel(AFTER_MIDNIGHT_IN_ST_JOHNS, tick=False):
        with django_assert_num_queries(1):
            assert list(access.visible_people(alice).values_list("alias", flat=True)) == ["Starting"]
        assert not access.visible_people(bob).filter(pk=ending.pk).exists()
        assert [p.alias for p in selectors.my_people(alice)] == ["Starting"]
        assert access.agency_today(agency) == datetime.date(2026, 12, 2)
