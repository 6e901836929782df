"""In Chromium: an advocate creates a person, adds a safe contact, records a release and prints it;
a second advocate breaks the glass with a reason. axe-core finds no violation on any page."""

from __future__ import annotations

import re

import pytest

from waypoint.accounts.models import Agency
from waypoint.testing.browser import assert_accessible, sign_in, sign_out
from waypoint.testing.personas import PASSWORD, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def step_up(page) -> None:
    """Answer allauth's re-authentication prompt (a fresh sign-in does not count as step-up)."""
    page.wait_for_url(re.compile(r".*/reauthenticate/.*"))
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_an_advocate_records_a_person_contact_and_release_and_a_colleague_breaks_the_glass(page, live_server):
    agency = Agency.objects.create(name="Harbour Browser Agency")
    alice, alice_secret = make_user("alice@browser.waypoint.invalid", agency=agency, role="advocate")
    bob, bob_secret = make_user("bob@browser.waypoint.invalid", agency=agency, role="advocate")

    sign_in(page, live_server.url, alice.email, alice_secret or "")
    page.get_by_role("link", name="My people").click()
    page.wait_for_url(f"{live_server.url}/people/")
    assert_accessible(page)

    page.get_by_role("link", name="Add a person").click()
    assert_accessible(page)
    page.get_by_label("Alias", exact=True).fill("Heron")
    page.get_by_role("textbox", name="Pronouns (optional)").fill("she/her")
    page.get_by_label("Prefer not to say (Legal name)").check()
    page.get_by_role("button", name="Create the record").click()
    page.wait_for_url(re.compile(r".*/people/[0-9a-f-]{36}/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Heron"
    case_number = re.search(r"WP-\d{4}-\d{5}", page.locator(".lede").inner_text()).group(0)
    overview_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="Add a safe contact").click()
    assert_accessible(page)
    page.get_by_label("Channel").select_option("text")
    page.get_by_label("Number, address or place").fill("+1 555 0177")
    for day in ["Monday", "Wednesday", "Friday"]:
        page.get_by_label(day).check()
    page.get_by_label("Code word").fill("sparrow")
    page.get_by_role("button", name="Save the safe contact").click()
    page.wait_for_url(overview_url)
    assert "555 0177" not in page.content()
    page.get_by_role("button", name="Show Text message").click()
    page.get_by_text("+1 555 0177").wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Record a release").click()
    step_up(page)
    assert_accessible(page)
    page.get_by_label("Outside organisation").fill("Riverside Legal Aid (fictional)")
    page.get_by_label("Purpose").fill("Help with a legal aid application")
    page.get_by_label("Identity").check()
    page.get_by_label("Legal", exact=True).check()
    page.get_by_label("How consent was given").select_option("signed")
    page.get_by_role("button", name="Record the release").click()
    page.wait_for_url(re.compile(r".*/releases/[0-9a-f-]{36}/print/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Consent to share information"
    assert "Riverside Legal Aid" in page.content() and case_number in page.content()
    assert_accessible(page)
    page.goto(page.url + "?lang=fr")
    assert page.get_by_role("heading", level=1).inner_text() == "Consentement à la communication de renseignements"
    assert_accessible(page)

    sign_out(page, live_server.url)

    sign_in(page, live_server.url, bob.email, bob_secret or "")
    page.goto(f"{live_server.url}/people/find/")
    assert_accessible(page)
    page.get_by_label("Alias or case number").fill(case_number)
    page.get_by_role("button", name="Search", exact=True).click()
    assert "Heron" not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=f"Ask for emergency access to {case_number}").click()
    step_up(page)
    assert_accessible(page)
    page.get_by_label("Why do you need this record now?").fill("The hospital called; Heron's advocate is away.")
    page.get_by_role("button", name="Open the record").click()
    page.wait_for_url(overview_url)
    assert page.get_by_role("heading", level=1).inner_text() == "Heron"
    assert "Emergency access is open on this record" in page.content()
    assert_accessible(page)
