"""Server time of the learning hub's public pages on demo content: ``python -m waypoint.learning.bench``.

It builds a throwaway database (the test database, suffixed ``learningbench``) on the
same PostgreSQL server, loads the demo accounts and learning content into it, warms
up, then times REQUESTS requests per page through Django's test client (the whole
middleware stack and template rendering, no network) and prints median and p95.
The database is dropped at the end; the development database is not touched.
"""

from __future__ import annotations

import os
import statistics
import sys
import time


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def main(requests: int = 50) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "waypoint.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    setup_test_environment()
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = (
        "test_" + settings.DATABASES["default"]["NAME"] + "_learningbench"
    )
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        from django.core.management import call_command

        call_command("createcachetable", verbosity=0)
        from waypoint.demo import data, learning

        learning.load(data.load_accounts())
        from waypoint.learning.models import GuidePage

        guide = GuidePage.objects.get(slug="safety-planning")
        pages = {
            "home page (/)": "/",
            f"guide page ({guide.url})": guide.url,
            "search (/learn/search/?q=safety+plan&audience=health)": "/learn/search/?q=safety+plan&audience=health",
        }
        client = Client()
        print(f"Learning hub server time, {requests} requests each after 5 warm-up requests (ms)")
        print(f"{'page':60} {'median':>8} {'p95':>8} {'max':>8} {'queries':>8}")
        for label, path in pages.items():
            for _ in range(5):
                assert client.get(path).status_code == 200, path
            timings = []
            for _ in range(requests):
                start = time.perf_counter()
                response = client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200
            with CaptureQueriesContext(connection) as queries:
                client.get(path)
            print(
                f"{label:60} {statistics.median(timings):8.1f} {percentile(timings, 0.95):8.1f} "
                f"{max(timings):8.1f} {len(queries):8d}"
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
