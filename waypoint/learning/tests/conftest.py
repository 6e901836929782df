"""Fixtures for the learning hub's tests: the Wagtail site with two small sample guides, a workshop, a session."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from waypoint.learning import services
from waypoint.learning.models import Workshop, WorkshopSession
from waypoint.testing.stepup import stepped_up  # noqa: F401  (re-exported for the learning tests)

FIXTURE_GUIDES = Path(__file__).parent / "fixtures" / "guides"


@pytest.fixture(autouse=True)
def _locmem_cache(settings):
    # Each test starts with an empty rate-limit counter.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "learning-tests"}
    }
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def hub(db):
    services.guides_load(directory=FIXTURE_GUIDES)
    return services.hub_site_ensure()


def make_session(workshop: Workshop, *, days: float = 10, capacity: int = 3, **extra) -> WorkshopSession:
    starts = timezone.now() + datetime.timedelta(days=days)
    return WorkshopSession.objects.create(
        workshop=workshop,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        time_zone=extra.pop("time_zone", "America/Toronto"),
        capacity=capacity,
        place=extra.pop("place", "Room 4, 10 Sample Road"),
        **extra,
    )


@pytest.fixture
def workshop(world):
    return Workshop.objects.create(
        agency=world.agencies["harbour"],
        title="Recognising trafficking in clinics",
        description="A sample workshop.",
        audiences=["health"],
        format="in_person",
        duration_minutes=120,
    )


@pytest.fixture
def session(workshop):
    return make_session(workshop)


@pytest.fixture
def elsewhere_session(world):
    other = Workshop.objects.create(
        agency=world.agencies["elsewhere"], title="Elsewhere's workshop", description="x", audiences=["police"]
    )
    return make_session(other)


@pytest.fixture(autouse=True)
def _english():
    # A French request earlier in the same thread must not leak its language into the next test.
    from django.utils import translation

    with translation.override("en"):
        yield
