"""`make bench-scale`: every page of `make bench` on the small and the full city network, and how they grow.

It builds, or reuses when present and complete, two databases on the same PostgreSQL
server as `make bench` (DATABASE_URL's, or the embedded one): waypoint_city_small
(25,000 people, 1,000,000 audit events) and waypoint_city_full (250,000 people,
10,000,000 events), made by `manage.py city_network` (waypoint/demo/city.py). Each
set is measured in its own child process (Django settings name one database), in
alternating rounds (small, full, small, full…) so that a noisy moment on a shared
machine falls on both; the timings of the rounds are pooled.

For each page: median, p95 and queries on both sets, and the growth ratio p95 full /
p95 small. For the caseload page, also the app time / raw-SQL time ratio: the SQL of
one request is captured (``connection.execute_wrapper``) and the very same
statements, with the same parameters, are re-run through a plain cursor (no
middleware, no ORM, no templates) inside a transaction that is rolled back.

The report goes to stdout and replaces the bench-scale section of bench/README.md.
Timing is a benchmark, never a test: compare with QUALITY.md, and re-run before
believing a change.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402  (after the path is set)

SETS = ("small", "full")
README = ROOT / "bench" / "README.md"
START = "<!-- bench-scale:start -->"
END = "<!-- bench-scale:end -->"
GROWTH_TARGET = 1.3
RAW_RATIO_TARGET = 3.0


def database_name(size: str) -> str:
    return f"waypoint_city_{size}"


def database_url(name: str) -> str:
    """A DATABASE_URL for database ``name`` on the server Django is configured for."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    user = quote(str(db.get("USER") or ""), safe="")
    password = f":{quote(str(db['PASSWORD']), safe='')}" if db.get("PASSWORD") else ""
    host, port = str(db.get("HOST") or ""), str(db.get("PORT") or "")
    query = {k: str(v) for k, v in (db.get("OPTIONS") or {}).items() if isinstance(v, str | int)}
    if host.startswith("/"):  # a Unix socket (the embedded server)
        query["host"] = host
        host = ""
    netloc = f"{user}{password}@{host}" + (f":{port}" if port else "")
    return f"postgres://{netloc}/{quote(name)}" + (f"?{urlencode(query)}" if query else "")


def _child(args: list[str], url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "WAYPOINT_DEMO": "1", "PYTHONUNBUFFERED": "1"}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, text=True, check=False)  # noqa: S603


def _streamed(args: list[str], url: str) -> str | None:
    """Run a child, echoing its output as it comes (the build prints its progress); None if it failed."""
    env = {**os.environ, "DATABASE_URL": url, "WAYPOINT_DEMO": "1", "PYTHONUNBUFFERED": "1"}
    lines = []
    with subprocess.Popen(  # noqa: S603 - our own interpreter and manage.py
        [sys.executable, *args], cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as child:
        assert child.stdout is not None
        for line in child.stdout:
            sys.stdout.write(line)
            sys.stdout.flush()
            lines.append(line)
    return "".join(lines) if child.returncode == 0 else None


def ensure_city(size: str) -> dict[str, Any]:
    """Create the database if missing, migrate it, and build the city unless a complete one is there."""
    from django.db import connection

    name = database_name(size)
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            print(f"Creating the database {name}…", flush=True)
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    url = database_url(name)
    started = time.monotonic()
    if _child(["manage.py", "migrate", "--no-input", "-v0"], url).returncode != 0:
        raise SystemExit(f"migrate failed on {name}")
    print(f"The {size} city ({name}):", flush=True)
    output = _streamed(["manage.py", "city_network", "--size", size, "--reuse"], url)
    if output is None:
        raise SystemExit(f"city_network failed on {name}")
    reused = "nothing to do" in output
    tables = [
        f"{m[1]} {m[2]} rows in {float(m[3]):.0f} s"
        for m in (re.match(r"^\s+(\S.*?)\s+([\d,]+) rows\s+([\d.]+) s", line) for line in output.splitlines())
        if m
    ]
    return {"url": url, "reused": reused, "seconds": time.monotonic() - started, "tables": tables, "output": output}


def measure_one(out: Path, requests: int) -> int:
    """In a child process whose DATABASE_URL names one city: time every page, write JSON to ``out``."""
    run.setup_django()
    from waypoint.demo.city import PERSONAS

    results: dict[str, Any] = {}
    for scenario in run.scenarios(PERSONAS):
        if scenario.form is not None:
            continue  # the cities are built once and reused: nothing here may write to them
        page = run.time_page(scenario, requests)
        entry: dict[str, Any] = {
            "timings": page.timings,
            "queries": page.queries,
            "error": page.error,
            "sql_ms": page.sql_ms,
        }
        if scenario.raw_sql and not page.error:
            entry["raw"] = raw_sql_timings(page.statements, requests)
        results[scenario.label] = entry
    out.write_text(json.dumps(results))
    return 0


def raw_sql_timings(statements: list[tuple[str, Any, bool]], repeats: int) -> list[float]:
    """The page's own statements, re-run as they were sent, with a plain cursor; rolled back each time."""
    from django.db import connection, transaction

    timings = []
    for attempt in range(repeats + 3):
        with transaction.atomic():
            started = time.perf_counter()
            with connection.cursor() as cursor:
                for sql, params, many in statements:
                    if many:
                        cursor.executemany(sql, params)
                    else:
                        cursor.execute(sql, params)
                    if cursor.description is not None:
                        cursor.fetchall()
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
        if attempt >= 3:  # the first three warm up, as for the pages
            timings.append(elapsed)
    return timings


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout  # noqa: S603, S607


def code_state() -> str:
    """The commit measured, and which files under waypoint/ differed from it (others work in the same tree)."""
    try:
        head = _git("rev-parse", "--short", "HEAD").strip()
        changed = _git("status", "--porcelain", "--untracked-files=no", "--", "waypoint").splitlines()
    except (OSError, subprocess.CalledProcessError):
        return "code: unknown (no git)"
    files = [line[3:] for line in changed]
    return f"code: commit {head}" + (f" with uncommitted changes to {', '.join(files)}" if files else "")


def io_pressure() -> str:
    """Linux PSI: the share of the last minute in which some task was stalled on I/O ("" where unknown)."""
    try:
        some = Path("/proc/pressure/io").read_text().splitlines()[0]
    except (OSError, IndexError):
        return ""
    fields = dict(part.split("=") for part in some.split()[1:])
    return f"{float(fields.get('avg60', 0)):.0f}%"


def report(
    pooled: dict[str, dict[str, Any]], labels: list[str], targets: dict[str, tuple[Any, Any]], meta: dict[str, Any]
) -> str:
    lines = [
        f"Last run: {meta['date']}, {meta['machine']}, load average {meta['load_before']} before and "
        f"{meta['load_after']} after{meta['pressure']}; {meta['server']}; {meta['requests']} requests per page "
        f"and set in {meta['rounds']} alternating rounds (each after 3 warm-ups), server time through the test client; "
        f"{meta['code']}.",
        "",
        "| page | small median ms | small p95 ms | full median ms | full p95 ms | target p95 | queries small / full "
        "| growth p95 full / small | (growth of the median) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for label in labels:
        small, full = pooled["small"].get(label, {}), pooled["full"].get(label, {})
        if small.get("error") or full.get("error"):
            lines.append(f"| {label} | error: {small.get('error') or full.get('error')} ||||||||")
            continue
        s, f = run.summary(small["timings"]), run.summary(full["timings"])
        growth = f["p95"] / s["p95"]
        target_ms, target_queries = targets[label]
        target = (f"{target_ms:.0f}" if target_ms else "–") + (f", ≤ {target_queries} q" if target_queries else "")
        flags = []
        if target_ms and f["p95"] > target_ms:
            flags.append("over target")
        if target_queries and max(small["queries"], full["queries"]) > target_queries:
            flags.append("too many queries")
        if growth > GROWTH_TARGET:
            flags.append(f"grows > {GROWTH_TARGET}")
        if flags:
            notes.append(f"{label}: {', '.join(flags)}")
        lines.append(
            f"| {label} | {s['median']:.1f} | {s['p95']:.1f} | {f['median']:.1f} | {f['p95']:.1f} | {target} | "
            f"{small['queries']} / {full['queries']} | {growth:.2f}{' **over 1.3**' if growth > GROWTH_TARGET else ''} | "
            f"{f['median'] / s['median']:.2f} |"
        )
    lines.append("")
    for label in labels:
        for size in SETS:
            entry = pooled[size].get(label, {})
            if "raw" not in entry or entry.get("error"):
                continue
            app = statistics.median(entry["timings"])
            raw = statistics.median(entry["raw"])
            ratio = app / raw if raw else float("inf")
            lines.append(
                f"- {label}, {size} set: app {app:.1f} ms / its {entry['queries']} statements re-run raw "
                f"{raw:.2f} ms = **{ratio:.1f}** (target ≤ {RAW_RATIO_TARGET:.0f}); the same statements took "
                f"{entry['sql_ms']:.2f} ms inside the captured request."
            )
    if notes:
        lines += ["", "Flagged: " + "; ".join(notes) + "."]
    lines += ["", "Sets: " + "; ".join(meta["builds"]) + "."]
    return "\n".join(lines)


def write_readme(section: str) -> None:
    text = README.read_text()
    block = f"{START}\n## `make bench-scale`\n\n{section}\n{END}"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        _old, after = rest.split(END, 1)
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page, set and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-readme", action="store_true", help="print the report only")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)  # child: write timings here
    args = parser.parse_args()
    if args.measure:
        return measure_one(args.measure, args.requests)

    code = code_state()
    load_before = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    io_before = io_pressure()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    os.environ["WAYPOINT_DEMO"] = "1"
    import django

    django.setup()
    from django.db import connection

    with connection._nodb_cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    server += " (embedded)" if not os.environ.get("DATABASE_URL") else " (DATABASE_URL's server)"

    cities = {size: ensure_city(size) for size in SETS}
    pooled: dict[str, dict[str, Any]] = {size: {} for size in SETS}
    with tempfile.TemporaryDirectory() as scratch:
        for round_ in range(args.rounds):
            for size in SETS:
                print(f"Measuring the {size} set (round {round_ + 1} of {args.rounds})…", flush=True)
                out = Path(scratch) / f"{size}-{round_}.json"
                child = _child([__file__, "--measure", str(out), "--requests", str(args.requests)], cities[size]["url"])
                if child.returncode != 0 or not out.exists():
                    raise SystemExit(f"measuring the {size} set failed")
                for label, entry in json.loads(out.read_text()).items():
                    into = pooled[size].setdefault(label, {"timings": [], "raw": [], "sql_ms": []})
                    into["timings"] += entry["timings"]
                    into["queries"] = entry["queries"]
                    into["error"] = entry["error"] or into.get("error", "")
                    into["sql_ms"].append(entry["sql_ms"])
                    if "raw" in entry:
                        into["raw"] += entry["raw"]
    for size in SETS:
        for entry in pooled[size].values():
            entry["sql_ms"] = statistics.median(entry["sql_ms"]) if entry["sql_ms"] else 0.0
            if not entry["raw"]:
                del entry["raw"]

    # Labels and targets come from the scenario list itself (no database needed to read them).
    scenario_list = run.scenarios(run.DemoPersonas())
    labels = [s.label for s in scenario_list if s.form is None]  # the posting scenarios are not run here
    targets = {s.label: (s.target_ms, s.target_queries) for s in scenario_list}
    builds = []
    for size in SETS:
        info = cities[size]
        if info["reused"]:
            built_in = re.search(r"built in (\d+) s", info["output"])
            builds.append(f"{size} reused" + (f" (its build took {built_in[1]} s)" if built_in else ""))
        else:
            builds.append(f"{size} built in {info['seconds']:.0f} s (" + ", ".join(info["tables"]) + ")")
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"{os.cpu_count()} cores",
        "load_before": load_before,
        "load_after": " / ".join(f"{x:.1f}" for x in os.getloadavg()),
        "pressure": (
            f" (I/O pressure, share of time some task waited on I/O over the last minute: {io_before} before, "
            f"{io_pressure()} after)"
            if io_before
            else ""
        ),
        "server": server,
        "requests": args.requests * args.rounds,
        "rounds": args.rounds,
        "builds": builds,
        "code": code,
    }
    section = report(pooled, labels, targets, meta)
    print("\n" + section)
    if not args.no_readme:
        write_readme(section)
        print(f"\nWritten to {README.relative_to(ROOT)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
