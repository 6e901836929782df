"""Sample URL kwargs for every parameterised casework route, for the core route-matrix test.

One record at the home agency on alice's caseload, with an encounter, a goal with a step and a
task, all written by alice; ``{url name: kwargs}``. Views modules add their names here.
"""

from __future__ import annotations

from waypoint.casework.models import LifeDomain, NeedKind
from waypoint.casework.services.needs import need_record
from waypoint.casework.tests.factories import make_encounter, make_goal, make_step, make_task
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import World


def samples(world: World) -> dict[str, dict]:
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Casework sample", team=[alice])
    encounter, _ = make_encounter(person, alice)
    goal = make_goal(person, alice)
    step = make_step(goal, alice)
    task = make_task(alice, person=person)
    member = person.care_team.get()
    need = need_record(
        actor=alice,
        person=person,
        domain=LifeDomain.objects.get(agency=person.agency, key="housing"),
        kind=NeedKind.HOUSING,
    )
    p = {"person_id": person.pk}
    return {
        "casework:engagement": p,
        "casework:encounter_add": p,
        "casework:encounter_correct": {**p, "encounter_id": encounter.pk},
        "casework:goals": p,
        "casework:needs": p,
        "casework:need_change": {**p, "need_id": need.pk},
        "casework:stages": p,
        "casework:goal_edit": {**p, "goal_id": goal.pk},
        "casework:step_add": {**p, "goal_id": goal.pk},
        "casework:step_done": {**p, "goal_id": goal.pk, "step_id": step.pk},
        "casework:timeline": p,
        "casework:reassign": {**p, "member_id": member.pk},
        "casework:task_done": {"task_id": task.pk},
        "casework:approval_decide": {"kind": "closure", "item_id": person.pk},
        "casework:tool_about": {"tool": "engagement-log"},
    }
