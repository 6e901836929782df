"""Queue again the tasks a dead worker left RUNNING (run it every few minutes from a timer)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.core.task_recovery import requeue_stale


class Command(BaseCommand):
    help = "Queue again the tasks left RUNNING past WAYPOINT_TASK_STALE_AFTER_SECONDS; fail those tried too often."

    def handle(self, *args: Any, **options: Any) -> None:
        recovered = requeue_stale()
        self.stdout.write(f"{recovered.requeued} task(s) queued again, {recovered.failed} failed.")
