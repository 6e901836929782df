"""System checks for settings that would be dangerous in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def demo_mode_off_in_production(app_configs: Any, **kwargs: Any) -> list[checks.CheckMessage]:
    if settings.PRODUCTION and settings.DEMO_MODE:
        return [
            checks.Error(
                "Demo mode (WAYPOINT_DEMO) is on in production: it relaxes MFA.",
                hint="Unset WAYPOINT_DEMO.",
                id="waypoint.E001",
            )
        ]
    return []
