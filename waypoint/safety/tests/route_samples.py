"""Sample URL kwargs for every safety route, for the core route-matrix test: one record on alice's caseload
with a plan of two versions and a wallet card, written by alice."""

from __future__ import annotations

from waypoint.people.tests.factories import make_person
from waypoint.safety import services
from waypoint.safety.tests.factories import make_plan, sample_sections
from waypoint.testing.personas import World


def samples(world: World) -> dict[str, dict]:
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Safety sample", team=[alice])
    make_plan(person, alice)
    sections = sample_sections()
    sections[0]["words"] = "Changed after the court date."
    make_plan(person, alice, sections)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1", "t1"])
    p = {"person_id": person.pk}
    return {f"safety:{name}": p for name in ("plan", "update", "compare", "print", "card_choose", "card", "check_in")}
