"""Demo learning-hub content: guides, workshops, contact requests (filled in by the learning capability)."""

from __future__ import annotations

from waypoint.accounts.models import Agency


def load(agencies: dict[str, Agency]) -> None:
    """Guides, workshops and requests for the demo. Idempotent."""
