"""Turning two-step verification on is audited, through allauth's real set-up pages."""

from __future__ import annotations

from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client

from waypoint.audit.models import Event
from waypoint.testing.browser import totp_code
from waypoint.testing.personas import PASSWORD, build_world


def test_activating_totp_is_recorded(db, django_capture_on_commit_callbacks):
    world = build_world(mfa=False)
    user = world.user("alice")
    client = Client()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert client.get("/home/")["Location"] == "/accounts/2fa/"
    response = client.get("/accounts/2fa/totp/activate/")
    if response.status_code == 302:  # allauth asks for the password again first
        client.post(response["Location"], {"password": PASSWORD})
        response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 200
    secret = client.session[SECRET_SESSION_KEY]
    with django_capture_on_commit_callbacks(execute=True):  # allauth signals after commit
        response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    added = Event.objects.filter(action="mfa.added", actor_id=user.pk)
    # Recovery codes are generated along with the first authenticator.
    assert sorted(e.detail["type"] for e in added) == ["recovery_codes", "totp"]
    assert client.get("/home/").status_code == 200
