"""Test helpers: a recent re-authentication for step-up pages, and requests that leave no trace."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.test import Client

from waypoint.testing.stepup import stepped_up  # noqa: F401  (re-exported for the people tests)


def rolled_back(client: Client, method: str, url: str, data: dict | None = None) -> Any:
    """Make a request inside a savepoint that is rolled back, so one test can try many writes."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        transaction.set_rollback(True)
    return response
