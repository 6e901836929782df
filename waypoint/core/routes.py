"""Every route declares who may reach it; anything undeclared is refused.

Views declare their class with one of three decorators, which both enforce and
record it (``view.access``)::

    @public                      anyone, signed in or not
    @signed_in                   any active, signed-in user
    @roles(Role.ADVOCATE, ...)   a signed-in user whose membership has one of the roles

Views we do not write (allauth, Wagtail) are classified by URL prefix in
``PREFIX_ACCESS``. ``RouteAccessMiddleware`` answers 404 for a route with no
class at all, and a test walks every URL pattern to keep it that way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from waypoint.accounts.roles import CMS_EDITOR_ROLES


@dataclass(frozen=True)
class Access:
    kind: str  # "public", "signed_in", "roles", "self_guarded", "blocked"
    roles: frozenset[str] = field(default_factory=frozenset)
    # Members of partner agencies hold roles only towards referrals sent to them.
    partner_agencies: bool = True

    def describe(self) -> str:
        return self.kind if self.kind != "roles" else "roles:" + ",".join(sorted(self.roles))


PUBLIC = Access("public")
SIGNED_IN = Access("signed_in")
# A third-party view that checks sign-in itself (allauth's account pages).
SELF_GUARDED = Access("self_guarded")
# A third-party route we never serve (answers 404 for everyone).
BLOCKED = Access("blocked")


def role_access(*names: str, partner_agencies: bool = True) -> Access:
    return Access("roles", frozenset(names), partner_agencies)


View = Callable[..., HttpResponse]


def _mark(view: View, access: Access) -> View:
    view.access = access  # type: ignore[attr-defined]
    return view


def public(view: View) -> View:
    return _mark(view, PUBLIC)


def signed_in(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        return view(request, *args, **kwargs)

    return _mark(wrapper, SIGNED_IN)


def roles(*names: str) -> Callable[[View], View]:
    access = role_access(*names)

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not user_has_role(request, access):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return _mark(wrapper, access)

    return decorator


def user_has_role(request: HttpRequest, access: Access) -> bool:
    membership = getattr(request, "membership", None)
    if membership is None or membership.role not in access.roles:
        return False
    return access.partner_agencies or not membership.agency.is_partner


# Routes we include from other packages, classified by where they are mounted.
# Longest prefix wins; the route test checks that every such route is covered.
PREFIX_ACCESS: list[tuple[str, Access]] = [
    ("/accounts/", SELF_GUARDED),
    ("/cms/", role_access(*CMS_EDITOR_ROLES, partner_agencies=False)),
    # Wagtail's deliberate-crash page for testing error reporting.
    ("/cms/failwhale/", BLOCKED),
    ("/documents/", PUBLIC),
    ("/static/", PUBLIC),
]


def access_for_path(path: str) -> Access | None:
    matches = [(prefix, access) for prefix, access in PREFIX_ACCESS if path.startswith(prefix)]
    if not matches:
        return None
    return max(matches, key=lambda item: len(item[0]))[1]


def access_for(view: Any, path: str) -> Access | None:
    declared = getattr(view, "access", None)
    if declared is None:
        # Class-based views wrapped by as_view() keep the class on view_class.
        declared = getattr(getattr(view, "view_class", None), "access", None)
    return declared or access_for_path(path)
