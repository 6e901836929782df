"""Walk the audit chain and say whether it is intact."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from waypoint.audit.services import verify_chain


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log; exits non-zero at the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        result = verify_chain()
        if not result.ok:
            raise CommandError(
                f"BROKEN at sequence {result.broken_at}: {result.reason} ({result.count} events verified before it)."
            )
        self.stdout.write(f"OK {result.count} events")
