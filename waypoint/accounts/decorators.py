"""Step-up re-authentication for sensitive actions (exports, consent changes, break the glass)."""

from __future__ import annotations

from collections.abc import Callable

from allauth.account.decorators import reauthentication_required
from django.http import HttpResponse

View = Callable[..., HttpResponse]


def step_up_required(view: View) -> View:
    """Ask for the password or a second factor again unless the person re-entered one in the last 5 minutes.

    Signing in does not count: allauth only counts an explicit re-authentication,
    so a sensitive action always follows a deliberate confirmation. Applies to
    every method, GET included (the sensitive thing may be a download). The window
    is ACCOUNT_REAUTHENTICATION_TIMEOUT; allauth shows the prompt and returns here.
    """
    guarded: View = reauthentication_required(view, allow_get=False)
    return guarded
