"""Caseload flags from housing: a stay near its program's target length, a bed hold about to end."""

from __future__ import annotations

import datetime

import time_machine
from django.urls import reverse
from django.utils import timezone

from waypoint.casework import flags
from waypoint.housing import services
from waypoint.housing.tests.factories import beds_of
from waypoint.people import access
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person

DAYS = datetime.timedelta(days=1)


def _flagged(user, key):
    today = agency_today(user.memberships.get().agency)
    people = flags.annotate(access.caseload(user), today)
    return {p.alias for p in people if getattr(p, flags.annotation_name(key))}


def test_a_stay_a_week_from_its_target_length_is_flagged_on_the_caseload(world, clients, program):
    hana = world.user("hana")
    harbour = world.agencies["harbour"]
    today = agency_today(harbour)
    near = make_person(harbour, alias="Near", team=[hana])
    early = make_person(harbour, alias="Early", team=[hana])
    first, second = beds_of(program)
    services.stay_admit(actor=hana, person=near, bed=first, on=today - 23 * DAYS)  # day 24 of 30
    services.stay_admit(actor=hana, person=early, bed=second, on=today - 22 * DAYS)  # day 23: a day short
    assert _flagged(hana, "stay_near_target") == {"Near"}
    body = clients("hana").get(reverse("people:my_people") + "?flag=stay_near_target").content.decode()
    assert "Near" in body and "Early" not in body


def test_a_hold_with_less_than_four_hours_left_is_flagged(world, program):
    hana = world.user("hana")
    person = make_person(world.agencies["harbour"], alias="Incoming", team=[hana])
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        services.hold_place(actor=hana, bed=beds_of(program)[0], person=person)
        assert _flagged(hana, "hold_ending") == set()
    with time_machine.travel(start + datetime.timedelta(hours=20, minutes=1), tick=False):
        assert _flagged(hana, "hold_ending") == {"Incoming"}
    with time_machine.travel(start + datetime.timedelta(hours=24), tick=False):
        assert _flagged(hana, "hold_ending") == set()  # it ended: the bed is free again
