"""CSRF: the origin check under ``Referrer-Policy: no-referrer``, and what a failed check shows.

Under that policy browsers send ``Origin: null`` on same-origin form posts, which
Django's origin check rejects. When the browser's Fetch Metadata says the request
came from our own origin (``Sec-Fetch-Site`` cannot be set by page scripts), the
null origin is replaced by our own before Django's CsrfViewMiddleware runs. The
CSRF token is still required as usual; a cross-site post keeps ``null`` and fails.

When the token or cookie had expired on a public form (a page left open for hours),
the visitor gets the form back with what they typed and a fresh token, so nothing
typed is lost; apps register those forms with ``register_resendable_form``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from waypoint.core.honeypot import FIELD_NAME as HONEYPOT_FIELD


class NullOriginMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("HTTP_ORIGIN") == "null" and request.META.get("HTTP_SEC_FETCH_SITE") == "same-origin":
            request.META["HTTP_ORIGIN"] = f"{request.scheme}://{request.get_host()}"
        return self.get_response(request)


# --- Forms shown again after a failed check -------------------------------------------

# Words of the page shown again; core's catalogue holds them.
RESEND_NOTICE = _(
    "Your page was open a long time, so for your safety we did not send it. Check what you wrote and send it again."
)

FormPage = Callable[..., HttpResponse]
"""Renders a route's form page with the given form: ``page(request, form, **url_kwargs)``."""


@dataclass(frozen=True)
class ResendableForm:
    form_class: type[forms.Form]
    page: FormPage


_resendable: dict[str, ResendableForm] = {}


def register_resendable_form(view_name: str, *, form_class: type[forms.Form], page: FormPage) -> None:
    """Let the public form at ``view_name`` ("app:route") come back with what was typed after a failed check.

    Only public forms without secrets belong here: an app calls this from its AppConfig.ready().
    """
    _resendable[view_name] = ResendableForm(form_class=form_class, page=page)


def _typed_values(request: HttpRequest, form_class: type[forms.Form]) -> dict[str, object]:
    """What was posted for the form's own fields, read as each widget reads it; never the honeypot nor a password."""
    values: dict[str, object] = {}
    for name, field in form_class.base_fields.items():
        if name == HONEYPOT_FIELD or isinstance(field.widget, forms.PasswordInput):
            continue
        values[name] = field.widget.value_from_datadict(request.POST, request.FILES, name)
    return values


def _resend_page(request: HttpRequest, reason: str) -> HttpResponse | None:
    # A failed origin or referer check may be another site posting here: it gets the plain page,
    # so nobody can hand our visitors a form filled in with someone else's words.
    if request.method != "POST" or not reason.startswith("CSRF "):
        return None
    match = request.resolver_match
    entry = _resendable.get(match.view_name) if match is not None else None
    if match is None or entry is None:
        return None
    # What was typed comes back as the fields' starting values: shown, but not validated, because
    # the visitor did nothing wrong and should not meet error messages.
    form = entry.form_class(initial=_typed_values(request, entry.form_class))
    messages.warning(request, RESEND_NOTICE)
    response = entry.page(request, form, **match.kwargs)
    response.status_code = 403
    return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: a registered public form comes back with what was typed; anything else
    gets the "form had expired" page. Nothing is saved either way."""
    return _resend_page(request, reason) or render(request, "403_csrf.html", status=403)
