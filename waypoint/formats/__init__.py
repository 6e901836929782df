"""Date formats the Canadian way, in both languages (``FORMAT_MODULE_PATH``).

Short dates are ISO 8601 (``2026-12-01``), as the Government of Canada recommends for numeric
dates; dates in text read "1 December 2026" and "1 décembre 2026" (the ``long_date`` filter in
``core/templatetags/waypoint_dates.py`` writes the French "1er"). Only ISO dates are accepted as
input, so 01/12 can never mean two different days. ``WEEKDAY_DATETIME_FORMAT`` is ours, for a
session's start ("Tuesday 1 December 2026, 14:00", "mardi 1er décembre 2026, 14 h 00"); French
writes times in text as "14 h 00". Names not set here fall back to Django's.
"""
