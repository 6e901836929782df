"""The demo's needs: a third of the open records, housing most often not met, every status, loaded once."""

from __future__ import annotations

from collections import Counter

import pytest

from waypoint.audit.models import Event
from waypoint.casework.models import Need, NeedKind, NeedStatus
from waypoint.demo import casework as demo_casework
from waypoint.demo import data
from waypoint.demo import needs as demo_needs
from waypoint.demo import people as demo_people

pytestmark = pytest.mark.django_db


def test_the_demo_has_needs_in_every_status_with_barriers_and_loads_once():
    agencies = data.load_accounts()
    demo_people.load(agencies)
    demo_casework.load(agencies)
    demo_needs.load(agencies)
    found = list(Need.objects.all())
    assert len(found) >= 20
    assert {need.status for need in found} == set(NeedStatus.values)
    assert any(need.barriers for need in found) and any(need.note for need in found)
    kinds = Counter(need.kind for need in found)
    assert kinds[NeedKind.HOUSING] >= 3
    events = Event.objects.filter(action__startswith="need.").count()
    demo_needs.load(agencies)
    assert Need.objects.count() == len(found) and Event.objects.filter(action__startswith="need.").count() == events
