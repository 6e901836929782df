"""Site-wide views: the home page, session keep-alive, language choice and error pages."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from waypoint.core import csrf
from waypoint.core.middleware import SESSION_SEEN_AT
from waypoint.core.routes import public, signed_in


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


@require_POST
@signed_in
def keepalive(request: HttpRequest) -> HttpResponse:
    """Called by the "stay signed in" button; counts as activity."""
    request.session[SESSION_SEEN_AT] = timezone.now().timestamp()
    return JsonResponse({"ok": True})


set_language = public(django_set_language)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: whatever failed may fail again while rendering.
    from django.template.loader import render_to_string

    return HttpResponse(render_to_string("500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return csrf.csrf_failure(request, reason)
