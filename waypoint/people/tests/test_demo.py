"""The demo loader makes about 60 fictional people with the promised variety, and is idempotent."""

from __future__ import annotations

from django.utils import timezone

from waypoint.demo import data
from waypoint.demo import people as demo_people
from waypoint.people.models import BreakGlassGrant, Person, Release


def test_demo_people_are_fictional_varied_and_loaded_once(db):
    agencies = data.load_accounts()
    demo_people.load(agencies)
    demo_people.load(agencies)
    people = Person.objects.filter(agency=agencies[data.DEMO_AGENCY])
    assert people.count() == demo_people.COUNT
    assert all("(fictional)" in p.alias for p in people)
    assert all(p.legal_name == "" or "(fictional)" in p.legal_name for p in people)
    today = timezone.localdate()
    releases = Release.objects.filter(person__in=people)
    assert releases.filter(expires_on__lt=today).exists()
    assert releases.filter(revoked_at__isnull=False).count() == 1
    assert BreakGlassGrant.objects.filter(person__in=people, expires_at__lt=timezone.now()).count() == 1
    assert people.filter(status="closed").exists()
