"""Tasks whose worker died: queued again, or failed after too many attempts.

django-tasks' database worker marks a task RUNNING when it claims it and only a live worker
ever moves it on, so a worker killed mid-task (SIGKILL, out of memory, machine lost) would
leave it RUNNING for ever. Every Waypoint task is safe to run twice (purges and checkpoints
are idempotent, a reminder is sent once under a row lock), so a task that has been RUNNING
longer than ``WAYPOINT_TASK_STALE_AFTER_SECONDS`` is put back in the queue; one that has
already been claimed ``WAYPOINT_TASK_MAX_ATTEMPTS`` times is failed instead, so a task that
kills its worker every time cannot loop.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Func, IntegerField, Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running this task stopped without finishing it, too many times."""


@dataclass(frozen=True)
class Recovered:
    requeued: int
    failed: int


class _JsonbArrayLength(Func):
    function = "jsonb_array_length"
    output_field = IntegerField()


def requeue_stale(*, now: datetime.datetime | None = None) -> Recovered:
    """Queue again (or fail) every task RUNNING since before the stale limit. Two statements, one transaction."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.WAYPOINT_TASK_STALE_AFTER_SECONDS)
    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff).annotate(
        attempts=_JsonbArrayLength("worker_ids")
    )
    too_many = Q(attempts__gte=settings.WAYPOINT_TASK_MAX_ATTEMPTS)
    with transaction.atomic():
        failed = stale.filter(too_many).update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            return_value=None,
            exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
            traceback=f"{WorkerLost.__doc__} Attempts: {settings.WAYPOINT_TASK_MAX_ATTEMPTS}.",
        )
        requeued = stale.exclude(too_many).update(status=TaskResultStatus.READY, started_at=None)
    if requeued or failed:
        logger.warning("Tasks whose worker died: %d queued again, %d failed", requeued, failed)
    return Recovered(requeued=requeued, failed=failed)
