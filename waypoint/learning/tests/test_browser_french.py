"""In Chromium: a reader opens a guide, switches to French with the language switch, and reads the French body."""

from __future__ import annotations

import pytest

from waypoint.learning import services
from waypoint.testing.browser import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_switches_a_guide_to_french(live_server, page):
    services.guides_load()
    page.goto(live_server.url + "/guides/safety-planning/")
    page.wait_for_selector("h1:has-text('Safety assessment and planning')")
    assert page.locator("html").get_attribute("lang") == "en"

    page.get_by_role("button", name="Français").click()
    page.wait_for_selector("h1:has-text('évaluation et la planification de la sécurité')")
    # The same address, now in French.
    assert page.url == live_server.url + "/guides/safety-planning/"
    assert page.locator("html").get_attribute("lang") == "fr"
    body = page.locator(".guide__body")
    assert body.get_attribute("lang") == "fr"
    assert "Un plan de sécurité n'est pas un formulaire" in body.inner_text()
    assert page.get_by_role("heading", name="Mettre en pratique").is_visible()
    assert page.get_by_role("link", name="Ouvrir les plans de sécurité dans Waypoint").is_visible()
    assert page.get_by_role("complementary", name="Attention").count() >= 1
    assert "Put this into practice" not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    page.wait_for_selector("h1:has-text('Safety assessment and planning')")
    assert page.locator(".guide__body").get_attribute("lang") == "en"
