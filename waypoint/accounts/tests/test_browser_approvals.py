"""In Chromium: an admin invites an advocate, the invitation waits; a supervisor approves it after re-entering
their password; the newcomer opens the link, chooses a password and signs in. axe-core finds no violation."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from waypoint.accounts.models import Agency
from waypoint.testing.browser import assert_accessible, totp_code
from waypoint.testing.personas import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, base: str, email: str, password: str, secret: str | None) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign In").click()
    if secret:
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign In").click()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_clinical_invitation_is_sent_only_after_a_supervisor_approves(page, live_server, settings):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    agency = Agency.objects.create(name="Approvals Browser Agency")
    admin, admin_secret = make_user("admin@browser.waypoint.invalid", agency=agency, role="agency_admin")
    lead, lead_secret = make_user("lead@browser.waypoint.invalid", agency=agency, role="supervisor")

    sign_in(page, live_server.url, admin.email, PASSWORD, admin_secret)
    page.get_by_role("link", name="People and roles").first.click()
    page.get_by_label("E-mail address").fill("newcomer@browser.waypoint.invalid")
    page.get_by_label("Role", exact=True).select_option("advocate")
    page.get_by_role("button", name="Send invitation").click()
    assert "approves it under Approvals" in page.locator("body").inner_text()
    assert page.get_by_role("link", name="awaiting approval").count() == 1
    assert_accessible(page)
    assert not mail.outbox
    sign_out(page)

    sign_in(page, live_server.url, lead.email, PASSWORD, lead_secret)
    page.get_by_role("link", name="Approvals").first.click()
    page.wait_for_url(f"{live_server.url}/agency/approvals/")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile("newcomer@browser.waypoint.invalid"))
    row.get_by_role("button", name="Approve").click()
    page.wait_for_url(re.compile(r".*/reauthenticate/.*"))
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/agency/approvals/")
    assert "Approved for newcomer@browser.waypoint.invalid" in page.locator("body").inner_text()
    assert "Nothing is waiting" in page.locator("body").inner_text()
    sign_out(page)

    link = re.search(r"http://\S+/agency/join/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible(page)
    page.get_by_label("Choose a password").fill("a quiet harbour at dawn")
    page.get_by_label("Type the password again").fill("a quiet harbour at dawn")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
    sign_in(page, live_server.url, "newcomer@browser.waypoint.invalid", "a quiet harbour at dawn", None)
    # The first page a newcomer meets is two-step verification set-up.
    page.wait_for_url(re.compile(r".*/accounts/2fa/.*"))
