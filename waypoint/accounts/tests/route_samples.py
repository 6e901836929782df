"""Sample URL arguments for the account routes, for the route-by-persona test."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from waypoint.accounts.models import Invitation, RoleRequest


def samples(world: Any) -> dict[str, dict[str, Any]]:
    harbour = world.agencies["harbour"]
    invitation = Invitation.objects.create(
        agency=harbour,
        email="invitee@test.waypoint.invalid",
        role="advocate",
        token_hash="0" * 64,
        expires_at=timezone.now() + timedelta(days=1),
    )
    bob = world["bob"].user.memberships.get()
    pending = RoleRequest.objects.create(
        agency=harbour, membership=bob, role="supervisor", previous_role="advocate", requested_by=world["adam"].user
    )
    return {
        "accounts:role_request_decide": {"request_id": pending.pk},
        "accounts:member_role": {"membership_id": bob.pk},
        "accounts:member_deactivate": {"membership_id": bob.pk},
        "accounts:member_reactivate": {"membership_id": world["dora"].user.memberships.get().pk},
        "accounts:invitation_revoke": {"invitation_id": invitation.pk},
        # An unknown token: the page must answer calmly, for anyone.
        "accounts:invitation_accept": {"token": "not-a-real-token"},
    }
