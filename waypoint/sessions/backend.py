"""SESSION_ENGINE = "waypoint.sessions.backend": Django's database sessions, with the user id in its own column."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, cast

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseStore

if TYPE_CHECKING:
    from waypoint.sessions.models import UserSession


class SessionStore(DatabaseStore):
    @classmethod
    def get_model_class(cls) -> Any:
        from waypoint.sessions.models import UserSession

        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> UserSession:
        """The row to save, with ``user_id`` taken from the session's signed-in user (None when nobody is)."""
        instance = cast("UserSession", super().create_model_instance(data))
        try:
            instance.user_id = uuid.UUID(str(data[SESSION_KEY]))
        except (KeyError, ValueError):
            instance.user_id = None
        return instance


def end_sessions_of(user_id: Any) -> int:
    """Delete every session of the user, expired or not, in one statement on the indexed column."""
    model = SessionStore.get_model_class()
    deleted, _by_model = model.objects.filter(user_id=user_id).delete()
    return int(deleted)
