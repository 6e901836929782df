"""No double booking, kept by the database: the exclusion constraint on a bed's uses, and two admissions at once."""

from __future__ import annotations

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from waypoint.accounts.models import Agency
from waypoint.audit.models import Event
from waypoint.housing import services
from waypoint.housing.models import BedUse, Stay
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import Person, agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

T0 = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)
HOUR = datetime.timedelta(hours=1)


def _insert_use(bed, lower, upper) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO housing_beduse (id, created_at, updated_at, agency_id, bed_id, during, kind)"
            " VALUES (gen_random_uuid(), now(), now(), %s, %s, tstzrange(%s, %s, '[)'), 'stay')",
            [bed.agency_id, bed.pk, lower, upper],
        )


def test_the_database_refuses_two_overlapping_uses_of_one_bed(program):
    bed, other = beds_of(program)
    _insert_use(bed, T0, T0 + 48 * HOUR)
    with pytest.raises(IntegrityError, match="housing_bed_used_once"), transaction.atomic():
        _insert_use(bed, T0 + 47 * HOUR, None)
    with pytest.raises(IntegrityError, match="housing_bed_used_once"), transaction.atomic():
        _insert_use(bed, T0 - HOUR, T0 + HOUR)
    # Touching ends do not overlap ([a, b) then [b, c)), and another bed is another bed.
    _insert_use(bed, T0 + 48 * HOUR, None)
    _insert_use(other, T0, None)
    assert BedUse.objects.filter(bed=bed).count() == 2


def test_a_second_admission_to_an_occupied_bed_is_told_the_bed_was_taken(world, program, person):
    hana = world.user("hana")
    bed, _other = beds_of(program)
    today = agency_today(person.agency)
    services.stay_admit(actor=hana, person=person, bed=bed, on=today)
    second = make_person(world.agencies["harbour"], alias="Lark")
    with pytest.raises(ValidationError, match="This bed was just taken") as refused:
        services.stay_admit(actor=hana, person=second, bed=bed, on=today)
    assert refused.value.error_list[0].code == "bed_taken"
    assert not second.housing_episodes.exists() and not second.housing_stays.exists()
    assert BedUse.objects.filter(bed=bed).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_admissions_to_one_bed_at_the_same_moment_make_one_stay_and_one_clear_refusal(monkeypatch):
    agency = Agency.objects.create(name="Racing Test Agency")
    hana, _ = make_user("hana@race.waypoint.invalid", agency=agency, role="housing_staff", mfa=False)
    sam, _ = make_user("sam@race.waypoint.invalid", agency=agency, role="supervisor", mfa=False)
    program = make_program(agency, beds=1, staff=(hana,))
    (bed,) = beds_of(program)
    people = {hana.email: make_person(agency, alias="Wren"), sam.email: make_person(agency, alias="Lark")}
    # Both transactions have checked everything before either takes the bed.
    barrier = threading.Barrier(2, timeout=20)
    real = services.boundary

    def after_both_checked(*args, **kwargs):
        barrier.wait()
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "boundary", after_both_checked)
    outcomes: dict[str, object] = {}

    def admit(actor) -> None:
        try:
            outcomes[actor.email] = services.stay_admit(
                actor=actor,
                person=Person.objects.get(pk=people[actor.email].pk),
                bed=beds_of(program)[0],
                on=agency_today(agency),
            )
        except Exception as exc:  # whatever it is, the assertions below say which kind it should be
            outcomes[actor.email] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=admit, args=(user,)) for user in (hana, sam)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == 2
    admitted = [o for o in outcomes.values() if isinstance(o, Stay)]
    refused = [o for o in outcomes.values() if not isinstance(o, Stay)]
    assert len(admitted) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], ValidationError)
    assert "This bed was just taken" in refused[0].messages[0]
    assert BedUse.objects.filter(bed=bed).count() == 1
    assert Stay.objects.filter(bed=bed).count() == 1
    assert Event.objects.filter(action="housing.admitted").count() == 1
