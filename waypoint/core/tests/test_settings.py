"""Production settings: refuse to start without secrets, pass Django's deploy checks, no demo mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from waypoint.env import new_key

ROOT = Path(__file__).resolve().parents[3]


def production_env(**overrides: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WAYPOINT_", "DATABASE_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        WAYPOINT_ENV="production",
        SECRET_KEY="x" * 20 + new_key(),
        WAYPOINT_DATA_KEYS=f"{new_key()},{new_key()}",
        WAYPOINT_INDEX_KEY=new_key(),
        WAYPOINT_AUDIT_KEYS=new_key(),
        ALLOWED_HOSTS="waypoint.example.org",
        # Never connected to by `check`; a real server is not needed.
        DATABASE_URL="postgres://waypoint@127.0.0.1:1/waypoint",
        EMAIL_HOST="smtp.example.org",
        DJANGO_SETTINGS_MODULE="waypoint.settings",
    )
    env.update(overrides)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_its_secrets():
    env = production_env()
    required = (
        "SECRET_KEY",
        "WAYPOINT_DATA_KEYS",
        "WAYPOINT_INDEX_KEY",
        "WAYPOINT_AUDIT_KEYS",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "EMAIL_HOST",
    )
    for name in required:
        del env[name]
    result = manage("check", env=env)
    assert result.returncode != 0
    for name in required:
        assert name in result.stderr


def test_demo_mode_is_an_error_in_production():
    result = manage("check", env=production_env(WAYPOINT_DEMO="1"))
    assert result.returncode != 0
    assert "waypoint.E001" in result.stderr


def test_a_short_data_key_is_refused():
    result = manage("check", env=production_env(WAYPOINT_DATA_KEYS="c2hvcnQ="))
    assert result.returncode != 0 and "32 bytes" in result.stderr


def test_only_postgresql_urls_are_accepted():
    result = manage("check", env=production_env(DATABASE_URL="sqlite:///tmp/waypoint.db"))
    assert result.returncode != 0 and "PostgreSQL only" in result.stderr
