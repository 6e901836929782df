"""Requests to Wagtail's admin (/cms/): keep the editor's Wagtail group in step with their role; relax CSP there only.

Why the CSP relaxation: Wagtail's admin sets ``style="..."`` attributes in its own
templates and widgets (the rich-text editor, choosers, progress bars), which a
``style-src 'self'`` policy blocks, leaving the editor broken. Only style-src is
widened, and only on /cms/ paths; scripts keep the nonce policy everywhere.
"""

from __future__ import annotations

from collections.abc import Callable

from csp.constants import SELF, UNSAFE_INLINE
from django.http import HttpRequest, HttpResponse

CMS_PREFIX = "/cms/"
CMS_CSP = {"style-src": [SELF, UNSAFE_INLINE]}


class CmsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        is_cms = request.path_info.startswith(CMS_PREFIX)
        if is_cms and request.user.is_authenticated:
            from waypoint.learning.services import editor_access_sync

            editor_access_sync(user=request.user)  # type: ignore[arg-type]
        response = self.get_response(request)
        if is_cms:
            response._csp_replace = CMS_CSP  # type: ignore[attr-defined]
        return response
