"""Two database roles: an owner that runs migrations, and the app's role that owns nothing.

The web and worker processes connect as the app's role. It may read and write the
tables it needs, but it owns none of them, so it cannot drop or alter a table nor
disable a trigger, and on the audit table it may only SELECT and INSERT: no UPDATE,
DELETE or TRUNCATE, whatever the trigger says. ``migrate``, run as the owner with
WAYPOINT_APP_DB_ROLE set, re-grants after every migration (new tables included);
``manage.py grant_app_role ROLE`` does the same by hand. See docs/deployment.md.
"""

from __future__ import annotations

from typing import Any

from django.db import connections
from psycopg import sql

APPEND_ONLY_TABLES = ("audit_event", "audit_verification")


def grant_app_role(role: str, *, using: str = "default") -> None:
    """Give ``role`` data access to every table of the schema, and only SELECT and INSERT on the audit table."""
    connection = connections[using]
    name = sql.Identifier(role)
    statements = [
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(connection.settings_dict["NAME"]), name),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(name),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(name),
        sql.SQL("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {}").format(name),
        sql.SQL("REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM {}").format(name),
    ]
    for table in APPEND_ONLY_TABLES:
        statements.append(sql.SQL("REVOKE UPDATE, DELETE ON {} FROM {}").format(sql.Identifier(table), name))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement.as_string(cursor.connection))


def grant_after_migrate(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """post_migrate: when WAYPOINT_APP_DB_ROLE names a role other than the one migrating, grant it."""
    from django.conf import settings

    role = settings.WAYPOINT_APP_DB_ROLE
    if role and role != connections[using].settings_dict.get("USER"):
        grant_app_role(role, using=using)
