"""Writing and verifying the audit chain.

Each event's hash is an HMAC under the first of ``WAYPOINT_AUDIT_KEYS`` over its
content, its sequence and the previous event's hash. The key lives outside the
database, so someone who can write to the database alone cannot forge or renumber
events without breaking the chain. What a chain alone cannot show is that its end
was cut off: checkpoints (the head's sequence and hash, signed, written outside the
database at intervals) prove that every event once seen is still there.

Events written before keys existed carry an empty ``key_id`` and a plain SHA-256
hash; they are accepted only as the chain's first stretch, never after a keyed one.

Verifying scales: each sound ``audit_verify`` run records its last event (sequence and
hash, signed) in the append-only ``audit_verification`` table, and the next run starts
there (``verify_since_last_point``, which says what such a run cannot see);
``audit_verify --full`` walks everything. The walk reads plain rows in large batches
ordered by the primary key and rebuilds each hashed text without a dict per event.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from json.encoder import encode_basestring_ascii as _json_string  # type: ignore[attr-defined]
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection, connections, models, transaction
from django.utils import timezone

from waypoint.audit.models import Event, VerifiedPoint
from waypoint.core.crypto import key_id as fingerprint

if TYPE_CHECKING:
    from waypoint.accounts.models import Agency, User

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
    actor: User | uuid.UUID | None = None,
    agency: Agency | uuid.UUID | None = None,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: uuid.UUID | str = "",
    purpose: str = "",
    detail: Mapping[str, DetailValue] | None = None,
) -> Event:
    """Append one event, inside the caller's transaction (so it commits or rolls back with the change).

    ``actor`` and ``agency`` may be model instances or their ids; ``target`` a model
    instance (its type and id are taken), or give ``target_type`` and ``target_id``
    for a row already gone (a purge). Detail values must be plain scalars.
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
            detail=dict(detail or {}),
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
    # Events of the chain known sound: from the first one, or up to the last verified point and on from it.
    count: int
    broken_at: int | None = None
    reason: str = ""
    # The last event found sound (0 and GENESIS for an empty chain).
    head_sequence: int = 0
    head_hash: str = GENESIS
    # Where an incremental run started (the last verified point's sequence); None for a full walk.
    since: int | None = None


# One round trip per batch, ordered by the primary key, every column as text: no per-row objects. occurred_at
# is printed by the server as Python's isoformat() of the UTC datetime prints it (what was hashed): the fraction
# only when there is one. Parsing a million timestamps into datetimes would take half of the walk's time.
_BATCH = 20_000
_SELECT = (
    "SELECT sequence, "
    "to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS') || "
    "CASE WHEN occurred_at = date_trunc('second', occurred_at) THEN '' "
    "ELSE to_char(occurred_at AT TIME ZONE 'UTC', '.US') END || '+00:00', "
    "actor_id::text, agency_id::text, action, target_type, target_id, purpose, detail::text, previous_hash, "
    "key_id, hash FROM audit_event WHERE sequence > %s ORDER BY sequence LIMIT %s"
)
# json.dumps(content, sort_keys=True) of event_hash, written out: the same bytes without building a dict per event.
_KEYED = (
    '{{"action": {}, "actor_id": {}, "agency_id": {}, "detail": {}, "key_id": {}, "occurred_at": {}, '
    '"previous": {}, "purpose": {}, "sequence": {}, "target_id": {}, "target_type": {}}}'
)
_UNKEYED = (
    '{{"action": {}, "actor_id": {}, "agency_id": {}, "detail": {}, "occurred_at": {}, '
    '"previous": {}, "purpose": {}, "sequence": {}, "target_id": {}, "target_type": {}}}'
)


def _quoted(value: str | None) -> str:
    return "null" if value is None else _json_string(value)


@lru_cache(maxsize=4096)
def _detail_json(text: str) -> str:
    # jsonb prints keys in its own order; the hash was made over sorted keys. Details repeat: hence the cache.
    return "{}" if text == "{}" else json.dumps(json.loads(text), sort_keys=True, default=str)


def _walk(
    *, db: Any, after: int, previous_hash: str, keyed_seen: bool, pinned: VerifiedPoint | None = None
) -> Verification:
    """Check every event after ``after``, in order, each against the one before; stop at the first fault.

    ``pinned``: the last verified point, whose event (the first one walked) must still carry its hash.
    """
    keys = dict(audit_keys())
    expected = after + 1
    count = after
    head_hash = previous_hash
    since = pinned.sequence if pinned is not None else None
    compare = hmac.compare_digest
    digest = hmac.digest
    sha256 = hashlib.sha256
    keyed_form, unkeyed_form = _KEYED.format, _UNKEYED.format

    def broken(at: int, reason: str) -> Verification:
        return Verification(False, count, at, reason, expected - 1, head_hash, since)

    with db.cursor() as cursor:
        while True:
            cursor.execute(_SELECT, [expected - 1, _BATCH])
            rows = cursor.fetchall()
            if not rows:
                break
            for (
                sequence,
                occurred_at,
                actor_id,
                agency_id,
                action,
                target_type,
                target_id,
                purpose,
                detail,
                link,
                key_id,
                stored,
            ) in rows:
                if pinned is not None:
                    if sequence != pinned.sequence:
                        return broken(
                            pinned.sequence,
                            f"the event verified on {pinned.verified_at:%Y-%m-%d %H:%M} is gone "
                            "(the chain was cut short or renumbered behind the last verified point)",
                        )
                    if stored != pinned.hash:
                        return broken(
                            sequence,
                            f"the event differs from the one verified on {pinned.verified_at:%Y-%m-%d %H:%M} "
                            "(the chain was rewritten behind the last verified point)",
                        )
                    pinned = None
                if sequence != expected:
                    return broken(expected, "an event is missing")
                if link != head_hash:
                    return broken(sequence, "the link to the previous event is broken")
                text = (keyed_form if key_id else unkeyed_form)(
                    _json_string(action),
                    _quoted(actor_id),
                    _quoted(agency_id),
                    _detail_json(detail),
                    *((_json_string(key_id),) if key_id else ()),
                    _json_string(occurred_at),
                    _json_string(link),
                    _json_string(purpose),
                    sequence,
                    _json_string(target_id),
                    _json_string(target_type),
                )
                if key_id:
                    key = keys.get(key_id)
                    if key is None:
                        return broken(
                            sequence, f"no audit key has id {key_id} (was a key removed from WAYPOINT_AUDIT_KEYS?)"
                        )
                    computed = digest(key, text.encode(), "sha256").hex()
                    keyed_seen = True
                elif keyed_seen:
                    return broken(sequence, "an unkeyed event follows keyed ones (forged or re-hashed)")
                else:
                    computed = sha256(text.encode()).hexdigest()
                if not compare(computed, stored):
                    return broken(sequence, "the event was altered, or its hash was not made with our key")
                head_hash = stored
                expected += 1
                count += 1
    if pinned is not None:
        return broken(
            pinned.sequence,
            f"the event verified on {pinned.verified_at:%Y-%m-%d %H:%M} is gone "
            "(the chain was cut short behind the last verified point)",
        )
    return Verification(True, count, None, "", expected - 1, head_hash, since)


def verify_chain(*, using: str = "default", db: Any = None) -> Verification:
    """Walk the whole chain; report the first event whose hash, key or link does not hold.

    ``db``: a database connection (wrapper) to walk instead of ``connections[using]``: a restored
    copy, for instance (waypoint.core.backup). Writes nothing: ``remember_verified`` records the
    point a later incremental run starts from.
    """
    return _walk(db=db or connections[using], after=0, previous_hash=GENESIS, keyed_seen=False)


def _point_mac(key: bytes, sequence: int, head_hash: str, at: datetime.datetime, full: bool) -> str:
    stamp = at.astimezone(datetime.UTC).isoformat()
    message = "\x1f".join(["waypoint-audit-verified", str(sequence), head_hash, stamp, "full" if full else "since"])
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def last_verified_point(*, using: str = "default") -> VerifiedPoint | None:
    return VerifiedPoint.objects.using(using).order_by("-sequence", "-id").first()


def verify_since_last_point(*, using: str = "default") -> Verification:
    """Verify the chain from the last verified point on; the whole chain when there is none.

    It checks that the point is signed with our key, that the event before it is
    still there, that the point's event still carries the hash it had when it was
    verified (so a deletion, renumbering or re-hashing that reaches that event is
    caught there), and then every event after it, as the full walk does.

    What an incremental run cannot see: changes to events *before* the last verified
    point that leave that point's event as it was. An event's content edited while its
    stored hash is left alone, or a row deleted and the gap closed without touching the
    later events, shows only to a full walk. Rewriting the earlier stretch *consistently*
    so that the point's event keeps its hash is impossible without the audit key, since
    each hash covers the one before it. So run ``audit_verify --full`` now and then (weekly,
    after a restore, and before retiring an audit key: an incremental run does not re-check
    old events against the keys still configured).
    """
    point = last_verified_point(using=using)
    if point is None:
        return verify_chain(using=using)
    key = _key(point.key_id)
    if key is None or not hmac.compare_digest(
        _point_mac(key, point.sequence, point.hash, point.verified_at, point.full), point.mac
    ):
        return Verification(
            False,
            0,
            point.sequence,
            "the last verified point is not signed with our key (forged, or its key was removed); "
            "run audit_verify --full",
        )
    previous_hash, keyed_seen = GENESIS, False
    if point.sequence > 1:
        before = Event.objects.using(using).filter(sequence=point.sequence - 1).values_list("hash", "key_id").first()
        if before is None:
            return Verification(
                False,
                0,
                point.sequence - 1,
                "an event before the last verified point is gone (the chain was cut or renumbered)",
                since=point.sequence,
            )
        previous_hash, keyed_seen = before[0], bool(before[1])
    return _walk(
        db=connections[using],
        after=point.sequence - 1,
        previous_hash=previous_hash,
        keyed_seen=keyed_seen,
        pinned=point,
    )


def remember_verified(result: Verification, *, full: bool, using: str = "default") -> VerifiedPoint | None:
    """Record a sound run's last event, signed, for the next incremental run (nothing for an empty chain)."""
    if not result.ok or result.head_sequence == 0:
        return None
    key_id, key = audit_keys()[0]
    at = timezone.now()
    return VerifiedPoint.objects.using(using).create(
        sequence=result.head_sequence,
        hash=result.head_hash,
        verified_at=at,
        full=full,
        key_id=key_id,
        mac=_point_mac(key, result.head_sequence, result.head_hash, at, full),
    )
