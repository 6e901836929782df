"""Follow-ups: made by hand, from an encounter, from a goal step, or from a call or text to make."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.models import Task, TaskSource
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.people import access
from waypoint.people.models import Person


def task_create(
    *,
    actor: User | None,
    assignee: User,
    agency_id: Any,
    title: str,
    due_on: datetime.date,
    person: Person | None = None,
    source: str = TaskSource.MANUAL,
    source_id: uuid.UUID | None = None,
) -> Task:
    title = " ".join(title.split())
    if not title:
        raise ValidationError(_("Say what is to be done."))
    if person is not None and person.agency_id != agency_id:
        raise ValidationError(_("The task and the person must be in the same agency."))
    if person is not None:
        require_open_record(person)  # marking an old one done stays possible: it tidies the worker's list
    require_clinical_member(assignee, agency_id, _("Tasks go to advocates, housing staff and supervisors."))
    with transaction.atomic():
        task = Task(
            agency_id=agency_id,
            person=person,
            assignee=assignee,
            title=title[:200],
            due_on=due_on,
            source=source,
            source_id=source_id,
            created_by=actor,
        )
        task.save()
        audit.record(
            action="task.created",
            actor=actor,
            agency=agency_id,
            target=task,
            detail={"source": source, "person": str(person.pk) if person else None, "assignee": str(assignee.pk)},
        )
    return task


def may_change_task(user: User, task: Task) -> bool:
    """The assignee, or a supervisor of the task's agency (who can see its person)."""
    if task.assignee_id == user.pk:
        return True
    return access.supervised_agency_ids(user).filter(agency_id=task.agency_id).exists()


def task_set_done(*, actor: User, task: Task, done: bool = True) -> Task:
    if not may_change_task(actor, task):
        raise ValidationError(_("Only the person it is for, or a supervisor, can change this task."))
    if task.is_done == done:
        return task
    with transaction.atomic():
        task.done_at = timezone.now() if done else None
        task.done_by = actor if done else None
        task.save(update_fields=["done_at", "done_by", "updated_at"])
        audit.record(action="task.done" if done else "task.reopened", actor=actor, agency=task.agency_id, target=task)
    return task


def follow_up_title(kind_label: str, on: datetime.date) -> str:
    """A title the system writes: the kind of contact and its date, never what was said."""
    return _("Follow up: %(kind)s on %(date)s") % {"kind": kind_label, "date": on.isoformat()}
