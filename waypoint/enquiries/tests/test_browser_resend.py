"""In Chromium: a contact form whose CSRF cookie is gone comes back with what was typed, and sends on the second try."""

from __future__ import annotations

import pytest

from waypoint.enquiries.models import ContactRequest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MESSAGE = "A patient mentioned someone keeps her ID."


def test_nothing_typed_is_lost_when_the_form_expired(page, live_server, world):
    page.goto(f"{live_server.url}/learn/contact/")
    page.get_by_label("Your name").fill("Dana Example")
    page.get_by_label("E-mail", exact=True).fill("dana@example.org")
    page.get_by_label("What is it about?").select_option("consultation")
    page.get_by_label("Your message").fill(MESSAGE)
    page.context.clear_cookies(name="csrftoken")  # as if the cookie had expired while the page was open

    page.get_by_role("button", name="Send my message").click()
    page.get_by_text("for your safety we did not send it").wait_for()
    assert page.get_by_label("Your message").input_value() == MESSAGE
    assert page.get_by_label("Your name").input_value() == "Dana Example"
    assert not ContactRequest.objects.exists()

    page.get_by_role("button", name="Send my message").click()
    page.wait_for_url(f"{live_server.url}/learn/contact/thanks/")
    assert ContactRequest.objects.get().message == MESSAGE
