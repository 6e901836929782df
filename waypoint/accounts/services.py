"""Writes for accounts: invitations, role changes, deactivation. Each audits in the same transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, Invitation, Membership, User
from waypoint.accounts.roles import Role


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_create(*, actor: User, agency: Agency, email: str, role: str, base_url: str) -> Invitation:
    """Invite someone by e-mail; the link in the message is the only copy of the token."""
    email = email.strip().lower()
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if Membership.objects.filter(agency=agency, user__email=email, is_active=True).exists():
        raise ValidationError(_("This person already belongs to the agency."))
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            agency=agency,
            email=email,
            role=role,
            token_hash=token_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
        )
        audit.record(action="invitation.created", actor=actor, agency=agency, target=invitation, detail={"role": role})
        link = base_url.rstrip("/") + reverse("accounts:invitation_accept", args=[token])
        context = {
            "agency": agency,
            "link": link,
            "days": settings.INVITATION_DAYS,
            "role": invitation.get_role_display(),
        }
        transaction.on_commit(
            lambda: send_mail(
                _("You are invited to Waypoint"),
                render_to_string("accounts/email/invitation.txt", context),
                None,
                [email],
            )
        )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    invitation = Invitation.objects.select_related("agency").filter(token_hash=token_hash(token)).first()
    return invitation if invitation and invitation.is_usable else None


def invitation_accept(*, invitation: Invitation, display_name: str, password: str) -> User:
    """Create (or reactivate) the user, give them the invited role, and use up the invitation."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation has expired or was already used. Ask your agency for a new one."))
        user = User.objects.filter(email=invitation.email).first()
        if user is None:
            user = User.objects.create_user(invitation.email, password, display_name=display_name)
        else:
            user.display_name = display_name or user.display_name
            user.set_password(password)
            user.is_active = True
            user.save(update_fields=["display_name", "password", "is_active"])
        Membership.objects.update_or_create(
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
    return user


def invitation_revoke(*, actor: User, invitation: Invitation) -> None:
    with transaction.atomic():
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(action="invitation.revoked", actor=actor, agency=invitation.agency_id, target=invitation)


def membership_change_role(*, actor: User, membership: Membership, role: str) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Choose a role from the list."))
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot change your own role; ask another administrator."))
    with transaction.atomic():
        previous = membership.role
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
        audit.record(
            action="membership.role_changed",
            actor=actor,
            agency=membership.agency_id,
            target=membership,
            detail={"from": previous, "to": role},
        )
    return membership


def end_sessions(user: User) -> int:
    """Delete every session that belongs to the user, so a deactivation takes effect at once."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            session.delete()
            ended += 1
    return ended


def membership_deactivate(*, actor: User, membership: Membership) -> Membership:
    """Take a user out of the agency; when it was their last membership, the account is closed too."""
    if membership.user_id == actor.pk:
        raise ValidationError(_("You cannot deactivate yourself; ask another administrator."))
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        user = membership.user
        if not user.memberships.filter(is_active=True).exists():
            user.is_active = False
            user.save(update_fields=["is_active"])
        ended = end_sessions(user)
        audit.record(
            action="membership.deactivated",
            actor=actor,
            agency=membership.agency_id,
            target=membership,
            detail={"sessions_ended": ended},
        )
    return membership
