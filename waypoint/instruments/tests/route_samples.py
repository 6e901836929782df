"""Sample URL kwargs for every parameterised instruments route, for the core route-matrix test.

One record at the home agency on alice's caseload with a readiness ruler she recorded; URICA's
placeholder wording imported by adam (the agency administrator), so both its form and its wording page exist.
"""

from __future__ import annotations

from waypoint.instruments.tests.factories import import_placeholder, record
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import World


def samples(world: World) -> dict[str, dict]:
    alice = world.user("alice")
    harbour = world.agencies["harbour"]
    person = make_person(harbour, alias="Instruments sample", team=[alice])
    import_placeholder(world.user("adam"), harbour, "urica")
    response = record(person, alice, "readiness-ruler", {1: 6, 2: 4})
    p = {"person_id": person.pk}
    return {
        "instruments:questionnaires": p,
        "instruments:take": {**p, "key": "urica"},
        "instruments:response": {**p, "response_id": response.pk},
        "instruments:wording_import": {"key": "vera-tvit-short"},
    }
