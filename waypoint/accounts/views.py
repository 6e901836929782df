"""Agency administration (members, invitations, approvals of record access) and accepting an invitation."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from waypoint.accounts import selectors, services
from waypoint.accounts.decorators import step_up_required
from waypoint.accounts.forms import AcceptInvitationForm, InvitationForm, ReactivationForm, RoleForm
from waypoint.accounts.models import Invitation, Membership, User
from waypoint.accounts.roles import Role
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import public, roles
from waypoint.people import selectors as people_selectors

AWAITS_APPROVAL = gettext_lazy(
    "%(email)s gets this role once a supervisor or another administrator approves it under Approvals: "
    "the role opens survivor records, and no one person alone may grant that."
)


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
        email = form.cleaned_data["email"]
        try:
            invitation = services.invitation_create(
                actor=request.user, agency=agency, email=email, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            form.add_error("email", exc)
        else:
            if invitation.awaits_approval:
                messages.success(request, str(AWAITS_APPROVAL) % {"email": email})
            else:
                messages.success(request, _("Invitation sent to %(email)s.") % {"email": email})
            return redirect("accounts:members")
    return render(
        request,
        "accounts/members.html",
        {
            "form": form,
            "memberships": selectors.agency_memberships(agency),
            "invitations": selectors.agency_pending_invitations(agency),
            "pending_member_ids": {r.membership_id for r in selectors.pending_role_requests(agency)},
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
            change = services.membership_change_role(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if change.awaits_approval:
                messages.success(request, str(AWAITS_APPROVAL) % {"email": membership.user.email})
            else:
                messages.success(request, _("Role changed for %(user)s.") % {"user": membership.user})
    return redirect("accounts:members")


@require_http_methods(["GET", "POST"])
@roles(Role.AGENCY_ADMIN)
def member_deactivate(request: AuthedHttpRequest, membership_id: str) -> HttpResponse:
    """GET says what leaving ends and asks to confirm (no script needed); POST deactivates."""
    membership = _membership_for(request, membership_id)
    if request.method == "POST":
        try:
            services.membership_deactivate(actor=request.user, membership=membership)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(user)s can no longer sign in to this agency.") % {"user": membership.user})
        return redirect("accounts:members")
    if not membership.is_active or membership.user_id == request.user.pk:
        return redirect("accounts:members")
    # Whether they belong to another agency is not this agency's business: the page says "if".
    return render(request, "accounts/member_deactivate.html", {"member": membership})


@require_http_methods(["GET", "POST"])
@roles(Role.AGENCY_ADMIN)
def member_reactivate(request: AuthedHttpRequest, membership_id: str) -> HttpResponse:
    """Bring back a member who left, without their caseload; a role that opens records waits for approval."""
    membership = _membership_for(request, membership_id)
    if membership.is_active:
        return redirect("accounts:members")
    form = ReactivationForm(request.POST or None, initial={"role": membership.role})
    if request.method == "POST" and form.is_valid():
        try:
            change = services.membership_reactivate(
                actor=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if change.awaits_approval:
                messages.success(request, str(AWAITS_APPROVAL) % {"email": membership.user.email})
            else:
                messages.success(request, _("%(user)s can sign in to this agency again.") % {"user": membership.user})
            return redirect("accounts:members")
    return render(request, "accounts/member_reactivate.html", {"member": membership, "form": form})


@require_POST
@roles(Role.AGENCY_ADMIN)
def invitation_revoke(request: AuthedHttpRequest, invitation_id: str) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=invitation_id, agency=request.membership.agency)
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, _("Invitation withdrawn."))
    return redirect("accounts:members")


@roles(Role.SUPERVISOR, Role.AGENCY_ADMIN)
def approvals(request: AuthedHttpRequest) -> HttpResponse:
    """Grants of record access waiting for a second person, the role log, and people left without a worker."""
    agency = request.membership.agency
    approver = services.is_approver(request.user, agency.pk)
    pending = [
        (r, services.may_decide(request.user, r, approver=approver)) for r in selectors.pending_role_requests(agency)
    ]
    is_supervisor = request.membership.role == Role.SUPERVISOR
    return render(
        request,
        "accounts/approvals.html",
        {
            "pending": pending,
            "role_log": selectors.role_log(agency),
            "log_days": 90,
            "unassigned": people_selectors.people_without_care_team(request.user) if is_supervisor else None,
        },
    )


@require_POST
@roles(Role.SUPERVISOR, Role.AGENCY_ADMIN)
@step_up_required
def role_request_decide(request: AuthedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    role_request = selectors.role_request_in(request.membership.agency, request_id)
    if role_request is None:
        raise Http404
    approve = request.POST.get("decision") == "approve"
    try:
        services.role_request_decide(actor=request.user, request=role_request, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if approve:
            messages.success(request, _("Approved for %(email)s.") % {"email": role_request.subject_email})
        else:
            messages.success(request, _("Refused for %(email)s.") % {"email": role_request.subject_email})
    return redirect("accounts:approvals")


@public
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Join an agency. Nobody is signed in here: a newcomer signs in next; an existing user accepts from their session."""
    invitation = services.invitation_for_token(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    existing = User.objects.filter(email=invitation.email).first()
    if existing is None:
        return _accept_as_newcomer(request, invitation)
    return _accept_as_existing_user(request, invitation, existing)


def _accept_as_newcomer(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = AcceptInvitationForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_accept_new(
                invitation=invitation,
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        messages.success(
            request,
            _("Your account is ready. Sign in with your new password; next you will set up two-step verification."),
        )
        return redirect("account_login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})


def _accept_as_existing_user(request: HttpRequest, invitation: Invitation, owner: User) -> HttpResponse:
    here = request.get_full_path()
    signed_in_as_owner = request.user.is_authenticated and request.user.pk == owner.pk
    if request.method == "POST" and signed_in_as_owner:
        try:
            services.invitation_accept_existing(invitation=invitation, user=owner)
        except ValidationError:
            return render(request, "accounts/invitation_invalid.html", status=404)
        messages.success(
            request,
            _("You joined %(agency)s as %(role)s.")
            % {"agency": invitation.agency.name, "role": invitation.get_role_display()},
        )
        return redirect("home")
    if request.method == "POST" and not request.user.is_authenticated and not owner.is_active:
        services.invitation_reopen_account(invitation=invitation)
        return redirect(f"{reverse('account_login')}?{urlencode({'next': here})}")
    return render(
        request,
        "accounts/invitation_existing.html",
        {
            "invitation": invitation,
            "signed_in_as_owner": signed_in_as_owner,
            "signed_in_as_other": request.user.is_authenticated and not signed_in_as_owner,
            "account_closed": not owner.is_active,
            "login_url": f"{reverse('account_login')}?{urlencode({'next': here})}",
        },
    )
