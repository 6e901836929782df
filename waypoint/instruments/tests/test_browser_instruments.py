"""In Chromium: an advocate fills in a readiness ruler with a person, follows its suggestion to a stage check-in and
confirms it, fills in URICA (placeholder wording imported by the agency administrator) skipping a question, and reads
the results over time as a chart with a table and on the journey timeline. axe-core finds no violation on any page;
each page fits 390 px. An agency administrator sees which questionnaire still needs its wording."""

from __future__ import annotations

import datetime
import os

import pytest

from waypoint.accounts.models import Agency
from waypoint.casework import selectors as casework_selectors
from waypoint.casework.models import StageCheckIn
from waypoint.instruments.tests.factories import import_placeholder, record
from waypoint.people.tests.factories import make_person
from waypoint.testing.browser import assert_accessible, assert_fits, sign_in, sign_out
from waypoint.testing.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# WAYPOINT_SHOTS=/some/dir keeps a screenshot of each page, for a person to look at.
SHOTS = os.environ.get("WAYPOINT_SHOTS")


def _looked_at(page, name: str) -> None:
    assert_accessible(page)
    assert_fits(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


def _answer(page, question: str, choice: str) -> None:
    page.get_by_role("group", name=question).get_by_label(choice, exact=True).check()


def test_an_advocate_fills_in_questionnaires_and_confirms_the_suggested_stage(page, live_server):
    agency = Agency.objects.create(name="Harbour Questionnaire Agency")
    alice, alice_secret = make_user("alice@instruments.waypoint.invalid", agency=agency, role="advocate")
    adam, adam_secret = make_user("adam@instruments.waypoint.invalid", agency=agency, role="agency_admin")
    heron = make_person(agency, alias="Heron", team=[alice])
    import_placeholder(adam, agency, "urica")
    housing = next(d for d in casework_selectors.domains(agency.pk) if d.key == "housing")
    # An earlier ruler, so the results over time have a line to draw.
    record(heron, alice, "readiness-ruler", {1: 3, 2: 2}, taken_on=datetime.date(2026, 3, 2), domain=housing)

    sign_in(page, live_server.url, alice.email, alice_secret or "")
    page.goto(f"{live_server.url}/people/{heron.pk}/")
    page.get_by_role("link", name="Questionnaires").first.click()
    page.get_by_role("heading", name="Questionnaires: Heron").wait_for()
    assert "Needs its wording" in page.locator("#offers-heading ~ ul").inner_text()  # the TVIT
    _looked_at(page, "questionnaires")

    page.get_by_role("link", name="Readiness ruler").click()
    page.get_by_label("Part of life").select_option(label=housing.label)
    _answer(page, "From 0 to 10, how important is this change to you right now?", "8")
    _answer(page, "If you chose to go ahead with this change, how sure do you feel that you could make it happen?", "6")
    _looked_at(page, "ruler-form")
    page.get_by_role("button", name="Save and score").click()
    page.get_by_text("Saved and scored.").wait_for()
    assert "Importance" in page.locator(".figures").inner_text()
    _looked_at(page, "ruler-result")

    # The suggestion opens the check-in form filled in; nothing is recorded until the worker confirms.
    assert not StageCheckIn.objects.filter(person=heron).exists()
    page.get_by_role("link", name="Record a stage check-in: Preparation (suggested by this result)").click()
    page.locator("#check-in").wait_for()
    form = page.locator("#check-in")
    assert form.locator('input[name="stage"]:checked').get_attribute("value") == "preparation"
    assert form.get_by_label("How you know").input_value() == "ruler"
    assert form.get_by_label("Part of life").input_value() == str(housing.pk)
    page.get_by_role("button", name="Record the check-in").click()
    page.get_by_role("heading", name="Housing").first.wait_for()
    assert StageCheckIn.objects.get(person=heron).stage == "preparation"

    page.goto(f"{live_server.url}/people/{heron.pk}/questionnaires/urica/")
    assert "Placeholder for item 1" in page.content()
    first = "Placeholder for item 1: the agency imports the published wording from its own copy."
    _answer(page, first, "Agree")
    _looked_at(page, "urica-form")
    page.get_by_role("button", name="Save and score").click()
    page.get_by_text("Saved and scored.").wait_for()
    assert "Skipped" in page.locator("table").inner_text()
    _looked_at(page, "urica-result")

    page.get_by_role("link", name="All results over time").click()
    ruler = page.locator(f"#results-readiness-ruler-{housing.pk}")
    chart = ruler.locator("svg").first
    assert chart.get_attribute("role") == "img"
    # Its text alternative: a title and a description the chart is labelled by, with the figures in words.
    assert "Importance 8, Confidence 6" in chart.locator(":scope > desc").text_content()
    title_id, desc_id = (chart.locator(f":scope > {tag}").get_attribute("id") for tag in ("title", "desc"))
    assert chart.get_attribute("aria-labelledby") == f"{title_id} {desc_id}"
    ruler.get_by_text("as a table").first.click()
    assert "8" in ruler.locator("table").first.inner_text()
    _looked_at(page, "results-over-time")

    page.goto(f"{live_server.url}/people/{heron.pk}/timeline/")
    timeline = page.locator("main").inner_text()
    assert "Readiness ruler" in timeline and "URICA" in timeline
    assert "Stage check-in · Housing: Preparation" in timeline
    assert first not in timeline, "the timeline names a questionnaire, never its answers"
    _looked_at(page, "timeline")
    sign_out(page, live_server.url)

    sign_in(page, live_server.url, adam.email, adam_secret or "")
    page.goto(f"{live_server.url}/agency/instruments/")
    assert "Needs its wording" in page.locator("main").inner_text()
    _looked_at(page, "agency-instruments")
