"""Request types for views behind ``@signed_in`` or ``@roles``: the user is real and has a membership."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from waypoint.accounts.models import Membership, User


class AuthedHttpRequest(HttpRequest):
    """Annotate views with this after a sign-in decorator; the middleware sets ``membership``."""

    user: User  # type: ignore[assignment]
    membership: Membership
