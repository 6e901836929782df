"""Background work of the learning hub, run by the django-tasks database worker (`manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_session_reminder(registration_id: str, expected_start: str) -> bool:
    """Two days before a session: remind a confirmed attendee, unless they cancelled or the session moved."""
    from waypoint.learning import services

    return services.registration_remind(registration_id=registration_id, expected_start=expected_start)


@task()
def purge_learning_due() -> dict[str, int]:
    """Delete workshop bookings, feedback and closed contact requests past retention (run it daily)."""
    from dataclasses import asdict

    from waypoint.learning import services

    return asdict(services.learning_purge_due())
