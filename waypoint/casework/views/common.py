"""What every casework view shares: rendering in the agency's time zone, the calm 404, today's date, and the
kind of contact the worker logged last (the quick add's default)."""

from __future__ import annotations

import datetime

from waypoint.casework.models import EncounterKind
from waypoint.casework.services import encounters
from waypoint.core.http import AuthedHttpRequest
from waypoint.people.models import agency_today
from waypoint.people.views import _record_not_found as record_not_found
from waypoint.people.views import render

__all__ = ["last_kind", "record_not_found", "remember_kind", "render", "today_for"]

_LAST_KIND = "casework.last_kind"


def today_for(request: AuthedHttpRequest) -> datetime.date:
    """Today where the signed-in member's agency is."""
    return agency_today(request.membership.agency)


def last_kind(request: AuthedHttpRequest) -> str:
    """The kind of contact this worker logged last: kept in the session once read from their entries.

    Reading it through the gate was a fifth of the person page's time; the session is loaded anyway.
    """
    kind = request.session.get(_LAST_KIND)
    if kind not in EncounterKind.values:
        kind = encounters.last_kind_used(request.user)
        request.session[_LAST_KIND] = kind
    return str(kind)


def remember_kind(request: AuthedHttpRequest, kind: str) -> None:
    if request.session.get(_LAST_KIND) != kind:
        request.session[_LAST_KIND] = kind
