"""Dates the Canadian way in both languages: 2026-12-01 when short, "1 December 2026" / "1er décembre 2026" in text."""

from __future__ import annotations

import datetime
import re
import zoneinfo

import pytest
import time_machine
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from waypoint.learning.tests.hub_fixtures import hub  # noqa: F401

FIRST = datetime.date(2026, 12, 1)
SECOND = datetime.date(2026, 12, 2)


def render(template: str, **context) -> str:
    return Template("{% load waypoint_dates %}" + template).render(Context(context))


@pytest.mark.parametrize("language", ["en", "fr"])
def test_short_dates_are_iso_in_both_languages(language):
    with translation.override(language):
        assert formats.date_format(FIRST, "SHORT_DATE_FORMAT") == "2026-12-01"
        assert render('{{ day|date:"SHORT_DATE_FORMAT" }}', day=FIRST) == "2026-12-01"


@pytest.mark.parametrize(
    ("language", "day", "expected"),
    [
        ("en", FIRST, "1 December 2026"),
        ("en", SECOND, "2 December 2026"),
        ("fr", FIRST, "1er décembre 2026"),
        ("fr", SECOND, "2 décembre 2026"),
    ],
)
def test_dates_in_text_read_day_month_year_with_the_french_1er(language, day, expected):
    with translation.override(language):
        assert render("{{ day|long_date }}", day=day) == expected


def test_a_datetime_in_text_is_shown_in_the_local_zone_with_the_french_1er():
    moment = datetime.datetime(2026, 12, 1, 17, 30, tzinfo=datetime.UTC)  # 12:30 in Toronto
    with translation.override("fr"):
        assert render("{{ moment|long_datetime }}", moment=moment) == "1er décembre 2026, 12\u00a0h\u00a030"
    with translation.override("en"):
        assert render("{{ moment|long_datetime }}", moment=moment) == "1 December 2026, 12:30"
    assert render("{{ nothing|long_date }}", nothing=None) == ""


@pytest.mark.parametrize("language", ["en", "fr"])
def test_only_iso_dates_are_accepted_as_input(language):
    class DateForm(forms.Form):
        day = forms.DateField(localize=True)

    with translation.override(language):
        assert DateForm({"day": "2026-12-01"}).is_valid()
        assert not DateForm({"day": "01/12/2026"}).is_valid()
        assert not DateForm({"day": "12/01/2026"}).is_valid()


@pytest.mark.parametrize(
    ("language", "expected"), [("en", "1 December 2026, 12:00"), ("fr", "1er décembre 2026, 12\u00a0h\u00a000")]
)
def test_the_approvals_page_shows_its_dates_the_canadian_way(world, clients, language, expected):
    bob = world.user("bob").memberships.get()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))):
        clients("adam").post(f"/agency/members/{bob.pk}/role/", {"role": "program_manager"})
        body = clients("sam").get("/agency/approvals/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in body
    assert not re.search(r"\b(Dec|déc)\.? 1\b|12/01/2026|01/12/2026", body)


TORONTO = zoneinfo.ZoneInfo("America/Toronto")
SESSION_START = datetime.datetime(2026, 12, 1, 14, 0, tzinfo=TORONTO)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Tuesday 1 December 2026, 14:00"), ("fr", "mardi 1er décembre 2026, 14\u00a0h\u00a000")],
)
def test_a_session_start_reads_weekday_date_and_time_with_french_hours(language, expected):
    with translation.override(language):
        assert render("{{ moment|long_weekday_datetime }}", moment=SESSION_START) == expected


@pytest.mark.parametrize(("language", "expected"), [("en", "09:05"), ("fr", "9\u00a0h\u00a005")])
def test_a_time_alone_reads_the_french_way_in_french(language, expected):
    with translation.override(language):
        assert render('{{ moment|time:"TIME_FORMAT" }}', moment=datetime.time(9, 5)) == expected
        assert render('{{ moment|date:"SHORT_DATETIME_FORMAT" }}', moment=SESSION_START) == "2026-12-01 14:00"


@pytest.fixture
def first_of_december_session(world):
    from waypoint.workshops.models import Workshop, WorkshopSession

    workshop = Workshop.objects.create(
        agency=world.agencies["harbour"], title="Recognising trafficking", description="x", audiences=["health"]
    )
    return WorkshopSession.objects.create(
        workshop=workshop,
        starts_at=SESSION_START,
        ends_at=SESSION_START + datetime.timedelta(hours=2),
        time_zone="America/Toronto",
        capacity=10,
        place="Room 4",
    )


FIRST_IN_TEXT = {"en": "1 December 2026", "fr": "1er décembre 2026"}
NOT_CANADIAN = re.compile(r"\b(Dec|déc)\.? 1\b|12/01/2026|01/12/2026|1 déc\b")


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_workshop_page_shows_its_session_the_canadian_way(client, first_of_december_session, language):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=TORONTO)):
        body = client.get(first_of_december_session.workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
    text = body.content.decode()
    expected = {"en": "Tuesday 1 December 2026, 14:00", "fr": "mardi 1er décembre 2026, 14\u00a0h\u00a000"}
    assert expected[language] in text and not NOT_CANADIAN.search(text)


@pytest.mark.usefixtures("hub")
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_hub_home_shows_coming_sessions_the_canadian_way(client, first_of_december_session, language):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, 0, tzinfo=TORONTO)):
        text = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert FIRST_IN_TEXT[language] in text and not NOT_CANADIAN.search(text)


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_contact_request_shows_when_it_came_the_canadian_way(world, clients, language):
    from waypoint.enquiries import services

    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=TORONTO)):
        contact = services.contact_request_create(
            agency=world.agencies["harbour"], name="Dana", email="dana@example.org", topic="consultation", message="x"
        )
        detail = clients("ines").get(f"/learn/intake/contact/{contact.id}/", HTTP_ACCEPT_LANGUAGE=language)
        inbox = clients("ines").get("/learn/intake/contact/", HTTP_ACCEPT_LANGUAGE=language)
    assert FIRST_IN_TEXT[language] in detail.content.decode()
    assert "2026-12-01 12:00" in inbox.content.decode()  # a table: the short form
    assert not NOT_CANADIAN.search(detail.content.decode() + inbox.content.decode())
