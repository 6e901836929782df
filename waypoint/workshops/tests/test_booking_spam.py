"""Public booking without an account: honeypot, rate limits per address and per e-mail, e-mails that echo no link."""

from __future__ import annotations

import threading

from django.core import mail
from django.urls import reverse

from waypoint.learning import emails, services, views
from waypoint.learning.models import Registration


def register_url(session) -> str:
    return reverse("learning:session_register", kwargs={"session_id": session.id})


def test_a_filled_honeypot_books_nothing_and_sends_nothing(session, client, django_capture_on_commit_callbacks):
    assert 'class="hp-field"' in client.get(register_url(session)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            register_url(session), {"name": "Bot", "email": "bot@example.org", "website": "http://spam.example"}
        )
    assert response.status_code == 302 and response["Location"] == session.workshop.get_absolute_url()
    assert not Registration.objects.exists() and mail.outbox == []


def test_bookings_are_limited_per_e_mail_address(session, client, settings):
    settings.WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_EMAIL = 2
    statuses = [
        client.post(register_url(session), {"name": "Robin", "email": "Robin@Example.org"}).status_code
        for _ in range(2)
    ]
    statuses.append(client.post(register_url(session), {"name": "Robin", "email": "robin@example.org"}).status_code)
    assert statuses == [302, 302, 429]
    assert Registration.objects.count() == 2
    assert client.post(register_url(session), {"name": "Kim", "email": "kim@example.org"}).status_code == 302


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


def test_the_rate_limit_counts_every_hit_in_a_loop(settings):
    assert [views._over_limit("t", "1.2.3.4", 3) for _ in range(6)] == [False] * 3 + [True] * 3


def test_the_rate_limit_holds_under_simultaneous_hits():
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def hit() -> None:
        start.wait()
        over = views._over_limit("race", "5.6.7.8", 5)
        with lock:
            results.append(over)

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 5 and results.count(True) == 15


def test_an_expired_counter_starts_a_new_window_instead_of_letting_everyone_through():
    from django.core.cache import caches

    backend = caches["default"]
    real_incr = backend.incr
    calls = {"n": 0}

    def incr_once_missing(key, delta=1, version=None):
        calls["n"] += 1
        if calls["n"] == 1:
            backend.delete(key)  # the window ended between add and incr
        return real_incr(key, delta, version)

    backend.incr = incr_once_missing
    try:
        assert views._over_limit("expiry", "9.9.9.9", 1) is False
    finally:
        del backend.incr
    assert calls["n"] == 2
    assert views._over_limit("expiry", "9.9.9.9", 1) is True
