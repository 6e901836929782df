"""Background work of the learning hub, run by the django-tasks database worker (`manage.py db_worker`)."""

from __future__ import annotations

from dataclasses import asdict

from django_tasks import task


@task()
def purge_learning_due() -> dict[str, int]:
    """Delete workshop bookings, feedback and closed contact requests past retention (run it daily)."""
    from waypoint.learning.retention import learning_purge_due

    return asdict(learning_purge_due())
