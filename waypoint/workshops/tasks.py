"""Background work for workshops, run by the django-tasks database worker (`manage.py db_worker`)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task


@task()
def send_session_reminder(registration_id: str, expected_start: str) -> bool:
    """Two days before a session: remind a confirmed attendee, unless they cancelled or the session moved."""
    from waypoint.workshops import services

    return services.registration_remind(registration_id=registration_id, expected_start=expected_start)


@task()
def purge_workshops_due() -> dict[str, int]:
    """Delete bookings and feedback of sessions that ended past retention (run it daily)."""
    from waypoint.workshops import services

    return asdict(services.workshops_purge_due())
