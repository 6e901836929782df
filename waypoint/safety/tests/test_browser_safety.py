"""In Chromium: an advocate makes a safety plan with a person, updates one section after a later conversation,
compares the two versions, chooses a wallet card and prints it. The card's HTML holds only the chosen lines and
none of the words that say what it is, in English and in French. axe-core finds no violation; each page fits 390 px."""

from __future__ import annotations

import os

import pytest

from waypoint.accounts.models import Agency
from waypoint.people.tests.factories import make_person
from waypoint.safety.models import PlanVersion
from waypoint.testing.browser import assert_accessible, assert_fits, sign_in
from waypoint.testing.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("WAYPOINT_SHOTS")
TELLING = ("safety", "sécurité", "trafficking", "traite", "waypoint")


def _looked_at(page, name: str) -> None:
    assert_accessible(page)
    assert_fits(page)
    if SHOTS:
        page.screenshot(path=os.path.join(SHOTS, f"safety-{name}.png"), full_page=True)


def test_an_advocate_makes_updates_compares_and_prints_a_plan(page, live_server):
    agency = Agency.objects.create(name="Harbour Lantern Services")
    alice, secret = make_user("alice@safety.waypoint.invalid", agency=agency, role="advocate")
    heron = make_person(agency, alias="Heron", team=[alice])
    base = f"{live_server.url}/people/{heron.pk}/safety/"

    sign_in(page, live_server.url, alice.email, secret or "")
    page.goto(f"{live_server.url}/people/{heron.pk}/")
    page.get_by_role("link", name="Safety plan").first.click()
    page.get_by_role("heading", name="No safety plan yet").wait_for()
    _looked_at(page, "empty")
    page.get_by_role("link", name="Start a plan with the person").click()

    # The emergency numbers come filled in; open two sections and write in them.
    numbers = page.locator("details", has_text="Emergency numbers")
    assert numbers.get_attribute("open") is not None
    assert page.locator('input[value="1-833-900-1010"]').count() == 1
    risks = page.locator("details", has_text="Current risks and warning signs")
    risks.locator("summary").click()
    risks.get_by_label("In their words").fill("When he texts from a new number, I know he is looking.")
    risks.get_by_label("What was agreed").first.fill("Screenshot the message, then block the number")
    trusted = page.locator("details", has_text="Trusted people and code words")
    trusted.locator("summary").click()
    trusted.get_by_label("Name (as the person says it)").first.fill("Auntie May")
    trusted.get_by_label("Code word").first.fill("blue umbrella")
    trusted.get_by_label("What they do when they hear it").first.fill("Comes to pick me up, no questions")
    _looked_at(page, "start")
    page.get_by_role("button", name="Save the plan").click()
    page.get_by_text("Saved as version 1.").wait_for()
    assert "blue umbrella" in page.locator("main").inner_text()
    _looked_at(page, "plan")

    # A later conversation: one section changes.
    page.get_by_role("link", name="Update after a conversation").click()
    risks = page.locator("details", has_text="Current risks and warning signs")
    assert risks.get_attribute("open") is not None
    risks.get_by_label("What was agreed").nth(1).fill("Keep the charger in my coat")
    page.get_by_role("button", name="Save as version 2").click()
    page.get_by_text("Saved as version 2.").wait_for()
    assert PlanVersion.objects.get(number=2).changed == ["risks"]

    page.get_by_role("link", name="Compare with version 1").click()
    risks_diff = page.locator("section", has=page.get_by_role("heading", name="Current risks and warning signs"))
    assert "Changed" in risks_diff.locator("h2").inner_text()
    assert "Keep the charger in my coat" in risks_diff.locator("ins").inner_text()
    assert (
        "Unchanged"
        in page.locator("section", has=page.get_by_role("heading", name="Trusted people and code words"))
        .locator("h2")
        .inner_text()
    )
    _looked_at(page, "compare")

    # The wallet card: the helpline number and the code word, under the person's heading.
    page.goto(base)
    page.get_by_role("link", name="Choose what the card carries").click()
    page.get_by_label("Heading on the card").fill("Safety numbers")
    page.get_by_label("Helpline: 1-833-900-1010").check()
    page.get_by_label("Auntie May · blue umbrella").check()
    page.get_by_role("button", name="Save the card").click()
    assert "could tell someone what the card is" in page.locator(".form-errors").inner_text()
    page.get_by_label("Heading on the card").fill("Tuesday")
    page.get_by_role("button", name="Save the card").click()
    page.get_by_text("The card is saved.").wait_for()
    _looked_at(page, "card-chosen")

    for language in ("en", "fr"):
        page.context.add_cookies([{"name": "waypoint_language", "value": language, "url": live_server.url}])
        page.goto(f"{base}card/")
        html = page.content()
        lowered = html.lower()
        assert "1-833-900-1010" in html and "blue umbrella" in html and "Tuesday" in html
        card = page.locator(".card").inner_text()  # the lines alone (the page's links hold a random id)
        assert "911" not in card and "Comes to pick me up" not in html and "charger" not in html
        for word in (*TELLING, agency.name.lower(), "lantern"):
            assert word not in lowered, f"the card ({language}) says {word!r}"
        _looked_at(page, f"card-{language}")
    page.context.add_cookies([{"name": "waypoint_language", "value": "en", "url": live_server.url}])

    page.goto(f"{base}print/")
    assert "Auntie May" in page.locator("main").inner_text()
    _looked_at(page, "print")

    # A risk check-in with a yes sends the worker to review the plan; the caseload says so.
    page.goto(f"{base}check-in/")
    page.get_by_role("group", name="Is a court date coming up?").get_by_label("Yes").check()
    _looked_at(page, "check-in")
    page.get_by_role("button", name="Record the check-in").click()
    page.get_by_text("Something changed: review the plan together.").wait_for()
    page.goto(f"{live_server.url}/people/")
    assert "Risk check-in: review the plan" in page.locator(f"#row-{heron.pk}").inner_text()
