"""Objects for casework tests, made through the services (so every row has its audit event)."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from waypoint.casework.models import Encounter, EncounterKind, Goal, GoalStep, LifeDomain, StepWho, Task
from waypoint.casework.services import encounters, goals, tasks
from waypoint.casework.services.encounters import EncounterDetails


def domain(agency: Any, key: str = "housing") -> LifeDomain:
    return LifeDomain.objects.get(agency=agency, key=key)


def make_encounter(
    person: Any,
    author: Any,
    *,
    kind: str = EncounterKind.DROP_IN,
    occurred_at: datetime.datetime | None = None,
    summary: str = "Talked about the week.",
    own_words: str = "",
    follow_up_on: datetime.date | None = None,
) -> tuple[Encounter, Task | None]:
    details = EncounterDetails(kind=kind, occurred_at=occurred_at, summary=summary, own_words=own_words)
    return encounters.encounter_create(actor=author, person=person, details=details, follow_up_on=follow_up_on)


def make_goal(person: Any, author: Any, *, key: str = "housing", words: str = "A place of my own") -> Goal:
    return goals.goal_create(actor=author, person=person, domain=domain(person.agency, key), words=words)


def make_step(goal: Goal, author: Any, *, who: str = StepWho.WORKER, due_on: datetime.date | None = None) -> GoalStep:
    return goals.step_add(actor=author, goal=goal, text="Call the housing office together", who=who, due_on=due_on)


def make_task(
    assignee: Any, *, person: Any = None, due_on: datetime.date | None = None, title: str = "Phone the clinic"
) -> Task:
    agency_id = person.agency_id if person is not None else assignee.memberships.first().agency_id
    return tasks.task_create(
        actor=assignee,
        assignee=assignee,
        agency_id=agency_id,
        person=person,
        title=title,
        due_on=due_on or timezone.localdate(),
    )
