"""Write the audit chain's signed head to the configured places outside the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waypoint.audit.checkpoints import checkpoint_write


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit chain's head (to WAYPOINT_AUDIT_CHECKPOINT_FILE, syslog "
        "and/or WAYPOINT_SECURITY_EMAIL). Run it every 15 minutes from a timer; see docs/deployment.md."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            checkpoint = checkpoint_write()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Checkpoint at sequence {checkpoint.sequence}")
