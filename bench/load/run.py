"""`make load`: gunicorn on this machine's 2 cores, driven by 50 simulated staff (locust, headless) for about 75 s.

It serves a city network (waypoint/demo/city.py): by default the full set,
``waypoint_city_full`` on the server DATABASE_URL names (when unset, the embedded server in
var/pgdata, where ``make bench-scale`` builds them too), if it is there and complete, else the small set there; ``--url`` names
another. ``make bench-scale`` builds both. The load is read-mostly: caseload, person
overview (each one appends a read event to the audit chain), finder, and one write,
a safe contact's "confirmed today" (an update and an audit event), see
bench/load/locustfile.py. Only 127.0.0.1 is sent traffic; users, spawn rate and
duration are bounded by the arguments.

gunicorn runs ``waypoint.wsgi`` with bench/load/settings.py (DEBUG off, the per-address
sign-in limit raised for 50 users on one address, a timing middleware); demo mode
(WAYPOINT_DEMO=1) is on, because the city's staff have no second factor: the sign-in
is allauth's real form (CSRF, password) and the TOTP step runs only with
``--totp-file`` (bench/faults.py enrols TOTP on its own database and uses it).

While the load runs, pg_stat_activity is sampled every 100 ms for backends of the
database waiting on the audit chain's advisory lock. After it: req/s, p50 and p95 per
page (client side, and server side from the middleware's header), lock-wait time,
error count, and each gunicorn worker's RSS (psutil). The report is printed and
written into the load section of bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
README = ROOT / "bench" / "README.md"
START, END = "<!-- load:start -->", "<!-- load:end -->"
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"

# QUALITY.md
TARGET_RPS = 100
TARGET_P95_MS = 250
TARGET_RSS_MB = 200
PAGE_TARGETS = {"caseload": 40, "person overview": 60, "finder": 50}  # server-time p95 targets (bench)
PAGES = ["caseload", "person overview", "finder", "write: verify contact", "write: new contact"]
# What each request should answer; anything else is an error. Writes and sign-in steps redirect.
OK_STATUS = {
    "caseload": {200},
    "person overview": {200},
    "finder": {200},
    "sign-in page": {200},
    "sign-in TOTP page": {200},
    "sign-in": {302},
    "sign-in TOTP": {302},
    "write: verify contact": {302},
    "write: new contact": {302},
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[max(0, min(len(ordered) - 1, round(share * len(ordered)) - 1))]


def with_database(url: str, name: str) -> str:
    parsed = urlparse(url)
    return urlunparse(parsed._replace(path=f"/{name}"))


def server_url() -> str:
    """DATABASE_URL's server, or the embedded one as for the app and ``make bench-scale`` (started if need be).

    The embedded server stays up while this process lives, which is the whole run.
    """
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from waypoint.database import embedded_database_url

    var_dir = Path(os.environ.get("WAYPOINT_VAR_DIR") or ROOT / "var")
    return embedded_database_url(var_dir / "pgdata")


def city_state(url: str) -> dict[str, Any] | None:
    """The city.built detail of the database at ``url``; None when absent or not a city."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(
                "SELECT detail FROM audit_event WHERE action = 'city.built' ORDER BY sequence DESC LIMIT 1"
            ).fetchone()
    except psycopg.Error:
        return None
    return dict(row[0]) if row else None


def generator_version() -> int:
    found = re.search(r"^VERSION = (\d+)", (ROOT / "waypoint" / "demo" / "city.py").read_text(), re.M)
    return int(found.group(1)) if found else 0


def choose_city(url: str | None) -> tuple[str, dict[str, Any]]:
    if url:
        state = city_state(url)
        if state is None:
            raise SystemExit(f"{url} holds no city network (manage.py city_network --size small|full builds one).")
        return url, state
    version = generator_version()
    for size in ("full", "small"):
        candidate = with_database(server_url(), f"waypoint_city_{size}")
        state = city_state(candidate)
        if state and state.get("size") == size and state.get("version") == version:
            return candidate, state
    raise SystemExit("No complete city network on the server: run `make bench-scale` (it builds both sets).")


# --- gunicorn ------------------------------------------------------------------------------------


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def workers(self) -> list[Any]:
        import psutil

        try:
            return psutil.Process(self.process.pid).children()
        except psutil.Error:
            return []

    def rss_mb(self) -> list[float]:
        import psutil

        sizes = []
        for worker in self.workers():
            try:
                sizes.append(worker.memory_info().rss / 2**20)
            except psutil.Error:
                continue
        return sizes

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the workers have used so far."""
        import psutil

        total = 0.0
        for worker in self.workers():
            try:
                times = worker.cpu_times()
                total += times.user + times.system
            except psutil.Error:
                continue
        return total

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


def app_env(database_url: str, *, demo: bool) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.load.settings",
        "PYTHONPATH": str(ROOT),
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("WAYPOINT_DEMO", None)
    if demo:
        env["WAYPOINT_DEMO"] = "1"
    return env


def start_gunicorn(
    database_url: str, *, workers: int, threads: int, port: int, demo: bool, log: Path, timeout: float = 60
) -> Server:
    command = [
        str(VENV / "gunicorn"),
        "waypoint.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--timeout",
        "30",
        "--graceful-timeout",
        "10",
        "--access-logfile",
        "-",
        "--access-logformat",
        '%(t)s "%(r)s" %(s)s %(M)sms',
    ]
    handle = open(log, "ab")  # noqa: SIM115 - handed to the child, closed with it
    process = subprocess.Popen(  # noqa: S603 - our own gunicorn
        command, cwd=ROOT, env=app_env(database_url, demo=demo), stdout=handle, stderr=subprocess.STDOUT
    )
    server = Server(process, port, log)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as answer:
                if answer.status == 200 and len(server.workers()) >= workers:
                    return server
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.5)
    server.stop()
    raise SystemExit(f"gunicorn did not answer within {timeout:.0f} s; see {log}")


# --- locust ----------------------------------------------------------------------------------------


def run_locust(
    *,
    port: int,
    users: int,
    spawn_rate: float,
    seconds: int,
    log: Path,
    writes: str,
    first_advocate: int = 1,
    totp_file: Path | None = None,
    wait: bool = True,
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "LOAD_LOG": str(log),
        "LOAD_WRITES": writes,
        "LOAD_FIRST_ADVOCATE": str(first_advocate),
        "PYTHONUNBUFFERED": "1",
    }
    if totp_file:
        env["LOAD_TOTP_FILE"] = str(totp_file)
    command = [
        str(VENV / "locust"),
        "-f",
        str(LOCUSTFILE),
        "--headless",
        "--host",
        f"http://127.0.0.1:{port}",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "5",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    locust_out = open(log.with_suffix(".locust.txt"), "wb")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=locust_out, stderr=subprocess.STDOUT)  # noqa: S603
    if wait:
        process.wait(seconds + 60)
    return process


def read_log(log: Path) -> list[dict[str, Any]]:
    if not log.exists():
        return []
    return [json.loads(line) for line in log.read_text().splitlines() if line.strip()]


# --- pg_stat_activity -------------------------------------------------------------------------------


@dataclass
class LockSampler:
    """Samples, every ``every`` s, the backends of one database: active ones, and those waiting on an advisory lock."""

    url: str
    every: float = 0.1
    samples: int = 0
    active: int = 0
    advisory_waiting: int = 0
    other_waits: collections.Counter[str] = field(default_factory=collections.Counter)
    samples_with_advisory_wait: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(5)

    def _run(self) -> None:
        import psycopg

        name = urlparse(self.url).path.lstrip("/")
        try:
            conn = psycopg.connect(with_database(self.url, "postgres"), autocommit=True, connect_timeout=5)
        except psycopg.Error:
            return
        with conn:
            while not self._stop.is_set():
                try:
                    rows = conn.execute(
                        "SELECT wait_event_type, wait_event FROM pg_stat_activity "
                        "WHERE datname = %s AND state = 'active' AND pid <> pg_backend_pid()",
                        [name],
                    ).fetchall()
                except psycopg.Error:
                    return
                self.samples += 1
                self.active += len(rows)
                waiting = sum(1 for kind, event in rows if kind == "Lock" and event == "advisory")
                self.advisory_waiting += waiting
                self.samples_with_advisory_wait += 1 if waiting else 0
                for kind, event in rows:
                    if kind and not (kind == "Lock" and event == "advisory") and kind != "Client":
                        self.other_waits[f"{kind}:{event}"] += 1
                time.sleep(self.every)

    def summary(self) -> dict[str, Any]:
        return {
            "samples": self.samples,
            "mean_active": self.active / self.samples if self.samples else 0.0,
            "mean_advisory_waiting": self.advisory_waiting / self.samples if self.samples else 0.0,
            "share_samples_with_advisory_wait": self.samples_with_advisory_wait / self.samples if self.samples else 0.0,
            "top_other_waits": self.other_waits.most_common(4),
        }


@dataclass
class CpuSampler:
    """Every second: (wall time, the workers' CPU seconds, the machine's busy and total CPU seconds)."""

    server: Server
    samples: list[tuple[float, float, float, float]] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            busy, total = machine_cpu()
            self.samples.append((time.time(), self.server.cpu_seconds(), busy, total))
            if self._stop.wait(1.0):
                return

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join(5)

    def between(self, start: float, end: float) -> dict[str, float]:
        inside = [s for s in self.samples if start <= s[0] <= end]
        if len(inside) < 2:
            return {"seconds": 0.0, "workers_s": 0.0, "machine_busy_share": 0.0}
        first, last = inside[0], inside[-1]
        return {
            "seconds": last[0] - first[0],
            "from": first[0],
            "to": last[0],
            "workers_s": last[1] - first[1],
            "machine_busy_share": (last[2] - first[2]) / (last[3] - first[3]) if last[3] > first[3] else 0.0,
        }


# --- the figures -------------------------------------------------------------------------------------


def analyse(entries: list[dict[str, Any]], *, since: float | None = None) -> dict[str, Any]:
    """Per page: count, client p50/p95, server p95, lock wait; errors; req/s over the window."""
    window = [e for e in entries if since is None or e["t"] >= since]
    if not window:
        return {"requests": 0, "seconds": 0.0, "rps": 0.0, "pages": {}, "errors": 0, "statuses": {}}
    first = min(e["t"] for e in window)
    last = max(e["t"] + e["ms"] / 1000 for e in window)
    pages: dict[str, Any] = {}
    errors = 0
    statuses: collections.Counter[str] = collections.Counter()
    for name in sorted({e["name"] for e in window}):
        rows = [e for e in window if e["name"] == name]
        ok = OK_STATUS.get(name, {200, 302})
        bad = [e for e in rows if e["status"] not in ok]
        errors += len(bad)
        statuses.update(f"{e['status']}" for e in bad)
        timings = [e["ms"] for e in rows]
        server = [e["server_ms"] for e in rows if e["server_ms"]]
        lock = [e["lock_ms"] for e in rows if e["server_ms"]]
        pages[name] = {
            "count": len(rows),
            "p50": percentile(timings, 0.5),
            "p95": percentile(timings, 0.95),
            "server_p50": percentile(server, 0.5) if server else float("nan"),
            "server_p95": percentile(server, 0.95) if server else float("nan"),
            "lock_mean": statistics.fmean(lock) if lock else 0.0,
            "lock_p95": percentile(lock, 0.95) if lock else 0.0,
            "lock_max": max(lock) if lock else 0.0,
            "errors": len(bad),
        }
    seconds = max(0.001, last - first)
    every = [e["ms"] for e in window]
    return {
        "requests": len(window),
        "seconds": seconds,
        "rps": len(window) / seconds,
        "p95_all": percentile(every, 0.95),
        "pages": pages,
        "errors": errors,
        "statuses": dict(statuses),
    }


def _f(value: float, digits: int = 1) -> str:
    return "–" if value != value else f"{value:.{digits}f}"  # NaN check


def report(result: dict[str, Any], meta: dict[str, Any]) -> str:
    steady = result["steady"]
    rss = meta["rss"]
    lines = [
        f"Last run: {meta['date']}, {meta['machine']}, load average {meta['load_before']} before and "
        f"{meta['load_after']} after. Database: `{meta['database']}` ({meta['city']}) on {meta['server']}; "
        f"gunicorn {meta['workers']} workers × {meta['threads']} threads (gthread), {meta['mode']}; "
        f"{meta['users']} simulated advocates (spawned at {meta['spawn_rate']}/s) for {meta['seconds']} s, "
        f"think time 0.1–0.5 s. Steady window: from the last sign-in to the end "
        f"({steady['seconds']:.0f} s, {steady['requests']:,} requests).",
        "",
        f"- **{steady['rps']:.0f} req/s** (target ≥ {TARGET_RPS}); p95 of every request "
        f"{_f(steady['p95_all'])} ms (target ≤ {TARGET_P95_MS}); "
        f"**{result['all']['errors']} errors** in {result['all']['requests']:,} requests, sign-ins included "
        f"(target 0){' ' + str(result['all']['statuses']) if result['all']['errors'] else ''}.",
        f"- gunicorn worker RSS after the run: {', '.join(f'{r:.0f}' for r in rss)} MB "
        f"(target ≤ {TARGET_RSS_MB} each).",
        "",
        "| page | requests | p50 ms | p95 ms | server p50 ms | server p95 ms | lock wait mean / p95 / max ms | errors |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, page in steady["pages"].items():
        lines.append(
            f"| {name} | {page['count']:,} | {_f(page['p50'])} | {_f(page['p95'])} | {_f(page['server_p50'])} | "
            f"{_f(page['server_p95'])} | {_f(page['lock_mean'], 2)} / {_f(page['lock_p95'], 2)} / "
            f"{_f(page['lock_max'], 1)} | {page['errors']} |"
        )
    cpu = meta["cpu"]
    lines += [
        "",
        f"CPU: the machine's {os.cpu_count()} cores were {100 * cpu['machine_busy_share']:.0f} % busy during the run "
        f"({cpu['machine_busy_s']:.0f} CPU-s); the gunicorn workers used {cpu['workers_s']:.0f} CPU-s "
        f"(**{cpu['workers_ms_per_request']:.0f} ms of CPU per request**, sign-ins included), locust "
        f"{cpu['locust_s']:.0f} CPU-s; the rest is PostgreSQL and the machine's other users. In the steady window: "
        f"the machine {100 * cpu['steady_machine_busy_share']:.0f} % busy, the workers using "
        f"{cpu['steady_workers_cores']:.2f} cores, **{cpu['steady_workers_ms_per_request']:.0f} ms of worker CPU per "
        f"request** (Python alone; PostgreSQL's share comes on top).",
    ]
    sampler = meta["locks"]
    lines += [
        "",
        f'"p95" is the client\'s time (gunicorn\'s queue included); "server" is Django\'s own time for the request '
        f"(X-Waypoint-Server-Ms); lock wait is the time of the request's `pg_advisory_xact_lock` statements. "
        f"pg_stat_activity, sampled {sampler['samples']} times: {sampler['mean_active']:.2f} active backends on "
        f"average, {sampler['mean_advisory_waiting']:.3f} waiting on the advisory lock "
        f"({100 * sampler['share_samples_with_advisory_wait']:.1f} % of samples saw one); other waits seen: "
        + (", ".join(f"{k} {v}" for k, v in sampler["top_other_waits"]) or "none")
        + ".",
    ]
    return "\n".join(lines)


def write_readme(section: str, *, start: str = START, end: str = END, title: str = "`make load`") -> None:
    text = README.read_text()
    block = f"{start}\n## {title}\n\n{section}\n{end}"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        _old, after = rest.split(end, 1)
        text = before + block + after
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    README.write_text(text)


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, from /proc/stat."""
    fields = [float(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    ticks = os.sysconf("SC_CLK_TCK")
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0.0)
    return (sum(fields[:8]) - idle) / ticks, sum(fields[:8]) / ticks


def loadavg() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _where(url: str) -> str:
    """host:port, or the socket directory of a local (embedded) server."""
    parts = urlparse(url)
    if parts.hostname:
        return f"{parts.hostname}:{parts.port or 5432}"
    socket = dict(parse_qsl(parts.query)).get("host", "a local socket")
    return f"the socket in {socket} (the embedded server)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="DATABASE_URL of a city network (default: the full set, else the small one)")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--seconds", type=int, default=75)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--writes", default="verify", help="comma-separated: verify, create (create only on a throw-away set)"
    )
    parser.add_argument("--totp-file", type=Path, help="JSON {e-mail: TOTP secret}: sign in with the second factor too")
    parser.add_argument("--no-demo", action="store_true", help="without WAYPOINT_DEMO (needs --totp-file)")
    parser.add_argument("--no-readme", action="store_true")
    args = parser.parse_args()
    if args.users > 100 or args.seconds > 300:
        raise SystemExit("Bounded: at most 100 users and 300 s.")

    url, state = choose_city(args.url)
    name = urlparse(url).path.lstrip("/")
    print(f"City: {name} ({state.get('size')}, {state.get('people', 0):,} people)", flush=True)
    scratch = Path(tempfile.mkdtemp(prefix="waypoint-load-"))
    log = scratch / "requests.jsonl"
    load_before = loadavg()
    server = start_gunicorn(
        url,
        workers=args.workers,
        threads=args.threads,
        port=args.port,
        demo=not args.no_demo,
        log=scratch / "gunicorn.log",
    )
    sampler = LockSampler(url)
    try:
        print(
            f"gunicorn: {args.workers} workers × {args.threads} threads on 127.0.0.1:{args.port}; "
            f"locust: {args.users} users for {args.seconds} s…",
            flush=True,
        )
        started = time.time()
        sampler.start()
        cpu_before, machine_before = server.cpu_seconds(), machine_cpu()
        cpu_sampler = CpuSampler(server)
        cpu_sampler.start()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run_locust(
            port=args.port,
            users=args.users,
            spawn_rate=args.spawn_rate,
            seconds=args.seconds,
            log=log,
            writes=args.writes,
            totp_file=args.totp_file,
        )
        sampler.stop()
        cpu_sampler.stop()
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        machine_after = machine_cpu()
        workers_cpu = server.cpu_seconds() - cpu_before
        rss = server.rss_mb()
    finally:
        sampler.stop()
        server.stop()
    entries = read_log(log)
    # Steady: once every user has started and signed in (argon2 hashing at sign-in is costly, and not the workload).
    spawned = started + args.users / args.spawn_rate
    sign_ins = [e["t"] + e["ms"] / 1000 for e in entries if e["name"].startswith("sign-in")]
    steady_from = max([spawned, *sign_ins])
    result = {"all": analyse(entries), "steady": analyse(entries, since=steady_from)}
    busy = machine_after[0] - machine_before[0]
    wall = machine_after[1] - machine_before[1]
    cpu = {
        "workers_s": workers_cpu,
        "workers_ms_per_request": 1000 * workers_cpu / max(1, result["all"]["requests"]),
        "locust_s": (children_after.ru_utime + children_after.ru_stime)
        - (children_before.ru_utime + children_before.ru_stime),
        "machine_busy_share": busy / wall if wall else 0.0,
        "machine_busy_s": busy,
    }
    window = cpu_sampler.between(steady_from, time.time())
    in_window = [e for e in entries if window.get("from", 0) <= e["t"] <= window.get("to", 0)]
    cpu["steady_workers_ms_per_request"] = 1000 * window["workers_s"] / max(1, len(in_window))
    cpu["steady_machine_busy_share"] = window["machine_busy_share"]
    cpu["steady_workers_cores"] = window["workers_s"] / window["seconds"] if window["seconds"] else 0.0
    import psycopg

    with psycopg.connect(url) as conn:
        version = conn.execute("SHOW server_version").fetchone()[0].split()[0]
    meta = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": f"the shared {os.cpu_count()}-core machine",
        "load_before": load_before,
        "load_after": loadavg(),
        "database": name,
        "city": f"{state.get('size')} set, {state.get('people', 0):,} people, {state.get('events', 0):,}+ audit events",
        "server": f"PostgreSQL {version} at {_where(url)}",
        "workers": args.workers,
        "threads": args.threads,
        "mode": "demo mode (no second factor), sign-in through allauth's form"
        if not args.no_demo
        else "no demo mode, sign-in through allauth's form and TOTP",
        "users": args.users,
        "spawn_rate": args.spawn_rate,
        "seconds": args.seconds,
        "rss": rss,
        "locks": sampler.summary(),
        "cpu": cpu,
    }
    section = report(result, meta)
    print("\n" + section)
    (scratch / "result.json").write_text(json.dumps({"result": result, "meta": meta}, default=str, indent=1))
    print(f"\nRaw figures in {scratch}.")
    if not args.no_readme:
        write_readme(section)
        print(f"Written to {README.relative_to(ROOT)}.")
    failed = result["all"]["errors"] > 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
