"""Fixtures for the "speak with someone" tests: the shared hub fixtures (empty rate-limit cache, English)."""

from waypoint.learning.tests.hub_fixtures import _english, _locmem_cache, hub  # noqa: F401
