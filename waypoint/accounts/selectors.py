"""Reads for accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.accounts.models import Agency, Invitation, Membership


def agency_memberships(agency: Agency) -> QuerySet[Membership]:
    return Membership.objects.filter(agency=agency).select_related("user").order_by("-is_active", "user__email")


def agency_pending_invitations(agency: Agency) -> QuerySet[Invitation]:
    return Invitation.objects.filter(agency=agency, accepted_at__isnull=True, revoked_at__isnull=True).order_by(
        "-created_at"
    )
