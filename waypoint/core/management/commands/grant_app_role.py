"""Grant the app's database role what it needs and no more (run as the owner role)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from waypoint.core.dbroles import grant_app_role


class Command(BaseCommand):
    help = (
        "Grant ROLE data access to every table, and only SELECT and INSERT on the audit table. Run as the "
        "owner after migrating (migrate does it itself when WAYPOINT_APP_DB_ROLE is set)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("role", help="The PostgreSQL role the web and worker processes connect as.")

    def handle(self, *args: Any, **options: Any) -> None:
        grant_app_role(options["role"])
        self.stdout.write(f"Granted {options['role']}.")
