"""MFA is required for every role but content editors: a password-only session reaches only MFA set-up."""

from __future__ import annotations

import pytest
from django.test import Client

from waypoint.accounts.middleware import MFA_SETUP_ROUTES
from waypoint.core.routes import access_for
from waypoint.testing.personas import PERSONA_SPECS, build_world
from waypoint.testing.routes import concrete_path, iter_routes, route_sample_factories

MFA_ROLES = [key for key, role, _, active in PERSONA_SPECS if role and active and role != "content_editor"]


@pytest.fixture
def password_only_world(db):
    return build_world(mfa=False)


def routes_needing_mfa(world):
    samples: dict = {}
    for factory in route_sample_factories():
        samples.update(factory(world))
    for route in iter_routes():
        if route.name and route.name.split(":")[-1] in MFA_SETUP_ROUTES:
            continue
        path = concrete_path(route, samples)
        if path is None or path.startswith("/static/"):
            continue
        access = access_for(route.callback, path)
        if access is not None and access.kind in {"signed_in", "roles"}:
            yield path


@pytest.mark.parametrize("key", MFA_ROLES)
def test_every_protected_route_sends_a_password_only_session_to_mfa_set_up(password_only_world, key):
    client = Client()
    client.force_login(password_only_world.user(key))
    checked = 0
    for path in routes_needing_mfa(password_only_world):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == "/accounts/2fa/", path
        checked += 1
    assert checked > 5


def test_mfa_set_up_pages_stay_reachable_without_mfa(password_only_world):
    client = Client()
    client.force_login(password_only_world.user("alice"))
    overview = client.get("/accounts/2fa/")
    assert overview.status_code == 200 and b"wo-step verification" in overview.content
    # Activating asks for the password again first (allauth's re-authentication); both pages open.
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/")
    again = client.get(response["Location"])
    assert again.status_code == 200 and b'name="password"' in again.content


def test_a_content_editor_may_work_without_mfa(password_only_world):
    client = Client()
    client.force_login(password_only_world.user("cora"))
    assert client.get("/home/").status_code == 200


def test_demo_mode_relaxes_mfa_and_says_so_on_every_page(password_only_world, settings):
    settings.DEMO_MODE = True
    client = Client()
    client.force_login(password_only_world.user("alice"))
    response = client.get("/home/")
    assert response.status_code == 200
    assert b'class="demo-banner"' in response.content


def test_trusting_a_browser_to_skip_mfa_is_off(settings):
    assert settings.MFA_TRUST_ENABLED is False
