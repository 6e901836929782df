"""Make Django's CSRF origin check work with ``Referrer-Policy: no-referrer``.

Under that policy browsers send ``Origin: null`` on same-origin form posts, which
Django's origin check rejects. When the browser's Fetch Metadata says the request
came from our own origin (``Sec-Fetch-Site`` cannot be set by page scripts), the
null origin is replaced by our own before Django's CsrfViewMiddleware runs. The
CSRF token is still required as usual; a cross-site post keeps ``null`` and fails.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class NullOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)
