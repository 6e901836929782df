"""Restore a backup into a new database on the same server, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.core.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Create the database NEWDB on the server of DATABASE_URL (same encoding and collation) and pg_restore "
        "PATH into it in one transaction; owners and grants as they were, so run it as the owner role. Then "
        "check it with `manage.py db_compare NEWDB`. Never restores over an existing database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path, help="A backup written by db_backup (or pg_dump --format=custom).")
        parser.add_argument("--into", required=True, metavar="NEWDB", help="The name of the new database.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            restore(options["path"], options["into"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored {options['path']} into {options['into']}; now: manage.py db_compare {options['into']}"
        )
