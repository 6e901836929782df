"""The retention purge takes a person's housing rows with them: episodes, stays, holds, waitlist entries and
the bed uses of their stays and holds. The beds, and everyone else's stays, stay."""

from __future__ import annotations

import datetime

from waypoint.audit.models import Event
from waypoint.housing import services
from waypoint.housing.choices import ProgramKind
from waypoint.housing.models import Bed, BedUse
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.people.services import retention
from waypoint.people.tests.factories import make_person
from waypoint.people.tests.test_purge import rows_mentioning

DAYS = datetime.timedelta(days=1)
AUDIT_TABLE = Event._meta.db_table


def test_the_purge_removes_the_persons_episodes_stays_holds_and_their_bed_uses(world, program, person):
    hana, harbour = world.user("hana"), world.agencies["harbour"]
    home = make_program(harbour, name="Maple House", kind=ProgramKind.TRANSITIONAL, staff=(hana,))
    today = agency_today(harbour)
    crisis_bed, spare_bed = beds_of(program)
    hold = services.hold_place(actor=hana, bed=crisis_bed, person=person)
    first = services.stay_admit(actor=hana, person=person, bed=crisis_bed, on=today - 40 * DAYS, hold=hold)
    second = services.stay_move(actor=hana, stay=first, bed=beds_of(home)[0], on=today - 30 * DAYS)
    services.stay_discharge(actor=hana, stay=second, on=today - 20 * DAYS, reason="planned", destination="rental")
    services.hold_release(actor=hana, hold=services.hold_place(actor=hana, bed=spare_bed, person=person))
    person.housing_waitlist_entries.create(agency=harbour, program=home, added_on=today - 50 * DAYS)
    survivor = make_person(harbour, alias="Stays")
    theirs = services.stay_admit(actor=hana, person=survivor, bed=crisis_bed, on=today)

    ids = {str(person.pk)}
    for model_rows in (
        person.housing_episodes.all(),
        person.housing_stays.all(),
        person.housing_holds.all(),
        person.housing_waitlist_entries.all(),
    ):
        ids.update(str(pk) for pk in model_rows.values_list("pk", flat=True))
    use_ids = {str(s.use_id) for s in person.housing_stays.all()} | {str(h.use_id) for h in person.housing_holds.all()}
    assert len(ids) == 1 + 1 + 2 + 2 + 1 and len(use_ids) == 4
    found = {table for table, _row in rows_mentioning(ids | use_ids, skip={AUDIT_TABLE})}
    assert found >= {"housing_episode", "housing_stay", "housing_hold", "housing_waitlistentry", "housing_beduse"}

    retention.person_purge(person=person)

    assert rows_mentioning(ids | use_ids, skip={AUDIT_TABLE}) == []
    assert set(BedUse.objects.values_list("pk", flat=True)) == {theirs.use_id}
    assert survivor.housing_stays.get() == theirs
    assert Bed.objects.filter(room__site__program__in=[program, home]).count() == 4
