"""A recent re-authentication, as allauth records it after its prompt, for tests of step-up pages."""

from __future__ import annotations

import time
from typing import Any

from django.test import Client


def stepped_up(client: Client, user: Any) -> Client:
    """Mark the client's session as re-authenticated just now (allauth's own session keys)."""
    session = client.session
    session["account_authentication_methods"] = [{"method": "password", "at": time.time(), "reauthenticated": True}]
    session["account_authentication_methods_user"] = str(user.pk)
    session.save()
    return client
