"""In Chromium: the skip link passes the hub's menu and search, so the next Tab is in the page's own content."""

from __future__ import annotations

import pytest

from waypoint.learning import services
from waypoint.learning.tests.conftest import FIXTURE_GUIDES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_skip_link_lands_after_the_hub_menu_and_search(page, live_server):
    services.guides_load(directory=FIXTURE_GUIDES)
    page.goto(f"{live_server.url}/")
    for _ in range(5):  # the quick exit comes first; the skip link within the first few stops
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('skip-link')"):
            break
    else:
        pytest.fail("the skip link is not among the first Tab stops")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.closest('.hub-nav') === null")
    assert page.evaluate("document.querySelector('.hub-nav').closest('main') === null")
