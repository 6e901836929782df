"""Typed readers for environment variables, and the local secrets file for development.

Settings read the environment only through these helpers so that a missing or
malformed value fails at start-up with a message naming the variable.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return default if value is None or value == "" else value


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def new_key() -> str:
    """A fresh 256-bit key, URL-safe base64 encoded."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def local_secrets(var_dir: Path) -> dict[str, object]:
    """Read, or create on first start, the development secrets in var/secrets.json.

    Only used outside production: production must pass its secrets in the
    environment or a key file, and refuses to start without them.
    """
    path = var_dir / "secrets.json"
    fresh: dict[str, object] = {
        "secret_key": secrets.token_urlsafe(50),
        "data_keys": [new_key()],
        "index_key": new_key(),
        "audit_keys": [new_key()],
    }
    if path.exists():
        data = json.loads(path.read_text())
        if all(name in data for name in fresh):
            return data
    var_dir.mkdir(parents=True, exist_ok=True)
    # Several processes start at once (test workers, the demo's server): one writes, the others read.
    with open(var_dir / "secrets.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        data = json.loads(path.read_text()) if path.exists() else {}
        missing = {name: value for name, value in fresh.items() if name not in data}
        if missing:
            # A file from an older version lacks a newer key: add it, keep every existing one.
            data.update(missing)
            temporary = path.with_name(f"secrets.{os.getpid()}.tmp")
            _write_private(temporary, data)
            os.replace(temporary, path)
    return data


def _write_private(path: Path, data: dict[str, object]) -> None:
    # Owner-only permissions: these keys decrypt survivor data.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle, indent=2)


def key_file(path: str) -> dict[str, object]:
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ImproperlyConfigured(f"WAYPOINT_KEY_FILE {path!r} cannot be read: {exc}") from exc
