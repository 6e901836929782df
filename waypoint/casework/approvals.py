"""The supervisor's approvals queue: one registry, so later tools add what waits for a supervisor.

An approval kind gives ``pending(supervisor)`` (rows in the agencies they supervise, read
through the gate), how to show one row (``template``), and ``approve``/``decline`` taking the
supervisor and the row's id. The team view lists every kind and decides in place.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import User
from waypoint.people import access
from waypoint.people.models import Status
from waypoint.people.services import lifecycle

QUEUE_LIMIT = 100
APPROVE = _("Approve")
DECLINE = _("Decline")


@dataclass(frozen=True)
class Approval:
    kind: str
    label: Promise
    pending: Callable[[User], QuerySet[Any]]
    template: str
    approve: Callable[[User, uuid.UUID], Any]
    decline: Callable[[User, uuid.UUID], Any]
    approve_label: Promise = APPROVE
    decline_label: Promise = DECLINE


REGISTRY: dict[str, Approval] = {}


def register(approval: Approval) -> Approval:
    if approval.kind in REGISTRY:
        raise ValueError(f"An approval kind {approval.kind!r} is registered already.")
    REGISTRY[approval.kind] = approval
    return approval


def queue(user: User) -> list[tuple[Approval, list[Any]]]:
    """Every kind with its waiting rows (oldest first, at most QUEUE_LIMIT each); one query per kind."""
    return [(approval, list(approval.pending(user)[:QUEUE_LIMIT])) for approval in REGISTRY.values()]


def _closures(user: User) -> QuerySet[Any]:
    return (
        access.supervised_people(user)
        .filter(closure_requested_at__isnull=False)
        .exclude(status=Status.CLOSED)
        .select_related("closure_requested_by")
        .only("id", "alias", "case_number", "closure_reason", "closure_requested_at", "closure_requested_by")
        .order_by("closure_requested_at")
    )


def _close(user: User, person_id: uuid.UUID) -> Any:
    gated = access.supervised_person_for(user, person_id, purpose="edit")
    return lifecycle.person_close(actor=user, person=gated.person)


def _keep_open(user: User, person_id: uuid.UUID) -> Any:
    gated = access.supervised_person_for(user, person_id, purpose="edit")
    return lifecycle.person_decline_closure(actor=user, person=gated.person)


CLOSURES = register(
    Approval(
        kind="closure",
        label=_("Closure requests"),
        pending=_closures,
        template="casework/approvals/_closure.html",
        approve=_close,
        decline=_keep_open,
        approve_label=_("Close the record"),
        decline_label=_("Keep it open"),
    )
)
