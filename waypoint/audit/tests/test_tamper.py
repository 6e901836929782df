"""Someone with database access tampers with the audit log; audit_verify says what they did.

Each case does what the outside probe did (edit, delete the tail, delete in the middle
and renumber, append a forged event, truncate) as a database superuser would, past
the trigger, and then runs the command an operator runs.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from waypoint import audit
from waypoint.audit.checkpoints import checkpoint_write
from waypoint.audit.models import Event
from waypoint.audit.services import _hashed_fields, verify_chain
from waypoint.env import new_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def checkpoint_file(tmp_path, settings):
    path = tmp_path / "checkpoints.jsonl"
    settings.WAYPOINT_AUDIT_CHECKPOINT_FILE = str(path)
    settings.WAYPOINT_AUDIT_CHECKPOINT_SYSLOG = False
    settings.WAYPOINT_SECURITY_EMAIL = ""
    return path


def chain(n: int = 10) -> None:
    for i in range(n):
        audit.record(action="test.event", detail={"i": i})


def as_superuser(*statements: str | tuple[str, list]) -> None:
    """Past the trigger, as only the owner or a superuser could (the app's role cannot: test_app_role)."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
        for statement in statements:
            sql, params = statement if isinstance(statement, tuple) else (statement, [])
            cursor.execute(sql, params)
        cursor.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")


RELINK = "UPDATE audit_event SET key_id = %s, previous_hash = %s, hash = %s WHERE sequence = %s"


def verify(checkpoints=None) -> str:
    args = ["--checkpoints", str(checkpoints)] if checkpoints else []
    with pytest.raises(CommandError) as failure:
        call_command("audit_verify", *args, stdout=StringIO())
    return str(failure.value)


def attacker_hash(event: Event, previous: str, *, key: bytes | None = None) -> str:
    """What someone without our key can compute: plain SHA-256, or an HMAC under a key of their own."""
    fields = {"sequence": event.sequence, "previous": previous, **_hashed_fields(event)}
    if key is None:
        return hashlib.sha256(json.dumps(fields, sort_keys=True, default=str).encode()).hexdigest()
    payload = json.dumps({**fields, "key_id": event.key_id}, sort_keys=True, default=str).encode()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


def test_an_intact_chain_reaches_its_checkpoints(checkpoint_file):
    chain(5)
    checkpoint_write()
    chain(3)
    checkpoint_write()
    out = StringIO()
    call_command("audit_verify", "--checkpoints", str(checkpoint_file), stdout=out)
    assert out.getvalue().strip() == "OK 8 events; reaches all 2 checkpoints"


def test_an_edited_event_is_found():
    chain()
    as_superuser("UPDATE audit_event SET target_id = 'tampered' WHERE sequence = 3")
    assert "BROKEN at sequence 3: the event was altered" in verify()


def test_deleting_the_tail_is_found_by_the_checkpoint(checkpoint_file):
    chain()
    checkpoint_write()
    as_superuser("DELETE FROM audit_event WHERE sequence > 5")
    assert verify_chain().ok  # the chain alone cannot tell...
    message = verify(checkpoint_file)  # ...the checkpoint can
    assert "BROKEN at sequence 10" in message and "is gone" in message


def test_deleting_in_the_middle_and_renumbering_is_found(checkpoint_file):
    chain()
    checkpoint_write()
    as_superuser(
        "DELETE FROM audit_event WHERE sequence BETWEEN 4 AND 6",
        # In two steps: a unique key is checked row by row, in whatever order the heap holds the rows.
        "UPDATE audit_event SET sequence = -sequence WHERE sequence > 6",
        "UPDATE audit_event SET sequence = -sequence - 3 WHERE sequence < 0",
    )
    # The attacker re-links every moved event as well as they can without our key.
    their_key = base64.urlsafe_b64decode(new_key())
    previous = Event.objects.get(sequence=3).hash
    for event in Event.objects.filter(sequence__gt=3).order_by("sequence"):
        new_hash = attacker_hash(event, previous, key=their_key)
        as_superuser((RELINK, [event.key_id, previous, new_hash, event.sequence]))
        previous = new_hash
    assert "BROKEN at sequence 4: the event was altered, or its hash was not made with our key" in verify()
    assert "BROKEN at sequence 4" in verify(checkpoint_file)


def test_a_forged_append_with_a_correct_sha256_is_found():
    chain(4)
    last = Event.objects.order_by("-sequence").first()
    forged = Event(
        sequence=last.sequence + 1,
        occurred_at=last.occurred_at,
        action="person.read",
        target_type="people.person",
        target_id="00000000-0000-0000-0000-000000000000",
        detail={},
        previous_hash=last.hash,
    )
    forged.hash = attacker_hash(forged, last.hash)
    forged.save(force_insert=True)  # INSERT is what the app's role may do
    assert "BROKEN at sequence 5: an unkeyed event follows keyed ones" in verify()


def test_a_forged_append_under_another_key_is_found():
    chain(4)
    last = Event.objects.order_by("-sequence").first()
    forged = Event(
        sequence=last.sequence + 1,
        occurred_at=last.occurred_at,
        action="person.read",
        detail={},
        previous_hash=last.hash,
        key_id=last.key_id,
    )
    forged.hash = attacker_hash(forged, last.hash, key=base64.urlsafe_b64decode(new_key()))
    forged.save(force_insert=True)
    assert "BROKEN at sequence 5: the event was altered, or its hash was not made with our key" in verify()


def test_truncate_is_refused_and_found_when_forced(checkpoint_file):
    chain(6)
    checkpoint_write()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE audit_event")
    as_superuser("TRUNCATE audit_event")
    assert verify_chain().ok  # an empty chain is a valid chain...
    assert "BROKEN at sequence 6" in verify(checkpoint_file)  # ...but not the one the checkpoint saw


def test_a_checkpoint_not_signed_with_our_key_is_refused(checkpoint_file):
    chain(3)
    checkpoint = checkpoint_write()
    line = json.loads(checkpoint_file.read_text())
    line["sequence"] = 2  # an attacker edits the file to match a shortened chain
    checkpoint_file.write_text(json.dumps(line) + "\n")
    assert "not signed with our key" in verify(checkpoint_file)
    assert checkpoint.sequence == 3


def test_rotated_keys_keep_old_events_verifiable(settings):
    chain(3)
    old = list(settings.WAYPOINT_AUDIT_KEYS)
    settings.WAYPOINT_AUDIT_KEYS = [new_key(), *old]
    chain(3)
    assert verify_chain().ok
    assert len(set(Event.objects.values_list("key_id", flat=True))) == 2
    # Removing the old key too early makes its events unverifiable, and the command says which key.
    settings.WAYPOINT_AUDIT_KEYS = settings.WAYPOINT_AUDIT_KEYS[:1]
    assert "no audit key has id" in verify()


def test_events_from_before_keys_are_accepted_as_the_first_stretch():
    """A database from an older Waypoint: its unkeyed events verify, and keyed ones follow them."""
    chain(3)
    previous = "0" * 64
    for event in Event.objects.order_by("sequence"):
        event.key_id = ""
        new_hash = attacker_hash(event, previous)
        as_superuser((RELINK, ["", previous, new_hash, event.sequence]))
        previous = new_hash
    chain(2)
    assert verify_chain().ok


def test_checkpoints_need_a_destination(settings):
    settings.WAYPOINT_AUDIT_CHECKPOINT_FILE = ""
    settings.WAYPOINT_AUDIT_CHECKPOINT_SYSLOG = False
    settings.WAYPOINT_SECURITY_EMAIL = ""
    with pytest.raises(CommandError, match="No checkpoint destination"):
        call_command("audit_checkpoint", stdout=StringIO())


def test_a_checkpoint_can_go_to_the_security_address(settings, mailoutbox):
    settings.WAYPOINT_AUDIT_CHECKPOINT_FILE = ""
    settings.WAYPOINT_SECURITY_EMAIL = "security@test.waypoint.invalid"
    chain(2)
    call_command("audit_checkpoint", stdout=StringIO())
    assert mailoutbox[-1].to == ["security@test.waypoint.invalid"]
    assert '"sequence": 2' in mailoutbox[-1].body
