"""Start-up wiring: shipped definitions get their rows after migrate, and responses join the person's history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy


def sync_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    from waypoint.instruments.services import sync_shipped_definitions

    sync_shipped_definitions(using=using)


def register_history() -> None:
    """Supervisors see a response's versions on the person's history page; a purge deletes them with the record."""
    from waypoint.instruments.models import Response
    from waypoint.people.selectors import register_history_source

    register_history_source("instrument_response", Response, gettext_lazy("Questionnaire"))
