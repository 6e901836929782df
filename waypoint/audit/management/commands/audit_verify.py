"""Verify the audit chain (from the last verified point, or all of it) and whether it still reaches every checkpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.audit.checkpoints import read_checkpoints, verify_checkpoints
from waypoint.audit.services import remember_verified, verify_chain, verify_since_last_point


class Command(BaseCommand):
    help = (
        "Verify the keyed hash chain of the audit log, from the last verified point on (the event there must "
        "still carry the hash it had); --full walks the whole chain. With --checkpoints, also that every "
        "checkpoint's event is still there with the same hash. Exits non-zero at the first problem, naming it; "
        "a sound run records its last event as the next run's starting point."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="A file of checkpoints written by audit_checkpoint (JSON lines; syslog lines work too).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Walk the whole chain from its first event, not only what follows the last verified point.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["checkpoints"]
        full: bool = options["full"]
        checkpoints = []
        if path is not None:
            try:
                checkpoints = read_checkpoints(path)
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read checkpoints: {exc}") from exc
        chain = verify_chain() if full else verify_since_last_point()
        result = verify_checkpoints(checkpoints, chain=chain) if path is not None else chain
        if not result.ok:
            raise CommandError(
                f"BROKEN at sequence {result.broken_at}: {result.reason} ({result.count} events verified before it)."
            )
        remember_verified(chain, full=full or chain.since is None)
        since = f" (checked from #{chain.since}, the last verified point; --full walks them all)" if chain.since else ""
        reached = f"; reaches all {len(checkpoints)} checkpoints" if path is not None else ""
        self.stdout.write(f"OK {result.count} events{since}{reached}")
