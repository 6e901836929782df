"""Send the daily digest: each worker's count of follow-ups due today and overdue, and a link."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from waypoint.casework import digest
from waypoint.casework.tasks import send_daily_digests


class Command(BaseCommand):
    help = "E-mail every worker who keeps the daily digest how many follow-ups are due today and overdue."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Queue the digest as a background task instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = send_daily_digests.enqueue()
            self.stdout.write(f"Queued digest task {result.id}.")
            return
        sent, failed = digest.send_daily_digests()
        self.stdout.write(f"Sent {sent} digest(s); {failed} failed.")
