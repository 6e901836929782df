"""In Chromium: housing staff hold a crisis bed for a person on the waitlist, admit them into it, move them to the
transitional home and discharge them with a destination, all on the bed board without a full reload; then the
program manager opens the crisis beds' review. axe-core finds no violation on any page."""

from __future__ import annotations

import datetime
import os

import pytest

from waypoint.accounts.models import Agency
from waypoint.housing import selectors, services
from waypoint.housing.choices import ProgramKind, WaitStatus
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.browser import assert_accessible, assert_fits, sign_in, sign_out
from waypoint.testing.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("WAYPOINT_SHOTS")


def _looked_at(page, name: str) -> None:
    assert_accessible(page)
    assert_fits(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"housing-{name}.png"), full_page=True)


def test_hold_admit_move_discharge_and_the_review(page, live_server):
    agency = Agency.objects.create(name="Harbour Lantern Services")
    hana, hana_secret = make_user("hana@housing.waypoint.invalid", agency=agency, role="housing_staff")
    pat, pat_secret = make_user("pat@housing.waypoint.invalid", agency=agency, role="program_manager")
    crisis = make_program(agency, staff=(hana,))
    home = make_program(agency, beds=3, rooms=2, staff=(hana,), name="Transitional home", kind=ProgramKind.TRANSITIONAL)
    wren = make_person(agency, alias="Wren", team=[hana])
    entry = services.waitlist_add(actor=hana, program=crisis, person=wren, priority=1)
    bed, target = beds_of(crisis)[0], beds_of(home)[2]
    yesterday = agency_today(agency) - datetime.timedelta(days=1)

    sign_in(page, live_server.url, hana.email, hana_secret or "")
    page.get_by_role("link", name="Housing").first.click()
    page.get_by_role("link", name="Bed board").first.click()
    page.get_by_role("heading", name="Bed board · Crisis beds").wait_for()
    _looked_at(page, "board")
    page.evaluate("window.notReloaded = true")

    # Hold the first bed for Wren, who is waiting.
    cell = page.locator(f"#bed-{bed.pk}")
    cell.get_by_role("link", name="Actions").click()
    cell.locator("summary", has_text="Hold for someone on their way").click()
    cell.get_by_label("For someone with a record").select_option(label="Wren")
    _looked_at(page, "panel")
    cell.get_by_role("button", name="Hold the bed").click()
    cell.get_by_role("status").wait_for()
    assert "Held" in cell.inner_text()

    # Admit Wren into the held bed (admitted yesterday: a move is on a later day).
    cell.get_by_role("link", name="Actions").click()
    cell.get_by_label("Admitted on").fill(yesterday.isoformat())
    cell.get_by_label("Referred by").select_option(label="Hotline")
    cell.get_by_role("button", name="Admit").click()
    cell.get_by_text("Wren admitted to").wait_for()
    assert "Wren" in cell.inner_text() and "day 2" in cell.inner_text()
    entry.refresh_from_db()
    assert entry.status == WaitStatus.ACCEPTED

    # Move to the transitional home.
    cell.get_by_role("link", name="Actions").click()
    cell.locator("summary", has_text="Move to another bed or program").click()
    cell.get_by_label("To bed").select_option(value=str(target.pk))
    cell.get_by_role("button", name="Move").click()
    cell.get_by_text("Wren moved to").wait_for()
    assert "Vacant and available" in cell.inner_text()
    assert page.evaluate("window.notReloaded") is True
    assert len(selectors.episodes_of(wren)) == 1

    # Discharge from the transitional home with a destination.
    page.goto(f"{live_server.url}/housing/programs/{home.pk}/")
    cell = page.locator(f"#bed-{target.pk}")
    assert "Wren" in cell.inner_text()
    cell.get_by_role("link", name="Actions").click()
    cell.locator("summary", has_text="Discharge").click()
    cell.get_by_label("Reason").select_option(label="Planned move-on")
    cell.get_by_label("Where they went").select_option(label="A rental with a subsidy")
    cell.get_by_label("Aftercare offered").select_option(label="Yes")
    _looked_at(page, "discharge")
    cell.get_by_role("button", name="Discharge").click()
    cell.get_by_text("Their record stays open").wait_for()
    episode = selectors.episodes_of(wren).get()
    assert (episode.destination, episode.aftercare_offered) == ("rental_subsidy", True)

    page.goto(f"{live_server.url}/people/{wren.pk}/housing/")
    page.get_by_role("heading", name="Housing · Wren").wait_for()
    _looked_at(page, "person")
    sign_out(page, live_server.url)

    # The program manager opens the crisis beds' review: figures, no one named.
    sign_in(page, live_server.url, pat.email, pat_secret or "")
    page.get_by_role("link", name="Housing").first.click()
    page.get_by_role("link", name="Review").first.click()
    page.get_by_role("heading", name="Program review: Crisis beds").wait_for()
    # Wren was admitted yesterday, the last day of the default period, and moved on today.
    admissions = page.locator("dt", has_text="Admissions").locator("xpath=following-sibling::dd")
    assert admissions.inner_text() == "1"
    assert "Wren" not in page.content()
    _looked_at(page, "review")
    page.get_by_label("For sharing outside the agency").check()
    page.get_by_role("button", name="Show the figures").click()
    page.get_by_text("Prepared for sharing outside the agency").wait_for()
    assert admissions.inner_text() == "fewer than 10"
    _looked_at(page, "review-shared")
