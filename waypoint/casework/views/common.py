"""What every casework view shares: rendering in the agency's time zone, the calm 404, and today's date."""

from __future__ import annotations

import datetime

from waypoint.core.http import AuthedHttpRequest
from waypoint.people.models import agency_today
from waypoint.people.views import _record_not_found as record_not_found
from waypoint.people.views import render

__all__ = ["record_not_found", "render", "today_for"]


def today_for(request: AuthedHttpRequest) -> datetime.date:
    """Today where the signed-in member's agency is."""
    return agency_today(request.membership.agency)
