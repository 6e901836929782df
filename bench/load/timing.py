"""Per-request timing for the load test: server time and time spent waiting for the audit chain's lock.

Installed by bench/load/settings.py only. Each response carries
``X-Waypoint-Server-Ms`` (from this middleware's start to its end: the whole
middleware stack and the view, not gunicorn's queue) and ``X-Waypoint-Lock-Ms``
(the summed duration of the request's ``pg_advisory_xact_lock`` statements, which
is the wait for the lock plus one round trip). The locust file reads them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse

LOCK_STATEMENT = "pg_advisory_xact_lock"


class ServerTimingMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        lock = [0.0, 0]

        def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            if LOCK_STATEMENT not in sql:
                return execute(sql, params, many, context)
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                lock[0] += time.perf_counter() - started
                lock[1] += 1

        started = time.perf_counter()
        with connection.execute_wrapper(timed):
            response = self.get_response(request)
        response["X-Waypoint-Server-Ms"] = f"{(time.perf_counter() - started) * 1000:.2f}"
        response["X-Waypoint-Lock-Ms"] = f"{lock[0] * 1000:.2f}"
        response["X-Waypoint-Lock-Count"] = str(lock[1])
        return response
