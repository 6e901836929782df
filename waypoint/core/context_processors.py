"""Values every template needs: demo banner, session timing, the signed-in membership."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def waypoint(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "quick_exit_url": settings.WAYPOINT_QUICK_EXIT_URL,
        "session_idle_seconds": settings.SESSION_IDLE_SECONDS,
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
        "membership": getattr(request, "membership", None),
    }
