"""Cross-cutting request handling: session limits, deny-by-default routes, privacy headers, calm 503."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.core.outage import DATABASE_ERRORS
from waypoint.core.routes import access_for, user_has_role

Handler = Callable[[HttpRequest], HttpResponse]

SESSION_AUTH_AT = "waypoint_auth_at"
SESSION_SEEN_AT = "waypoint_seen_at"
# Activity is written back at most this often, to spare a session write per request.
SEEN_RESOLUTION_SECONDS = 30


class SessionLimitsMiddleware:
    """Sign out after SESSION_IDLE_SECONDS without activity, or SESSION_ABSOLUTE_SECONDS after sign-in."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = timezone.now().timestamp()
            auth_at = request.session.setdefault(SESSION_AUTH_AT, now)
            seen_at = request.session.get(SESSION_SEEN_AT, now)
            idle = now - seen_at > settings.SESSION_IDLE_SECONDS
            expired = now - auth_at > settings.SESSION_ABSOLUTE_SECONDS
            if idle or expired:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(minutes)s minutes without activity, to keep records safe.")
                    % {"minutes": settings.SESSION_IDLE_SECONDS // 60}
                    if idle
                    else _("You were signed out because your session reached its %(hours)s-hour limit.")
                    % {"hours": settings.SESSION_ABSOLUTE_SECONDS // 3600},
                )
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if now - seen_at >= SEEN_RESOLUTION_SECONDS or SESSION_SEEN_AT not in request.session:
                request.session[SESSION_SEEN_AT] = now
        return self.get_response(request)


class RouteAccessMiddleware:
    """Refuse any route without an access class; enforce classes given by URL prefix."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        access = access_for(view, request.path_info)
        if access is None or access.kind == "blocked":
            raise Http404
        if access.kind == "roles" and getattr(view, "access", None) is None:
            # Prefix-classified (for example Wagtail's admin): enforce here.
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not user_has_role(request, access):
                raise PermissionDenied
        return None


class PrivacyHeadersMiddleware:
    """No caching of anything a signed-in person sees; clear the browser on sign-out."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "waypoint_signed_out", False):
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
        if request.user.is_authenticated or getattr(request, "waypoint_signed_out", False):
            response["Cache-Control"] = "no-store, private"
            response["Pragma"] = "no-cache"
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
        return response


# Set on the request when an exception Django turned into a 500 response was a database error.
DATABASE_ERROR_ATTRIBUTE = "waypoint_database_error"


def database_unavailable_response() -> HttpResponse:
    # Rendered without the request: context processors would query the database.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "10"
    response["Cache-Control"] = "no-store"
    return response


def note_database_error(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    """got_request_exception receiver: remember that the request failed on the database.

    Django sends the signal from inside its ``except`` block, so the exception is the current one.
    """
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, DATABASE_ERROR_ATTRIBUTE, True)


got_request_exception.connect(note_database_error, dispatch_uid="waypoint.core.note_database_error")


class DatabaseUnavailableMiddleware:
    """A calm 503 page when the database is out of reach, instead of a stack trace, for everyone.

    It sits before the session, authentication and membership middlewares, which read the
    database before any view runs. Django turns an exception raised in a middleware into a
    500 response right there, so this one cannot simply catch it: it recognises those 500s by
    the mark ``note_database_error`` leaves on the request, catches what still reaches it (the
    500 handler failing too), and handles the view's own database errors in process_exception.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            response = self.get_response(request)
        except DATABASE_ERRORS:
            return database_unavailable_response()
        if response.status_code >= 500 and getattr(request, DATABASE_ERROR_ATTRIBUTE, False):
            return database_unavailable_response()
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable_response()
        return None
