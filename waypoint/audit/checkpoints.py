"""Checkpoints: the chain's head, signed and kept outside the database.

A hash chain shows that no event inside it was changed, but not that its end is
still there: deleting the last events, or the whole table, leaves a shorter chain
that still verifies. So at regular intervals (``manage.py audit_checkpoint``, or
the task of the same name) the head's sequence and hash are signed with the audit
key and written where a database user cannot reach: an append-only file, syslog,
e-mail to the security address. ``audit_verify --checkpoints FILE`` then proves
the chain still reaches every checkpoint with the same hash.

Keep the checkpoint file apart from the database backups (docs/deployment.md): a
backup restored over a newer database would otherwise look like truncation, and
an attacker who holds both could replace both.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import syslog
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.audit.services import GENESIS, Verification, audit_keys, verify_chain


@dataclass(frozen=True)
class Checkpoint:
    sequence: int
    hash: str
    at: str
    key_id: str
    mac: str

    def line(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)


def _mac(key: bytes, sequence: int, head_hash: str, at: str) -> str:
    message = "\x1f".join(["waypoint-audit-checkpoint", str(sequence), head_hash, at]).encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def checkpoint_now() -> Checkpoint:
    """The chain's head as it stands, signed with the current audit key."""
    head = Event.objects.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, head_hash = head if head else (0, GENESIS)
    at = timezone.now().isoformat()
    key_id, key = audit_keys()[0]
    return Checkpoint(sequence, head_hash, at, key_id, _mac(key, sequence, head_hash, at))


def checkpoint_write() -> Checkpoint:
    """Write one checkpoint to every configured destination; raise if none is configured."""
    checkpoint = checkpoint_now()
    written = 0
    if settings.WAYPOINT_AUDIT_CHECKPOINT_FILE:
        path = Path(settings.WAYPOINT_AUDIT_CHECKPOINT_FILE)
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_APPEND: each line lands at the end even with several writers; pair it with `chattr +a`.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a") as handle:
            handle.write(checkpoint.line() + "\n")
        written += 1
    if settings.WAYPOINT_AUDIT_CHECKPOINT_SYSLOG:
        syslog.syslog(syslog.LOG_AUTH | syslog.LOG_NOTICE, "waypoint-audit-checkpoint " + checkpoint.line())
        written += 1
    if settings.WAYPOINT_SECURITY_EMAIL:
        send_mail(
            f"Waypoint audit checkpoint #{checkpoint.sequence}",
            checkpoint.line() + "\n",
            None,
            [settings.WAYPOINT_SECURITY_EMAIL],
        )
        written += 1
    if not written:
        raise RuntimeError(
            "No checkpoint destination: set WAYPOINT_AUDIT_CHECKPOINT_FILE, WAYPOINT_AUDIT_CHECKPOINT_SYSLOG "
            "or WAYPOINT_SECURITY_EMAIL."
        )
    return checkpoint


def read_checkpoints(path: Path) -> list[Checkpoint]:
    """Checkpoints from a file of JSON lines (syslog or e-mail lines can be pasted into one)."""
    checkpoints = []
    for number, raw in enumerate(path.read_text().splitlines(), start=1):
        text = raw[raw.find("{") :] if "{" in raw else ""
        if not text.strip():
            continue
        try:
            checkpoints.append(Checkpoint(**json.loads(text)))
        except (TypeError, ValueError) as exc:
            raise ValueError(f"line {number} of {path} is not a checkpoint") from exc
    return checkpoints


def verify_checkpoints(checkpoints: list[Checkpoint], chain: Verification | None = None) -> Verification:
    """The chain verifies and still holds, with the same hash, every event a checkpoint saw.

    ``chain``: the result of a walk already made (an incremental one, say); without it the whole chain is walked.
    """
    chain = chain if chain is not None else verify_chain()
    if not chain.ok:
        return chain
    keys = dict(audit_keys())
    wanted = {c.sequence for c in checkpoints if c.sequence > 0}
    stored = dict(Event.objects.filter(sequence__in=wanted).values_list("sequence", "hash"))
    for checkpoint in checkpoints:
        key = keys.get(checkpoint.key_id)
        if key is None:
            return Verification(False, chain.count, checkpoint.sequence, f"no audit key has id {checkpoint.key_id}")
        expected = _mac(key, checkpoint.sequence, checkpoint.hash, checkpoint.at)
        if not hmac.compare_digest(expected, checkpoint.mac):
            return Verification(False, chain.count, checkpoint.sequence, "a checkpoint was not signed with our key")
        if checkpoint.sequence == 0:
            continue
        if checkpoint.sequence not in stored:
            return Verification(
                False,
                chain.count,
                checkpoint.sequence,
                f"the event seen by the checkpoint of {checkpoint.at} is gone (the chain was cut short or renumbered)",
            )
        if stored[checkpoint.sequence] != checkpoint.hash:
            return Verification(
                False,
                chain.count,
                checkpoint.sequence,
                f"the event differs from the checkpoint of {checkpoint.at} (the chain was rewritten)",
            )
    return chain
