"""Background work for the audit chain (django-tasks, database backend)."""

from __future__ import annotations

from django_tasks import task

from waypoint.audit.checkpoints import checkpoint_write


@task()
def audit_checkpoint() -> dict[str, int]:
    """Write a signed checkpoint of the chain's head outside the database.

    Schedule it every 15 minutes (a timer running ``manage.py audit_checkpoint``);
    the shorter the interval, the fewer events a cut-short chain could lose unseen.
    """
    return {"sequence": checkpoint_write().sequence}
