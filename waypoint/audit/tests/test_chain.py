"""The audit chain: append-only, tamper-evident, never forked by concurrent writers."""

from __future__ import annotations

import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction

from waypoint import audit
from waypoint.audit.models import Event
from waypoint.audit.services import GENESIS, verify_chain


@pytest.mark.django_db
def test_it_links_each_event_to_the_one_before():
    first = audit.record(action="test.one")
    second = audit.record(action="test.two", detail={"count": 2})
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.hash
    assert second.sequence == first.sequence + 1
    assert verify_chain().ok


@pytest.mark.django_db
def test_it_refuses_update_and_delete_at_the_database():
    event = audit.record(action="test.one")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(action="test.altered")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET purpose = 'x'")


@pytest.mark.django_db
def test_verify_finds_an_altered_row():
    for n in range(5):
        audit.record(action=f"test.{n}")
    # Someone with the power to drop the trigger alters a row behind the application's back.
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        cursor.execute("UPDATE audit_event SET target_id = 'tampered' WHERE sequence = 3")
        cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    result = verify_chain()
    assert not result.ok
    assert result.broken_at == 3
    with pytest.raises(CommandError, match="BROKEN at sequence 3"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_verify_finds_a_removed_row():
    for n in range(4):
        audit.record(action=f"test.{n}")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER audit_event_append_only")
        cursor.execute("DELETE FROM audit_event WHERE sequence = 2")
        cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER audit_event_append_only")
    assert verify_chain().broken_at == 2


@pytest.mark.django_db
def test_audit_verify_prints_ok_with_the_count():
    audit.record(action="test.one")
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert out.getvalue().strip() == f"OK {Event.objects.count()} events"


@pytest.mark.django_db
def test_it_refuses_detail_that_is_not_a_scalar():
    with pytest.raises(TypeError):
        audit.record(action="test.bad", detail={"name": ["Jane", "Doe"]})  # type: ignore[dict-item]


@pytest.mark.django_db
def test_an_event_rolls_back_with_the_change_it_describes():
    before = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(action="test.rolled_back")
        raise RuntimeError
    assert Event.objects.count() == before


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    writers, per_writer = 6, 15
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit.record(action="test.concurrent", detail={"writer": n, "i": i})
        except BaseException as exc:  # surfaced by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    result = verify_chain()
    assert result.ok, result
    assert result.count == Event.objects.count() >= writers * per_writer
