"""Speak with someone: the public form (honeypot, rate limit, encryption, acknowledgement) and intake's inbox."""

from __future__ import annotations

import datetime

from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from waypoint.enquiries import services
from waypoint.enquiries.models import ContactReply, ContactRequest

FORM = {
    "name": "Dana Example",
    "organisation": "Sample Clinic",
    "role": "Nurse",
    "email": "dana@example.org",
    "phone": "",
    "preferred_channel": "email",
    "topic": "consultation",
    "message": "A patient mentioned someone keeps her ID.",
    "website": "",
}


def test_the_contact_form_stores_the_request_encrypted_and_acknowledges_it(
    world, client, django_capture_on_commit_callbacks
):
    page = client.get(reverse("enquiries:contact")).content.decode()
    assert "data-quick-exit" in page and 'class="hp-field"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enquiries:contact"), FORM)
    assert response.status_code == 302 and response["Location"] == reverse("enquiries:contact_thanks")
    contact = ContactRequest.objects.get()
    assert contact.agency == world.agencies["harbour"] and contact.message == FORM["message"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, email, message, organisation FROM enquiries_contactrequest")
        row = cursor.fetchone()
    assert all(
        plain not in stored for plain, stored in zip(["Dana", "dana@", "patient", "Sample Clinic"], row, strict=True)
    )
    assert mail.outbox[-1].to == ["dana@example.org"]
    assert FORM["message"] not in mail.outbox[-1].body


def test_a_filled_honeypot_pretends_success_and_keeps_nothing(world, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enquiries:contact"), {**FORM, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not ContactRequest.objects.exists() and mail.outbox == []


def test_the_contact_form_is_rate_limited_per_address(world, client, settings):
    settings.WAYPOINT_LEARNING_CONTACT_PER_HOUR = 3
    statuses = [client.post(reverse("enquiries:contact"), FORM).status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    assert ContactRequest.objects.count() == 3
    other = client.post(reverse("enquiries:contact"), FORM, REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 302


def test_the_contact_form_asks_for_a_phone_when_phone_is_preferred(world, client):
    response = client.post(reverse("enquiries:contact"), {**FORM, "preferred_channel": "phone"})
    assert response.status_code == 200 and not ContactRequest.objects.exists()


def make_request(world, **extra):
    return services.contact_request_create(
        agency=world.agencies[extra.pop("agency", "harbour")],
        name="Sam Sender",
        email="sam@example.org",
        topic="training",
        message="Please train us.",
        **extra,
    )


def test_the_inbox_lists_requests_and_highlights_overdue_ones(world, clients):
    fresh = make_request(world)
    late = make_request(world)
    ContactRequest.objects.filter(id=late.id).update(due_at=timezone.now() - datetime.timedelta(hours=1))
    html = clients("ines").get(reverse("enquiries:contact_inbox")).content.decode()
    assert html.count('class="overdue"') == 1
    assert str(late.id) in html.split('class="overdue"')[1].split("</tr>")[0]
    assert str(fresh.id) in html


def test_the_inbox_shows_only_the_agencys_requests(world, clients):
    other = make_request(world, agency="elsewhere")
    html = clients("ines").get(reverse("enquiries:contact_inbox")).content.decode()
    assert str(other.id) not in html
    assert clients("ines").get(reverse("enquiries:contact_detail", args=[other.id])).status_code == 404


def test_an_advocate_cannot_open_a_request(world, clients):
    contact = make_request(world)
    assert clients("alice").get(reverse("enquiries:contact_detail", args=[contact.id])).status_code == 403
    assert (
        clients("alice")
        .post(reverse("enquiries:contact_detail", args=[contact.id]), {"action": "status", "status": "closed"})
        .status_code
        == 403
    )
    contact.refresh_from_db()
    assert contact.status == "new"


def test_intake_assigns_sets_status_and_logs_replies(world, clients):
    contact = make_request(world)
    client = clients("ines")
    url = reverse("enquiries:contact_detail", args=[contact.id])
    ines = world.user("ines")
    assert client.post(url, {"action": "assign", "assignee": ines.id}).status_code == 302
    contact.refresh_from_db()
    assert contact.assigned_to == ines and contact.status == "in_progress"
    assert (
        client.post(url, {"action": "reply", "channel": "phone", "body": "Called back, booked a call."}).status_code
        == 302
    )
    reply = ContactReply.objects.get()
    assert reply.author == ines and reply.body == "Called back, booked a call."
    assert client.post(url, {"action": "status", "status": "closed"}).status_code == 302
    contact.refresh_from_db()
    assert contact.status == "closed" and contact.closed_at is not None
    html = client.get(url).content.decode()
    assert "Called back, booked a call." in html
    assert str(contact.id) not in client.get(reverse("enquiries:contact_inbox")).content.decode()
    assert str(contact.id) in client.get(reverse("enquiries:contact_inbox"), {"status": "closed"}).content.decode()


def test_intake_cannot_assign_someone_outside_intake(world, clients):
    contact = make_request(world)
    response = clients("ines").post(
        reverse("enquiries:contact_detail", args=[contact.id]), {"action": "assign", "assignee": world.user("alice").id}
    )
    assert response.status_code == 200
    contact.refresh_from_db()
    assert contact.assigned_to is None


def test_the_inbox_query_count_does_not_grow(world, clients, django_assert_max_num_queries):
    client = clients("ines")
    make_request(world)
    client.get(reverse("enquiries:contact_inbox"))
    for _ in range(8):
        make_request(world)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("enquiries:contact_inbox")).status_code == 200


def test_a_reply_is_due_two_working_days_later():
    import zoneinfo

    zone = zoneinfo.ZoneInfo("America/Toronto")
    friday = datetime.datetime(2026, 12, 4, 15, 0, tzinfo=zone)
    assert services.add_working_days(friday, 2, zone="America/Toronto") == datetime.datetime(
        2026, 12, 8, 15, 0, tzinfo=zone
    )
    monday = datetime.datetime(2026, 11, 30, 9, 0, tzinfo=zone)
    assert services.add_working_days(monday, 2, zone="America/Toronto") == datetime.datetime(
        2026, 12, 2, 9, 0, tzinfo=zone
    )


def test_select_lists_start_with_a_prompt_not_dashes(world, clients, client):
    page = client.get(reverse("enquiries:contact")).content.decode()
    assert '<option value="" selected>Choose…</option>' in page and "---------" not in page
    assert "valid choice" not in page
    refused = client.post(reverse("enquiries:contact"), {**FORM, "topic": ""})
    assert refused.status_code == 200 and "This field is required" in refused.content.decode()
    contact = services.contact_request_create(
        agency=world.agencies["harbour"], name="Dana", email="dana@example.org", topic="other", message="Hi"
    )
    detail = clients("ines").get(reverse("enquiries:contact_detail", args=[contact.id])).content.decode()
    assert "Choose…" in detail and "---------" not in detail
