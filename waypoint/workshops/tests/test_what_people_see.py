"""What a visitor sees before booking, what intake sees on a phone, and where e-mailed links point."""

from __future__ import annotations

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from waypoint.workshops import services
from waypoint.workshops.models import Workshop, WorkshopSession
from waypoint.workshops.tests.workshop_fixtures import make_session


def test_the_workshop_page_names_the_city_the_host_and_the_seats_left(workshop, client):
    make_session(workshop, capacity=3, city="Hamilton")
    page = client.get(workshop.get_absolute_url()).content.decode()
    assert "Hamilton" in page and "Room 4" not in page  # the city, never the address
    assert f"Hosted by {workshop.agency.name}" in page
    assert "3 seats left" in page


def test_an_online_workshop_says_online_and_one_seat_left(world, client):
    online = Workshop.objects.create(
        agency=world.agencies["harbour"], title="Online one", description="x", audiences=["health"], format="online"
    )
    make_session(online, capacity=1, place="", online_link="https://meet.example.org/x")
    page = client.get(online.get_absolute_url()).content.decode()
    assert "Online" in page and "1 seat left" in page and "meet.example.org" not in page


def test_e_mailed_links_use_the_configured_address_not_the_requests_host(
    session, client, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILADMIN_BASE_URL = "https://waypoint.example.org"
    settings.ALLOWED_HOSTS = ["*"]  # as behind a proxy that passes any Host on
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("workshops:session_register", args=[session.id]),
            {"name": "Ada", "email": "ada@example.org"},
            HTTP_HOST="evil.example",
        )
    body = mail.outbox[-1].body
    assert "https://waypoint.example.org/learn/bookings/" in body and "evil.example" not in body


def test_intake_sees_sessions_to_come_soonest_first_and_all_with_the_past(workshop, clients):
    later, sooner = make_session(workshop, days=20), make_session(workshop, days=3)
    past = make_session(workshop, days=1)
    WorkshopSession.objects.filter(id=past.id).update(
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=30, hours=-2),
    )
    ines = clients("ines")
    listed = list(ines.get(reverse("workshops:intake_sessions")).context["sessions"])
    assert listed == [sooner, later]
    everything = list(ines.get(reverse("workshops:intake_sessions"), {"show": "all"}).context["sessions"])
    assert everything == [sooner, later, past]


def test_intake_tables_label_every_cell_for_narrow_screens(session, clients):
    services.registration_create(session_id=session.id, details=services.RegistrationDetails(name="A", email="a@x.org"))
    page = clients("ines").get(reverse("workshops:intake_sessions")).content.decode()
    assert 'class="stack-on-phone"' in page
    for label in ("Workshop", "When", "Seats taken", "Waitlist", "Records"):
        assert f'data-label="{label}"' in page


def test_the_workshop_page_speaks_french(workshop, client):
    make_session(workshop, capacity=2, city="Gatineau")
    page = client.get(workshop.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "2 places restantes" in page and "Organisé par" in page
