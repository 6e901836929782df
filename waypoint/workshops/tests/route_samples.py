"""Sample URL arguments for the learning hub's routes, for the core route-by-persona test."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from waypoint.learning import links, services
from waypoint.learning.models import Workshop, WorkshopSession


def samples(world: Any) -> dict[str, dict[str, Any]]:
    harbour = world.agencies["harbour"]
    workshop = Workshop.objects.create(
        agency=harbour, title="Route sample workshop", description="Sample.", audiences=["health"]
    )
    starts = timezone.now() + datetime.timedelta(days=5)
    session = WorkshopSession.objects.create(
        workshop=workshop, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=5
    )
    registration = services.registration_create(
        session_id=session.id,
        details=services.RegistrationDetails(name="Sample Person", email="sample@example.org"),
    )
    contact = services.contact_request_create(
        agency=harbour, name="Sample Sender", email="sender@example.org", topic="other", message="Sample message."
    )
    token = links.registration_token(registration.id)
    return {
        "learning:workshop_detail": {"workshop_id": workshop.id},
        "learning:session_register": {"session_id": session.id},
        "learning:registration_manage": {"token": token},
        "learning:registration_feedback": {"token": token},
        "learning:session_attendance": {"session_id": session.id},
        "learning:session_attendance_csv": {"session_id": session.id},
        "learning:session_feedback_results": {"session_id": session.id},
        "learning:contact_detail": {"request_id": contact.id},
    }
