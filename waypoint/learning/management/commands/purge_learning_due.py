"""Delete workshop registrations, feedback and closed contact requests older than the learning hub's retention.

Runs ``workshops_purge_due`` and ``enquiries_purge_due`` (each app's own); one daily job covers both.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.learning.retention import learning_purge_due
from waypoint.learning.tasks import purge_learning_due


class Command(BaseCommand):
    help = (
        "Delete registrations and feedback of sessions that ended, and closed contact requests, "
        "more than WAYPOINT_LEARNING_RETENTION_DAYS ago (default 730)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted; delete nothing.")
        parser.add_argument("--enqueue", action="store_true", help="Queue the purge as a background task instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = purge_learning_due.enqueue()
            self.stdout.write(f"Queued learning purge task {result.id}.")
            return
        outcome = learning_purge_due(dry_run=options["dry_run"])
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            f"{verb} {outcome.registrations} registration(s), {outcome.feedback} feedback answer(s), "
            f"{outcome.contact_requests} contact request(s) with {outcome.replies} repl(ies)."
        )
