"""audit_verify starts from the last verified point: what it still catches there and after, and what --full adds."""

from __future__ import annotations

import base64
import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from waypoint import audit
from waypoint.audit.checkpoints import checkpoint_write
from waypoint.audit.models import Event, VerifiedPoint
from waypoint.audit.services import remember_verified, verify_chain, verify_since_last_point
from waypoint.audit.tests.test_tamper import RELINK, as_superuser, attacker_hash, chain, verify
from waypoint.env import new_key

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("audit_verify", *args, stdout=out)
    return out.getvalue().strip()


def verify_full() -> str:
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", "--full", stdout=StringIO())
    return str(failure.value)


def test_a_sound_run_records_where_the_next_one_starts():
    chain(6)
    assert run() == "OK 6 events"
    point = VerifiedPoint.objects.get()
    assert (point.sequence, point.hash, point.full) == (6, Event.objects.get(sequence=6).hash, True)
    chain(3)
    assert run() == "OK 9 events (checked from #6, the last verified point; --full walks them all)"
    assert verify_since_last_point().since == 9
    assert VerifiedPoint.objects.order_by("-id").first().full is False


def test_a_tamper_after_the_last_verified_point_is_caught():
    chain(5)
    run()
    chain(4)
    as_superuser("UPDATE audit_event SET target_id = 'tampered' WHERE sequence = 8")
    assert "BROKEN at sequence 8: the event was altered" in verify()


def test_a_forged_append_after_the_last_verified_point_is_caught():
    chain(4)
    run()
    last = Event.objects.get(sequence=4)
    forged = Event(sequence=5, occurred_at=last.occurred_at, action="person.read", previous_hash=last.hash)
    forged.key_id = last.key_id
    forged.hash = attacker_hash(forged, last.hash, key=base64.urlsafe_b64decode(new_key()))
    forged.save(force_insert=True)
    assert "BROKEN at sequence 5: the event was altered, or its hash was not made with our key" in verify()


def test_the_verified_points_event_edited_in_place_is_caught():
    chain(5)
    run()
    as_superuser("UPDATE audit_event SET purpose = 'x' WHERE sequence = 5")  # its stored hash left alone
    assert "BROKEN at sequence 5: the event was altered" in verify()


def test_the_verified_points_event_rehashed_is_caught():
    chain(5)
    run()
    event = Event.objects.get(sequence=5)
    previous = Event.objects.get(sequence=4).hash
    forged = attacker_hash(event, previous, key=base64.urlsafe_b64decode(new_key()))
    as_superuser((RELINK, [event.key_id, previous, forged, 5]))
    message = verify()
    assert "BROKEN at sequence 5: the event differs from the one verified on" in message


def test_deleting_in_the_middle_and_renumbering_behind_the_point_is_caught_at_the_point():
    chain(10)
    run()
    as_superuser(
        "DELETE FROM audit_event WHERE sequence BETWEEN 4 AND 6",
        # In two steps: a unique key is checked row by row, in whatever order the heap holds the rows.
        "UPDATE audit_event SET sequence = -sequence WHERE sequence > 6",
        "UPDATE audit_event SET sequence = -sequence - 3 WHERE sequence < 0",
    )
    message = verify()
    assert "BROKEN at sequence 9" in message and "is gone" in message


def test_the_points_event_renumbered_into_place_is_caught():
    chain(10)
    run()
    as_superuser(
        "DELETE FROM audit_event WHERE sequence = 5",
        "UPDATE audit_event SET sequence = -sequence WHERE sequence > 5",
        "UPDATE audit_event SET sequence = -sequence - 1 WHERE sequence < 0",
    )
    chain(1)  # the app appends after the new head: #10 again, now a different event
    assert "BROKEN at sequence 10: the event differs from the one verified on" in verify()


def test_a_truncated_chain_is_caught_without_checkpoints():
    chain(3)
    run()
    as_superuser("TRUNCATE audit_event")
    assert "is gone" in verify()


def test_what_only_full_sees_an_edit_before_the_point_that_keeps_the_stored_hashes():
    chain(6)
    run()
    as_superuser("UPDATE audit_event SET target_id = 'tampered' WHERE sequence = 2")
    assert run().startswith("OK 6 events (checked from #6")  # the documented limit of an incremental run
    assert "BROKEN at sequence 2: the event was altered" in verify_full()


def test_full_walks_everything_and_records_a_full_point():
    chain(4)
    run()
    chain(2)
    assert run("--full") == "OK 6 events"
    assert VerifiedPoint.objects.order_by("-id").first().full is True


def test_incremental_runs_still_check_every_checkpoint(tmp_path, settings):
    settings.WAYPOINT_AUDIT_CHECKPOINT_FILE = str(tmp_path / "checkpoints.jsonl")
    chain(5)
    checkpoint_write()
    run()
    chain(2)
    checkpoint_write()
    assert run("--checkpoints", settings.WAYPOINT_AUDIT_CHECKPOINT_FILE).endswith("; reaches all 2 checkpoints")
    as_superuser("DELETE FROM audit_event WHERE sequence = 7")
    assert "BROKEN at sequence 7" in verify(settings.WAYPOINT_AUDIT_CHECKPOINT_FILE)


def test_a_point_not_signed_with_our_key_is_refused():
    """The app's role may INSERT a point; without the key it cannot make one the verifier accepts."""
    chain(4)
    run()
    chain(2)
    good = VerifiedPoint.objects.get()
    VerifiedPoint.objects.create(
        sequence=6,
        hash=Event.objects.get(sequence=6).hash,
        verified_at=timezone.now(),
        full=True,
        key_id=good.key_id,
        mac="0" * 64,
    )
    assert "BROKEN at sequence 6: the last verified point is not signed with our key" in verify()
    assert run("--full") == "OK 6 events"


def test_the_verification_table_is_append_only():
    chain(2)
    run()
    for statement in [
        "UPDATE audit_verification SET sequence = 1",
        "DELETE FROM audit_verification",
        "TRUNCATE audit_verification",
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement)


def test_a_failed_run_records_nothing():
    chain(3)
    as_superuser("UPDATE audit_event SET target_id = 'tampered' WHERE sequence = 3")
    verify()
    assert remember_verified(verify_chain(), full=True) is None
    assert not VerifiedPoint.objects.exists()


def test_events_at_a_whole_second_and_unusual_detail_verify():
    """The walk rebuilds the hashed text itself: the cases where that could differ from json.dumps."""
    with time_machine.travel(datetime.datetime(2026, 3, 1, 9, 30, tzinfo=datetime.UTC), tick=False):
        audit.record(action="test.whole_second")  # isoformat() without a fraction
    audit.record(action="test.détail", detail={"zeta": 'é"\\\n', "alpha": 1, "b": None, "flag": True, "Z": ""})
    audit.record(action="test.ids", actor="00000000-0000-0000-0000-00000000000a", target_type="x", target_id=7)
    assert Event.objects.get(sequence=1).occurred_at.microsecond == 0
    assert verify_chain().ok
