"""Writing and verifying the audit chain."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from waypoint.audit.models import Event

GENESIS = "0" * 64
# Any constant works; it names the lock that serialises writers so the chain never forks.
CHAIN_LOCK = 0x57A1_0001

DetailValue = str | int | bool | None


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def event_hash(*, sequence: int, fields: dict[str, Any], previous_hash: str) -> str:
    payload = json.dumps({"sequence": sequence, "previous": previous_hash, **fields}, sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


def _hashed_fields(event: Event) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": str(event.actor_id) if event.actor_id else None,
        "agency_id": str(event.agency_id) if event.agency_id else None,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "purpose": event.purpose,
        "detail": event.detail,
    }


def record(
    *,
    action: str,
    actor: Any = None,
    agency: Any = None,
    target: Any = None,
    target_type: str = "",
    target_id: Any = "",
    purpose: str = "",
    detail: dict[str, DetailValue] | None = None,
) -> Event:
    """Append one event, inside the caller's transaction (so it commits or rolls back with the change).

    ``actor`` and ``agency`` may be model instances or ids; ``target`` a model
    instance (its type and id are taken). Detail values must be plain scalars.
    """
    for key, value in (detail or {}).items():
        if not isinstance(value, str | int | bool | type(None)):
            raise TypeError(f"Audit detail {key!r} must be a scalar, not {type(value).__name__}.")
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target.pk
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
        last = Event.objects.order_by("-sequence").values_list("sequence", "hash").first()
        sequence, previous_hash = (last[0] + 1, last[1]) if last else (1, GENESIS)
        event = Event(
            sequence=sequence,
            occurred_at=timezone.now(),
            actor_id=_uuid_or_none(getattr(actor, "pk", actor)),
            agency_id=_uuid_or_none(getattr(agency, "pk", agency)),
            action=action,
            target_type=target_type,
            target_id=str(target_id or ""),
            purpose=purpose,
            detail=detail or {},
            previous_hash=previous_hash,
        )
        event.hash = event_hash(sequence=sequence, fields=_hashed_fields(event), previous_hash=previous_hash)
        event.save(force_insert=True)
    return event


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int
    broken_at: int | None = None
    reason: str = ""


def _events_in_order(batch: int = 5000) -> Iterator[Event]:
    after = 0
    while True:
        rows = list(Event.objects.filter(sequence__gt=after).order_by("sequence")[:batch])
        if not rows:
            return
        yield from rows
        after = rows[-1].sequence


def verify_chain() -> Verification:
    """Walk the whole chain; report the first event whose hash or link does not hold."""
    previous_hash = GENESIS
    expected = 1
    count = 0
    for event in _events_in_order():
        if event.sequence != expected:
            return Verification(False, count, expected, "an event is missing")
        if event.previous_hash != previous_hash:
            return Verification(False, count, event.sequence, "the link to the previous event is broken")
        computed = event_hash(sequence=event.sequence, fields=_hashed_fields(event), previous_hash=previous_hash)
        if computed != event.hash:
            return Verification(False, count, event.sequence, "the event was altered")
        previous_hash = event.hash
        expected += 1
        count += 1
    return Verification(True, count)
