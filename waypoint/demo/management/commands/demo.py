"""`make demo`: migrate, load the fictional demo data, print the sign-ins and serve on 127.0.0.1:8000."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from waypoint import database
from waypoint.audit.checkpoints import checkpoint_write
from waypoint.demo import data

# How often the watchdog looks at the embedded server's postmaster.
WATCH_SECONDS = 2.0


class Command(BaseCommand):
    help = "Prepare and serve the demo (requires WAYPOINT_DEMO=1)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Prepare the data, then stop.")
        parser.add_argument("--addrport", default="127.0.0.1:8000")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE or settings.PRODUCTION:
            raise CommandError("The demo runs only with WAYPOINT_DEMO=1 and never in production.")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        self.stdout.write("Loading the fictional demo data…")
        data.load()
        # The chain's head outside the database, as a production timer would write it every 15 minutes:
        # `manage.py audit_verify --checkpoints var/audit-checkpoints.jsonl` then proves nothing was cut off.
        checkpoint_write()
        self.print_sign_ins(options["addrport"])
        if not options["no_serve"]:
            pgdata = database.embedded_pgdata()
            if pgdata is not None:
                threading.Thread(target=self.watch, args=(pgdata,), name="embedded-db-watchdog", daemon=True).start()
            # No auto-reloader: one process, so Ctrl-C stops the server and the embedded database with it.
            call_command("runserver", options["addrport"], use_reloader=False)

    def watch(self, pgdata: Path) -> None:
        """Restart the embedded database if it dies; Django reconnects by itself (CONN_HEALTH_CHECKS)."""
        while True:
            time.sleep(WATCH_SECONDS)
            started = time.monotonic()
            try:
                restarted = database.ensure_embedded_running(pgdata)
            except Exception as exc:  # keep watching: the next round may succeed
                self.stderr.write(f"The embedded database is down and did not restart yet: {exc}")
                continue
            if restarted:
                self.stdout.write(
                    self.style.WARNING(
                        f"The embedded database had stopped; restarted it in {time.monotonic() - started:.1f} s."
                    )
                )

    def print_sign_ins(self, addrport: str) -> None:
        self.stdout.write(self.style.SUCCESS(f"\nWaypoint demo: http://{addrport}/"))
        self.stdout.write("Every person and record in it is fictional. Sign in at /accounts/login/ with:\n")
        width = max(len(s.email) for s in data.SIGN_INS)
        for sign_in in data.SIGN_INS:
            self.stdout.write(f"  {sign_in.email:<{width}}  {data.DEMO_PASSWORD}   ({sign_in.role.label})")
        self.stdout.write("\nPress Ctrl-C to stop the server and the embedded database.\n")
