"""Signed links for people who booked without an account: view, cancel, give feedback.

A link carries the registration id signed with the site's secret and a salt; it
expires after WAYPOINT_LEARNING_LINK_DAYS days. A tampered or expired link is refused.
Links are absolute on the site's configured address (``accounts.services.site_link``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing
from django.urls import reverse

from waypoint.accounts.services import site_link

# The salt predates the split into apps: changing it would break every link already e-mailed.
SALT = "waypoint.learning.registration"


def max_age_seconds() -> int:
    return settings.WAYPOINT_LEARNING_LINK_DAYS * 24 * 60 * 60


def registration_token(registration_id: uuid.UUID) -> str:
    return signing.dumps(str(registration_id), salt=SALT, compress=False)


def registration_id_from_token(token: str) -> uuid.UUID | None:
    """The registration id, or None when the link was altered, has expired or is malformed."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age_seconds())
        return uuid.UUID(str(value))
    except (signing.BadSignature, ValueError, TypeError):
        return None


def manage_url(registration_id: uuid.UUID) -> str:
    return site_link(reverse("workshops:registration_manage", kwargs={"token": registration_token(registration_id)}))


def feedback_url(registration_id: uuid.UUID) -> str:
    return site_link(reverse("workshops:registration_feedback", kwargs={"token": registration_token(registration_id)}))
