"""`make faults`: the database killed during a load run with writes, and a task worker killed mid-task.

Everything happens on a PostgreSQL cluster of its own, never on the shared server:
Debian's ``pg_createcluster 15 faults --port 5433`` (trust authentication, 127.0.0.1),
made and started here when missing, holding ``waypoint_faults``, a small city network
(``manage.py city_network --size small``, 25,000 people, 1,000,000 audit events).
``--drop`` removes the cluster at the end.

1. **Database killed.** gunicorn (3 workers × 2 threads, *no* demo mode) serves the city;
   30 advocates, enrolled with TOTP here, sign in through allauth's form and second step
   and work for 70 s, writing as they go (a safe contact's "confirmed today", and new
   safe contacts): bench/load/locustfile.py with ``LOAD_WRITES=verify,create``. After
   25 s the server is stopped with ``pg_ctlcluster … stop -m immediate`` (no clean
   shutdown: a crash, as far as PostgreSQL knows) and started again 3 s later. Printed:
   the answers during the outage and the 10 s after it by status (503 the calm page,
   500 a defect), the title of the page people saw, how long after the database's return
   the service answered again, and the errors after that.
2. **Task worker killed.** One agency's retention is set to 0 years, so its closed records
   are due; ``purge_due --enqueue`` queues the purge and ``manage.py task_worker`` starts it.
   Once about a quarter of the records are purged, the worker is killed with SIGKILL. It
   is restarted, and the task's fate is printed (re-run, failed, or left "RUNNING"); then
   the purge is queued again, as the daily timer would, and must finish the job.
3. **No partial records.** Every safe contact created during the run has its audit event
   and every event its contact; per contact, "confirmed" updates in the history equal the
   ``safe_contact.verified`` events; every overview answered 200 has its read event; every
   due record is either wholly there (row and history) or wholly gone (no row anywhere,
   one ``person.purged`` event); and ``manage.py audit_verify --full`` must say OK.

Bounded: 30 users, 70 s of load, 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.load import run as load  # noqa: E402

VERSION = "15"
CLUSTER = "faults"
PORT = 5433
DATABASE = "waypoint_faults"
README_START, README_END = "<!-- faults:start -->", "<!-- faults:end -->"
CALM_TITLE = "Waypoint is briefly unavailable"
RECOVERY_TARGET_S = 10


def url_for(port: int, database: str = DATABASE) -> str:
    return f"postgres://postgres@127.0.0.1:{port}/{database}"


def _pg_ctl(action: str, *extra: str, version: str = VERSION, cluster: str = CLUSTER) -> None:
    command = ["pg_ctlcluster", "--skip-systemctl-redirect", version, cluster, action, *extra]
    subprocess.run(command, check=True)  # noqa: S603 - Debian's cluster tool, on our own cluster


def clusters() -> dict[str, dict[str, str]]:
    """Debian's clusters: name -> version, port, status."""
    out = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    found = {}
    for line in out.splitlines():
        parts = line.split()
        if len(parts) >= 4:
            found[parts[1]] = {"version": parts[0], "port": parts[2], "status": parts[3]}
    return found


def ensure_cluster(cluster: str, port: int) -> None:
    if cluster == "main" or port == 5432:
        raise SystemExit("faults.py kills its database: never the shared server (cluster main, port 5432).")
    existing = clusters().get(cluster)
    if existing is None:
        print(f"Creating the PostgreSQL {VERSION} cluster {cluster} on port {port}…", flush=True)
        subprocess.run(  # noqa: S603
            ["pg_createcluster", VERSION, cluster, "--port", str(port), "--", "--auth=trust"],  # noqa: S607
            check=True,
            stdout=subprocess.DEVNULL,
        )
    elif existing["port"] != str(port):
        raise SystemExit(f"Cluster {cluster} listens on {existing['port']}, not {port}.")
    if clusters()[cluster]["status"] != "online":
        _pg_ctl("start", cluster=cluster)


def wait_ready(port: int, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        command = ["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)]
        if subprocess.run(command, check=False).returncode == 0:  # noqa: S603
            return True
        time.sleep(0.1)
    return False


def poll_until_up(url: str, back: list[float], timeout: float = 60) -> None:
    """Append to ``back`` the time of the first successful query at ``url`` (tried every 50 ms)."""
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url, connect_timeout=1) as conn:
                conn.execute("SELECT 1")
            back.append(time.time())
            return
        except psycopg.Error:
            time.sleep(0.05)


def django_env(url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "waypoint.settings",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("WAYPOINT_DEMO", None)
    return env


def manage(url: str, *args: str, capture: bool = False) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own manage.py
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=django_env(url),
        text=True,
        capture_output=capture,
        check=False,
    )


def ensure_city(port: int) -> str:
    import psycopg

    with psycopg.connect(url_for(port, "postgres"), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone():
            conn.execute(f"CREATE DATABASE {DATABASE}")
    url = url_for(port)
    if manage(url, "migrate", "--no-input", "-v0").returncode != 0:
        raise SystemExit("migrate failed")
    built = manage(url, "city_network", "--size", "small", "--reuse", capture=True)
    if built.returncode != 0:
        raise SystemExit(f"city_network failed:\n{built.stdout}\n{built.stderr}")
    return url


def sql(url: str, statement: str, params: Any = None) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        cursor = conn.execute(statement, params)
        return cursor.fetchall() if cursor.description else []


# --- TOTP for the simulated staff -------------------------------------------------------------------


def enrol_totp(url: str, emails: list[str], out: Path) -> None:
    """Give each account a fresh TOTP authenticator (allauth's own activation); secrets to ``out``."""
    code = (
        "import json, sys\n"
        "from allauth.mfa.models import Authenticator\n"
        "from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret\n"
        "from waypoint.accounts.models import User\n"
        "secrets = {}\n"
        "for email in json.loads(sys.argv[1]):\n"
        "    user = User.objects.get(email=email)\n"
        "    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()\n"
        "    secrets[email] = generate_totp_secret()\n"
        "    TOTP.activate(user, secrets[email])\n"
        "open(sys.argv[2], 'w').write(json.dumps(secrets))\n"
    )
    script = out.with_suffix(".py")
    script.write_text("import django\ndjango.setup()\n" + code)
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(script), json.dumps(emails), str(out)], cwd=ROOT, env=django_env(url), check=False
    )
    if done.returncode != 0:
        raise SystemExit("TOTP enrolment failed")


# --- 1. the database killed under load ---------------------------------------------------------------


def outage_figures(entries: list[dict[str, Any]], down: float, up: float, *, after: float = 10.0) -> dict[str, Any]:
    """What people saw from the kill to ``after`` s past the database's return, and when service came back.

    ``back_after_s``: from the database's return to the last failed answer (0 when that came first), None if
    nothing succeeded after it. Successes: 2xx and 3xx; failures: anything else, connection errors included.
    """
    window = [e for e in entries if down <= e["t"] + e["ms"] / 1000 and e["t"] <= up + after]
    statuses = collections.Counter(e["status"] for e in window)
    titles = collections.Counter(e.get("title", "") for e in window if e["status"] >= 500)

    def end(e: dict[str, Any]) -> float:
        return float(e["t"] + e["ms"] / 1000)

    # Failures of the outage: those sent from the kill to the end of the window (later ones are counted apart).
    failures = [end(e) for e in entries if down <= e["t"] <= up + after and not 200 <= e["status"] < 400]
    successes = [end(e) for e in entries if 200 <= e["status"] < 400]
    last_failure = max(failures, default=down)
    # Back: the last failed answer after the kill, counted from the database's return (0 if it came before),
    # provided answers succeed after it.
    back = max(0.0, last_failure - up) if any(t > last_failure for t in successes) else None
    first_success = min((t for t in successes if t >= up), default=None)
    later_failures = [e for e in entries if e["t"] > up + after and not 200 <= e["status"] < 400]
    return {
        "requests": len(window),
        "statuses": dict(sorted(statuses.items())),
        "http_503": statuses.get(503, 0),
        "http_500": statuses.get(500, 0),
        "other_failures": sum(n for s, n in statuses.items() if s >= 400 and s not in (500, 503)) + statuses.get(0, 0),
        "titles": dict(titles),
        "back_after_s": back,
        "last_failure_after_up_s": last_failure - up,
        "first_success_after_up_s": (first_success - up) if first_success is not None else None,
        "failures_later": len(later_failures),
    }


def database_kill(
    url: str, port: int, scratch: Path, *, users: int, seconds: int, kill_at: float, down_for: float
) -> dict[str, Any]:
    emails = [f"advocate-{n:03d}@city.waypoint.test" for n in range(1, users + 1)]
    secrets = scratch / "totp.json"
    enrol_totp(url, emails, secrets)
    log = scratch / "requests.jsonl"
    # A crash restart replays the WAL since the last checkpoint: start from one, as a server in service
    # would be most of the time (right after the city's build it would replay the whole build).
    sql(url, "CHECKPOINT")
    server = load.start_gunicorn(url, workers=3, threads=2, port=8766, demo=False, log=scratch / "gunicorn.log")
    try:
        since = sql(url, "SELECT now()")[0][0]
        started = time.time()
        locust = load.run_locust(
            port=8766,
            users=users,
            spawn_rate=10,
            seconds=seconds,
            log=log,
            writes="verify,create",
            totp_file=secrets,
            wait=False,
        )
        time.sleep(max(0.0, started + kill_at - time.time()))
        _pg_ctl("stop", "-m", "immediate")
        down = time.time()
        print(f"  database stopped (immediate) at +{down - started:.1f} s", flush=True)
        # The moment the database is back is when a client first gets an answer to a query, polled every
        # 50 ms from here: pg_ctlcluster returns later than that (it polls on its own, once a second).
        back: list[float] = []
        poller = threading.Thread(target=poll_until_up, args=(url, back), daemon=True)
        poller.start()
        time.sleep(down_for)
        _pg_ctl("start")
        poller.join(60)
        if not back:
            raise SystemExit("the database did not come back")
        up = back[0]
        print(f"  database accepting connections again at +{up - started:.1f} s", flush=True)
        locust.wait(seconds + 60)
        rss = server.rss_mb()
    finally:
        server.stop()
    entries = load.read_log(log)
    figures = outage_figures(entries, down, up)
    overview_200 = sum(1 for e in entries if e["name"] == "person overview" and e["status"] == 200)
    return {
        "since": since,
        "entries": entries,
        "down": down,
        "up": up,
        "down_s": up - down,
        "outage": figures,
        "overview_200": overview_200,
        "requests": len(entries),
        "rss": rss,
        "emails": emails,
    }


# --- 2. a task worker killed mid-task ------------------------------------------------------------------

PERSON_TABLES = [  # (table, column naming the person): the rows a purge must leave none of
    ("people_person", "id"),
    ("people_personevent", "pgh_obj_id"),
    ("people_careteammember", "person_id"),
    ("people_careteammemberevent", "person_id"),
    ("people_release", "person_id"),
    ("people_releaseevent", "person_id"),
    ("people_safecontact", "person_id"),
    ("people_safecontactevent", "person_id"),
    ("people_breakglassgrant", "person_id"),
    ("people_breakglassgrantevent", "person_id"),
    ("people_outboundmessageevent", "person_id"),
]


def purge_state(url: str, due: list[str]) -> dict[str, Any]:
    """Of the due records: wholly there, wholly gone, or partial (a row without its history, or leftovers).

    All counts come from one snapshot (REPEATABLE READ), so a purge committing meanwhile cannot look partial.
    """
    import psycopg

    counts: dict[str, collections.Counter[str]] = {}
    with psycopg.connect(url) as conn:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        with conn.transaction():
            for table, column in PERSON_TABLES:
                rows = conn.execute(
                    f"SELECT {column}::text, count(*) FROM {table} WHERE {column} = ANY(%s::uuid[]) GROUP BY 1",  # noqa: S608
                    [due],
                ).fetchall()
                counts[table] = collections.Counter(dict(rows))
            purged_events = collections.Counter(
                dict(
                    conn.execute(
                        "SELECT target_id, count(*) FROM audit_event WHERE action = 'person.purged' "
                        "AND target_id = ANY(%s) GROUP BY 1",
                        [due],
                    ).fetchall()
                )
            )
    there = gone = partial = 0
    for person in due:
        if counts["people_person"][person]:
            # A record still there must still have its history (the purge deletes history first).
            if counts["people_personevent"][person] and not purged_events[person]:
                there += 1
            else:
                partial += 1
        else:
            leftovers = sum(counts[table][person] for table, _ in PERSON_TABLES)
            if leftovers == 0 and purged_events[person] == 1:
                gone += 1
            else:
                partial += 1
    return {"there": there, "gone": gone, "partial": partial}


def task_row(url: str, task_id: str) -> dict[str, Any]:
    rows = sql(
        url,
        "SELECT status, started_at, finished_at, worker_ids::text, exception_class_path, return_value::text "
        "FROM django_tasks_database_dbtaskresult WHERE id = %s",
        [task_id],
    )
    if not rows:
        return {}
    status, started, finished, workers, exception, value = rows[0]
    return {
        "status": status,
        "started": started,
        "finished": finished,
        "workers": workers,
        "exception": exception,
        "value": value,
    }


def enqueue_purge(url: str) -> str:
    out = manage(url, "purge_due", "--enqueue", capture=True)
    found = re.search(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", out.stdout + out.stderr)
    if out.returncode != 0 or not found:
        rows = sql(
            url,
            "SELECT id::text FROM django_tasks_database_dbtaskresult WHERE task_path LIKE %s ORDER BY enqueued_at DESC LIMIT 1",
            ["%purge_due_people"],
        )
        if not rows:
            raise SystemExit(f"purge_due --enqueue failed: {out.stdout} {out.stderr}")
        return str(rows[0][0])
    return found.group(0)


def start_worker(url: str, log: Path, *extra: str, stale_after_s: int | None = None) -> subprocess.Popen[bytes]:
    handle = open(log, "ab")  # noqa: SIM115
    limit = {} if stale_after_s is None else {"WAYPOINT_TASK_STALE_AFTER_SECONDS": str(stale_after_s)}
    return subprocess.Popen(  # noqa: S603
        # No autoreloader (DEBUG's default): with it, the process started here is only the reloader, and the
        # worker a child of it, which a SIGKILL of the parent would leave running.
        [sys.executable, "manage.py", "task_worker", "--interval", "0.2", "--no-reload", *extra],
        cwd=ROOT,
        env={**django_env(url), "DEBUG": "0", **limit},
        stdout=handle,
        stderr=subprocess.STDOUT,
    )


def stop_worker(worker: subprocess.Popen[bytes]) -> None:
    if worker.poll() is None:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(5)


def worker_kill(url: str, scratch: Path, *, share: float = 0.25, watch_s: float = 10.0) -> dict[str, Any]:
    # The service agency with the most closed records (an earlier run purged another one's).
    agency_id, agency = sql(
        url,
        "SELECT a.id::text, a.name FROM accounts_agency a JOIN people_person p ON p.agency_id = a.id "
        "WHERE NOT a.is_partner AND p.status = 'closed' GROUP BY a.id, a.name ORDER BY count(*) DESC, a.name LIMIT 1",
    )[0]
    sql(url, "UPDATE accounts_agency SET retention_years = 0 WHERE id = %s", [agency_id])
    due = [
        row[0]
        for row in sql(
            url,
            "SELECT id::text FROM people_person WHERE agency_id = %s AND status = 'closed' AND closed_at <= now()",
            [agency_id],
        )
    ]
    result: dict[str, Any] = {"agency": agency, "due": len(due)}
    if not due:
        raise SystemExit(
            "No closed record left to purge in the faults database: drop it (or the cluster) and run again."
        )
    log = scratch / "worker.log"
    # Whatever the city's build left queued (search and reference-index updates) first, so the purge runs at once.
    start_worker(url, log, "--batch").wait(300)
    task_id = enqueue_purge(url)
    worker = start_worker(url, log)
    started = time.monotonic()
    killed_at_purged = 0
    try:
        while time.monotonic() - started < 120:
            remaining = sql(url, "SELECT count(*) FROM people_person WHERE id = ANY(%s::uuid[])", [due])[0][0]
            if task_row(url, task_id).get("status") == "RUNNING" and len(due) - remaining >= share * len(due):
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait(5)
                killed_at_purged = len(due) - remaining
                break
            if worker.poll() is not None:
                break
            time.sleep(0.05)
        result["killed_after_s"] = time.monotonic() - started
        result["purged_at_kill"] = killed_at_purged
        time.sleep(0.5)
        result["after_kill"] = purge_state(url, due)
        result["task_after_kill"] = task_row(url, task_id)
        # A new worker, as a supervisor (systemd) would start it: it queues the killed task again once it is
        # older than the stale limit (15 minutes in production; 1 s here, so the run need not wait).
        worker = start_worker(url, log, stale_after_s=1)
        time.sleep(watch_s)
        result["rerun"] = sql(url, "SELECT count(*) FROM people_person WHERE id = ANY(%s::uuid[])", [due])[0][0] < (
            result["after_kill"]["there"] + result["after_kill"]["partial"]
        )
        result["task_after_restart"] = task_row(url, task_id)
        result["after_restart"] = purge_state(url, due)
        # What the daily timer does next: queue the purge again.
        again = enqueue_purge(url)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and task_row(url, again).get("status") not in {"SUCCESSFUL", "FAILED"}:
            time.sleep(0.25)
        result["second_task"] = task_row(url, again)
        result["task_at_end"] = task_row(url, task_id)
        result["at_end"] = purge_state(url, due)
    finally:
        stop_worker(worker)
        sql(url, "UPDATE accounts_agency SET retention_years = 7 WHERE id = %s", [agency_id])
    return result


# --- 3. partial records -----------------------------------------------------------------------------------


def write_integrity(url: str, since: Any, overview_200: int, emails: list[str]) -> dict[str, Any]:
    created_without_event = sql(
        url,
        "SELECT count(*) FROM people_safecontact c WHERE c.created_at >= %s AND NOT EXISTS ("
        "SELECT 1 FROM audit_event e WHERE e.action = 'safe_contact.created' AND e.target_id = c.id::text)",
        [since],
    )[0][0]
    events_without_contact = sql(
        url,
        "SELECT count(*) FROM audit_event e WHERE e.action = 'safe_contact.created' AND e.occurred_at >= %s "
        "AND NOT EXISTS (SELECT 1 FROM people_safecontact c WHERE c.id::text = e.target_id)",
        [since],
    )[0][0]
    created = sql(url, "SELECT count(*) FROM people_safecontact WHERE created_at >= %s", [since])[0][0]
    # Per contact: history "update" rows written since the start vs safe_contact.verified events.
    mismatched = sql(
        url,
        "WITH h AS (SELECT pgh_obj_id::text AS id, count(*) AS n FROM people_safecontactevent "
        "WHERE pgh_label = 'update' AND pgh_created_at >= %s GROUP BY 1), "
        "e AS (SELECT target_id AS id, count(*) AS n FROM audit_event WHERE action = 'safe_contact.verified' "
        "AND occurred_at >= %s GROUP BY 1) "
        "SELECT count(*), coalesce(sum(h.n), 0), coalesce(sum(e.n), 0) FROM h FULL JOIN e USING (id) "
        "WHERE h.n IS DISTINCT FROM e.n",
        [since, since],
    )[0]
    verified = sql(
        url, "SELECT count(*) FROM audit_event WHERE action = 'safe_contact.verified' AND occurred_at >= %s", [since]
    )[0][0]
    reads = sql(
        url,
        "SELECT count(*) FROM audit_event e JOIN accounts_user u ON u.id = e.actor_id WHERE e.action = 'person.read' "
        "AND e.purpose = 'view' AND e.occurred_at >= %s AND u.email = ANY(%s)",
        [since, emails],
    )[0][0]
    return {
        "contacts_created": created,
        "created_without_event": created_without_event,
        "events_without_contact": events_without_contact,
        "verified_events": verified,
        "verify_mismatched_contacts": mismatched[0],
        "read_events": reads,
        "overview_200": overview_200,
        "reads_missing": max(0, overview_200 - reads),
    }


def audit_verify(url: str) -> tuple[bool, str]:
    done = manage(url, "audit_verify", "--full", capture=True)
    text = (done.stdout + done.stderr).strip().splitlines()
    return done.returncode == 0, (text[-1] if text else "")


# --- the report --------------------------------------------------------------------------------------------


def _signed(value: float | None) -> str:
    return "–" if value is None else f"{value:+.2f}"


def report(
    kill: dict[str, Any],
    work: dict[str, Any],
    integrity: dict[str, Any],
    verify: tuple[bool, str],
    meta: dict[str, Any],
) -> str:
    o = kill["outage"]
    back = "never, within the run" if o["back_after_s"] is None else f"{o['back_after_s']:.1f} s"
    lines = [
        f"Last run: {meta['date']}, load average {meta['load_before']} before and {meta['load_after']} after; "
        f"PostgreSQL {VERSION} cluster `{CLUSTER}` on 127.0.0.1:{meta['port']} (this script's own), small city "
        f"network; gunicorn 3 workers × 2 threads without demo mode; {meta['users']} advocates signing in with "
        f"password and TOTP, {meta['seconds']} s of caseload, overview, finder, contact confirmations and new contacts "
        f"({kill['requests']:,} requests).",
        "",
        f"**Database killed** (`stop -m immediate`) at +{meta['kill_at']:.0f} s, accepting connections again "
        f"{kill['down_s']:.1f} s later:",
        "",
        f"- answers from the kill to 10 s after the return: {o['requests']:,}, by status {o['statuses']}; "
        f"**{o['http_503']} × 503, {o['http_500']} × 500**, other failures {o['other_failures']}",
        f"- pages people saw on a 5xx: {o['titles'] or 'none'}",
        f"- service back **{back}** after the database's return (target ≤ {RECOVERY_TARGET_S} s): the last failed "
        f"answer came {o['last_failure_after_up_s']:+.2f} s from it, the first success after it "
        f"{_signed(o['first_success_after_up_s'])} s; failures later in the run: {o['failures_later']}",
        f"- worker RSS after the run: {', '.join(f'{r:.0f}' for r in kill['rss'])} MB",
        "",
        f"**Task worker killed** (SIGKILL) during `purge_due_people` ({work['due']} records of {work['agency']} due) "
        f"after {work['killed_after_s']:.1f} s, {work['purged_at_kill']} purged:",
        "",
        f"- just after the kill: {work['after_kill']}; the task row: {work['task_after_kill'].get('status')}",
        f"- a new worker, {meta['watch_s']:.0f} s later: task {work['task_after_restart'].get('status')}, "
        f"re-run: {'yes' if work['rerun'] else 'no'}, marked failed: "
        f"{'yes' if work['task_after_restart'].get('status') == 'FAILED' else 'no'}; records {work['after_restart']}",
        f"- the purge queued again: {work['second_task'].get('status')} {work['second_task'].get('value')}; "
        f"records {work['at_end']}; the killed task's row at the end: {work['task_at_end'].get('status')}",
        "",
        "**Partial records**:",
        "",
        f"- safe contacts created during the run {integrity['contacts_created']}: without their audit event "
        f"{integrity['created_without_event']}, events without their contact {integrity['events_without_contact']}",
        f"- contacts whose confirmed-updates differ from their `safe_contact.verified` events: "
        f"{integrity['verify_mismatched_contacts']} (events {integrity['verified_events']})",
        f"- overviews answered 200: {integrity['overview_200']}, read events by the same staff {integrity['read_events']} "
        f"(a page shown without its event: {integrity['reads_missing']})",
        f"- purge: partial records {work['at_end']['partial']} (after the kill {work['after_kill']['partial']})",
        f"- `audit_verify --full`: {'OK' if verify[0] else 'FAILED'} ({verify[1]})",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=PORT)
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=70)
    parser.add_argument("--kill-at", type=float, default=25)
    parser.add_argument("--down-for", type=float, default=3)
    parser.add_argument("--drop", action="store_true", help="drop the cluster at the end")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    if args.users > 50 or args.seconds > 120:
        raise SystemExit("Bounded: at most 50 users and 120 s.")
    ensure_cluster(CLUSTER, args.port)
    if not wait_ready(args.port):
        raise SystemExit("the faults cluster does not answer")
    try:
        print("Migrating and (re)using the small city on the faults cluster…", flush=True)
        url = ensure_city(args.port)
        scratch = Path(tempfile.mkdtemp(prefix="waypoint-faults-"))
        load_before = load.loadavg()
        print(f"1. Load with writes; the database killed at +{args.kill_at:.0f} s…", flush=True)
        kill = database_kill(
            url,
            args.port,
            scratch,
            users=args.users,
            seconds=args.seconds,
            kill_at=args.kill_at,
            down_for=args.down_for,
        )
        print("2. A task worker killed mid-purge…", flush=True)
        work = worker_kill(url, scratch)
        print("3. Partial records and the audit chain…", flush=True)
        integrity = write_integrity(url, kill["since"], kill["overview_200"], kill["emails"])
        verify = audit_verify(url)
        meta = {
            "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "load_before": load_before,
            "load_after": load.loadavg(),
            "port": args.port,
            "users": args.users,
            "seconds": args.seconds,
            "kill_at": args.kill_at,
            "watch_s": 10.0,
        }
        section = report(kill, work, integrity, verify, meta)
        print("\n" + section)
        (scratch / "faults.json").write_text(
            json.dumps(
                {"outage": kill["outage"], "work": work, "integrity": integrity, "verify": verify},
                default=str,
                indent=1,
            )
        )
        print(f"\nRaw figures in {scratch}.")
        if not args.no_readme:
            load.write_readme(section, start=README_START, end=README_END, title="`make faults`")
            print(f"Written to {load.README.relative_to(ROOT)}.")
        o = kill["outage"]
        defects = (
            o["http_500"]
            + integrity["created_without_event"]
            + integrity["events_without_contact"]
            + integrity["verify_mismatched_contacts"]
            + integrity["reads_missing"]
            + work["at_end"]["partial"]
            + (0 if verify[0] else 1)
            + (0 if o["back_after_s"] is not None and o["back_after_s"] <= RECOVERY_TARGET_S else 1)
        )
        return 1 if defects else 0
    finally:
        if args.drop:
            subprocess.run(["pg_dropcluster", VERSION, CLUSTER, "--stop"], check=False)  # noqa: S603,S607


if __name__ == "__main__":
    sys.exit(main())
