"""Reads for safety plans, through the gate's accessors (the person came through ``gated_person_for``)."""

from __future__ import annotations

from django.db.models import QuerySet

from waypoint.people import access
from waypoint.people.models import Person
from waypoint.safety.models import PlanVersion, RiskCheckIn, SafetyPlan


def plan_of(person: Person) -> SafetyPlan | None:
    return access.rows_of_person(person, SafetyPlan).first()


def plan_for_update(person: Person) -> SafetyPlan | None:
    """The plan row, locked until the transaction ends: versions are numbered one at a time."""
    return access.rows_of_person(person, SafetyPlan).select_for_update().first()


def versions_of(person: Person) -> QuerySet[PlanVersion]:
    """Every version, newest first, with its author (content is decrypted only when read)."""
    return access.rows_of_person(person, PlanVersion).select_related("author").order_by("-number")


def latest_version(plan: SafetyPlan) -> PlanVersion | None:
    return plan.versions.select_related("author").order_by("-number").first()


def plan_and_latest(person: Person) -> tuple[SafetyPlan | None, PlanVersion | None]:
    """The person's plan and its latest version (both None before the first save): one query.

    A plan is made in the same transaction as its first version, so a plan never stands without one.
    """
    latest = versions_of(person).select_related("plan").first()
    return (latest.plan if latest else None), latest


def version_of(person: Person, number: int) -> PlanVersion | None:
    return versions_of(person).filter(number=number).first()


def check_ins_of(person: Person) -> QuerySet[RiskCheckIn]:
    return access.rows_of_person(person, RiskCheckIn).select_related("author").order_by("-on", "-created_at")
