"""Background work for casework (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from waypoint.casework import digest


@task()
def send_daily_digests() -> dict[str, int]:
    """E-mail each worker the counts of their follow-ups due today and overdue (nothing about any person).

    Takes no arguments. Schedule it every morning (cron or a systemd timer running
    ``manage.py casework_digest --enqueue``, or ``manage.py casework_digest`` directly);
    workers run it with ``manage.py task_worker``.
    """
    sent, failed = digest.send_daily_digests()
    return {"sent": sent, "failed": failed}
