"""Writes for accounts: invitations, role changes and their approval, leaving and coming back.

Each audits in the same transaction.

Two rules run through this file (docs/security.md, "Accounts"):

* an invitation never signs anyone in and never touches an existing account's
  password: a newcomer chooses a password and then signs in through allauth (and
  sets up two-step verification); someone who already has an account signs in as
  usual and accepts from inside their session;
* no one person alone gives anyone access to survivor records: an invitation or a
  role change that opens records (``roles.grants_record_access``) waits for a
  second person, a supervisor of the agency or another administrator.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import DEFAULT_TIME_ZONE, Agency, Invitation, Membership, RoleRequest, User
from waypoint.accounts.roles import Role, grants_record_access
from waypoint.people.services import care as people_care
from waypoint.sessions.backend import end_sessions_of

APPROVER_ROLES = frozenset({Role.SUPERVISOR, Role.AGENCY_ADMIN})


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def site_link(path: str) -> str:
    """An absolute link on the site's configured address, never on whatever Host a request named."""
    return (settings.WAGTAILADMIN_BASE_URL or "").rstrip("/") + path


def _is_admin_of(user: User, agency: Agency) -> bool:
    return Membership.objects.filter(user=user, agency=agency, role=Role.AGENCY_ADMIN, is_active=True).exists()


def _send_invitation(invitation: Invitation) -> None:
    """Give the invitation a fresh link and e-mail it; the message holds the only copy of the token."""
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at", "updated_at"])
    context = {
        "agency": invitation.agency,
        "link": site_link(reverse("accounts:invitation_accept", args=[token])),
        "days": settings.INVITATION_DAYS,
        "role": invitation.get_role_display(),
        "has_account": User.objects.filter(email=invitation.email).exists(),
    }
    body = render_to_string("accounts/email/invitation.txt", context)
    email = invitation.email
    transaction.on_commit(lambda: send_mail(_("You are invited to Waypoint"), body, None, [email]))


def invitation_create(*, actor: User, agency: Agency, email: str, role: str) -> Invitation:
    """Invite someone to the actor's own agency; a role that opens records waits for approval first."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if not _is_admin_of(actor, agency):
        raise ValidationError(_("You can invite people only to an agency you administer."))
    if Membership.objects.filter(agency=agency, user__email=email, is_active=True).exists():
        raise ValidationError(_("This person already belongs to the agency."))
    needs_approval = grants_record_access(None, role)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            agency=agency,
            email=email,
            role=role,
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        audit.record(
            action="invitation.created",
            actor=actor,
            agency=agency,
            target=invitation,
            detail={"role": role, "awaits_approval": needs_approval},
        )
        if needs_approval:
            _open_request(actor=actor, agency=agency, role=role, invitation=invitation)
        else:
            _send_invitation(invitation)
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("agency").filter(token_hash=token_hash(token)).first()
    return invitation if invitation and invitation.is_usable else None


def _locked_usable(invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().select_related("agency").get(pk=invitation.pk)
    if not invitation.is_usable:
        raise ValidationError(_("This invitation has expired or was already used. Ask your agency for a new one."))
    return invitation


def _join(*, invitation: Invitation, user: User) -> Membership:
    membership, _created = Membership.objects.update_or_create(
        user=user, agency=invitation.agency, defaults={"role": invitation.role, "is_active": True}
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at", "updated_at"])
    audit.record(
        action="invitation.accepted",
        actor=user,
        agency=invitation.agency,
        target=invitation,
        detail={"role": invitation.role},
    )
    context = {"agency": invitation.agency, "role": invitation.get_role_display(), "link": site_link(reverse("home"))}
    body = render_to_string("accounts/email/joined.txt", context)
    address = user.email
    transaction.on_commit(lambda: send_mail(_("You joined an agency on Waypoint"), body, None, [address]))
    return membership


def invitation_accept_new(*, invitation: Invitation, display_name: str, password: str) -> User:
    """A newcomer's account and membership. Nobody is signed in: they sign in next, through allauth."""
    with transaction.atomic():
        invitation = _locked_usable(invitation)
        if User.objects.filter(email=invitation.email).exists():
            raise ValidationError(_("This address already has an account. Sign in with it to accept."))
        user = User.objects.create_user(invitation.email, password, display_name=display_name)
        _join(invitation=invitation, user=user)
    return user


def invitation_accept_existing(*, invitation: Invitation, user: User) -> Membership:
    """The signed-in owner of the invited address joins; their password and second factor are untouched."""
    with transaction.atomic():
        invitation = _locked_usable(invitation)
        if not user.is_active or user.email.lower() != invitation.email:
            raise ValidationError(_("This invitation is for a different account."))
        return _join(invitation=invitation, user=user)


def invitation_reopen_account(*, invitation: Invitation) -> User:
    """Let a closed account sign in again so its owner can accept; it gains no membership and no password."""
    with transaction.atomic():
        invitation = _locked_usable(invitation)
        user = User.objects.select_for_update().get(email=invitation.email)
        if not user.is_active:
            user.is_active = True
            user.save(update_fields=["is_active", "updated_at"])
            audit.record(action="user.reopened_for_invitation", agency=invitation.agency, target=user)
    return user


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        _withdraw_open_requests(RoleRequest.objects.filter(invitation=invitation))
        audit.record(action="invitation.revoked", actor=actor, agency=invitation.agency_id, target=invitation)


def _open_request(
    *,
    actor: User,
    agency: Agency,
    role: str,
    invitation: Invitation | None = None,
    membership: Membership | None = None,
) -> RoleRequest:
    request = RoleRequest.objects.create(
        agency=agency,
        invitation=invitation,
        membership=membership,
        role=role,
        previous_role=membership.role if membership else "",
        requested_by=actor,
    )
    audit.record(
        action="role_request.opened",
        actor=actor,
        agency=agency,
        target=request,
        detail={"role": role, "from": request.previous_role},
    )
    return request


def _withdraw_open_requests(requests: QuerySet[RoleRequest]) -> int:
    return requests.filter(decision=RoleRequest.Decision.PENDING).update(
        decision=RoleRequest.Decision.WITHDRAWN, decided_at=timezone.now()
    )


@dataclass(frozen=True)
class RoleChange:
    membership: Membership
    awaits_approval: bool


def membership_change_role(*, actor: User, membership: Membership, role: str) -> RoleChange:
    """Change a role at once, or, when the new role opens records, ask a second person to approve it."""
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot change your own role; ask another administrator."))
    if not membership.is_active:
        raise ValidationError(_("This membership is deactivated."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        # A new decision replaces any request still open for this membership.
        _withdraw_open_requests(RoleRequest.objects.filter(membership=membership))
        if grants_record_access(membership.role, role):
            _open_request(actor=actor, agency=membership.agency, role=role, membership=membership)
            return RoleChange(membership, awaits_approval=True)
        _set_role(actor=actor, membership=membership, role=role)
    return RoleChange(membership, awaits_approval=False)


def _set_role(*, actor: User, membership: Membership, role: str, approved_by: User | None = None) -> None:
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    detail: dict[str, str | int | bool | None] = {"from": previous, "to": role}
    if approved_by is not None:
        detail["approved_by"] = str(approved_by.pk)
    audit.record(
        action="membership.role_changed", actor=actor, agency=membership.agency_id, target=membership, detail=detail
    )


def is_approver(user: User, agency_id: uuid.UUID) -> bool:
    """A supervisor or admin of the agency: one who may decide its grants (but never their own)."""
    return Membership.objects.filter(user=user, agency_id=agency_id, role__in=APPROVER_ROLES, is_active=True).exists()


def may_decide(user: User, request: RoleRequest, *, approver: bool | None = None) -> bool:
    """A supervisor or admin of the agency who neither asked for the grant nor would receive it.

    ``approver`` is ``is_approver(user, request.agency_id)`` when the caller already knows it
    (a page listing many requests of one agency asks once).
    """
    if approver is None:
        approver = is_approver(user, request.agency_id)
    return (
        approver
        and request.decision == RoleRequest.Decision.PENDING
        and request.requested_by_id != user.pk
        and user.email.lower() != request.subject_email.lower()
    )


def role_request_decide(*, actor: User, request: RoleRequest, approve: bool) -> RoleRequest:
    """Approve (the invitation is sent, or the role changes) or refuse a pending grant."""
    with transaction.atomic():
        request = (
            RoleRequest.objects.select_for_update(of=("self",))
            .select_related("invitation__agency", "membership__user", "agency")
            .get(pk=request.pk)
        )
        if not may_decide(actor, request):
            raise ValidationError(
                _("A second person must decide: not the one who asked, nor the one who would receive it.")
            )
        if approve:
            _carry_out(actor=actor, request=request)
        request.decision = RoleRequest.Decision.APPROVED if approve else RoleRequest.Decision.REFUSED
        request.decided_by = actor
        request.decided_at = timezone.now()
        request.save(update_fields=["decision", "decided_by", "decided_at", "updated_at"])
        audit.record(
            action=f"role_request.{request.decision}",
            actor=actor,
            agency=request.agency_id,
            target=request,
            detail={"role": request.role},
        )
    return request


def _carry_out(*, actor: User, request: RoleRequest) -> None:
    if request.invitation is not None:
        if request.invitation.revoked_at or request.invitation.accepted_at:
            raise ValidationError(_("This invitation was withdrawn."))
        _send_invitation(request.invitation)
        return
    assert request.membership_id is not None
    membership = Membership.objects.select_for_update().select_related("agency").get(pk=request.membership_id)
    if membership.role != request.previous_role:
        raise ValidationError(_("This member's role changed since the request; ask for a new one."))
    requester = request.requested_by or actor
    if not membership.is_active:
        # Deactivation withdraws every open request of the membership and a role change refuses a
        # deactivated one, so a request still open on it can only be a reactivation.
        _reactivate(actor=requester, membership=membership, role=request.role, approved_by=actor)
        return
    _set_role(actor=requester, membership=membership, role=request.role, approved_by=actor)


def end_sessions(user: User) -> int:
    """Delete every session that belongs to the user, so a deactivation takes effect at once.

    One DELETE on the sessions' indexed user column (waypoint.sessions, decision 0003),
    whatever the number of other people's sessions.
    """
    return end_sessions_of(user.pk)


def membership_deactivate(*, actor: User, membership: Membership) -> Membership:
    """Take a user out of the agency: their caseload, emergency access and open grants end with it.

    When it was their last membership the account is closed too. A later
    invitation gives back the role, never the caseload.
    """
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself; ask another administrator."))
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        _withdraw_open_requests(RoleRequest.objects.filter(membership=membership))
        user = membership.user
        if not user.memberships.filter(is_active=True).exists():
            user.is_active = False
            user.save(update_fields=["is_active"])
        departure = people_care.staff_departure(actor=actor, user=user, agency=membership.agency)
        ended = end_sessions(user)
        audit.record(
            action="membership.deactivated",
            actor=actor,
            agency=membership.agency_id,
            target=membership,
            detail={
                "sessions_ended": ended,
                "care_teams_ended": departure.care_teams_ended,
                "grants_ended": departure.grants_ended,
            },
        )
    return membership


@dataclass(frozen=True)
class Reactivation:
    membership: Membership
    awaits_approval: bool


def membership_reactivate(*, actor: User, membership: Membership, role: str = "") -> Reactivation:
    """Let a member who left sign in to the agency again, in ``role`` (by default the one they left with).

    Their caseload does not come back: care-team places and emergency access ended at
    departure stay ended. A role that opens records waits, like a new grant, for a
    second person: the request then targets the deactivated membership, which stays
    closed until approved (``_carry_out``).
    """
    role = role or membership.role
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot reactivate yourself; ask another administrator."))
    if not _is_admin_of(actor, membership.agency):
        raise ValidationError(_("You can reactivate people only in an agency you administer."))
    with transaction.atomic():
        membership = Membership.objects.select_for_update().select_related("user", "agency").get(pk=membership.pk)
        if membership.is_active:
            raise ValidationError(_("This member is already active."))
        _withdraw_open_requests(RoleRequest.objects.filter(membership=membership))
        # Whatever they held before, a deactivated member reaches no record: any clinical role is a new grant.
        if grants_record_access(None, role):
            _open_request(actor=actor, agency=membership.agency, role=role, membership=membership)
            return Reactivation(membership, awaits_approval=True)
        _reactivate(actor=actor, membership=membership, role=role)
    return Reactivation(membership, awaits_approval=False)


def _reactivate(*, actor: User, membership: Membership, role: str, approved_by: User | None = None) -> None:
    previous = membership.role
    membership.is_active = True
    membership.role = role
    membership.save(update_fields=["is_active", "role", "updated_at"])
    user = User.objects.select_for_update().get(pk=membership.user_id)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active", "updated_at"])
    detail: dict[str, str | int | bool | None] = {"from": previous, "to": role}
    if approved_by is not None:
        detail["approved_by"] = str(approved_by.pk)
    audit.record(
        action="membership.reactivated", actor=actor, agency=membership.agency_id, target=membership, detail=detail
    )
    context = {"agency": membership.agency, "role": membership.get_role_display(), "link": site_link(reverse("home"))}
    body = render_to_string("accounts/email/reactivated.txt", context)
    address = user.email
    transaction.on_commit(
        lambda: send_mail(_("You can sign in to your agency on Waypoint again"), body, None, [address])
    )


def agency_bootstrap(
    *, name: str, supervisor_email: str, admin_email: str = "", time_zone: str = ""
) -> list[Invitation]:
    """The platform operator's set-up of an agency: its first supervisor (and admin) invited without approval.

    This is the one grant of record access that needs no second person inside the
    agency, because nobody is there yet; it runs from the command line
    (``manage.py agency_bootstrap``), which no agency admin can reach. It refuses
    once the agency has an active supervisor.
    """
    with transaction.atomic():
        agency, created = Agency.objects.get_or_create(
            name=name.strip(), defaults={"time_zone": time_zone or DEFAULT_TIME_ZONE}
        )
        if Membership.objects.filter(agency=agency, role=Role.SUPERVISOR, is_active=True).exists():
            raise ValidationError(_("This agency already has a supervisor; invite others from inside the agency."))
        audit.record(action="agency.bootstrapped", agency=agency, target=agency, detail={"created": created})
        invitations = []
        for email, role in ((supervisor_email, Role.SUPERVISOR), (admin_email, Role.AGENCY_ADMIN)):
            if not email:
                continue
            invitation = Invitation.objects.create(
                agency=agency, email=email.strip().lower(), role=role, expires_at=timezone.now()
            )
            audit.record(
                action="invitation.created", agency=agency, target=invitation, detail={"role": role, "by": "operator"}
            )
            _send_invitation(invitation)
            invitations.append(invitation)
    return invitations
