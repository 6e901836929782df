"""Fixtures for the learning hub's tests: the shared hub fixtures, and workshops for the pages that show them."""

from waypoint.learning.tests.hub_fixtures import FIXTURE_GUIDES, _english, _locmem_cache, hub  # noqa: F401
from waypoint.testing.stepup import stepped_up  # noqa: F401
from waypoint.workshops.tests.workshop_fixtures import elsewhere_session, make_session, session, workshop  # noqa: F401
