"""In a real browser: the quick exit leaves at once, by click or Esc twice, and leaves no way back;
moving between public pages leaves no trail; touch screens are not told about Esc."""

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


def test_the_quick_exit_also_opens_the_neutral_site_in_a_new_tab(page, live_server, neutral_site):
    page.goto(f"{live_server.url}/accounts/login/")
    with page.context.expect_page() as new_tab:
        page.get_by_role("link", name="Leave this site quickly").click()
    new_tab.value.wait_for_load_state()
    assert new_tab.value.url == neutral_site
    page.wait_for_url(neutral_site)


def test_touch_screens_are_not_told_to_press_escape(browser, live_server, neutral_site):
    context = browser.new_context(has_touch=True, is_mobile=True, viewport={"width": 390, "height": 800})
    tab = context.new_page()
    tab.goto(f"{live_server.url}/accounts/login/")
    assert tab.locator("[data-quick-exit]").is_visible()
    assert not tab.locator(".quick-exit__hint").is_visible()
    context.close()


def test_a_keyboard_and_mouse_screen_is_told_about_escape(page, live_server, neutral_site):
    page.goto(f"{live_server.url}/accounts/login/")
    assert page.locator(".quick-exit__hint").is_visible()


@pytest.mark.parametrize("path", ["/no-such-page/", "/accounts/login/?next=/people/"])
def test_error_and_sign_in_pages_have_a_working_quick_exit(page, live_server, neutral_site, path):
    page.goto(f"{live_server.url}{path}")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    page.wait_for_url(neutral_site)


def test_moving_around_the_hub_leaves_no_trail_for_back(page, live_server, neutral_site):
    from waypoint.learning import services
    from waypoint.learning.tests.conftest import FIXTURE_GUIDES

    services.guides_load(directory=FIXTURE_GUIDES)
    page.goto(f"{live_server.url}/static/waypoint/app.css")  # the page before arriving
    page.goto(f"{live_server.url}/")
    arrived = page.evaluate("history.length")
    page.get_by_role("navigation", name="Learning hub").get_by_role("link", name="Topic guides").click()
    page.wait_for_url(f"{live_server.url}/guides/")
    page.get_by_label("Search guides and resources").first.fill("kestrel")
    page.get_by_role("button", name="Search").first.click()
    page.wait_for_url("**/search/?q=kestrel**")
    assert page.evaluate("history.length") == arrived
    page.go_back()
    assert page.url.endswith("/static/waypoint/app.css")


def test_the_skip_link_lands_on_the_main_content(page, live_server, neutral_site):
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # the quick exit
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
