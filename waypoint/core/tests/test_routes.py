"""Deny by default: every route has an access class, and every persona gets what its class allows."""

from __future__ import annotations

import pytest
from django.conf import settings

from waypoint.core.routes import access_for
from waypoint.testing.personas import PERSONA_SPECS
from waypoint.testing.routes import concrete_path, iter_routes, own_routes, route_sample_factories

# Wagtail and allauth routes with parameters are exercised by their own packages' tests;
# ours must all have samples so that every persona tries them.
THIRD_PARTY_PREFIXES = ("/accounts/", "/cms/", "/documents/")


def test_every_route_has_an_access_class():
    unclassified = [r.pattern for r in iter_routes() if access_for(r.callback, r.pattern.split("<")[0]) is None]
    assert unclassified == []


def test_every_route_of_ours_with_parameters_has_a_sample(world):
    samples = collect_samples(world)
    missing = [r.name or r.pattern for r in own_routes() if r.has_parameters and concrete_path(r, samples) is None]
    assert missing == []


def collect_samples(world) -> dict:
    samples: dict = {}
    for factory in route_sample_factories():
        samples.update(factory(world))
    return samples


def expected_ok(access, persona) -> bool:
    """May this persona get a 2xx/3xx (other than a sign-in redirect) from a route of this class?"""
    if access.kind in {"public", "self_guarded"}:
        return True
    if access.kind == "blocked":
        return False
    if persona.user is None or not persona.active:
        return False
    if access.kind == "signed_in":
        return True
    return persona.role in access.roles


def is_sign_in_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(("/accounts/login/", "/cms/login/"))


@pytest.mark.parametrize("persona_key", [spec[0] for spec in PERSONA_SPECS])
def test_each_persona_gets_only_what_each_route_allows(world, persona_key, client):
    persona = world[persona_key]
    if persona.user is not None:
        client.force_login(persona.user)
    samples = collect_samples(world)
    unexpected = []
    for route in iter_routes():
        if route.pattern.startswith(settings.STATIC_URL):
            continue
        path = concrete_path(route, samples)
        if path is None:
            continue
        access = access_for(route.callback, path)
        response = client.get(path)
        status = response.status_code
        if status >= 500:
            unexpected.append((path, status, "server error"))
        elif expected_ok(access, persona):
            # Wagtail and allauth may refuse more finely than the class (page permissions), and routes about
            # one object may refuse for that object's state (the app's own matrix tests those); the rest must let in.
            declared_by_us = getattr(route.callback, "access", None) is not None
            if declared_by_us and not route.has_parameters and (status in (401, 403) or is_sign_in_redirect(response)):
                unexpected.append((path, status, "refused but allowed"))
        elif status < 400 and not is_sign_in_redirect(response) and status != 302:
            unexpected.append((path, status, f"allowed but {access.describe()}"))
        elif status == 302 and persona.user is not None and persona.active and not is_sign_in_redirect(response):
            unexpected.append((path, status, f"redirected to {response['Location']} but {access.describe()}"))
    assert not unexpected, "\n".join(map(str, unexpected))


def test_a_partner_agencys_administrator_cannot_open_the_cms(world, client):
    from waypoint.testing.personas import make_user

    admin, _ = make_user(
        "partner-admin@test.waypoint.invalid", agency=world.agencies["northshore"], role="agency_admin"
    )
    client.force_login(admin)
    assert client.get("/cms/").status_code == 403


def test_wagtail_cannot_change_sign_in_email_or_password(clients):
    body = clients("cora").get("/cms/account/").content.decode()
    assert 'name="name_email-email"' not in body
    assert 'name="password-old_password"' not in body
