"""Background work for survivor records (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from waypoint.people.services import retention


@task()
def purge_due_people() -> dict[str, int]:
    """Purge closed records past retention. Takes no arguments, so no id of a purged person sits in the queue.

    Schedule it daily (cron or a systemd timer running ``manage.py purge_due --enqueue``,
    or ``manage.py purge_due`` directly); workers run it with ``manage.py task_worker``.
    """
    result = retention.purge_due()
    return {"people": result.people, "rows": result.rows}
