"""Holds: a bed kept for someone on their way stops holding on its own when its time is up."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from waypoint.audit.models import Event
from waypoint.housing import selectors, services
from waypoint.housing.tests.factories import beds_of
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person

T0 = datetime.datetime(2026, 3, 2, 15, tzinfo=datetime.UTC)
HOURS = datetime.timedelta(hours=1)


def _first_bed_state(user, program):
    return selectors.board(viewer=user, program=program)[0].rooms[0].beds[0]


def test_a_hold_blocks_the_bed_until_it_expires_and_then_nothing_has_to_run(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    lark = make_person(world.agencies["harbour"], alias="Lark")
    with time_machine.travel(T0, tick=False):
        hold = services.hold_place(actor=hana, bed=bed, alias="Referral from the hotline")
        state = _first_bed_state(hana, program)
        assert (state.state, state.until) == (selectors.HELD, T0 + 24 * HOURS)
    with time_machine.travel(T0 + 23 * HOURS, tick=False):
        with pytest.raises(ValidationError, match="This bed was just taken"):
            services.stay_admit(actor=hana, person=lark, bed=bed, on=agency_today(lark.agency))
        assert _first_bed_state(hana, program).state == selectors.HELD
    with time_machine.travel(T0 + 24 * HOURS, tick=False):
        hold.refresh_from_db()
        assert not hold.is_holding(T0 + 24 * HOURS)
        assert _first_bed_state(hana, program).state == selectors.VACANT
        with pytest.raises(ValidationError, match="This hold has ended already"):
            services.hold_release(actor=hana, hold=hold)
        stay = services.stay_admit(actor=hana, person=lark, bed=bed, on=agency_today(lark.agency))
        assert _first_bed_state(hana, program).state == selectors.OCCUPIED
    assert stay.use.during.lower == T0 + 24 * HOURS


def test_the_hold_lasts_the_programs_hold_hours(world, program):
    program.hold_hours = 6
    program.save(update_fields=["hold_hours"])
    with time_machine.travel(T0, tick=False):
        hold = services.hold_place(actor=world.user("hana"), bed=beds_of(program)[0], alias="Incoming")
    assert (hold.during.lower, hold.expires_at, hold.use.during.upper) == (T0, T0 + 6 * HOURS, T0 + 6 * HOURS)
    assert Event.objects.get(action="housing.held").detail == {"bed": str(hold.bed_id), "person": "", "hours": 6}


def test_admitting_from_a_hold_consumes_it_and_links_the_person(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    with time_machine.travel(T0, tick=False):
        hold = services.hold_place(actor=hana, bed=bed, alias="Incoming")
    with time_machine.travel(T0 + 3 * HOURS, tick=False):
        stay = services.stay_admit(actor=hana, person=person, bed=bed, on=agency_today(person.agency), hold=hold)
    hold.refresh_from_db()
    assert (hold.stay, hold.person, hold.use.during.upper) == (stay, person, T0 + 3 * HOURS)
    assert stay.use.during.lower == T0 + 3 * HOURS
    with time_machine.travel(T0 + 4 * HOURS, tick=False), pytest.raises(ValidationError, match="has ended"):
        services.hold_release(actor=hana, hold=hold)


def test_a_hold_for_someone_else_cannot_be_used(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    lark = make_person(world.agencies["harbour"], alias="Lark")
    hold = services.hold_place(actor=hana, bed=bed, person=lark)
    with pytest.raises(ValidationError, match="for someone else"):
        services.stay_admit(actor=hana, person=person, bed=bed, on=agency_today(person.agency), hold=hold)
    assert lark.housing_holds.get() == hold


def test_a_released_hold_frees_the_bed_at_once(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    with time_machine.travel(T0, tick=False):
        hold = services.hold_place(actor=hana, bed=bed, person=person)
    with time_machine.travel(T0 + 2 * HOURS, tick=False):
        services.hold_release(actor=hana, hold=hold)
        assert _first_bed_state(hana, program).state == selectors.VACANT
        assert services.hold_place(actor=hana, bed=bed, alias="Next").during.lower == T0 + 2 * HOURS
    hold.refresh_from_db()
    assert hold.released_at == T0 + 2 * HOURS and hold.use.during.upper == T0 + 2 * HOURS
