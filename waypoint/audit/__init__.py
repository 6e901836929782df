"""The append-only, hash-chained audit log. ``audit.record(...)`` is its only writer."""

from __future__ import annotations

from typing import Any


def record(**kwargs: Any) -> Any:
    """Shortcut for ``waypoint.audit.services.record`` (imported late: this package loads before models)."""
    from waypoint.audit.services import record as _record

    return _record(**kwargs)
