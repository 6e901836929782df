"""Audit sign-in, sign-out, failed sign-in and MFA changes.

Signals are the only hook Django and allauth give for these events; the
receivers only record, they hold no business rules.
"""

from __future__ import annotations

from typing import Any

from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.dispatch import receiver
from django.utils import timezone

from waypoint import audit
from waypoint.accounts.selectors import current_membership
from waypoint.core.middleware import SESSION_AUTH_AT, SESSION_SEEN_AT


def _agency_id(user: Any) -> Any:
    membership = current_membership(user)
    return membership.agency_id if membership else None


@receiver(auth_signals.user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = timezone.now().timestamp()
        request.session[SESSION_AUTH_AT] = now
        request.session[SESSION_SEEN_AT] = now
    audit.record(action="auth.signed_in", actor=user, agency=_agency_id(user))


@receiver(auth_signals.user_logged_out)
def on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None:
        request.waypoint_signed_out = True
    if user is not None:
        audit.record(action="auth.signed_out", actor=user, agency=_agency_id(user))


@receiver(auth_signals.user_login_failed)
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # The e-mail typed is PII and may not even be a user's: record only that a failure happened.
    audit.record(action="auth.sign_in_failed")


@receiver(mfa_signals.authenticator_added)
def on_mfa_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit.record(action="mfa.added", actor=user, agency=_agency_id(user), detail={"type": authenticator.type})


@receiver(mfa_signals.authenticator_removed)
def on_mfa_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit.record(action="mfa.removed", actor=user, agency=_agency_id(user), detail={"type": authenticator.type})


@receiver(mfa_signals.authenticator_reset)
def on_mfa_reset(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit.record(action="mfa.reset", actor=user, agency=_agency_id(user), detail={"type": authenticator.type})
