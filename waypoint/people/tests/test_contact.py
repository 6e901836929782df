"""safe_contact.send is the only way to reach a person, and it refuses unless a current safe contact allows it now."""

from __future__ import annotations

import datetime
from datetime import timedelta

import pytest
import time_machine

from waypoint.audit.models import Event
from waypoint.people.models import OutboundMessage
from waypoint.people.services import safe_contact
from waypoint.people.tests.factories import make_contact, make_person

# Tuesday 1 December 2026, 14:30 UTC = 09:30 in Toronto.
TUESDAY_MORNING_TORONTO = datetime.datetime(2026, 12, 1, 14, 30, tzinfo=datetime.UTC)
WEEKDAYS = [0, 1, 2, 3, 4]


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Sky", team=[world.user("alice")])


def refusals(person):
    return list(
        Event.objects.filter(action="contact.refused", target_id=str(person.pk)).values_list("detail", flat=True)
    )


def office_hours(person, **extra):
    values = {"channel": "text", "safe_days": WEEKDAYS, "safe_from": datetime.time(9), "safe_until": datetime.time(17)}
    values.update(extra)
    return make_contact(person, **values)


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_it_refuses_when_there_is_no_safe_contact(person, world):
    result = safe_contact.send(person, "text", "Hello", actor=world.user("alice"))
    assert (result.sent, result.reason) == (False, safe_contact.NO_RECORD)
    assert refusals(person) == [{"channel": "text", "reason": "no_record"}]
    assert not OutboundMessage.objects.exists()


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_it_refuses_a_record_not_confirmed_in_the_last_90_days(person):
    office_hours(person, verified_on=datetime.date(2026, 12, 1) - timedelta(days=91))
    assert safe_contact.send(person, "text", "Hello").reason == safe_contact.STALE
    assert refusals(person)[0]["reason"] == "stale"


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_a_record_confirmed_90_days_ago_still_counts(person):
    office_hours(person, verified_on=datetime.date(2026, 12, 1) - timedelta(days=90))
    assert safe_contact.send(person, "text", "Hello").sent


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_it_refuses_a_channel_the_person_did_not_say_was_safe(person):
    office_hours(person, channel="call")
    assert safe_contact.send(person, "text", "Hello").reason == safe_contact.NO_RECORD
    assert safe_contact.send(person, "carrier_pigeon", "Hello").reason == safe_contact.UNKNOWN_CHANNEL


@time_machine.travel(datetime.datetime(2026, 12, 1, 13, 30, tzinfo=datetime.UTC), tick=False)
def test_it_refuses_outside_safe_hours_in_the_agency_time_zone(person):
    # 13:30 UTC is within 09:00-17:00 in UTC, but it is 08:30 in Toronto.
    office_hours(person)
    assert safe_contact.send(person, "text", "Hello").reason == safe_contact.OUTSIDE_HOURS


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_it_refuses_on_a_day_that_is_not_safe(person):
    office_hours(person, safe_days=[5, 6])
    assert safe_contact.send(person, "text", "Hello").reason == safe_contact.WRONG_DAY


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_it_refuses_for_a_closed_record(world):
    closed = make_person(world.agencies["harbour"], status="closed")
    office_hours(closed)
    assert safe_contact.send(closed, "text", "Hello").reason == safe_contact.CLOSED


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_it_sends_when_a_current_record_allows_it_and_audits_without_the_message(person, world):
    office_hours(person)
    result = safe_contact.send(person, "text", "Your appointment moved to 3 pm", actor=world.user("alice"))
    assert result.sent and result.message is not None
    assert OutboundMessage.objects.get().body == "Your appointment moved to 3 pm"
    sent = Event.objects.get(action="contact.sent")
    assert sent.detail == {"person": str(person.pk), "channel": "text"}
    assert "appointment" not in str(sent.detail)


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_email_goes_out_only_after_commit_with_a_neutral_subject(
    person, mailoutbox, django_capture_on_commit_callbacks
):
    office_hours(person, channel="email", value="sky@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        assert safe_contact.send(person, "email", "See you soon").sent
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["sky@example.invalid"]
    assert mailoutbox[0].subject == "A message for you"
    assert OutboundMessage.objects.get().status == "sent"
    assert Event.objects.filter(action="contact.delivered").count() == 1


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_an_e_mail_comes_from_a_neutral_sender_never_waypoint_or_the_agency(
    person, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "Waypoint <no-reply@waypoint.invalid>"
    settings.WAYPOINT_SURVIVOR_FROM_EMAIL = "no-reply@mail.invalid"
    office_hours(person, channel="email", value="sky@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        assert safe_contact.send(person, "email", "See you soon").sent
    sent = mailoutbox[0]
    assert sent.from_email == "no-reply@mail.invalid"
    agency_name = person.agency.name
    for header in (sent.from_email, sent.subject):
        assert "waypoint" not in header.casefold() and agency_name.casefold() not in header.casefold()
    assert sent.body == "See you soon"


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_no_header_of_a_survivor_e_mail_names_the_server_the_agency_or_waypoint(
    person, mailoutbox, django_capture_on_commit_callbacks, settings, monkeypatch
):
    import socket

    from django.core import mail

    # A host name that says what it is, as a production server's would (pytest-django's mailoutbox sets a fake one).
    host = "waypoint-web-1.harbour-light.example"
    monkeypatch.setattr(mail.message, "DNS_NAME", host)
    settings.WAYPOINT_SURVIVOR_FROM_EMAIL = "no-reply@mail.invalid"
    office_hours(person, channel="email", value="sky@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        assert safe_contact.send(person, "email", "See you soon").sent
    message = mailoutbox[0].message()
    forbidden = {host, socket.getfqdn(), person.agency.name, "waypoint"}
    for name, value in message.items():
        for word in forbidden:
            assert word.casefold() not in str(value).casefold(), (name, value)
    assert message["Message-ID"].endswith("@mail.invalid>")
    # The Message-ID is fixed when the message is built, not made again (with the host name) on each rendering.
    assert mailoutbox[0].message()["Message-ID"] == message["Message-ID"]


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_the_declared_default_sender_is_neutral(person, mailoutbox, django_capture_on_commit_callbacks):
    import os

    from django.conf import settings

    if os.environ.get("WAYPOINT_SURVIVOR_FROM_EMAIL"):
        pytest.skip("the environment sets its own sender")
    default = settings.WAYPOINT_SURVIVOR_FROM_EMAIL  # declared in settings.py, read nowhere else with a fallback
    assert default == "no-reply@mail.invalid"
    office_hours(person, channel="email", value="sky@example.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        safe_contact.send(person, "email", "See you soon")
    assert mailoutbox[0].from_email == default


@pytest.mark.parametrize(
    ("languages", "subject"),
    [
        ("French", "Un message pour vous"),
        ("français, arabe", "Un message pour vous"),
        ("French and English", "A message for you"),
        ("", "A message for you"),
        ("Spanish", "A message for you"),
    ],
)
@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_the_subject_is_in_the_person_s_language_not_the_staff_member_s(
    world, mailoutbox, django_capture_on_commit_callbacks, languages, subject
):
    from django.utils import translation

    person = make_person(world.agencies["harbour"], alias="Sky", languages=languages)
    office_hours(person, channel="email", value="sky@example.invalid")
    staff_language = "en" if subject.startswith("Un") else "fr"
    with translation.override(staff_language), django_capture_on_commit_callbacks(execute=True):
        safe_contact.send(person, "email", "See you soon")
    assert mailoutbox[0].subject == subject


class RefusingBackend:
    """A mail backend whose server refuses the recipient (its error names the address, as smtplib's does)."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"sky@example.invalid": (550, b"mailbox unavailable")})


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_an_e_mail_the_server_refuses_is_marked_failed_audited_and_shown(
    person, world, clients, django_capture_on_commit_callbacks, settings, caplog
):
    from django.urls import reverse

    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"
    office_hours(person, channel="email", value="sky@example.invalid")
    with caplog.at_level("WARNING"), django_capture_on_commit_callbacks(execute=True):
        result = safe_contact.send(person, "email", "See you soon", actor=world.user("alice"))
    assert "sky@" not in caplog.text and "SMTPRecipientsRefused" in caplog.text
    assert result.sent  # recorded; what happened next is on the record
    message = OutboundMessage.objects.get()
    assert message.status == "failed"
    failed = Event.objects.get(action="contact.failed")
    assert failed.detail == {"person": str(person.pk), "channel": "email"}
    assert not Event.objects.filter(action="contact.delivered").exists()
    body = clients("alice").get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "Messages that did not go out" in body


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_an_e_mail_is_queued_until_the_commit_hands_it_to_the_server(person, django_capture_on_commit_callbacks):
    office_hours(person, channel="email", value="sky@example.invalid")
    with django_capture_on_commit_callbacks(execute=False):
        safe_contact.send(person, "email", "See you soon")
    assert OutboundMessage.objects.get().status == "queued"


def test_nothing_else_in_the_code_sends_mail_or_messages_to_a_person():
    """Only contact.py may call send_mail with a safe-contact value."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    offenders = [
        p.relative_to(root)
        for p in root.rglob("*.py")
        if "tests" not in p.parts and p.name != "contact.py" and "send_mail" in p.read_text()
    ]
    assert offenders == []


@time_machine.travel(TUESDAY_MORNING_TORONTO, tick=False)
def test_the_send_page_explains_a_refusal_and_sends_when_safe(person, world, clients):
    from django.urls import reverse

    client = clients("alice")
    url = reverse("people:contact_send", args=[person.pk])
    refused = client.post(url, {"channel": "text", "message": "Hello"})
    assert refused.status_code == 200 and "Nothing was sent" in refused.content.decode()
    office_hours(person)
    sent = client.post(url, {"channel": "text", "message": "Hello"})
    assert sent.status_code == 302 and OutboundMessage.objects.count() == 1
