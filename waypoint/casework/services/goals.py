"""Goals the person sets, in their words, and the steps towards them. No goal is required and none is scored."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.accounts.roles import Role
from waypoint.accounts.selectors import membership_in
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
                # Only the kind: the part of life can be a sensitive one, and titles show on the list.
                title=_("A step towards a goal"),
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


# --- the agency's list of life domains (supervisors keep it) ------------------------------------------


def _require_supervisor(actor: User, agency_id: Any) -> None:
    member_of = membership_in(actor, agency_id)
    if member_of is None or member_of.role != Role.SUPERVISOR or not actor.is_active:
        raise ValidationError(_("Only a supervisor of this agency can change its list of life domains."))


def _names(name: str, name_fr: str) -> tuple[str, str]:
    name, name_fr = " ".join(name.split()), " ".join(name_fr.split())
    if not name:
        raise ValidationError(_("Give the life domain a name in English."))
    return name[:80], name_fr[:80]


def _domain_audit(action: str, actor: User, domain: LifeDomain, **detail: Any) -> None:
    # Domain names are the agency's own words for parts of life, never anything about a person.
    audit.record(
        action=action, actor=actor, agency=domain.agency_id, target=domain, detail={"key": domain.key, **detail}
    )


def domain_add(*, actor: User, agency_id: Any, name: str, name_fr: str = "") -> LifeDomain:
    """A new life domain at the end of the list, in use at once."""
    _require_supervisor(actor, agency_id)
    name, name_fr = _names(name, name_fr)
    with transaction.atomic():
        existing = LifeDomain.objects.select_for_update().filter(agency_id=agency_id)
        keys = set(existing.values_list("key", flat=True))
        last = existing.aggregate(last=Max("order"))["last"] or 0
        base = slugify(name).replace("-", "_")[:32] or "domain"
        key, n = base, 2
        while key in keys:
            key, n = f"{base}_{n}", n + 1
        domain = LifeDomain.objects.create(agency_id=agency_id, key=key, name=name, name_fr=name_fr, order=last + 1)
        _domain_audit("life_domain.added", actor, domain, name=name, name_fr=name_fr)
    return domain


def domain_rename(*, actor: User, domain: LifeDomain, name: str, name_fr: str) -> LifeDomain:
    """New names in English and French; goals and encounters keep pointing at the same domain."""
    _require_supervisor(actor, domain.agency_id)
    name, name_fr = _names(name, name_fr)
    if (name, name_fr) == (domain.name, domain.name_fr):
        return domain
    with transaction.atomic():
        before = {"name_before": domain.name, "name_fr_before": domain.name_fr}
        domain.name, domain.name_fr = name, name_fr
        domain.save(update_fields=["name", "name_fr", "updated_at"])
        _domain_audit("life_domain.renamed", actor, domain, name=name, name_fr=name_fr, **before)
    return domain


def domain_move(*, actor: User, domain: LifeDomain, by: int) -> LifeDomain:
    """Move a domain up (``by=-1``) or down (``by=1``) the agency's list; the whole list is renumbered 1…n."""
    _require_supervisor(actor, domain.agency_id)
    if by not in (-1, 1):
        raise ValidationError(_("A life domain moves one place at a time."))
    with transaction.atomic():
        ordered = list(
            LifeDomain.objects.select_for_update().filter(agency_id=domain.agency_id).order_by("order", "name")
        )
        at = next(i for i, d in enumerate(ordered) if d.pk == domain.pk)
        to = at + by
        if not 0 <= to < len(ordered):
            return domain
        ordered[at], ordered[to] = ordered[to], ordered[at]
        changed = []
        for position, item in enumerate(ordered, 1):
            if item.order != position:
                item.order = position
                changed.append(item)
        LifeDomain.objects.bulk_update(changed, ["order"])
        moved = ordered[to]
        _domain_audit("life_domain.moved", actor, moved, position=to + 1)
    return moved


def domain_set_active(*, actor: User, domain: LifeDomain, active: bool) -> LifeDomain:
    """Retire a domain (old goals and encounters still show it; new ones cannot choose it) or bring it back."""
    _require_supervisor(actor, domain.agency_id)
    if domain.is_active == active:
        return domain
    with transaction.atomic():
        domain.is_active = active
        domain.save(update_fields=["is_active", "updated_at"])
        _domain_audit("life_domain.restored" if active else "life_domain.retired", actor, domain)
    return domain
