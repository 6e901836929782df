"""The daily retention run of the learning hub's two public features: workshop bookings and contact requests.

Each app purges its own rows (``workshops.services.workshops_purge_due``,
``enquiries.services.enquiries_purge_due``); this runs both, for the one daily job.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass
class LearningPurge:
    registrations: int = 0
    feedback: int = 0
    contact_requests: int = 0
    replies: int = 0


def learning_purge_due(*, dry_run: bool = False, now: datetime.datetime | None = None) -> LearningPurge:
    from waypoint.enquiries.services import enquiries_purge_due
    from waypoint.workshops.services import workshops_purge_due

    workshops = workshops_purge_due(dry_run=dry_run, now=now)
    enquiries = enquiries_purge_due(dry_run=dry_run, now=now)
    return LearningPurge(
        registrations=workshops.registrations,
        feedback=workshops.feedback,
        contact_requests=enquiries.contact_requests,
        replies=enquiries.replies,
    )
