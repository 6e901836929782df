"""In Chromium: a workshop's session date reads the Canadian way in English and, after the switch, in French."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest

from waypoint.accounts.models import Agency
from waypoint.testing.browser import assert_accessible
from waypoint.workshops.models import Workshop, WorkshopSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A first of the month still to come, so the session is listed and French writes "1er".
START = datetime.datetime(2027, 1, 1, 14, 0, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))
NOT_CANADIAN = re.compile(r"\b(Jan|janv)\.? 1\b|01/01/2027|1 janv\b|2 p\.m\.")


def test_a_session_date_reads_the_canadian_way_in_both_languages(live_server, page):
    workshop = Workshop.objects.create(
        agency=Agency.objects.create(name="Harbour House"),
        title="Recognising trafficking",
        description="An introduction for front-line staff.",
        audiences=["health"],
    )
    WorkshopSession.objects.create(
        workshop=workshop,
        starts_at=START,
        ends_at=START + datetime.timedelta(hours=2),
        time_zone="America/Toronto",
        capacity=10,
        place="Room 4",
    )

    page.goto(live_server.url + workshop.get_absolute_url())
    main = page.locator("main")
    assert "Friday 1 January 2027, 14:00" in main.inner_text()
    assert not NOT_CANADIAN.search(main.inner_text())

    page.get_by_role("button", name="Français").click()
    page.wait_for_selector("html[lang='fr']")
    text = page.locator("main").inner_text()
    assert "vendredi 1er janvier 2027, 14\u00a0h\u00a000" in text, text
    assert not NOT_CANADIAN.search(text)
    assert_accessible(page)
