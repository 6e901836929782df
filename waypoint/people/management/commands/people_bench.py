"""Time the person overview and the finder on the demo data (server time, in-process test client).

Run after ``WAYPOINT_DEMO=1 manage.py demo --no-serve``::

    WAYPOINT_DEMO=1 .venv/bin/python manage.py people_bench --requests 50

Each overview request writes its read event to the audit log, as in real use.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypoint.accounts.models import User
from waypoint.people.access import visible_people


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


class Command(BaseCommand):
    help = "Measure p95 server time of the person overview and the finder on the demo data."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--requests", type=int, default=50)

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_MODE:
            raise CommandError("Run with WAYPOINT_DEMO=1, on the demo data.")
        advocate = User.objects.get(email="advocate@demo.waypoint.test")
        supervisor = User.objects.get(email="supervisor@demo.waypoint.test")
        person = visible_people(advocate).order_by("case_number").first()
        if person is None:
            raise CommandError("No demo people: run `manage.py demo --no-serve` first.")
        exact = {"legal_name": "Nobody Fictional", "date_of_birth": "1990-01-01"}
        pages: list[tuple[str, Any, str, dict[str, str] | None]] = [
            ("overview (advocate)", advocate, reverse("people:person_detail", args=[person.pk]), None),
            ("overview (supervisor)", supervisor, reverse("people:person_detail", args=[person.pk]), None),
            ("my people (advocate)", advocate, reverse("people:my_people"), None),
            ("finder, partial alias", advocate, reverse("people:find") + "?q=a", None),
            ("finder, case number", advocate, reverse("people:find") + "?q=" + person.case_number, None),
            # The exact search goes by POST only, so the name never sits in a URL.
            ("finder, name + birth date", advocate, reverse("people:find"), exact),
        ]
        self.stdout.write(f"{'page':<28} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for label, user, url, data in pages:
            client = Client()
            client.force_login(user)

            def fetch(client: Client = client, url: str = url, data: dict[str, str] | None = data) -> Any:
                return client.get(url) if data is None else client.post(url, data)

            for _ in range(5):
                fetch()
            timings = []
            for _ in range(options["requests"]):
                start = time.perf_counter()
                response = fetch()
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as captured:
                fetch()
            self.stdout.write(
                f"{label:<28} {statistics.median(timings):>10.1f} {_p95(timings):>8.1f} {len(captured.captured_queries):>8}"
            )
