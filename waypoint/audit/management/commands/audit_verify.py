"""Walk the audit chain and say whether it is intact, and whether it still reaches every checkpoint."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.audit.checkpoints import read_checkpoints, verify_checkpoints
from waypoint.audit.services import verify_chain


class Command(BaseCommand):
    help = (
        "Verify the keyed hash chain of the audit log; with --checkpoints, also that every checkpoint's "
        "event is still there with the same hash. Exits non-zero at the first problem, naming it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoints",
            type=Path,
            help="A file of checkpoints written by audit_checkpoint (JSON lines; syslog lines work too).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path | None = options["checkpoints"]
        if path is None:
            result = verify_chain()
            checkpoints = []
        else:
            try:
                checkpoints = read_checkpoints(path)
            except (OSError, ValueError) as exc:
                raise CommandError(f"Cannot read checkpoints: {exc}") from exc
            result = verify_checkpoints(checkpoints)
        if not result.ok:
            raise CommandError(
                f"BROKEN at sequence {result.broken_at}: {result.reason} ({result.count} events verified before it)."
            )
        reached = f"; reaches all {len(checkpoints)} checkpoints" if path is not None else ""
        self.stdout.write(f"OK {result.count} events{reached}")
