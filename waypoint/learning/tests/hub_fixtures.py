"""Fixtures shared by the hub's, workshops' and enquiries' tests: an empty rate-limit cache, English, the hub site."""

from __future__ import annotations

from pathlib import Path

import pytest

from waypoint.learning import services

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


@pytest.fixture(autouse=True)
def _english():
    # A French request earlier in the same thread must not leak its language into the next test.
    from django.utils import translation

    with translation.override("en"):
        yield
