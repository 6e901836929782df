"""Admissions, moves and discharges: one episode across moves, a new one after a discharge, who may act."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from waypoint.audit.models import Event
from waypoint.housing import selectors, services
from waypoint.housing.choices import Destination, ExitReason, ProgramKind, ReferralSource
from waypoint.housing.models import BedUse
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import Status, agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

DAYS = datetime.timedelta(days=1)


def _today(person) -> datetime.date:
    return agency_today(person.agency)


def test_an_admission_opens_an_episode_and_a_stay_with_its_use(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    on = _today(person) - 3 * DAYS
    stay = services.stay_admit(
        actor=hana, person=person, bed=bed, on=on, referral_source=ReferralSource.POLICE, prior_situation="street"
    )
    episode = stay.episode
    assert (episode.program, episode.started_on, episode.ended_on, episode.worker) == (program, on, None, hana)
    assert episode.referral_source == "police" and episode.prior_situation == "street"
    assert (stay.bed, stay.started_on, stay.ended_on, stay.use.kind) == (bed, on, None, "stay")
    assert stay.use.during.upper is None
    assert stay.use.during.lower == services.boundary(person.agency, on)  # noon of that day, where the agency is
    event = Event.objects.get(action="housing.admitted")
    assert event.detail == {
        "person": str(person.pk),
        "episode": str(episode.pk),
        "bed": str(bed.pk),
        "continued": False,
        "hold": "",
    }


def test_a_move_keeps_one_episode_even_into_another_program(world, program, person):
    hana, sam = world.user("hana"), world.user("sam")
    home = make_program(person.agency, name="Maple House", kind=ProgramKind.TRANSITIONAL, beds=6, staff=(hana,))
    crisis_bed, home_bed = beds_of(program)[0], beds_of(home)[2]
    first = services.stay_admit(actor=hana, person=person, bed=crisis_bed, on=_today(person) - 10 * DAYS)
    moved_on = _today(person) - 2 * DAYS
    second = services.stay_move(actor=hana, stay=first, bed=home_bed, on=moved_on)
    first.refresh_from_db()
    assert first.ended_on == moved_on and second.started_on == moved_on and second.ended_on is None
    assert second.episode_id == first.episode_id and second.program == home
    assert person.housing_episodes.count() == 1
    assert person.housing_episodes.get().program == program  # the program at entry
    # The two uses meet at one instant: the old bed is free from the moment the new one is taken.
    assert first.use.during.upper == second.use.during.lower
    assert [s.pk for s in selectors.stays_of(person)] == [second.pk, first.pk]
    board = selectors.board(viewer=sam, program=program)
    assert board[0].rooms[0].beds[0].state == selectors.VACANT
    assert Event.objects.get(action="housing.moved").detail["episode"] == str(first.episode_id)
    with pytest.raises(ValidationError, match="This stay has ended already"):
        services.stay_move(actor=hana, stay=first, bed=beds_of(program)[1], on=_today(person))


def test_a_discharge_ends_the_episode_and_leaves_the_record_open_and_a_readmission_is_a_new_episode(
    world, program, person
):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    stay = services.stay_admit(actor=hana, person=person, bed=bed, on=_today(person) - 20 * DAYS)
    left_on = _today(person) - 5 * DAYS
    episode = services.stay_discharge(
        actor=hana,
        stay=stay,
        on=left_on,
        reason=ExitReason.RETURNED,
        destination=Destination.EXPLOITER,
        aftercare_offered=True,
    )
    stay.refresh_from_db()
    person.refresh_from_db()
    assert (episode.ended_on, episode.exit_reason, episode.destination, episode.aftercare_offered) == (
        left_on,
        "returned",
        "exploiter",
        True,
    )
    assert stay.ended_on == left_on and stay.use.during.upper == services.boundary(person.agency, left_on)
    assert person.status == Status.ACTIVE
    # Audit details name ids only: not the reason nor the destination.
    assert Event.objects.get(action="housing.discharged").detail == {"person": str(person.pk), "stay": str(stay.pk)}

    again = services.stay_admit(actor=hana, person=person, bed=bed, on=_today(person))
    assert again.episode_id != episode.pk
    assert [e.ended_on for e in selectors.episodes_of(person)] == [None, left_on]
    with pytest.raises(ValidationError, match="This stay has ended already"):
        services.stay_discharge(actor=hana, stay=stay, on=_today(person), reason="planned", destination="unknown")


def test_a_person_staying_somewhere_is_moved_not_admitted_twice(world, program, person):
    hana = world.user("hana")
    first, second = beds_of(program)
    services.stay_admit(actor=hana, person=person, bed=first, on=_today(person))
    with pytest.raises(ValidationError, match="move them instead"):
        services.stay_admit(actor=hana, person=person, bed=second, on=_today(person))
    assert person.housing_stays.count() == 1 and BedUse.objects.filter(bed=second).count() == 0


def test_a_back_dated_admission_and_a_discharge_on_the_same_day_do_not_overlap(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    day = _today(person) - 4 * DAYS
    stay = services.stay_admit(actor=hana, person=person, bed=bed, on=day - 6 * DAYS)
    services.stay_discharge(actor=hana, stay=stay, on=day, reason="planned", destination="rental")
    other = make_person(world.agencies["harbour"], alias="Lark")
    next_stay = services.stay_admit(actor=hana, person=other, bed=bed, on=day)
    stay.refresh_from_db()
    assert next_stay.use.during.lower == stay.use.during.upper


@pytest.mark.parametrize("key", ["alice", "bob", "pat", "ines", "cora", "adam", "peter", "oscar", "dora"])
def test_only_the_programs_housing_staff_and_supervisors_act(world, program, person, key):
    bed = beds_of(program)[0]
    with pytest.raises(ValidationError, match="Only this program's housing staff"):
        services.stay_admit(actor=world.user(key), person=person, bed=bed, on=_today(person))
    with pytest.raises(ValidationError, match="Only this program's housing staff"):
        services.hold_place(actor=world.user(key), bed=bed, alias="Incoming")
    assert not person.housing_stays.exists() and not BedUse.objects.exists()


def test_housing_staff_of_another_program_cannot_act_but_a_supervisor_can(world, program, person):
    other, _ = make_user("hugo@test.waypoint.invalid", agency=person.agency, role="housing_staff", mfa=False)
    bed = beds_of(program)[0]
    with pytest.raises(ValidationError, match="Only this program's housing staff"):
        services.stay_admit(actor=other, person=person, bed=bed, on=_today(person))
    stay = services.stay_admit(actor=world.user("sam"), person=person, bed=bed, on=_today(person))
    assert stay.created_by == world.user("sam")


def test_a_bed_out_of_service_cannot_be_taken_and_comes_back(world, program, person):
    hana = world.user("hana")
    bed = beds_of(program)[0]
    today = _today(person)
    outage = services.outage_add(actor=hana, bed=bed, starts_on=today - DAYS, reason="Window repair")
    assert selectors.board(viewer=hana, program=program)[0].rooms[0].beds[0].state == selectors.OUT_OF_SERVICE
    with pytest.raises(ValidationError, match="This bed was just taken"):
        services.stay_admit(actor=hana, person=person, bed=bed, on=today)
    services.outage_end(actor=hana, outage=outage, on=today)
    assert services.stay_admit(actor=hana, person=person, bed=bed, on=today).bed == bed
