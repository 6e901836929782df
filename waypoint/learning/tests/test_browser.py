"""In Chromium: find a workshop, book, read the e-mail, cancel by its link, see the waitlist move; speak with someone.

axe-core must find no violation on the home page, a guide, search, a workshop and the contact form.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from waypoint.enquiries.models import ContactRequest
from waypoint.learning import services
from waypoint.learning.tests.conftest import FIXTURE_GUIDES
from waypoint.testing.browser import assert_accessible
from waypoint.workshops import services as workshop_services
from waypoint.workshops.models import Registration, Workshop
from waypoint.workshops.tests.workshop_fixtures import make_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def link_in(message) -> str:
    return re.search(r"https?://[^/\s]+(/learn/bookings/\S+/)", message.body).group(1)


def sign_in(tab, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    tab.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])


def test_booking_cancelling_and_the_waitlist_in_a_browser(live_server, page, world):
    services.guides_load(directory=FIXTURE_GUIDES)
    workshop = Workshop.objects.create(
        agency=world.agencies["harbour"],
        title="Recognising trafficking in clinics",
        description="For nurses and doctors.",
        audiences=["health"],
    )
    make_session(workshop, capacity=1, place="Room 4, 10 Sample Road")
    mail.outbox.clear()

    page.goto(live_server.url + "/")
    assert page.locator("[data-quick-exit]").count() == 1
    assert_accessible(page)

    page.get_by_role("link", name="Sample guide on housing").first.click()
    page.wait_for_selector("h1:has-text('Sample guide on housing')")
    assert_accessible(page)

    page.get_by_label("Search guides and resources").first.fill("kestrel")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_selector("text=Sample guide for police")
    assert_accessible(page)

    page.get_by_role("navigation", name="Learning hub").get_by_role("link", name="Workshops").click()
    page.get_by_role("link", name="Recognising trafficking in clinics").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("Book a seat")).click()
    assert_accessible(page)
    page.get_by_label("Your name").fill("Robin Example")
    page.get_by_label("E-mail", exact=True).fill("robin@example.org")
    page.get_by_label("Profession").fill("Nurse")
    page.get_by_role("button", name="Book my seat").click()
    page.wait_for_selector("text=Your seat is confirmed")
    assert "Room 4, 10 Sample Road" in page.content()

    # Someone else books now and lands on the waitlist.
    waiting = workshop_services.registration_create(
        session_id=workshop.sessions.get().id,
        details=workshop_services.RegistrationDetails(name="Wren Waiting", email="wren@example.org"),
    )
    assert waiting.state == "waitlisted"

    confirmation = next(m for m in mail.outbox if m.to == ["robin@example.org"])
    assert "confirmed" in confirmation.subject and confirmation.attachments
    page.goto(live_server.url + link_in(confirmation))
    page.get_by_label("Yes, cancel my booking").check()
    page.get_by_role("button", name="Cancel my booking").click()
    page.wait_for_selector("text=Your booking is cancelled")

    waiting.refresh_from_db()
    assert waiting.state == "confirmed"
    promotion = next(m for m in mail.outbox if m.to == ["wren@example.org"] and "A seat opened" in m.subject)
    page.goto(live_server.url + link_in(promotion))
    page.wait_for_selector("text=Your seat is confirmed")
    assert Registration.objects.get(email__isnull=False, id=waiting.id).state == "confirmed"


def test_speak_with_someone_reaches_the_intake_inbox(live_server, page, world):
    services.hub_site_ensure()
    page.goto(live_server.url + "/learn/contact/")
    assert_accessible(page)
    page.get_by_label("Your name").fill("Dana Example")
    page.get_by_label("Organisation").fill("Sample Clinic")
    page.get_by_label("E-mail", exact=True).fill("dana@example.org")
    page.get_by_label("What is it about?").select_option("consultation")
    page.get_by_label("Your message").fill("How do we offer support without pressure?")
    page.get_by_role("button", name="Send my message").click()
    page.wait_for_selector("text=Thank you, we have your message")
    assert ContactRequest.objects.count() == 1
    assert any(m.to == ["dana@example.org"] for m in mail.outbox)

    sign_in(page, live_server, world.user("ines"))
    page.goto(live_server.url + "/learn/intake/contact/")
    page.get_by_role("link", name="Dana Example").click()
    page.wait_for_selector("text=How do we offer support without pressure?")
    assert_accessible(page)


def test_an_editor_edits_a_guide_in_wagtail_under_the_cms_policy(live_server, page, world):
    from waypoint.learning.models import GuidePage

    services.guides_load(directory=FIXTURE_GUIDES)
    guide = GuidePage.objects.get(slug="sample-police")
    blocked: list[str] = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    sign_in(page, live_server, world.user("cora"))
    page.goto(f"{live_server.url}/cms/pages/{guide.id}/edit/")
    page.locator("#id_summary").fill("A short test guide for officers, edited in the browser.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_selector("text=has been updated")
    assert blocked == []
    revision = GuidePage.objects.get(id=guide.id).get_latest_revision_as_object()
    assert revision.summary == "A short test guide for officers, edited in the browser."


def test_booking_and_contact_work_without_javascript(live_server, browser, world):
    services.hub_site_ensure()
    workshop = Workshop.objects.create(
        agency=world.agencies["harbour"], title="No-script workshop", description="x", audiences=["police"]
    )
    make_session(workshop, capacity=2)
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    try:
        tab.goto(live_server.url + "/learn/workshops/")
        tab.get_by_role("link", name="No-script workshop").click()
        tab.get_by_role("link", name=re.compile("Book a seat")).click()
        tab.get_by_label("Your name").fill("Noa Script")
        tab.get_by_label("E-mail", exact=True).fill("noa@example.org")
        tab.get_by_role("button", name="Book my seat").click()
        tab.wait_for_selector("text=Your seat is confirmed")
        tab.goto(live_server.url + "/learn/contact/")
        tab.get_by_label("Your name").fill("Noa Script")
        tab.get_by_label("E-mail", exact=True).fill("noa@example.org")
        tab.get_by_label("What is it about?").select_option("training")
        tab.get_by_label("Your message").fill("Can you train our unit?")
        tab.get_by_role("button", name="Send my message").click()
        tab.wait_for_selector("text=Thank you, we have your message")
    finally:
        context.close()
    assert Registration.objects.filter(session__workshop=workshop, state="confirmed").count() == 1
    assert ContactRequest.objects.count() == 1
