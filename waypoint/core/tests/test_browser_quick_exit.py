"""In a real browser: the quick exit leaves at once, by click or Esc twice, and leaves no way back."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def neutral_site(settings, live_server):
    # A local stand-in for the neutral site, so the test sends nothing off this machine.
    settings.WAYPOINT_QUICK_EXIT_URL = f"{live_server.url}/static/waypoint/neutral.txt"
    return settings.WAYPOINT_QUICK_EXIT_URL


def test_the_quick_exit_is_first_in_tab_order(page, live_server, neutral_site):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.hasAttribute('data-quick-exit')")


def test_escape_twice_replaces_the_page_in_history(page, live_server, neutral_site):
    page.goto(f"{live_server.url}/static/waypoint/app.css")  # an earlier page in this tab's history
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site)
    page.go_back()
    # Back goes past the sign-in page: it was replaced, not stacked.
    assert page.url.endswith("/static/waypoint/app.css")


def test_clicking_the_quick_exit_leaves(page, live_server, neutral_site):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Leave this site quickly").click()
    page.wait_for_url(neutral_site)
