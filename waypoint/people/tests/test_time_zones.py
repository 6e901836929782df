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


# 10 March 2026 02:00 UTC: the server (in UTC) already says 10 March; in Toronto it is still 9 March, 22:00.
EVENING_IN_TORONTO = datetime.datetime(2026, 3, 10, 2, 0, tzinfo=datetime.UTC)


def test_form_default_dates_are_the_agency_s_date_not_the_server_s(world, clients, settings):
    from django.urls import reverse

    from waypoint.people.tests.helpers import stepped_up

    settings.TIME_ZONE = "UTC"
    with time_machine.travel(EVENING_IN_TORONTO, tick=False):
        person = make_person(world.agencies["harbour"], alias="Linden")
        CareTeamMember.objects.create(person=person, user=world.user("alice"), since=datetime.date(2026, 3, 1))
        assert datetime.date.today() == datetime.date(2026, 3, 10)  # the server's own date
        assert access.agency_today(person.agency) == datetime.date(2026, 3, 9)
        alice = stepped_up(clients("alice"), world.user("alice"))
        pages = {
            "verified_on": alice.get(reverse("people:contact_create", args=[person.pk])),
            "given_on": alice.get(reverse("people:release_create", args=[person.pk])),
            "since": clients("sam").get(reverse("people:care_team", args=[person.pk])),
        }
    for name, response in pages.items():
        body = response.content.decode()
        assert response.status_code == 200, name
        assert f'name="{name}" value="2026-03-09"' in body, name
