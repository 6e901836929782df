"""Fixtures for the workshops tests: a workshop of harbour, its session, another agency's session."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from waypoint.workshops.models import Workshop, WorkshopSession


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
