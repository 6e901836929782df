"""Goals the person sets, in their words, and the steps towards them. No goal is required and none is scored."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.casework.models import Goal, GoalStatus, GoalStep, LifeDomain, StepWho, Task, TaskSource
from waypoint.casework.services.common import require_clinical_member, require_open_record
from waypoint.casework.services.tasks import task_create, task_set_done
from waypoint.people import access
from waypoint.people.models import Person, agency_today


def _words(text: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError(_("Write the %(what)s as the person put it.") % {"what": what})
    return text


def goal_create(*, actor: User, person: Person, domain: LifeDomain, words: str) -> Goal:
    require_open_record(person)
    require_clinical_member(actor, person.agency_id)
    if domain.agency_id != person.agency_id or not domain.is_active:
        raise ValidationError(_("Choose a part of life from this agency's list."))
    with transaction.atomic():
        goal = person.goals.create(
            agency_id=person.agency_id,
            domain=domain,
            words=_words(words, _("goal")),
            reviewed_on=agency_today(person.agency),
            created_by=actor,
        )
        audit.record(
            action="goal.created",
            actor=actor,
            agency=person.agency_id,
            target=goal,
            detail={"person": str(person.pk), "domain": domain.key},
        )
    return goal


def goal_update(
    *, actor: User, goal: Goal, words: str | None = None, status: str | None = None, reviewed: bool = True
) -> Goal:
    """Change the words or the status; saving it counts as a review with the person today."""
    require_open_record(goal.person)
    require_clinical_member(actor, goal.agency_id)
    if status is not None and status not in GoalStatus.values:
        raise ValidationError(_("Choose a status from the list."))
    before = goal.status
    with transaction.atomic():
        if words is not None:
            goal.words = _words(words, _("goal"))
        if status is not None:
            goal.status = status
        if reviewed:
            goal.reviewed_on = agency_today(goal.person.agency)
        goal.save()
        audit.record(
            action="goal.updated",
            actor=actor,
            agency=goal.agency_id,
            target=goal,
            detail={"person": str(goal.person_id), "status": goal.status, "status_changed": before != goal.status},
        )
    return goal


def step_add(
    *, actor: User, goal: Goal, text: str, who: str = StepWho.PERSON, due_on: datetime.date | None = None
) -> GoalStep:
    """A step; one the worker takes (alone or together) with a date becomes the worker's task."""
    require_open_record(goal.person)
    require_clinical_member(actor, goal.agency_id)
    if who not in StepWho.values:
        raise ValidationError(_("Choose who takes this step from the list."))
    with transaction.atomic():
        step = goal.steps.create(person_id=goal.person_id, text=_words(text, _("step")), who=who, due_on=due_on)
        audit.record(
            action="goal.step_added", actor=actor, agency=goal.agency_id, target=step, detail={"goal": str(goal.pk)}
        )
        if due_on is not None and who in (StepWho.WORKER, StepWho.TOGETHER):
            task_create(
                actor=actor,
                assignee=actor,
                agency_id=goal.agency_id,
                person=goal.person,
                title=_("A step towards a goal (%(domain)s)") % {"domain": goal.domain.label},
                due_on=due_on,
                source=TaskSource.GOAL_STEP,
                source_id=step.pk,
            )
    return step


def step_set_done(*, actor: User, step: GoalStep, done: bool = True) -> GoalStep:
    """Mark a step done (or not); its task, if it made one, follows."""
    goal = step.goal
    require_open_record(goal.person)
    require_clinical_member(actor, goal.agency_id)
    with transaction.atomic():
        step.done_at = timezone.now() if done else None
        step.save(update_fields=["done_at", "updated_at"])
        audit.record(
            action="goal.step_done" if done else "goal.step_reopened",
            actor=actor,
            agency=goal.agency_id,
            target=step,
            detail={"goal": str(goal.pk)},
        )
        linked = access.rows_of_person(goal.person, Task).filter(source=TaskSource.GOAL_STEP, source_id=step.pk)
        for task in linked:
            if task.is_done != done and (task.assignee_id == actor.pk or access.can_supervise(actor, goal.person)):
                task_set_done(actor=actor, task=task, done=done)
    return step
