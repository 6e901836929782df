"""Attach the signed-in user's membership to the request, and hold users without MFA at MFA set-up."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.accounts.roles import MFA_EXEMPT_ROLES
from waypoint.accounts.selectors import active_memberships

Handler = Callable[[HttpRequest], HttpResponse]

# Pages a signed-in user without MFA may still reach: setting MFA up, signing out, the language.
MFA_SETUP_ROUTES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_reauthenticate",
        "account_reauthenticate",
        "account_logout",
        "set_language",
        "session_keepalive",
    }
)


class MembershipMiddleware:
    """``request.membership`` for the signed-in user, and times shown in their agency's zone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        memberships = []
        if isinstance(request.user, User) and request.user.is_authenticated:
            memberships = list(active_memberships(request.user))
        # The first is the current membership (``accounts.selectors.current_membership``).
        request.membership = memberships[0] if memberships else None  # type: ignore[attr-defined]
        # Exempt from MFA only when every role the account holds is: one clinical membership anywhere
        # (the gate reads all of them) means the account guards survivor records.
        request.mfa_exempt = bool(memberships) and all(m.role in MFA_EXEMPT_ROLES for m in memberships)  # type: ignore[attr-defined]
        if request.membership is not None:  # type: ignore[attr-defined]
            timezone.activate(ZoneInfo(request.membership.agency.time_zone))  # type: ignore[attr-defined]
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()


def mfa_required(request: HttpRequest) -> bool:
    return not getattr(request, "mfa_exempt", False)


class MFARequiredMiddleware:
    """allauth offers MFA but cannot require it; this sends users without it to set-up, everywhere."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.user.is_authenticated
            and not settings.DEMO_MODE
            and mfa_required(request)
            and not self._is_setup_route(request)
            and not is_mfa_enabled(request.user)
        ):
            messages.warning(
                request,
                _("Set up two-step verification before you continue. It protects the people whose records you hold."),
            )
            return redirect("mfa_index")
        return self.get_response(request)

    @staticmethod
    def _is_setup_route(request: HttpRequest) -> bool:
        if request.path_info.startswith(settings.STATIC_URL):
            return True
        try:
            return resolve(request.path_info).url_name in MFA_SETUP_ROUTES
        except Resolver404:
            return False
