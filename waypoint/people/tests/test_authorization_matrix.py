"""Every people route × every persona × every object state: nothing succeeds that should not, hidden is 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.people.tests.factories import STATES, build_states
from waypoint.people.tests.helpers import rolled_back, stepped_up
from waypoint.people.urls import urlpatterns
from waypoint.testing.personas import PERSONA_SPECS

PERSONAS = [spec[0] for spec in PERSONA_SPECS]
CLINICAL = {"alice", "bob", "hana", "sam", "oscar"}
SUPERVISORS = {"sam"}
SIGNED_OUT = {"anonymous", "dora"}  # dora is deactivated: her session does not count

# What each persona can see, by state (the states are described from alice's side; see factories).
VISIBLE = {
    "alice": {"own", "closed", "break_glass_active"},
    "bob": {"other_caseload", "break_glass_active", "break_glass_expired"},
    "sam": {"own", "other_caseload", "closed", "break_glass_active", "break_glass_expired"},
    "oscar": {"other_agency"},
}
# Consent (recording, changing, revoking a release) is the care team's and supervisors' work: a user who sees
# the record only through a break-the-glass grant is refused with a calm 403 page (the record is open to them,
# so a 404 would only confuse). Everything else a grant opens stays open.
GRANT_ONLY = {"alice": {"break_glass_active"}}
HOME_AGENCY = {"alice": "harbour", "bob": "harbour", "hana": "harbour", "sam": "harbour", "oscar": "elsewhere"}


def state_agency(state: str) -> str:
    return "elsewhere" if state == "other_agency" else "harbour"


# route name -> (roles, object rule, kwargs builder)
def person_kwargs(o):
    return {"person_id": o.person.pk}


ROUTES = {
    "my_people": (CLINICAL, None, None),
    "find": (CLINICAL, None, None),
    "person_create": (CLINICAL, None, None),
    "break_glass_list": (SUPERVISORS, None, None),
    "person_detail": (CLINICAL, "visible", person_kwargs),
    "person_edit": (CLINICAL, "visible", person_kwargs),
    "person_close": (CLINICAL, "visible", person_kwargs),
    "release_create": (CLINICAL, "consent", person_kwargs),
    "contact_create": (CLINICAL, "visible", person_kwargs),
    "contact_send": (CLINICAL, "visible", person_kwargs),
    "release_revoke": (CLINICAL, "consent", lambda o: {"person_id": o.person.pk, "release_id": o.release.pk}),
    "release_edit": (CLINICAL, "consent", lambda o: {"person_id": o.person.pk, "release_id": o.release.pk}),
    "release_print": (CLINICAL, "visible", lambda o: {"person_id": o.person.pk, "release_id": o.release.pk}),
    "contact_verify": (CLINICAL, "visible", lambda o: {"person_id": o.person.pk, "contact_id": o.contact.pk}),
    "contact_reveal": (CLINICAL, "visible", lambda o: {"person_id": o.person.pk, "contact_id": o.contact.pk}),
    "person_close_approve": (SUPERVISORS, "supervise", person_kwargs),
    "person_reopen": (SUPERVISORS, "supervise", person_kwargs),
    "person_history": (SUPERVISORS, "supervise", person_kwargs),
    "care_team": (SUPERVISORS, "supervise", person_kwargs),
    "care_team_end": (SUPERVISORS, "supervise", lambda o: {"person_id": o.person.pk, "member_id": o.member.pk}),
    "break_glass": (CLINICAL, "breakable", person_kwargs),
    "break_glass_end": (SUPERVISORS, "supervise", lambda o: {"grant_id": o.grant.pk}),
}


def test_the_matrix_covers_every_people_route():
    assert {p.name for p in urlpatterns} == set(ROUTES)


def may_reach(persona: str, rule: str | None, state: str | None) -> bool:
    if rule is None:
        return True
    assert state is not None
    if rule == "visible":
        return state in VISIBLE.get(persona, set())
    if rule == "consent":
        return state in VISIBLE.get(persona, set()) and state not in GRANT_ONLY.get(persona, set())
    if rule == "supervise":
        return persona in SUPERVISORS and state_agency(state) == HOME_AGENCY[persona]
    if rule == "breakable":
        return HOME_AGENCY.get(persona) == state_agency(state) and state != "closed"
    raise AssertionError(rule)


def is_success(response) -> bool:
    if response.status_code in (403, 404, 405):
        return False
    if response.status_code in (301, 302):
        location = response["Location"]
        return not (location.startswith(reverse("account_login")) or "reauthenticate" in location)
    return response.status_code < 400  # a 400 (a refused request) is not a success


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_each_persona_and_state_as_specified(name, world, clients):
    allowed_roles, rule, kwargs_for = ROUTES[name]
    states = build_states(world)
    cases = [(None, {})] if rule is None else [(s, kwargs_for(states[s])) for s in STATES]
    problems = []
    for persona in PERSONAS:
        client = clients(persona)
        if world[persona].user is not None and persona not in SIGNED_OUT:
            stepped_up(client, world.user(persona))
        for state, kwargs in cases:
            url = reverse(f"people:{name}", kwargs=kwargs)
            for method in ("GET", "POST"):
                response = rolled_back(client, method, url)
                expected = persona in allowed_roles and persona not in SIGNED_OUT and may_reach(persona, rule, state)
                where = f"{method} {name} as {persona} on {state}: {response.status_code}"
                if response.status_code == 405:
                    continue  # a POST-only route refuses GET for everyone
                if is_success(response) != expected:
                    problems.append(("unexpected success " if not expected else "unexpected refusal ") + where)
                elif not expected:
                    if persona in SIGNED_OUT:
                        wanted = 302
                    elif persona not in allowed_roles:
                        wanted = 403
                    elif rule == "consent" and state in VISIBLE.get(persona, set()):
                        wanted = 403  # visible through a grant only: consent is not part of emergency access
                    else:
                        wanted = 404  # the role fits but the object is hidden: its existence is not revealed
                    if response.status_code != wanted:
                        problems.append(f"wanted {wanted}: {where}")
    assert problems == []


@pytest.mark.parametrize("name", ["release_create", "break_glass", "release_revoke", "release_edit"])
def test_step_up_is_asked_only_after_the_gate(name, world, clients):
    states = build_states(world)
    _roles, _rule, kwargs_for = ROUTES[name]
    alice = clients("alice")  # signed in, but not re-authenticated recently
    target = "other_caseload" if name == "break_glass" else "own"
    response = alice.get(reverse(f"people:{name}", kwargs=kwargs_for(states[target])))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    hidden = alice.get(reverse(f"people:{name}", kwargs=kwargs_for(states["other_agency"])))
    assert hidden.status_code == 404


@pytest.mark.parametrize(
    "name", sorted(n for n, (_r, rule, _k) in ROUTES.items() if rule in ("visible", "consent", "supervise"))
)
def test_every_successful_request_for_survivor_data_is_audited(name, world, clients):
    from waypoint.audit.models import Event

    states = build_states(world)
    _roles, _rule, kwargs_for = ROUTES[name]
    sam = stepped_up(clients("sam"), world.user("sam"))
    url = reverse(f"people:{name}", kwargs=kwargs_for(states["own"]))
    for method in ("GET", "POST"):
        before = Event.objects.count()
        response = sam.get(url) if method == "GET" else sam.post(url, {})
        if response.status_code == 405:
            continue
        assert is_success(response), (method, response.status_code)
        assert Event.objects.count() > before, f"{method} {name} wrote no audit event"
