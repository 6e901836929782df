"""In Chromium: an admin deactivates a colleague through the confirmation page, which says what ends first;
Cancel changes nothing, confirming signs them out. axe-core finds no violation on either page."""

from __future__ import annotations

import re

import pytest

from waypoint.accounts.models import Agency, Membership
from waypoint.testing.browser import assert_accessible, totp_code
from waypoint.testing.personas import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_deactivating_asks_first_and_says_what_ends(page, live_server):
    agency = Agency.objects.create(name="Members Browser Agency")
    admin, secret = make_user("admin@members.waypoint.invalid", agency=agency, role="agency_admin")
    leaver, _ = make_user("leaver@members.waypoint.invalid", agency=agency, role="advocate")
    base = live_server.url

    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Email").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.get_by_role("link", name="People and roles").first.click()
    page.wait_for_url(f"{base}/agency/members/")
    assert_accessible(page)
    row = page.get_by_role("row", name=re.compile("leaver@members.waypoint.invalid"))
    assert "never" in row.inner_text() and "not set up" not in row.inner_text()

    row.get_by_role("link", name=re.compile("Deactivate")).click()
    page.wait_for_url(re.compile(r".*/agency/members/[0-9a-f-]+/deactivate/"))
    body = page.locator("main").inner_text()
    assert "every session of their account ends" in body
    assert "Their places on care teams in this agency end today" in body
    assert_accessible(page)
    page.get_by_role("link", name="Cancel").click()
    page.wait_for_url(f"{base}/agency/members/")
    assert Membership.objects.get(user=leaver).is_active

    page.get_by_role("row", name=re.compile("leaver@members.waypoint.invalid")).get_by_role(
        "link", name=re.compile("Deactivate")
    ).click()
    page.get_by_role("button", name="Deactivate").click()
    page.wait_for_url(f"{base}/agency/members/")
    assert "can no longer sign in to this agency" in page.locator("body").inner_text()
    row = page.get_by_role("row", name=re.compile("leaver@members.waypoint.invalid"))
    assert "deactivated" in row.inner_text()
    assert row.get_by_role("link", name=re.compile("Reactivate")).count() == 1
    assert not Membership.objects.get(user=leaver).is_active
