"""Playwright against Debian's Chromium, for browser tests. Never downloads a browser.

Use the ``page`` fixture (registered in conftest.py) with pytest-django's
``live_server``; ``assert_accessible(page)`` runs axe-core on the current page.
Under CI=true a missing Chromium fails the run instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = os.environ.get("WAYPOINT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def chromium_or_skip() -> str:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail(f"Chromium is missing at {CHROMIUM}; CI must run the browser tests (apt-get install chromium).")
    pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install -y chromium)")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="en-CA", timezone_id="America/Toronto")
    third_party: list[str] = []

    def watch(request: Any) -> None:
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith("http") and not host.startswith(("localhost", "127.0.0.1")):
            third_party.append(request.url)

    context.on("request", watch)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()
    # Rule 3: no page may fetch anything from a third party.
    assert third_party == [], f"Requests to third parties: {third_party}"


# WCAG 2.0-2.2 levels A and AA, and axe's best-practice rules.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def assert_accessible(page: Any) -> None:
    """axe-core (shipped inside axe-playwright-python) must find no WCAG 2.x A/AA nor best-practice violation.

    Best practice includes ``region`` (all content in landmarks), ``landmark-*``, ``heading-order``
    and ``page-has-heading-one``: the shell (base.html, error pages) keeps them on every page.
    """
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Error

    options = {"runOnly": {"type": "tag", "values": AXE_TAGS}}
    page.wait_for_load_state("load")
    try:
        results = Axe().run(page, options=options)
    except Error:
        # A click that navigates returns before the next document exists; axe started in
        # between finds no document (seen once in CI). Wait for the new page and run again.
        page.wait_for_load_state("load")
        results = Axe().run(page, options=options)
    violations = results.response["violations"]
    assert violations == [], f"axe on {page.url}: " + "; ".join(
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {[n['target'] for n in v['nodes'][:3]]})" for v in violations
    )


def totp_code(secret: str) -> str:
    """The current code for a TOTP secret, as an authenticator app would show it.

    allauth accepts only the current period's code, so near the end of a period this
    waits for the next one: a code must still be valid when the form is submitted.
    """
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = app_settings.TOTP_PERIOD
    if period - time.time() % period < 5:
        time.sleep(period - time.time() % period + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def sign_in(page: Any, base_url: str, email: str, secret: str, password: str | None = None) -> None:
    """Sign in through allauth's own two stages (password, then the authenticator code); lands on /home/."""
    from waypoint.testing.personas import PASSWORD

    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password or PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url(f"{base_url}/home/")


def sign_out(page: Any, base_url: str) -> None:
    """In either language (a page may have been switched to French)."""
    import re

    page.get_by_role("button", name=re.compile("Sign out|Se déconnecter")).click()
    page.wait_for_url(f"{base_url}/accounts/login/**")


def assert_fits(page: Any, width: int = 390) -> None:
    """Nothing on the page scrolls sideways at a phone's width (the page, not a table inside its own scroller)."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 844})
    overflow = page.evaluate("document.documentElement.scrollWidth")
    if before:
        page.set_viewport_size(before)
    assert overflow <= width, f"{page.url} is {overflow} px wide at {width} px"
