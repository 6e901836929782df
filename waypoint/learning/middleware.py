"""Requests to Wagtail's admin (/cms/): keep the editor's Wagtail group in step with their role; relax CSP there only.

Why the CSP is relaxed on /cms/ (and nowhere else):

- Wagtail 8's admin writes small inline scripts into its pages (the date-time
  chooser set-up, InlinePanel for workshop sessions) and sets ``style`` attributes
  from its widgets, so ``script-src 'self' 'nonce-…'`` and ``style-src 'self'``
  leave the editor broken. On /cms/ only, both allow ``'unsafe-inline'``.
- Its preview panel shows the page in a same-origin iframe, so /cms/ responses
  may be framed by the same origin (``frame-ancestors 'self'``, SAMEORIGIN).

The admin is reachable only by content editors and agency administrators, and
Wagtail escapes what editors type. Every public page keeps the strict policy.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from django.http import HttpRequest, HttpResponse

from waypoint.accounts.models import User

CMS_PREFIX = "/cms/"
CMS_CSP = {
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "frame-ancestors": [SELF],
}


class CmsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_cms = request.path_info.startswith(CMS_PREFIX)
        user = request.user
        if is_cms and isinstance(user, User):
            from waypoint.learning.services import editor_access_sync

            editor_access_sync(user=user)
        response = self.get_response(request)
        if is_cms:
            # django-csp reads this attribute to replace directives for one response (its documented hook).
            response._csp_replace = CMS_CSP  # type: ignore[attr-defined]
            response["X-Frame-Options"] = "SAMEORIGIN"
        return response
