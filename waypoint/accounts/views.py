"""Agency administration (members, invitations) and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from waypoint.accounts import selectors, services
from waypoint.accounts.forms import AcceptInvitationForm, InvitationForm, RoleForm
from waypoint.accounts.models import Invitation, Membership
from waypoint.accounts.roles import Role
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import public, roles


def _membership_for(request: AuthedHttpRequest, membership_id: str) -> Membership:
    # Same answer for "missing" and "another agency's": 404.
    return get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, agency=request.membership.agency
    )


@roles(Role.AGENCY_ADMIN)
def members(request: AuthedHttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user,
                agency=agency,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": form.cleaned_data["email"]})
            return redirect("accounts:members")
    return render(
        request,
        "accounts/members.html",
        {
            "form": form,
            "memberships": selectors.agency_memberships(agency),
            "invitations": selectors.agency_pending_invitations(agency),
            "role_choices": Role.choices,
            "now": timezone.now(),
        },
    )


@require_POST
@roles(Role.AGENCY_ADMIN)
def member_role(request: AuthedHttpRequest, membership_id: str) -> HttpResponse:
    membership = _membership_for(request, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(actor=request.user, membership=membership, role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Role changed for %(user)s.") % {"user": membership.user})
    return redirect("accounts:members")


@require_POST
@roles(Role.AGENCY_ADMIN)
def member_deactivate(request: AuthedHttpRequest, membership_id: str) -> HttpResponse:
    membership = _membership_for(request, membership_id)
    try:
        services.membership_deactivate(actor=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(user)s can no longer sign in to this agency.") % {"user": membership.user})
    return redirect("accounts:members")


@require_POST
@roles(Role.AGENCY_ADMIN)
def invitation_revoke(request: AuthedHttpRequest, invitation_id: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, agency=request.membership.agency)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:members")


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Welcome to Waypoint. Next, set up two-step verification."))
        return redirect("home")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
