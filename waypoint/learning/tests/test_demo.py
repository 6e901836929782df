"""The demo loader: the 13 guides, workshops (one full with a waitlist), bookings and requests; twice changes nothing."""

from __future__ import annotations

from django.core import mail

from waypoint.demo import learning as demo_learning
from waypoint.enquiries.models import ContactRequest
from waypoint.learning import selectors
from waypoint.learning.models import GuidePage, Resource
from waypoint.workshops import selectors as workshop_selectors
from waypoint.workshops.models import Registration, Workshop, WorkshopSession


def test_the_demo_loader_builds_the_hub_and_is_idempotent(world, client):
    agencies = {"harbour": world.agencies["harbour"], "northshore": world.agencies["northshore"]}
    demo_learning.load(agencies)
    counts = (
        GuidePage.objects.count(),
        Resource.objects.count(),
        Workshop.objects.count(),
        WorkshopSession.objects.count(),
        Registration.objects.count(),
        ContactRequest.objects.count(),
    )
    assert counts[0] == 13 and counts[1] == 3 and counts[2] == 3 and counts[5] == 3
    full = [s for s in workshop_selectors.sessions_upcoming() if s.seats_taken >= s.capacity and s.waitlist_length]
    assert len(full) == 1
    assert Registration.objects.filter(state="attended").exists()
    assert any(c.is_overdue for c in ContactRequest.objects.all())
    assert mail.outbox == []
    demo_learning.load(agencies)
    assert counts == (
        GuidePage.objects.count(),
        Resource.objects.count(),
        Workshop.objects.count(),
        WorkshopSession.objects.count(),
        Registration.objects.count(),
        ContactRequest.objects.count(),
    )
    # The editor persona's role gives Wagtail access.
    assert world.user("cora").groups.filter(name="Editors").exists()
    assert selectors.search("trauma bonding")
    guide = GuidePage.objects.get(slug="safety-planning")
    assert [b.block_type for b in guide.body].count("resources") == 1
    assert "Five questions before you open a safety plan" in client.get(guide.url).content.decode()
