"""Step-up re-authentication for sensitive actions (exports, consent changes, break the glass)."""

from __future__ import annotations

import functools
from collections.abc import Callable

from allauth.account.decorators import reauthentication_required
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]
# A view's checked fetch: the objects the view needs (passed on after the request), or the answer itself
# (a 403 page, a redirect); a 404 is raised.
Gate = Callable[..., "tuple[object, ...] | HttpResponse"]


def step_up_required(view: View) -> View:
    """Ask for the password or a second factor again unless the person re-entered one in the last 5 minutes.

    Signing in does not count: allauth only counts an explicit re-authentication,
    so a sensitive action always follows a deliberate confirmation. Applies to
    every method, GET included (the sensitive thing may be a download). The window
    is ACCOUNT_REAUTHENTICATION_TIMEOUT; allauth shows the prompt and returns here.
    """
    guarded: View = reauthentication_required(view, allow_get=False)
    return guarded


def step_up_after(gate: Gate) -> Callable[[View], View]:
    """Run ``gate`` (the checked fetch) first, then ask for step-up, then the view with what the gate fetched.

    So someone asking for a record they may not see gets the gate's 404 (or its 403 page) without
    being asked for a password, which would confirm the record exists. The decorated view receives
    ``(request, *fetched)`` instead of the URL's arguments::

        @roles(Role.ADVOCATE)
        @step_up_after(_release_gate)      # (request, person_id, release_id) -> (person, release) | response
        def release_revoke(request, person, release): ...
    """

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def gated(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            fetched = gate(request, *args, **kwargs)
            if isinstance(fetched, HttpResponse):
                return fetched
            return step_up_required(view)(request, *fetched)

        return gated

    return decorate
