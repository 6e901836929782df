"""A backup restores into a new database identical to the source, and the compare names any table that differs."""

from __future__ import annotations

import uuid
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from waypoint import audit
from waypoint.audit.models import Event
from waypoint.core.backup import BackupError, backup, client_programs, drop_database, server_major
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import build_world

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def restored_name():
    name = f"{connection.settings_dict['NAME'][:40]}_restored_{uuid.uuid4().hex[:8]}"
    yield name
    drop_database(name)


def small_data() -> None:
    world = build_world()
    harbour = world.agencies["harbour"]
    for n in range(3):
        make_person(harbour, alias=f"Person {n}", legal_name=f"Legal Name {n}", team=[world.user("alice")])
    make_person(harbour, alias="Closed", status="closed")
    for n in range(5):
        audit.record(action="test.backup", actor=world.user("alice"), agency=harbour, detail={"n": n})


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().strip()


def in_restored(name: str, *statements: str) -> None:
    """Change the copy behind every trigger (history, append-only), as only a superuser could."""
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or None, port=db["PORT"] or None, user=db["USER"] or None, dbname=name, autocommit=True
    ) as conn:
        conn.execute("SET session_replication_role = replica")
        for statement in statements:
            conn.execute(statement)


def test_backup_restore_compare_is_identical_and_a_changed_row_is_named(tmp_path, restored_name):
    small_data()
    dump = tmp_path / "waypoint.dump"
    assert run("db_backup", str(dump)).startswith(f"Backed up {connection.settings_dict['NAME']} to {dump}")
    assert dump.stat().st_mode & 0o077 == 0, "the dump is readable by its owner only"
    assert run("db_restore", str(dump), "--into", restored_name).startswith("Restored")

    report = run("db_compare", restored_name)
    assert report.startswith("IDENTICAL: ")
    assert report.endswith(f"every sequence; audit chain OK, {Event.objects.count()} events")

    in_restored(restored_name, "UPDATE people_person SET alias = 'Changed' WHERE alias = 'Person 1'")
    with pytest.raises(CommandError) as failure:
        call_command("db_compare", restored_name, stdout=StringIO())
    message = str(failure.value)
    assert "table people_person: same 4 rows, different content" in message
    assert message.count("table ") == 1, message  # that table only


def test_a_removed_or_altered_audit_event_in_the_copy_fails_the_compare_and_its_chain(tmp_path, restored_name):
    small_data()
    dump = tmp_path / "waypoint.dump"
    backup(dump)
    run("db_restore", str(dump), "--into", restored_name)
    in_restored(restored_name, "UPDATE audit_event SET target_id = 'tampered' WHERE sequence = 2")
    with pytest.raises(CommandError) as failure:
        call_command("db_compare", restored_name, stdout=StringIO())
    message = str(failure.value)
    assert "table audit_event: same" in message
    assert "audit chain BROKEN at sequence 2: the event was altered" in message


def test_a_backup_is_never_overwritten_nor_a_database_restored_over(tmp_path):
    dump = tmp_path / "waypoint.dump"
    dump.write_text("an older backup")
    with pytest.raises(CommandError, match="exists"):
        call_command("db_backup", str(dump), stdout=StringIO())
    assert dump.read_text() == "an older backup"
    backup(tmp_path / "fresh.dump")
    with pytest.raises(CommandError, match="exists: restore into a new one"):
        call_command("db_restore", str(tmp_path / "fresh.dump"), "--into", connection.settings_dict["NAME"])
    with pytest.raises(BackupError, match="plain database name"):
        drop_database('x"; DROP TABLE audit_event; --')


def test_a_failed_restore_leaves_no_database(tmp_path, restored_name):
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP not really a dump")
    with pytest.raises(CommandError, match="pg_restore failed"):
        call_command("db_restore", str(broken), "--into", restored_name, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [restored_name])
        assert cursor.fetchone()[0] == 0


def test_the_client_programs_are_never_older_than_the_server():
    directory, version = client_programs()
    assert version >= server_major()
    assert (directory / "pg_dump").exists() and (directory / "pg_restore").exists()
