"""`manage.py city_network --size small|full`: the benchmark's fictional city network (waypoint.demo.city)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from waypoint.demo import city


class Command(BaseCommand):
    help = (
        "Fill the database DATABASE_URL names (migrated and empty) with the fictional city network of "
        "QUALITY.md: 25 agencies, 500 staff, 25,000 (small) or 250,000 (full) people, 1,000,000 or "
        "10,000,000 audit events. Does nothing when it already holds a complete city of that size; "
        "refuses (exit 1) when it holds anything else, unless --replace or --reuse."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        # "tiny" (2 agencies, 20 staff, 200 people, 2,000 events) is for the tests and not advertised.
        parser.add_argument("--size", required=True, help="small or full")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Drop and recreate the database (its name must contain 'city'), migrate it, then build.",
        )
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="Keep a complete city of this size and version; replace anything else (as --replace).",
        )
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("The city network is fictional benchmark data: never in production.")
        size = city.SIZES.get(options["size"])
        if size is None:
            raise CommandError("--size must be small or full.")
        name = connection.settings_dict["NAME"]
        if options["replace"]:
            self.replace(name)
        elif self.unmigrated():
            if not options["reuse"]:
                raise CommandError(f"The database {name} is not migrated: run `manage.py migrate` first.")
            self.replace(name)
        else:
            found = city.state()
            if found and found.get("size") == size.name and found.get("version") == city.VERSION:
                self.stdout.write(
                    f"The database {name} already holds a complete {size.name} city (version {city.VERSION}, "
                    f"{found.get('people', 0):,} people, {found.get('events', 0):,} audit events when built, "
                    f"built in {found.get('seconds', 0)} s): nothing to do."
                )
                self.print_sign_ins()
                return
            if found is not None:
                what = (
                    f"a {found.get('size')} city of version {found.get('version')}"
                    if found
                    else "data that is not a complete city (an interrupted build, the demo, or real records)"
                )
                if not options["reuse"]:
                    raise CommandError(
                        f"The database {name} already holds {what}. Use --replace to drop and rebuild it, "
                        "or point DATABASE_URL at an empty, migrated database."
                    )
                self.stdout.write(f"The database {name} holds {what}: replacing it.")
                self.replace(name)
        call_command("createcachetable", verbosity=0)
        city.build(size, say=self.say, seed=options["seed"])
        self.print_sign_ins()

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()

    def unmigrated(self) -> bool:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    def replace(self, name: str) -> None:
        if "city" not in name:
            raise CommandError(f"--replace drops the database; {name!r} does not look like a city database.")
        self.say(f"Dropping and recreating the database {name}…")
        quoted = connection.ops.quote_name(name)
        connection.close()
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)")
            cursor.execute(f"CREATE DATABASE {quoted}")
        self.say("Migrating it…")
        call_command("migrate", interactive=False, verbosity=0)

    def print_sign_ins(self) -> None:
        personas = city.PERSONAS
        self.stdout.write(
            f"Sign-ins (password {city.CITY_PASSWORD}, fictional): {personas.advocate} (exactly "
            f"{city.BENCH_CASELOAD} active people), {personas.supervisor}, {personas.admin}, {personas.intake}; "
            f"every staff member is <role>-NNN@{city.DOMAIN}."
        )
