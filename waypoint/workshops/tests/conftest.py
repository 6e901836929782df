"""Fixtures for the workshops tests: the shared hub fixtures, a workshop of harbour, its session, another agency's."""

from waypoint.learning.tests.hub_fixtures import _english, _locmem_cache, hub  # noqa: F401
from waypoint.testing.stepup import stepped_up  # noqa: F401
from waypoint.workshops.tests.workshop_fixtures import elsewhere_session, make_session, session, workshop  # noqa: F401
