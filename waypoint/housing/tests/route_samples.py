"""Sample URL kwargs for every housing route, for the core route-matrix test: Harbour's crisis beds staffed by
hana, one resident on hana's and alice's care team, one person waiting."""

from __future__ import annotations

from waypoint.housing import services
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import World


def samples(world: World) -> dict[str, dict]:
    harbour, hana = world.agencies["harbour"], world.user("hana")
    program = make_program(harbour, staff=(hana,))
    resident = make_person(harbour, alias="Housing sample", team=[world.user("alice"), hana])
    waiting = make_person(harbour, alias="Waiting sample", team=[hana])
    bed = beds_of(program)[0]
    services.stay_admit(actor=hana, person=resident, bed=bed, on=agency_today(harbour))
    entry = services.waitlist_add(actor=hana, program=program, person=waiting)
    p = {"program_id": program.pk}
    return {
        "housing:board": p,
        "housing:bed": p | {"bed_id": bed.pk},
        "housing:waitlist": p,
        "housing:waitlist_entry": p | {"entry_id": entry.pk},
        "housing:review": p,
        "housing:person": {"person_id": resident.pk},
        "housing:inventory_program": p,
    }
