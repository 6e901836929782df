"""The append-only, hash-chained audit log. ``audit.record(...)`` is its only writer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Callers are checked against the real signature.
    from waypoint.audit.services import record as record
else:

    def record(**kwargs: Any) -> Any:
        """``waypoint.audit.services.record``, imported late: this package loads before the models."""
        from waypoint.audit.services import record as _record

        return _record(**kwargs)
