"""Reads for accounts."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.mfa.models import Authenticator
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from waypoint.accounts.models import Agency, Invitation, Membership, RoleRequest, User
from waypoint.accounts.roles import CMS_EDITOR_ROLES, Role
from waypoint.audit.models import Event

ROLE_LOG_ACTIONS = (
    "membership.role_changed",
    "invitation.accepted",
    "membership.deactivated",
    "membership.reactivated",
)
# Recovery codes alone are no second factor: they back up one of these.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)
ROLE_LOG_LIMIT = 200


def active_memberships(user: User) -> QuerySet[Membership]:
    """The user's active memberships, oldest first, with their agencies."""
    return Membership.objects.filter(user=user, is_active=True).select_related("agency").order_by("created_at")


def current_membership(user: User) -> Membership | None:
    """The membership a signed-in user acts in (``request.membership``): their oldest active one."""
    return active_memberships(user).first()


def membership_in(user: User, agency_id: uuid.UUID) -> Membership | None:
    """The user's active membership in one agency, if any."""
    return Membership.objects.filter(user=user, agency_id=agency_id, is_active=True).first()


def is_cms_editor(user: User) -> bool:
    """Whether the user may edit the learning hub in the CMS: an active account with an editor's role."""
    return user.is_active and Membership.objects.filter(user=user, is_active=True, role__in=CMS_EDITOR_ROLES).exists()


def agency_memberships(agency: Agency) -> QuerySet[Membership]:
    """The agency's members, active first; each knows ``has_mfa`` (a second factor is set up), in one query."""
    has_mfa = Exists(Authenticator.objects.filter(user_id=OuterRef("user_id"), type__in=SECOND_FACTORS))
    return (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .annotate(has_mfa=has_mfa)
        .order_by("-is_active", "user__email")
    )


def agency_pending_invitations(agency: Agency) -> QuerySet[Invitation]:
    return Invitation.objects.filter(agency=agency, accepted_at__isnull=True, revoked_at__isnull=True).order_by(
        "-created_at"
    )


def pending_role_requests(agency: Agency) -> QuerySet[RoleRequest]:
    return (
        RoleRequest.objects.filter(agency=agency, decision=RoleRequest.Decision.PENDING)
        .select_related("invitation", "membership__user", "requested_by")
        .order_by("created_at")
    )


def role_request_in(agency: Agency, request_id: uuid.UUID) -> RoleRequest | None:
    return (
        RoleRequest.objects.filter(agency=agency, pk=request_id)
        .select_related("invitation", "membership__user", "requested_by")
        .first()
    )


@dataclass(frozen=True)
class RoleLogEntry:
    at: datetime
    action: str
    member: str
    role_from: str
    role_to: str
    actor: User | None
    approved_by: User | None


def role_label(value: object) -> str:
    return str(Role(value).label) if value in Role.values else ""


def _uuid(value: object) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _ids(values: Iterable[object]) -> set[uuid.UUID]:
    return {u for u in (_uuid(v) for v in values) if u is not None}


def role_log(agency: Agency, *, days: int = 90) -> list[RoleLogEntry]:
    """Who joined, changed role or left in the last ``days``, newest first, from the audit chain."""
    events = list(
        Event.objects.filter(
            agency_id=agency.pk, action__in=ROLE_LOG_ACTIONS, occurred_at__gte=timezone.now() - timedelta(days=days)
        ).order_by("-sequence")[:ROLE_LOG_LIMIT]
    )
    member_ids = _ids(e.target_id for e in events if e.action != "invitation.accepted")
    invitation_ids = _ids(e.target_id for e in events if e.action == "invitation.accepted")
    members = {m.pk: m.user for m in Membership.objects.filter(pk__in=member_ids).select_related("user")}
    invitations = {i.pk: i for i in Invitation.objects.filter(pk__in=invitation_ids)}
    user_ids = _ids([*(e.actor_id for e in events), *(e.detail.get("approved_by") for e in events)])
    users = {u.pk: u for u in User.objects.filter(pk__in=user_ids)}
    entries = []
    for event in events:
        target = _uuid(event.target_id)
        if event.action == "invitation.accepted":
            invitation = invitations.get(target) if target else None
            member = invitation.email if invitation else ""
            change = ("", role_label(event.detail.get("role")))
        else:
            user = members.get(target) if target else None
            member = str(user) if user else ""
            change = (role_label(event.detail.get("from")), role_label(event.detail.get("to")))
        entries.append(
            RoleLogEntry(
                at=event.occurred_at,
                action=event.action,
                member=member,
                role_from=change[0],
                role_to=change[1],
                actor=users.get(event.actor_id) if event.actor_id else None,
                approved_by=users.get(approver) if (approver := _uuid(event.detail.get("approved_by"))) else None,
            )
        )
    return entries
