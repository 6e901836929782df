from __future__ import annotations

import pytest

from waypoint.housing.tests.factories import make_program
from waypoint.people.tests.factories import make_person


@pytest.fixture
def program(world):
    """Crisis beds at Harbour: one room of two beds; hana is its housing staff."""
    return make_program(world.agencies["harbour"], staff=(world.user("hana"),))


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Wren", team=[world.user("alice")])
