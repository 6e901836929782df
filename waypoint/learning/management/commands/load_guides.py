"""`manage.py load_guides`: make the learning hub the site root and load the topic guides. Safe to run again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from waypoint.learning import services


class Command(BaseCommand):
    help = "Create the learning hub pages and the topic guides from waypoint/learning/content/guides/*.md."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--directory", type=Path, help="Read the guide files from here instead.")
        parser.add_argument(
            "--update", action="store_true", help="Overwrite guides that already exist (editors' changes are lost)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        created, updated = services.guides_load(directory=options["directory"], update=options["update"])
        services.editors_sync_all()
        self.stdout.write(f"Guides: {created} created, {updated} updated.")
