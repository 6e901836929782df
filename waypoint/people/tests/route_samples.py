"""Sample URL kwargs for every parameterised people route, for the core route-matrix test.

``samples(world)`` makes one record at the world's home agency (on alice's
caseload, with a release, a safe contact and a break-the-glass grant held by
bob) and returns ``{url name: kwargs}``. A handful of inserts; cheap to call.
"""

from __future__ import annotations

from waypoint.people.tests.factories import make_contact, make_grant, make_person, make_release
from waypoint.testing.personas import World


def samples(world: World) -> dict[str, dict]:
    person = make_person(world.agencies["harbour"], alias="Sample", team=[world.user("alice")])
    release = make_release(person)
    contact = make_contact(person)
    member = person.care_team.get()
    grant = make_grant(person, world.user("bob"))
    p = {"person_id": person.pk}
    return {
        "people:person_detail": p,
        "people:person_edit": p,
        "people:person_close": p,
        "people:person_close_approve": p,
        "people:person_reopen": p,
        "people:person_history": p,
        "people:care_team": p,
        "people:care_team_end": {**p, "member_id": member.pk},
        "people:break_glass": p,
        "people:release_create": p,
        "people:release_edit": {**p, "release_id": release.pk},
        "people:release_revoke": {**p, "release_id": release.pk},
        "people:release_print": {**p, "release_id": release.pk},
        "people:contact_create": p,
        "people:contact_send": p,
        "people:contact_verify": {**p, "contact_id": contact.pk},
        "people:contact_reveal": {**p, "contact_id": contact.pk},
        "people:break_glass_end": {"grant_id": grant.pk},
    }
