"""`make bench-audit`: audit chain throughput (events/s) with 1 and with 8 concurrent writer processes.

Every ``audit.record`` takes one global advisory lock (``pg_advisory_xact_lock``),
reads the chain's head, inserts the event and holds the lock until its transaction
commits: writers are serialised, and the chain's throughput is about 1 / (the time
the lock is held). This measures it on a database that already holds a long chain:
by default the full city network (``waypoint_city_full``, 10,000,000 events) on the
server DATABASE_URL names (postgres@127.0.0.1:5432 when unset), else the small one;
``--url`` names another.

Each writer is its own process with its own connection, and appends events
(action ``bench.audit_write``) for ``--seconds`` seconds, each in its own transaction,
as a request does. They start together. Per event it times the lock statement (the
wait, plus one round trip), the rest of ``audit.record`` (head read and insert) and the
commit. The events are real and stay in the chain (it stays valid); a run of the
defaults appends a few tens of thousands of them.

The report is printed; docs/scaling.md has the figures and what they mean.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load.run import choose_city, loadavg, percentile  # noqa: E402


def child(writer: int, seconds: float) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from waypoint import audit

    lock_ms: list[float] = []
    inside_ms: list[float] = []
    commit_ms: list[float] = []
    total_ms: list[float] = []
    sql_ms: list[float] = []  # the statements after the lock (head read, insert, savepoint), inside the lock
    marks: dict[str, float] = {}

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "pg_advisory_xact_lock" in sql:
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                marks["locked"] = time.perf_counter()
                lock_ms.append((marks["locked"] - started) * 1000)
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            marks["sql"] = marks.get("sql", 0.0) + time.perf_counter() - started

    connection.ensure_connection()
    agency = None
    with connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_agency ORDER BY name LIMIT 1")
        row = cursor.fetchone()
        agency = row[0] if row else None
    # Ready: the parent answers with the common start time once every writer is.
    print("ready", flush=True)
    start_at = float(sys.stdin.readline())
    while time.time() < start_at:
        time.sleep(0.001)
    deadline = start_at + seconds
    count = 0
    with connection.execute_wrapper(timed):
        while time.time() < deadline:
            began = time.perf_counter()
            marks["sql"] = 0.0
            atomic = transaction.atomic()
            atomic.__enter__()
            try:
                audit.record(
                    action="bench.audit_write",
                    agency=agency,
                    target_type="bench",
                    target_id=f"{writer}-{count}",
                    detail={"writer": writer},
                )
            except BaseException:
                atomic.__exit__(*sys.exc_info())
                raise
            before_commit = time.perf_counter()
            atomic.__exit__(None, None, None)
            done = time.perf_counter()
            inside_ms.append((before_commit - marks["locked"]) * 1000)
            sql_ms.append(marks["sql"] * 1000)
            commit_ms.append((done - before_commit) * 1000)
            total_ms.append((done - began) * 1000)
            count += 1
    print(
        json.dumps(
            {
                "events": count,
                "lock": lock_ms,
                "inside": inside_ms,
                "commit": commit_ms,
                "total": total_ms,
                "sql": sql_ms,
            }
        )
    )
    return 0


def run(url: str, writers: int, seconds: float) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONUNBUFFERED": "1"}
    env.pop("WAYPOINT_DEMO", None)
    children = [
        subprocess.Popen(  # noqa: S603 - this script
            [sys.executable, __file__, "--child", str(k), "--seconds", str(seconds)],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for k in range(writers)
    ]
    for process in children:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":
            raise SystemExit("a writer did not start")
    start_at = time.time() + 0.5
    for process in children:
        assert process.stdin is not None
        process.stdin.write(f"{start_at}\n")
        process.stdin.flush()
    results = []
    for process in children:
        assert process.stdout is not None
        out = process.stdout.read()
        process.wait(seconds + 60)
        if process.returncode != 0:
            raise SystemExit(f"a writer failed ({process.returncode})")
        results.append(json.loads(out.strip().splitlines()[-1]))
    events = sum(r["events"] for r in results)

    def pooled(key: str) -> list[float]:
        return [v for r in results for v in r[key]]

    lock, inside, commit, total = pooled("lock"), pooled("inside"), pooled("commit"), pooled("total")
    sql = pooled("sql")
    return {
        "writers": writers,
        "events": events,
        "events_per_s": events / seconds,
        "per_writer": [r["events"] for r in results],
        "total_p50": percentile(total, 0.5),
        "total_p95": percentile(total, 0.95),
        "lock_mean": statistics.fmean(lock),
        "lock_p95": percentile(lock, 0.95),
        "inside_mean": statistics.fmean(inside),
        "commit_mean": statistics.fmean(commit),
        "sql_mean": statistics.fmean(sql),
        "held_p50": percentile([i + c for i, c in zip(inside, commit, strict=True)], 0.5),
        # Time the lock is held per event: from the lock statement's return to the commit's end.
        "held_mean": statistics.fmean(i + c for i, c in zip(inside, commit, strict=True)),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="DATABASE_URL of a database with a long chain (default: the full city)")
    parser.add_argument("--writers", default="1,8", help="comma-separated writer counts")
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        return child(args.child, args.seconds)
    if args.seconds > 60:
        raise SystemExit("Bounded: at most 60 s per writer count.")

    url, state = choose_city(args.url)
    import psycopg

    with psycopg.connect(url) as conn:
        head = conn.execute("SELECT max(sequence) FROM audit_event").fetchone()[0]
        settings = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('synchronous_commit', 'fsync', 'shared_buffers', 'wal_sync_method', 'commit_delay')"
            ).fetchall()
        )
    print(
        f"Chain of {head:,} events in {url.rsplit('/', 1)[-1]} ({state.get('size')} set); server settings {settings}; "
        f"load average {loadavg()}",
        flush=True,
    )
    print(
        f"\n{'writers':>7} {'events':>7} {'events/s':>9} {'p50 ms':>7} {'p95 ms':>7} {'lock wait':>10} "
        f"{'held':>6} {'(of it commit)':>14}"
    )
    for writers in (int(w) for w in args.writers.split(",")):
        r = run(url, writers, args.seconds)
        print(
            f"{r['writers']:>7} {r['events']:>7,} {r['events_per_s']:>9.0f} {r['total_p50']:>7.2f} {r['total_p95']:>7.2f} "
            f"{r['lock_mean']:>10.2f} {r['held_mean']:>6.2f} {r['commit_mean']:>14.2f}",
            flush=True,
        )
        print(
            f"{'':>7} per writer: {r['per_writer']}; lock wait p95 {r['lock_p95']:.2f} ms; held p50 "
            f"{r['held_p50']:.2f} ms; statements inside the lock {r['sql_mean']:.2f} ms (mean)",
            flush=True,
        )
    print(
        f"\n{args.seconds:.0f} s per writer count, each event its own transaction; ms are means per event except p50/p95 "
        f"(the whole record + commit). 'held': from the lock to the end of the commit. Load average {loadavg()}."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
