"""The waitlist: waiting, offered a bed (a hold), accepted by admission, declined (a turn-away when for lack of
a bed) or withdrawn."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.housing import selectors, services
from waypoint.housing.choices import WaitStatus
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import agency_today


def test_an_offer_holds_a_bed_and_admitting_from_it_accepts_the_entry(world, program, person):
    hana = world.user("hana")
    entry = services.waitlist_add(actor=hana, program=program, person=person, priority=1)
    bed = beds_of(program)[1]
    hold = services.waitlist_offer(actor=hana, entry=entry, bed=bed)
    entry.refresh_from_db()
    assert (entry.status, hold.offered_from_id, hold.person_id) == (WaitStatus.OFFERED, entry.pk, person.pk)
    assert selectors.board(viewer=hana, program=program)[0].rooms[0].beds[1].state == selectors.HELD
    today = agency_today(person.agency)
    services.stay_admit(actor=hana, person=person, bed=bed, on=today, hold=hold)
    entry.refresh_from_db()
    assert (entry.status, entry.decided_on, entry.declined_for_lack_of_bed) == (WaitStatus.ACCEPTED, today, False)


def test_a_decline_for_lack_of_a_bed_is_a_turn_away_and_lets_the_offered_bed_go(world, program, person):
    hana = world.user("hana")
    entry = services.waitlist_add(actor=hana, program=program, person=person)
    hold = services.waitlist_offer(actor=hana, entry=entry, bed=beds_of(program)[0])
    services.waitlist_close(actor=hana, entry=entry, status=WaitStatus.DECLINED, lack_of_bed=True)
    entry.refresh_from_db()
    hold.refresh_from_db()
    assert (entry.status, entry.declined_for_lack_of_bed) == (WaitStatus.DECLINED, True)
    assert not hold.is_holding(timezone.now())
    assert selectors.board(viewer=hana, program=program)[0].rooms[0].beds[0].state == selectors.VACANT
    assert Event.objects.get(action="housing.waitlist_closed").detail == {"status": "declined", "turn_away": True}


def test_once_per_program_while_waiting_and_closed_entries_cannot_be_offered(world, program, person):
    hana = world.user("hana")
    entry = services.waitlist_add(actor=hana, program=program, person=person)
    with pytest.raises(ValidationError, match="on this program's waitlist already"):
        services.waitlist_add(actor=hana, program=program, person=person)
    services.waitlist_close(actor=hana, entry=entry, status=WaitStatus.WITHDRAWN)
    with pytest.raises(ValidationError, match="still waiting"):
        services.waitlist_offer(actor=hana, entry=entry, bed=beds_of(program)[0])
    with pytest.raises(ValidationError, match="no longer waiting"):
        services.waitlist_close(actor=hana, entry=entry, status=WaitStatus.DECLINED)
    with pytest.raises(ValidationError, match="Only a decline"):
        services.waitlist_close(
            actor=hana,
            entry=services.waitlist_add(actor=hana, program=program, person=person),
            status=WaitStatus.WITHDRAWN,
            lack_of_bed=True,
        )


def test_only_the_programs_staff_and_supervisors_keep_its_waitlist(world, program, person):
    other = make_program(world.agencies["harbour"], name="Transitional home")
    with pytest.raises(ValidationError, match="housing staff"):
        services.waitlist_add(actor=world.user("hana"), program=other, person=person)
    with pytest.raises(ValidationError, match="housing staff"):
        services.waitlist_add(actor=world.user("alice"), program=program, person=person)
    entry = services.waitlist_add(actor=world.user("sam"), program=other, person=person, priority=2)
    with pytest.raises(ValidationError, match="a bed of the program"):
        services.waitlist_offer(actor=world.user("sam"), entry=entry, bed=beds_of(program)[0])
    with pytest.raises(ValidationError, match="from 1"):
        services.waitlist_add(actor=world.user("sam"), program=program, person=person, priority=9)


def test_a_crisis_resident_offered_a_transitional_bed_moves_into_it_in_one_episode(world, program, person):
    import datetime

    hana = world.user("hana")
    home = make_program(world.agencies["harbour"], name="Transitional home", staff=(hana,))
    today = agency_today(person.agency)
    stay = services.stay_admit(
        actor=hana, person=person, bed=beds_of(program)[0], on=today - datetime.timedelta(days=9)
    )
    entry = services.waitlist_add(actor=hana, program=home, person=person)
    target = beds_of(home)[0]
    hold = services.waitlist_offer(actor=hana, entry=entry, bed=target)
    with pytest.raises(ValidationError, match="held or out of service"):
        services.stay_move(actor=hana, stay=stay, bed=target, on=today)  # the hold keeps the bed...
    following = services.stay_move(actor=hana, stay=stay, bed=target, on=today, hold=hold)  # ...for them
    entry.refresh_from_db()
    hold.refresh_from_db()
    assert (following.episode_id, following.program_id) == (stay.episode_id, home.pk)
    assert (entry.status, hold.stay_id) == (WaitStatus.ACCEPTED, following.pk)
    assert not hold.is_holding(timezone.now())
