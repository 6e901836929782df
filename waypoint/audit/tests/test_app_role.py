"""Connected as the app's role (which owns nothing), the database itself refuses to change the audit log."""

from __future__ import annotations

import hashlib
import os

import psycopg
import pytest
from django.db import connection

from waypoint import audit
from waypoint.core.dbroles import grant_app_role

REFUSED = [
    "TRUNCATE audit_event",
    "DELETE FROM audit_event",
    "UPDATE audit_event SET purpose = 'x'",
    "ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only",
    "ALTER TABLE audit_event DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_event_append_only ON audit_event",
    "DROP TABLE audit_event",
]


@pytest.fixture
def app_role(transactional_db):
    """A login role for this test database only, granted as `migrate` grants WAYPOINT_APP_DB_ROLE."""
    name = connection.settings_dict["NAME"]
    role = "waypoint_app_" + hashlib.sha256(name.encode()).hexdigest()[:10]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE ROLE "{role}" LOGIN')
    grant_app_role(role)
    yield role
    with connection.cursor() as cursor:
        cursor.execute(f'DROP OWNED BY "{role}"')
        cursor.execute(f'DROP ROLE "{role}"')


def connect_as(role: str) -> psycopg.Connection:
    db = connection.settings_dict
    try:
        return psycopg.connect(
            host=db["HOST"] or None, port=db["PORT"] or None, dbname=db["NAME"], user=role, autocommit=True
        )
    except psycopg.OperationalError as exc:
        if os.environ.get("DATABASE_URL"):
            raise  # a real server must let the app's role in: this is the configuration we document
        pytest.skip(f"the embedded server keeps one role (docs/deployment.md): {exc}")


def test_the_apps_role_may_read_and_append_but_not_change_the_audit_log(app_role):
    audit.record(action="test.before")
    with connect_as(app_role) as conn:
        assert conn.execute("SELECT count(*) FROM audit_event").fetchone()[0] >= 1
        # The app still does its work: sessions are written and deleted, for instance.
        conn.execute("INSERT INTO django_session VALUES ('k', 'x', now())")
        conn.execute("DELETE FROM django_session WHERE session_key = 'k'")
        for statement in REFUSED:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
