"""The profile page: one's own name and interface language, saved through an audited service."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from waypoint.accounts.profile import profile_update
from waypoint.audit.models import Event


def test_it_saves_the_name_and_language_and_audits_which_fields_changed(world, clients):
    client = clients("alice")
    response = client.post("/profile/", {"display_name": "  Alice Harbour ", "language": "fr"})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    user = world.user("alice")
    user.refresh_from_db()
    assert (user.display_name, user.language) == ("Alice Harbour", "fr")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    event = Event.objects.filter(action="user.profile_updated").latest("sequence")
    assert event.detail == {"fields": "display_name,language"}
    assert "Alice" not in str(event.detail)  # ids and field names, never the values
    # The next page is in French.
    page = client.get("/profile/").content.decode()
    assert 'lang="fr"' in page and "Votre profil" in page


def test_an_unchanged_profile_writes_no_event(world):
    user = world.user("alice")
    before = Event.objects.filter(action="user.profile_updated").count()
    profile_update(actor=user, display_name=user.display_name, language=user.language)
    assert Event.objects.filter(action="user.profile_updated").count() == before


def test_the_language_is_applied_again_at_the_next_sign_in(world):
    from waypoint.testing.browser import totp_code
    from waypoint.testing.personas import PASSWORD

    persona = world.personas["alice"]
    profile_update(actor=persona.user, display_name="", language="fr")
    client = Client()
    client.post("/accounts/login/", {"login": persona.user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(persona.totp_secret)})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"


def test_choosing_the_browser_language_clears_the_cookie(world, clients):
    client = clients("alice")
    client.post("/profile/", {"display_name": "", "language": "fr"})
    response = client.post("/profile/", {"display_name": "", "language": ""})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == ""


@pytest.mark.django_db
def test_someone_signed_out_is_sent_to_sign_in():
    response = Client().get("/profile/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_an_unknown_language_is_refused(world, clients):
    response = clients("alice").post("/profile/", {"display_name": "", "language": "xx"})
    assert response.status_code == 200
    world.user("alice").refresh_from_db()
    assert world.user("alice").language == ""
