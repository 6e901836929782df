"""The page shell every page shares: the quick exit on public and error pages, landmarks around it."""

from __future__ import annotations

import re

import pytest
from django.test import Client, RequestFactory

from waypoint.core import views
from waypoint.core.middleware import database_unavailable_response

EXIT = "data-quick-exit"


def error_pages() -> dict[str, str]:
    request = RequestFactory().get("/")
    return {
        "403": views.permission_denied(request).content.decode(),
        "404": views.page_not_found(request).content.decode(),
        "500": views.server_error(request).content.decode(),
        "503": database_unavailable_response().content.decode(),
        "403_csrf": views.csrf_failure(request).content.decode(),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["403", "404", "500", "503", "403_csrf"])
def test_every_error_page_offers_the_quick_exit_first_inside_a_labelled_landmark(settings, name):
    settings.WAYPOINT_QUICK_EXIT_URL = "https://neutral.example/"
    body = error_pages()[name]
    first_link = re.search(r"<a [^>]*>", body)
    assert first_link is not None and EXIT in first_link.group(0)
    assert 'href="https://neutral.example/"' in first_link.group(0)
    assert re.search(r'<aside class="quick-exit-bar" aria-label="[^"]+">', body)
    assert '<main id="main"' in body and 'tabindex="-1"' in body
    assert "waypoint/app.js" in body  # Esc twice and the history-replacing exit work there too


@pytest.mark.django_db
def test_the_skip_link_and_the_demo_banner_sit_in_the_header(settings):
    settings.DEMO_MODE = True
    body = Client().get("/accounts/login/").content.decode()
    header = body[body.index("<header") : body.index("</header>")]
    assert 'class="skip-link" href="#main"' in header
    assert 'class="demo-banner"' in header
    assert body.index("</aside>") < body.index("<header")
