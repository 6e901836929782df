"""French (Canada) formats; see waypoint/formats/__init__.py. The "1er" comes from the long_date filter.

Times in text read "14 h 00", as the Office québécois de la langue française writes them; the
spaces are non-breaking so "14 h 00" never splits across lines. Short forms stay ISO (14:00).
"""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, G\u00a0\\h\u00a0i"
WEEKDAY_DATETIME_FORMAT = "l j F Y, G\u00a0\\h\u00a0i"
TIME_FORMAT = "G\u00a0\\h\u00a0i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 0  # Sunday, as calendars in Canada show it
DATE_INPUT_FORMATS = ["%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]
