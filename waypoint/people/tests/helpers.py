"""Test helpers: a recent re-authentication for step-up pages, and requests that leave no trace."""

from __future__ import annotations

import time
from typing import Any

from django.db import transaction
from django.test import Client


def stepped_up(client: Client, user: Any) -> Client:
    """Mark the session as re-authenticated just now, as allauth does after a password prompt."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client


def rolled_back(client: Client, method: str, url: str, data: dict | None = None) -> Any:
    """Make a request inside a savepoint that is rolled back, so one test can try many writes."""
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, data or {})
        transaction.set_rollback(True)
    return response
