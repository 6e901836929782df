"""Measure audit_verify's full walk in microseconds per event, on a chain built in a scratch database.

Not a test: a quick measurement for issue 8, point 5. Point DATABASE_URL at a scratch
database (never a real one; the script adds events to it), then:

    createdb -h 127.0.0.1 -U postgres waypoint_scratch
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/waypoint_scratch \\
        .venv/bin/python scripts/audit_verify_bench.py --events 1000000

It migrates the audit app, builds a valid chain of N events with the real hashing
function and COPY (once; a second run reuses it), then times, in the same run, the
walk as it was before (model instances, 5,000 a batch: a copy kept below) over the
first --legacy events, and ``verify_chain()`` as it is now over the whole chain.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")


def build_chain(total: int) -> None:
    from django.db import connection

    from waypoint.audit.models import Event
    from waypoint.audit.services import GENESIS, audit_keys, event_hash

    have = Event.objects.count()
    if have >= total:
        return
    if have:
        sys.exit(f"the scratch table holds {have} events, fewer than {total}: drop the database and start again")
    key_id = audit_keys()[0][0]
    agencies = [uuid.uuid4() for _ in range(25)]
    actors = [uuid.uuid4() for _ in range(500)]
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    actions = ["person.read", "encounter.created", "person.updated", "auth.signed_in", "release.created"]
    previous = GENESIS
    began = time.perf_counter()
    columns = "sequence, occurred_at, actor_id, agency_id, action, target_type, target_id, purpose, detail, previous_hash, key_id, hash"
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY audit_event ({columns}) FROM STDIN") as copy:
        for sequence in range(1, total + 1):
            occurred_at = start + datetime.timedelta(milliseconds=37 * sequence)
            actor = actors[sequence % len(actors)]
            agency = agencies[sequence % len(agencies)]
            action = actions[sequence % len(actions)]
            target = str(uuid.uuid4())
            detail: dict[str, object] = {} if sequence % 3 else {"count": sequence % 97, "role": "advocate"}
            fields = {
                "occurred_at": occurred_at.isoformat(),
                "actor_id": str(actor),
                "agency_id": str(agency),
                "action": action,
                "target_type": "people.person",
                "target_id": target,
                "purpose": "care" if sequence % 2 else "",
                "detail": detail,
            }
            digest = event_hash(sequence=sequence, fields=fields, previous_hash=previous, key_id=key_id)
            copy.write_row(
                [
                    sequence,
                    occurred_at,
                    actor,
                    agency,
                    action,
                    "people.person",
                    target,
                    fields["purpose"],
                    json.dumps(detail),
                    previous,
                    key_id,
                    digest,
                ]
            )
            previous = digest
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_event")
    print(f"built {total:,} events in {time.perf_counter() - began:.1f} s", flush=True)


def legacy_walk(limit: int) -> int:
    """The walk before issue 8 (model instances in batches of 5,000), stopped after ``limit`` events."""
    from waypoint.audit.models import Event
    from waypoint.audit.services import GENESIS, _hashed_fields, event_hash

    previous, after, count = GENESIS, 0, 0
    while count < limit:
        rows = list(Event.objects.filter(sequence__gt=after).order_by("sequence")[:5000])
        if not rows:
            break
        for event in rows:
            computed = event_hash(
                sequence=event.sequence, fields=_hashed_fields(event), previous_hash=previous, key_id=event.key_id
            )
            assert event.previous_hash == previous and computed == event.hash, event.sequence
            previous = event.hash
            count += 1
        after = rows[-1].sequence
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--legacy", type=int, default=200_000, help="events walked the old way (0 to skip)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if "scratch" not in os.environ.get("DATABASE_URL", ""):
        sys.exit("point DATABASE_URL at a scratch database whose name contains 'scratch'")

    import django

    django.setup()
    from django.core.management import call_command

    from waypoint.audit.services import verify_chain

    call_command("migrate", "audit", verbosity=0)
    build_chain(args.events)

    if args.legacy:
        legacy = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            walked = legacy_walk(args.legacy)
            legacy.append((time.perf_counter() - began) / walked * 1e6)
        print(f"before (model instances): median {statistics.median(legacy):.1f} µs/event over {walked:,} events")
    now = []
    for _ in range(args.repeat):
        began = time.perf_counter()
        result = verify_chain()
        assert result.ok, result
        now.append((time.perf_counter() - began) / result.count * 1e6)
    print(f"now (verify_chain):       median {statistics.median(now):.1f} µs/event over {result.count:,} events")
    if args.legacy:
        print(f"ratio before/now: {statistics.median(legacy) / statistics.median(now):.1f}")


if __name__ == "__main__":
    main()
