"""Dates in text, the Canadian way in both languages: "1 December 2026", "1er décembre 2026".

Django's ``j`` gives "1" in French; French writes the first of the month as "1er". Use
``{{ value|long_date }}``, ``{{ value|long_datetime }}`` and, for when a session starts,
``{{ value|long_weekday_datetime }}`` ("mardi 1er décembre 2026, 14 h 00") instead of a format
string; ``{{ value|date:"SHORT_DATE_FORMAT" }}`` / ``"SHORT_DATETIME_FORMAT"`` in tables
(``2026-12-01 14:05``) and ``{{ value|time:"TIME_FORMAT" }}`` for a time alone.
"""

from __future__ import annotations

import datetime

from django import template
from django.utils import formats, translation

register = template.Library()


def format_long(value: datetime.date | None, format_name: str) -> str:
    if not value:
        return ""
    pattern = str(formats.get_format(format_name))
    french = (translation.get_language() or "").startswith("fr")
    if value.day == 1 and french:
        pattern = pattern.replace("j", "j\\e\\r", 1)
    text = formats.date_format(value, pattern)
    # French writes weekdays in lower case; an app's catalogue may capitalise "Tuesday" for a list
    # of choices (people's safe-contact days do), and app catalogues win over Django's "mardi".
    return text[:1].lower() + text[1:] if french and pattern.startswith("l") else text


@register.filter(expects_localtime=True)
def long_date(value: datetime.date | None) -> str:
    return format_long(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def long_datetime(value: datetime.datetime | None) -> str:
    return format_long(value, "DATETIME_FORMAT")


@register.filter(expects_localtime=True)
def long_weekday_datetime(value: datetime.datetime | None) -> str:
    return format_long(value, "WEEKDAY_DATETIME_FORMAT")
