"""Compare the database with a restored copy, table by table, and verify the copy's audit chain."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.core.backup import BackupError, compare


class Command(BaseCommand):
    help = (
        "Compare every table's row count and checksum (md5 of each row's text, in SQL) and every sequence "
        "between this database and OTHERDB on the same server, then walk OTHERDB's audit chain in full. "
        "Exits non-zero naming each table that differs. Run it while nothing writes, or the live source "
        "will (rightly) have moved on."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("other", metavar="OTHERDB", help="The restored database's name.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = compare(options["other"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not result.identical:
            raise CommandError(f"DIFFERENT from {options['other']}:\n  " + "\n  ".join(result.differences))
        self.stdout.write(f"IDENTICAL: {result.tables} tables, {result.rows:,} rows, every sequence; {result.audit}")
