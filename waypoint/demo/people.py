"""Demo survivor records (filled in by the survivor-records capability)."""

from __future__ import annotations

from waypoint.accounts.models import Agency


def load(agencies: dict[str, Agency]) -> None:
    """Fictional people for the demo agency. Idempotent."""
