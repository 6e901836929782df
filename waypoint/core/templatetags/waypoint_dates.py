"""Dates in text, the Canadian way in both languages: "1 December 2026", "1er décembre 2026".

Django's ``j`` gives "1" in French; French writes the first of the month as "1er". Use
``{{ value|long_date }}`` and ``{{ value|long_datetime }}`` instead of a format string, and
``{{ value|date:"SHORT_DATE_FORMAT" }}`` for the short form (``2026-12-01``).
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
    if value.day == 1 and translation.get_language() and translation.get_language().startswith("fr"):
        pattern = pattern.replace("j", "j\\e\\r", 1)
    return formats.date_format(value, pattern)


@register.filter(expects_localtime=True)
def long_date(value: datetime.date | None) -> str:
    return format_long(value, "DATE_FORMAT")


@register.filter(expects_localtime=True)
def long_datetime(value: datetime.datetime | None) -> str:
    return format_long(value, "DATETIME_FORMAT")
