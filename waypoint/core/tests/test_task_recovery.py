"""A task a dead worker left RUNNING is queued again, and failed once it has been tried too often."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from waypoint.audit.tasks import audit_checkpoint
from waypoint.core.task_recovery import Recovered, requeue_stale

pytestmark = pytest.mark.django_db


def _running(*, minutes_ago: int, attempts: int) -> DBTaskResult:
    result = audit_checkpoint.enqueue()
    row = DBTaskResult.objects.get(id=result.id)
    row.status = TaskResultStatus.RUNNING
    row.started_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    row.worker_ids = [f"killed-{n}" for n in range(attempts)]
    row.save()
    return row


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.WAYPOINT_TASK_STALE_AFTER_SECONDS = 15 * 60
    settings.WAYPOINT_TASK_MAX_ATTEMPTS = 3


def test_a_task_left_running_past_the_limit_is_queued_again_and_a_recent_one_is_left():
    stale = _running(minutes_ago=16, attempts=1)
    recent = _running(minutes_ago=14, attempts=1)

    assert requeue_stale() == Recovered(requeued=1, failed=0)

    stale.refresh_from_db()
    recent.refresh_from_db()
    assert (stale.status, stale.started_at, stale.worker_ids) == (TaskResultStatus.READY, None, ["killed-0"])
    assert recent.status == TaskResultStatus.RUNNING
    assert DBTaskResult.objects.ready().get() == stale


def test_a_task_that_lost_its_worker_too_often_fails_with_worker_lost():
    doomed = _running(minutes_ago=60, attempts=3)

    assert requeue_stale() == Recovered(requeued=0, failed=1)

    doomed.refresh_from_db()
    assert doomed.status == TaskResultStatus.FAILED
    assert doomed.exception_class_path == "waypoint.core.task_recovery.WorkerLost"
    assert doomed.finished_at is not None
    assert not DBTaskResult.objects.ready().exists()


def test_finished_and_queued_tasks_are_never_touched():
    queued = DBTaskResult.objects.get(id=audit_checkpoint.enqueue().id)
    done = _running(minutes_ago=60, attempts=1)
    done.status = TaskResultStatus.SUCCESSFUL
    done.save()

    assert requeue_stale() == Recovered(requeued=0, failed=0)
    assert DBTaskResult.objects.get(id=queued.id).status == TaskResultStatus.READY
    assert DBTaskResult.objects.get(id=done.id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection between tasks
def test_the_worker_requeues_at_start_then_runs_the_task_to_the_end():
    stale = _running(minutes_ago=16, attempts=1)
    out = StringIO()

    call_command("task_worker", "--batch", "--no-startup-delay", stdout=out)

    stale.refresh_from_db()
    assert "1 task(s) queued again, 0 failed." in out.getvalue()
    assert stale.status == TaskResultStatus.SUCCESSFUL
    assert stale.worker_ids[0] == "killed-0" and len(stale.worker_ids) == 2


def test_the_sweep_command_says_what_it_did():
    _running(minutes_ago=16, attempts=1)
    out = StringIO()
    call_command("tasks_requeue_stale", stdout=out)
    assert out.getvalue().strip() == "1 task(s) queued again, 0 failed."
