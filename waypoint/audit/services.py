"""Writing and verifying the audit chain.

Each event's hash is an HMAC under the first of ``WAYPOINT_AUDIT_KEYS`` over its
content, its sequence and the previous event's hash. The key lives outside the
database, so someone who can write to the database alone cannot forge or renumber
events without breaking the chain. What a chain alone cannot show is that its end
was cut off: checkpoints (the head's sequence and hash, signed, written outside the
database at intervals) prove that every event once seen is still there.

Events written before keys existed carry an empty ``key_id`` and a plain SHA-256
hash; they are accepted only as the chain's first stretch, never after a keyed one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.core.crypto import key_id as fingerprint

GENESIS = "0" * 64
# Any constant works; it names the lock that serialises writers so the chain never forks.
CHAIN_LOCK = 0x57A1_0001

DetailValue = str | int | bool | None


def _uuid_or_none(value: Any) -> uuid.UUID | None:
    if value is None:
        return None
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


@cache
def _ring(keys: tuple[str, ...]) -> tuple[tuple[str, bytes], ...]:
    if not keys:
        raise RuntimeError("No audit key: set WAYPOINT_AUDIT_KEYS (or audit_keys in the key file).")
    raw = [base64.urlsafe_b64decode(k.encode()) for k in keys]
    return tuple((fingerprint(r), r) for r in raw)


def audit_keys() -> tuple[tuple[str, bytes], ...]:
    """(key id, key) pairs, the signing key first; read at call time so tests may rotate."""
    return _ring(tuple(settings.WAYPOINT_AUDIT_KEYS))


def _key(key_id: str) -> bytes | None:
    return dict(audit_keys()).get(key_id)


def event_hash(*, sequence: int, fields: dict[str, Any], previous_hash: str, key_id: str = "") -> str:
    """The event's hash: HMAC-SHA256 under the named key, or plain SHA-256 for a pre-key event."""
    content = {"sequence": sequence, "previous": previous_hash, **fields}
    if not key_id:
        return hashlib.sha256(json.dumps(content, sort_keys=True, default=str).encode()).hexdigest()
    key = _key(key_id)
    if key is None:
        raise LookupError(key_id)
    payload = json.dumps({**content, "key_id": key_id}, sort_keys=True, default=str).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


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
            key_id=audit_keys()[0][0],
        )
        event.hash = event_hash(
            sequence=sequence, fields=_hashed_fields(event), previous_hash=previous_hash, key_id=event.key_id
        )
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


def _check(event: Event, previous_hash: str, keyed_seen: bool) -> str:
    """Why this event does not hold ("" when it does)."""
    if event.previous_hash != previous_hash:
        return "the link to the previous event is broken"
    if not event.key_id and keyed_seen:
        return "an unkeyed event follows keyed ones (forged or re-hashed)"
    try:
        computed = event_hash(
            sequence=event.sequence, fields=_hashed_fields(event), previous_hash=previous_hash, key_id=event.key_id
        )
    except LookupError:
        return f"no audit key has id {event.key_id} (was a key removed from WAYPOINT_AUDIT_KEYS?)"
    if not hmac.compare_digest(computed, event.hash):
        return "the event was altered, or its hash was not made with our key"
    return ""


def verify_chain() -> Verification:
    """Walk the whole chain; report the first event whose hash, key or link does not hold."""
    previous_hash = GENESIS
    expected = 1
    count = 0
    keyed_seen = False
    for event in _events_in_order():
        if event.sequence != expected:
            return Verification(False, count, expected, "an event is missing")
        reason = _check(event, previous_hash, keyed_seen)
        if reason:
            return Verification(False, count, event.sequence, reason)
        keyed_seen = keyed_seen or bool(event.key_id)
        previous_hash = event.hash
        expected += 1
        count += 1
    return Verification(True, count)
