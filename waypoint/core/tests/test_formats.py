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
        assert render("{{ moment|long_datetime }}", moment=moment) == "1er décembre 2026, 12:30"
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
    ("language", "expected"), [("en", "1 December 2026, 12:00"), ("fr", "1er décembre 2026, 12:00")]
)
def test_the_approvals_page_shows_its_dates_the_canadian_way(world, clients, language, expected):
    bob = world.user("bob").memberships.get()
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=zoneinfo.ZoneInfo("America/Toronto"))):
        clients("adam").post(f"/agency/members/{bob.pk}/role/", {"role": "program_manager"})
        body = clients("sam").get("/agency/approvals/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in body
    assert not re.search(r"\b(Dec|déc)\.? 1\b|12/01/2026|01/12/2026", body)
