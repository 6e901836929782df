"""Purge closed survivor records past their agency's retention period, history rows included."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.people.services import retention
from waypoint.people.tasks import purge_due_people


class Command(BaseCommand):
    help = "Purge every closed record whose agency retention period has passed."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be purged; delete nothing.")
        parser.add_argument("--enqueue", action="store_true", help="Queue the purge as a background task instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_due_people.enqueue()
            self.stdout.write(f"Queued purge task {result.id}.")
            return
        outcome = retention.purge_due(dry_run=options["dry_run"])
        verb = "Would purge" if options["dry_run"] else "Purged"
        self.stdout.write(f"{verb} {outcome.people} record(s); {outcome.rows} row(s) deleted.")
