"""The task worker Waypoint runs: django-tasks' ``db_worker``, after queueing again what a dead worker left.

A supervisor (systemd ``Restart=always``) restarts a killed worker; this start is where a task the
killed one held is picked up again, once it is older than the stale limit.
"""

from __future__ import annotations

from typing import Any

from django_tasks_db.management.commands import db_worker

from waypoint.core.task_recovery import requeue_stale


class Command(db_worker.Command):
    help = "Queue again the tasks a dead worker left RUNNING, then run django-tasks' database worker."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = requeue_stale()
        if recovered.requeued or recovered.failed:
            self.stdout.write(f"{recovered.requeued} task(s) queued again, {recovered.failed} failed.")
        super().handle(*args, **options)
