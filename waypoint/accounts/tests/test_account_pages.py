"""allauth's pages in Waypoint's layout and words: no sign-up, "two-step verification", labels above fields."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from waypoint.testing.personas import PASSWORD, make_user

LOGIN = "/accounts/login/"


def visible_text(body: bytes) -> str:
    html = body.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def assert_in_our_layout(body: bytes) -> None:
    html = body.decode()
    assert 'class="site-header"' in html and '<main id="main" tabindex="-1">' in html
    assert "site-footer" in html
    # Labels sit above their fields (Waypoint's field template), never allauth's inline "Email:".
    assert re.search(r'<div class="field[^"]*">\s*<label for=', html)
    assert not re.search(r"<label[^>]*>[^<]*:</label>", html)


def assert_no_sign_up(body: bytes) -> None:
    html = body.decode()
    assert 'href="/accounts/signup/"' not in html
    assert not re.search(r"sign[ -]?up|créer un compte|inscri", visible_text(body), re.I)


def assert_our_words(body: bytes) -> None:
    text = visible_text(body)
    assert not re.search(r"two-factor|\bMFA\b|deux facteurs|Sign In|Sign Out", text)


def password_only_client(email: str) -> Client:
    client = Client()
    response = client.post(LOGIN, {"login": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("path", [LOGIN, "/accounts/password/reset/", "/accounts/signup/"])
def test_public_account_pages_are_in_our_layout_without_sign_up(path):
    response = Client().get(path)
    assert response.status_code == 200
    assert_no_sign_up(response.content)
    assert_our_words(response.content)
    if path != "/accounts/signup/":
        assert_in_our_layout(response.content)


@pytest.mark.django_db
def test_the_sign_in_page_says_sign_in_in_sentence_case_and_explains_invitations():
    text = visible_text(Client().get(LOGIN).content)
    assert "Sign in" in text and "invitation" in text


def test_the_second_step_of_signing_in_is_called_two_step_verification(world):
    client = password_only_client(world.user("alice").email)
    response = client.get("/accounts/2fa/authenticate/")
    assert response.status_code == 200
    assert_in_our_layout(response.content)
    assert_no_sign_up(response.content)
    assert_our_words(response.content)
    assert "Two-step verification" in visible_text(response.content)


def test_setting_up_two_step_verification_is_in_our_layout_and_words(world):
    from waypoint.accounts.models import Agency

    user, _ = make_user(
        "newcomer@test.waypoint.invalid",
        agency=Agency.objects.get(name="Harbour Test Agency"),
        role="advocate",
        mfa=False,
    )
    client = password_only_client(user.email)
    reauthenticate = client.get("/accounts/2fa/totp/activate/")
    assert reauthenticate.status_code == 302 and "/accounts/reauthenticate/" in reauthenticate["Location"]
    page = client.get(reauthenticate["Location"])
    assert_in_our_layout(page.content)
    assert "Confirm it is you" in visible_text(page.content)
    client.post(reauthenticate["Location"], {"password": PASSWORD})
    for path in ["/accounts/2fa/", "/accounts/2fa/totp/activate/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_no_sign_up(response.content)
        assert_our_words(response.content)
        assert 'class="site-header"' in response.content.decode()
    activate = visible_text(client.get("/accounts/2fa/totp/activate/").content)
    assert "Set up an authenticator app" in activate
    assert_in_our_layout(client.get("/accounts/2fa/totp/activate/").content)


@pytest.mark.parametrize(
    ("path", "password_only"),
    [(LOGIN, False), ("/accounts/password/reset/", False), ("/accounts/2fa/authenticate/", True)],
)
def test_the_french_pages_say_verification_en_deux_etapes(world, path, password_only):
    client = password_only_client(world.user("alice").email) if password_only else Client()
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    text = visible_text(response.content)
    assert response.status_code == 200
    assert_our_words(response.content)
    assert_no_sign_up(response.content)
    assert "Se connecter" in text or "Vérification en deux étapes" in text or "mot de passe" in text
    if password_only:
        assert "Vérification en deux étapes" in text


def test_the_signed_in_password_change_is_reachable_from_the_profile(clients):
    client = clients("alice")
    profile = client.get("/profile/").content.decode()
    assert 'href="/accounts/password/change/"' in profile
    assert 'href="/profile/"' in client.get("/home/").content.decode()  # the menu
    response = client.get("/accounts/password/change/")
    assert response.status_code == 200
    assert_in_our_layout(response.content)
    assert "Change your password" in visible_text(response.content)
