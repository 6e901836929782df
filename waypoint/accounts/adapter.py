"""allauth adapter: no public sign-up (people join by invitation only); the profile's language at sign-in."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest, HttpResponse


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        response = super().post_login(request, user, **kwargs)
        if getattr(user, "language", ""):
            from waypoint.accounts.profile import language_cookie

            language_cookie(response, user.language)
        return response
