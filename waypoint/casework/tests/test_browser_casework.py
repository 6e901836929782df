"""In Chromium: an advocate logs a contact with a follow-up from the caseload row (timed), sees the row change
without a reload, finds it on the timeline and marks the follow-up done; a supervisor approves a closure from the
team view and reassigns a person. axe-core finds no violation on any page; each casework page fits 390 px."""

from __future__ import annotations

import datetime
import re
import time

import pytest
from django.utils import timezone, translation

from waypoint.accounts.models import Agency
from waypoint.casework.models import Task
from waypoint.core.templatetags.waypoint_dates import long_date
from waypoint.people.models import CareTeamMember, Person
from waypoint.people.services import lifecycle
from waypoint.people.tests.factories import make_person
from waypoint.testing.browser import assert_accessible, assert_fits, sign_in, sign_out
from waypoint.testing.personas import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _quiet_since(person: Person, days: int) -> Person:
    """A record opened long ago with no contact since, so the caseload raises 'no contact in 30 days'."""
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    return person


def _tab_to(page, element_id: str, most: int = 12) -> None:
    """Press Tab until the element with this id (or, for "", the next element without one) has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == element_id:
            return
    raise AssertionError(f"{most} presses of Tab did not reach #{element_id}")


def test_an_advocate_logs_a_contact_from_the_caseload_and_a_supervisor_decides_and_reassigns(page, live_server):
    agency = Agency.objects.create(name="Harbour Browser Agency")
    alice, alice_secret = make_user("alice@casework.waypoint.invalid", agency=agency, role="advocate")
    bea, _ = make_user("bea@casework.waypoint.invalid", agency=agency, role="advocate")
    sam, sam_secret = make_user("sam@casework.waypoint.invalid", agency=agency, role="supervisor")
    heron = _quiet_since(make_person(agency, alias="Heron", team=[alice]), days=45)
    wren = make_person(agency, alias="Wren", team=[alice])
    ibis = make_person(agency, alias="Ibis", team=[alice])
    lifecycle.person_request_closure(actor=alice, person=wren, reason="goals_reached")
    follow_up = timezone.localdate() + datetime.timedelta(days=3)
    with translation.override("en"):
        today_words, follow_up_words = long_date(timezone.localdate()), long_date(follow_up)

    sign_in(page, live_server.url, alice.email, alice_secret or "")
    page.get_by_role("link", name="My people").click()
    page.wait_for_url(f"{live_server.url}/people/")
    row = page.locator(f"#row-{heron.pk}")
    assert "No contact in 30 days" in row.inner_text()
    assert_accessible(page)

    # The quick add: open the row's disclosure (the form arrives by htmx), pick, type, save.
    page.evaluate("window.__sameDocument = true")
    started = time.monotonic()
    row.get_by_text("Log a contact").click()
    kind = page.locator(f"#qa-caseload-{heron.pk}-kind")
    # htmx honours autofocus when the swap settles, a moment after the form appears: wait for the focus itself.
    page.locator(f"#qa-caseload-{heron.pk}-kind:focus").wait_for()
    kind.select_option("phone")
    page.locator(f"#qa-caseload-{heron.pk}-summary").fill("Checked in about the week; all calm.")
    page.locator(f"#qa-caseload-{heron.pk}-follow").fill(follow_up.isoformat())
    row.get_by_role("button", name="Log the contact").click()
    row.get_by_text("Contact logged.").wait_for()
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"the quick add took {elapsed:.1f} s"
    assert page.evaluate("window.__sameDocument === true"), "the page must not reload"
    assert today_words in row.locator('td[data-label="Last contact"]').inner_text()
    assert follow_up_words in row.locator('td[data-label="Next follow-up"]').inner_text()
    assert "No contact in 30 days" not in row.inner_text()
    assert_accessible(page)
    assert_fits(page)

    # The same with the keyboard only: Enter opens the disclosure, the cursor lands in the form, Tab moves on.
    page.locator(f"#qa-summary-{ibis.pk}").focus()
    page.keyboard.press("Enter")
    page.locator(f"#qa-caseload-{ibis.pk}-kind:focus").wait_for()
    _tab_to(page, f"qa-caseload-{ibis.pk}-summary")  # past 'when' (now), whose date and time parts are stops
    page.keyboard.type("Met at the drop-in.")
    _tab_to(page, "")  # past the follow-up date, to the button (it has no id)
    assert page.evaluate("document.activeElement.textContent.trim()") == "Log the contact"
    page.keyboard.press("Enter")
    page.locator(f"#row-{ibis.pk} .quick-add__saved:focus").wait_for()  # focus goes to the confirmation
    assert today_words in page.locator(f'#row-{ibis.pk} td[data-label="Last contact"]').inner_text()

    # The contact is on the person's timeline; the follow-up is on the worker's list.
    row.get_by_role("link", name="Heron").click()
    page.locator(".person-nav").get_by_role("link", name="Timeline").click()
    page.wait_for_url(re.compile(r".*/timeline/$"))
    assert "Phone call" in page.locator("main").inner_text()
    assert_accessible(page)
    assert_fits(page)
    page.locator(".person-nav").get_by_role("link", name="Engagement log").click()
    page.wait_for_url(re.compile(r".*/engagement/$"))
    assert "Checked in about the week" in page.content()
    assert_accessible(page)
    assert_fits(page)
    page.locator(".person-nav").get_by_role("link", name="Goals").click()
    page.wait_for_url(re.compile(r".*/goals/$"))
    assert_accessible(page)
    assert_fits(page)

    page.get_by_role("link", name="Follow-ups").click()
    task = Task.objects.get(person=heron)
    task_row = page.locator(f"#task-{task.pk}")
    task_row.get_by_role("button", name="Mark done").click()
    task_row.get_by_text("Done on").wait_for()
    assert_accessible(page)
    assert_fits(page)
    task.refresh_from_db()
    assert task.done_at is not None
    sign_out(page, live_server.url)

    # The supervisor closes Wren's record from the queue and moves Heron from Alice to Bea.
    sign_in(page, live_server.url, sam.email, sam_secret or "")
    page.get_by_role("link", name="Team").click()
    page.wait_for_url(f"{live_server.url}/casework/team/")
    assert_accessible(page)
    assert_fits(page)
    queue = page.locator("section", has=page.locator("#approvals-heading"))
    queue.locator("li", has_text="Wren").get_by_role("button", name="Close the record").click()
    page.get_by_text("Done: Close the record.").wait_for()
    assert "Wren" not in page.locator("section", has=page.locator("#approvals-heading")).inner_text()
    assert_accessible(page)
    wren.refresh_from_db()
    assert wren.is_closed

    page.goto(f"{live_server.url}/people/{heron.pk}/care-team/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Reassign from {alice}").click()
    page.wait_for_url(re.compile(r".*/reassign/[0-9a-f-]{36}/$"))
    assert_accessible(page)
    assert_fits(page)
    page.get_by_label("New worker").select_option(label=str(bea))
    page.get_by_role("button", name="Reassign", exact=True).click()
    page.wait_for_url(re.compile(r".*/care-team/$"))
    assert_accessible(page)
    # Alice's place ends today (she keeps the record to the end of the day, as ending a place does); Bea's starts.
    places = {m.user_id: (m.since, m.until) for m in CareTeamMember.objects.filter(person=heron)}
    today = timezone.localdate()
    assert places[alice.pk][1] == today and places[bea.pk] == (today, None)
    assert Task.objects.get(pk=task.pk).assignee_id == alice.pk  # a done follow-up stays with who did it
