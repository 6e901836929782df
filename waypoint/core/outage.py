"""What counts as the database being out of reach, and how an outage is logged.

Kept apart from the middleware because logging is configured before Django's apps are ready,
and this module must import nothing that needs them.
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS = (OperationalError, InterfaceError)


class DatabaseOutageLogFilter(logging.Filter):
    """On ``django.request``: an outage is a warning with one line of cause, not an "Internal Server Error".

    Django logs a database error raised in a middleware as a 500 with its traceback before this
    middleware turns it into the calm 503; during an outage that is one stack trace per request,
    which buries the real defects. The answer the person got (503) is logged as a warning too.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, DATABASE_ERRORS):
            cause = (str(error).strip().splitlines() or [type(error).__name__])[0]
            record.msg, record.args, record.exc_info, record.exc_text = (
                "Database unavailable: %s (%s)",
                (
                    getattr(getattr(record, "request", None), "path", "?"),
                    cause,
                ),
                None,
                None,
            )
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        elif getattr(record, "status_code", None) == 503:
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True
