"""pg_dump the database to a new file, with the server's own client programs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Write a pg_dump (custom format) of the database to PATH, a new file readable only by its owner. "
        "Keep the keys apart from the dumps (docs/deployment.md, Backups)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="The new backup file (never overwritten).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = backup(options["path"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Backed up {made.database} to {made.path} ({made.size:,} bytes, pg_dump {made.client_version})"
        )
