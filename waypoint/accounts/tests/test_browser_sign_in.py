"""In a real browser: sign in with a password and TOTP, switch to French, sign out."""

from __future__ import annotations

import pytest

from waypoint.testing.browser import assert_accessible, totp_code
from waypoint.testing.personas import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_with_password(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_worker_signs_in_with_totp_switches_to_french_and_signs_out(page, live_server):
    from waypoint.accounts.models import Agency

    agency = Agency.objects.create(name="Harbour Browser Agency")
    user, secret = make_user("alice@browser.waypoint.invalid", agency=agency, role="advocate")

    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    sign_in_with_password(page, live_server, user.email)

    page.get_by_label("Code").fill(totp_code(secret or ""))
    assert_accessible(page)
    page.get_by_role("button", name="Sign In").click()

    page.wait_for_url(f"{live_server.url}/home/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Welcome")
    assert_accessible(page)

    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bienvenue")
    assert_accessible(page)

    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    page.goto(f"{live_server.url}/home/")
    assert "/accounts/login/" in page.url


def test_a_new_worker_without_mfa_is_taken_to_set_it_up(page, live_server):
    from waypoint.accounts.models import Agency

    agency = Agency.objects.create(name="Harbour Browser Agency")
    user, _ = make_user("new@browser.waypoint.invalid", agency=agency, role="advocate", mfa=False)

    sign_in_with_password(page, live_server, user.email)
    page.wait_for_url(f"{live_server.url}/accounts/2fa/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/accounts/2fa/totp/activate/")
    assert_accessible(page)
    page.goto(f"{live_server.url}/home/")
    assert page.url == f"{live_server.url}/accounts/2fa/"
