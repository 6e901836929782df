"""A session row with the signed-in user's id in an indexed column (Django's documented extension point).

Django's own table keeps the user only inside the encoded session data, so finding
one user's sessions means decoding every live one. Here the session store copies
the user id into ``user`` each time it saves the session. Nothing else is stored:
no IP address, no user agent (docs/decisions/0003-sessions-by-user.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class UserSession(AbstractBaseSession):
    # Null for a session nobody has signed in to (the sign-in page's CSRF and language, say).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=True
    )

    class Meta(AbstractBaseSession.Meta):
        db_table = "waypoint_session"

    @classmethod
    def get_session_store_class(cls) -> Any:
        from waypoint.sessions.backend import SessionStore

        return SessionStore
