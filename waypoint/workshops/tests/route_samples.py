"""Sample URL arguments for the workshop routes, for the core route-by-persona test."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from waypoint.workshops import links, services
from waypoint.workshops.models import Workshop, WorkshopSession


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
    token = links.registration_token(registration.id)
    return {
        "workshops:workshop_detail": {"workshop_id": workshop.id},
        "workshops:session_register": {"session_id": session.id},
        "workshops:registration_manage": {"token": token},
        "workshops:registration_feedback": {"token": token},
        "workshops:session_attendance": {"session_id": session.id},
        "workshops:session_attendance_csv": {"session_id": session.id},
        "workshops:session_feedback_results": {"session_id": session.id},
    }
