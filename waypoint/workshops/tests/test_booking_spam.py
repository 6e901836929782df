"""Public booking without an account: honeypot, rate limits per address and per e-mail, e-mails that echo no link."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from waypoint.workshops import emails, services
from waypoint.workshops.models import Registration
from waypoint.workshops.tests.workshop_fixtures import make_session


def register_url(session) -> str:
    return reverse("workshops:session_register", kwargs={"session_id": session.id})


def test_a_filled_honeypot_books_nothing_and_sends_nothing(session, client, django_capture_on_commit_callbacks):
    assert 'class="hp-field"' in client.get(register_url(session)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(session), {"name": "Bot", "email": "bot@example.org", "website": "http://spam.example"}
        )
    assert response.status_code == 302 and response["Location"] == session.workshop.get_absolute_url()
    assert not Registration.objects.exists() and mail.outbox == []


def test_bookings_are_limited_per_e_mail_address(workshop, client, settings):
    settings.WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_EMAIL = 2
    # One address, three sessions (a second seat in one session is refused on its own, see test_workshops).
    sessions = [make_session(workshop, days=10 + i) for i in range(3)]
    addresses = ["Robin@Example.org", "Robin@Example.org", "robin@example.org"]
    statuses = [
        client.post(register_url(s), {"name": "Robin", "email": email}).status_code
        for s, email in zip(sessions, addresses, strict=True)
    ]
    assert statuses == [302, 302, 429]
    assert Registration.objects.count() == 2
    assert client.post(register_url(sessions[2]), {"name": "Kim", "email": "kim@example.org"}).status_code == 302


def test_bookings_are_limited_per_client_address(session, client, settings):
    settings.WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_IP = 3
    statuses = [
        client.post(register_url(session), {"name": f"P{i}", "email": f"p{i}@example.org"}).status_code
        for i in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]
    assert Registration.objects.count() == 3
    limited = client.post(register_url(session), {"name": "Late", "email": "late@example.org"})
    assert limited["Retry-After"] == "3600" and "in the last hour" in limited.content.decode()
    other = client.post(register_url(session), {"name": "Q", "email": "q@example.org"}, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_a_name_that_reads_as_a_link_is_refused(session, client):
    for name in ("Visit http://evil.example", "www.evil.example", "claim at evil.example/prize", "a@evil.example"):
        response = client.post(register_url(session), {"name": name, "email": "x@example.org"})
        assert response.status_code == 200, name
        assert "without a web or e-mail address" in response.content.decode()
    assert not Registration.objects.exists()
    assert client.post(register_url(session), {"name": "J.Smith", "email": "j@example.org"}).status_code == 302


def test_the_confirmation_is_plain_text_and_carries_no_link_from_the_form(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = services.registration_create(
            session_id=session.id,
            details=services.RegistrationDetails(
                name="Ada", email="ada@example.org", organisation="https://org.example", profession="Nurse"
            ),
        )
    # A name stored before the form refused links is broken up in the greeting.
    Registration.objects.filter(id=registration.id).update(name="Ada see https://evil.example/x")
    registration.refresh_from_db()
    mail.outbox.clear()
    emails.send_registration_confirmed(registration)
    message = mail.outbox[-1]
    assert message.content_subtype == "plain" and not getattr(message, "alternatives", [])
    assert "evil.example" not in message.body and "https://" not in message.body.split("\n")[0]
    assert "org.example" not in message.body
    assert message.body.startswith("Hello Ada see https evil example x,")
