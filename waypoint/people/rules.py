"""Rules about survivor records that need no database: shared by forms, selectors and services."""

from __future__ import annotations

import datetime
from typing import Any

from waypoint.core.crypto import blind_index

# Person fields a form may set (besides the alias); each one optional and may be declined.
OPTIONAL_FIELDS = (
    "legal_name",
    "date_of_birth",
    "age_band",
    "pronouns",
    "gender",
    "languages",
    "interpreter",
    "indigenous_identity",
    "immigration_status",
    "accessibility_needs",
)


def name_dob_index(legal_name: str, date_of_birth: datetime.date | None, *, agency_id: Any) -> str:
    """The agency's own blind index of a legal name + date of birth ("" unless both are given).

    Keyed per agency, so the same person known to two agencies cannot be linked through the index.
    """
    if not legal_name or not legal_name.strip() or date_of_birth is None:
        return ""
    return blind_index(legal_name, date_of_birth.isoformat(), purpose="person.name_dob", scope=str(agency_id))


def one_year_after(day: datetime.date) -> datetime.date:
    """The same day a year later; 29 February falls back to 28 February (as PostgreSQL's intervals do)."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


def release_latest_expiry(given_on: datetime.date) -> datetime.date:
    """The last day a release may run: 12 calendar months after it was given."""
    return one_year_after(given_on)
