"""The platform operator sets up an agency and invites its first supervisor (and administrator)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from waypoint.accounts import services


class Command(BaseCommand):
    help = (
        "Create an agency (or use the one with this name) and e-mail invitations to its first supervisor and, "
        "optionally, its administrator. The only grant of record access without a second person's approval; "
        "refused once the agency has a supervisor."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The agency's name.")
        parser.add_argument("--supervisor", required=True, help="E-mail of the first supervisor.")
        parser.add_argument("--admin", default="", help="E-mail of the agency administrator (optional).")
        parser.add_argument("--time-zone", default="", help="Time zone, e.g. America/Vancouver (default Toronto).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            invitations = services.agency_bootstrap(
                name=options["name"],
                supervisor_email=options["supervisor"],
                admin_email=options["admin"],
                time_zone=options["time_zone"],
            )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        for invitation in invitations:
            self.stdout.write(f"Invited {invitation.email} as {invitation.role} to {invitation.agency.name}.")
