"""Workshops: booking, the waitlist, the race for the last seats, e-mails, .ics, signed links, reminders."""

from __future__ import annotations

import datetime
import threading
import zoneinfo

import pytest
import time_machine
from django.core import mail, signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from waypoint.audit.models import Event
from waypoint.workshops import links, services
from waypoint.workshops.models import Registration, RegistrationState, Workshop, WorkshopSession
from waypoint.workshops.tests.workshop_fixtures import make_session


def book(session, n=0, **extra):
    return services.registration_create(
        session_id=session.id,
        details=services.RegistrationDetails(name=f"Person {n}", email=f"person{n}@example.org", **extra),
    )


def manage_path(registration) -> str:
    return reverse("workshops:registration_manage", kwargs={"token": links.registration_token(registration.id)})


def test_it_confirms_until_capacity_then_waitlists(session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        states = [book(session, n).state for n in range(5)]
    assert states == ["confirmed"] * 3 + ["waitlisted"] * 2
    subjects = [m.subject for m in mail.outbox]
    assert sum("confirmed" in s for s in subjects) == 3 and sum("waitlist" in s for s in subjects) == 2


def test_personal_details_are_encrypted_at_rest(session):
    registration = book(session, 1, accessibility_needs="Step-free access")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, accessibility_needs FROM workshops_registration WHERE id = %s", [registration.id]
        )
        row = cursor.fetchone()
    assert "Person 1" not in row[0] and "example.org" not in row[1] and "Step-free" not in row[2]
    assert Registration.objects.get(id=registration.id).accessibility_needs == "Step-free access"


def test_the_audit_event_carries_no_personal_details(session):
    registration = book(session, 7)
    event = Event.objects.filter(action="workshops.registration_created", target_id=str(registration.id)).get()
    assert "Person 7" not in str(event.detail) and "person7" not in str(event.detail)


def test_cancelling_promotes_the_first_waitlisted_person_and_emails_them(session, django_capture_on_commit_callbacks):
    seated = [book(session, n) for n in range(3)]
    first_waiting, second_waiting = book(session, 3), book(session, 4)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=seated[1])
    assert promoted == first_waiting
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.state == "confirmed" and second_waiting.state == "waitlisted"
    to_promoted = [m for m in mail.outbox if m.to == ["person3@example.org"]]
    assert len(to_promoted) == 1 and "A seat opened" in to_promoted[0].subject
    assert to_promoted[0].attachments[0][0] == "workshop.ics"


def test_cancelling_a_waitlisted_booking_promotes_nobody(session):
    for n in range(3):
        book(session, n)
    waiting = book(session, 3)
    assert services.registration_cancel(registration=waiting) is None
    assert session.registrations.filter(state="confirmed").count() == 3


def test_cancelling_twice_changes_nothing(session):
    registration = book(session)
    services.registration_cancel(registration=registration)
    assert services.registration_cancel(registration=registration) is None


def test_it_refuses_to_book_a_session_that_has_started(workshop):
    past = make_session(workshop, days=-1)
    with pytest.raises(services.BookingClosed):
        book(past)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_bookings_never_exceed_capacity(world):
    workshop = Workshop.objects.create(agency=world.agencies["harbour"], title="Race", description="x")
    session = make_session(workshop, capacity=5)
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            book(session, n)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    states = list(session.registrations.values_list("state", flat=True))
    assert len(states) == 20
    assert states.count("confirmed") == 5
    assert states.count("waitlisted") == 15


def test_the_ics_attachment_parses_back_with_the_right_times_in_the_right_zone(
    workshop, django_capture_on_commit_callbacks
):
    zone = zoneinfo.ZoneInfo("America/Vancouver")
    starts = datetime.datetime(2027, 3, 15, 9, 30, tzinfo=zone)
    session = WorkshopSession.objects.create(
        workshop=workshop,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        time_zone="America/Vancouver",
        capacity=2,
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration = book(session)
    _name, content, mimetype = mail.outbox[-1].attachments[0]
    assert mimetype.startswith("text/calendar")
    calendar = Calendar.from_ical(content)
    event = next(iter(calendar.walk("VEVENT")))
    start, end = event.decoded("dtstart"), event.decoded("dtend")
    assert start == starts and end == starts + datetime.timedelta(hours=2)
    assert (start.hour, start.minute) == (9, 30)
    assert str(start.tzinfo) == "America/Vancouver"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Vancouver"]
    assert str(event["uid"]).startswith(str(registration.id))


def test_the_confirmation_email_links_to_the_booking(session, client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = book(session)
    body = mail.outbox[-1].body
    assert manage_path(registration) in body
    assert (
        session.place
        not in client.get(reverse("workshops:workshop_detail", args=[session.workshop.id])).content.decode()
    )
    page = client.get(manage_path(registration)).content.decode()
    assert session.place in page


def test_a_tampered_link_is_refused(session, client):
    registration = book(session)
    token = links.registration_token(registration.id)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(reverse("workshops:registration_manage", kwargs={"token": tampered})).status_code == 404
    import uuid

    # Someone else's id with this link's signature.
    other = links.registration_token(uuid.uuid4()).split(":")[0] + ":" + token.split(":", 1)[1]
    assert client.get(reverse("workshops:registration_manage", kwargs={"token": other})).status_code == 404
    forged = signing.dumps(str(registration.id), salt="another-salt")
    assert client.get(reverse("workshops:registration_manage", kwargs={"token": forged})).status_code == 404


def test_an_expired_link_is_refused(session, client, settings):
    registration = book(session)
    path = manage_path(registration)
    assert client.get(path).status_code == 200
    with time_machine.travel(timezone.now() + datetime.timedelta(days=settings.WAYPOINT_LEARNING_LINK_DAYS + 1)):
        assert client.get(path).status_code == 404


def test_the_attendee_cancels_through_the_link(session, client, django_capture_on_commit_callbacks):
    registration = book(session)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage_path(registration), {"confirm": "on"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.state == "cancelled"
    assert "Booking cancelled" in mail.outbox[-1].subject


def test_booking_through_the_form_redirects_to_the_booking_page(session, client, django_capture_on_commit_callbacks):
    url = reverse("workshops:session_register", kwargs={"session_id": session.id})
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"name": "Robin Example", "email": "robin@example.org", "profession": "Nurse"})
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.state == "confirmed" and registration.profession == "Nurse"
    assert response["Location"] == manage_path(registration)
    assert mail.outbox[-1].to == ["robin@example.org"]


def test_the_booking_form_explains_errors(session, client):
    response = client.post(reverse("workshops:session_register", kwargs={"session_id": session.id}), {"name": ""})
    assert response.status_code == 200 and Registration.objects.count() == 0
    assert 'class="error"' in response.content.decode()


@pytest.mark.parametrize(
    ("field", "limit"), [("accessibility_needs", 1000), ("organisation", 200), ("profession", 120), ("name", 200)]
)
def test_the_booking_form_refuses_over_long_text_and_keeps_nothing(session, client, field, limit):
    data = {"name": "Robin Example", "email": "robin@example.org", field: "x" * 1_000_000}
    response = client.post(reverse("workshops:session_register", kwargs={"session_id": session.id}), data)
    body = response.content.decode()
    assert response.status_code == 200 and Registration.objects.count() == 0
    # Named limit; what was typed stays in the field, so the person can shorten it rather than start again.
    assert f"at most {limit} characters" in body


def test_unpublished_and_unknown_workshops_answer_404(workshop, session, client):
    import uuid

    assert client.get(reverse("workshops:workshop_detail", args=[uuid.uuid4()])).status_code == 404
    workshop.is_published = False
    workshop.save(update_fields=["is_published"])
    assert client.get(reverse("workshops:workshop_detail", args=[workshop.id])).status_code == 404
    assert client.get(reverse("workshops:session_register", args=[session.id])).status_code == 404


def test_the_workshop_list_shows_upcoming_sessions_and_filters_by_audience(workshop, session, client):
    html = client.get(reverse("workshops:workshop_list")).content.decode()
    assert workshop.title in html and "data-quick-exit" in html
    assert workshop.title not in client.get(reverse("workshops:workshop_list"), {"audience": "police"}).content.decode()


def test_a_full_session_offers_the_waitlist(session, client):
    for n in range(3):
        book(session, n)
    html = client.get(reverse("workshops:workshop_detail", args=[session.workshop.id])).content.decode()
    assert "Join the waitlist" in html


def test_the_workshop_list_query_count_does_not_grow(workshop, client, django_assert_max_num_queries):
    for n in range(6):
        make_session(workshop, days=3 + n)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("workshops:workshop_list")).status_code == 200


def test_confirming_schedules_a_reminder_two_days_before(session):
    from django_tasks_db.models import DBTaskResult

    registration = book(session)
    task = DBTaskResult.objects.get(task_path__endswith="send_session_reminder")
    assert task.args_kwargs["args"][0] == str(registration.id)
    assert abs(task.run_after - (session.starts_at - datetime.timedelta(days=2))) < datetime.timedelta(seconds=1)


def test_the_reminder_task_sends_once_and_not_after_cancelling(session, django_capture_on_commit_callbacks):
    from waypoint.workshops.tasks import send_session_reminder

    kept, cancelled = book(session, 1), book(session, 2)
    services.registration_cancel(registration=cancelled)
    mail.outbox.clear()
    start = session.starts_at.isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_session_reminder.call(str(kept.id), start) is True
        assert send_session_reminder.call(str(kept.id), start) is False
        assert send_session_reminder.call(str(cancelled.id), start) is False
    assert [m.to for m in mail.outbox] == [["person1@example.org"]]
    assert "Reminder" in mail.outbox[0].subject


def test_the_reminder_is_skipped_when_the_session_moved(session):
    from waypoint.workshops.tasks import send_session_reminder

    registration = book(session)
    old_start = session.starts_at.isoformat()
    session.starts_at += datetime.timedelta(days=1)
    session.ends_at += datetime.timedelta(days=1)
    session.save(update_fields=["starts_at", "ends_at"])
    assert send_session_reminder.call(str(registration.id), old_start) is False


def test_no_reminder_is_queued_for_a_session_less_than_two_days_away(workshop):
    from django_tasks_db.models import DBTaskResult

    soon = make_session(workshop, days=1)
    book(soon)
    assert not DBTaskResult.objects.filter(task_path__endswith="send_session_reminder").exists()
    assert Registration.objects.get().state == RegistrationState.CONFIRMED


def test_pages_and_emails_show_the_session_in_its_own_time_zone(workshop, client, django_capture_on_commit_callbacks):
    zone = zoneinfo.ZoneInfo("America/Vancouver")
    starts = datetime.datetime(2027, 3, 15, 9, 30, tzinfo=zone)
    WorkshopSession.objects.create(
        workshop=workshop,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        time_zone="America/Vancouver",
        capacity=2,
    )
    html = client.get(reverse("workshops:workshop_detail", args=[workshop.id])).content.decode()
    assert "09:30–11:30" in html and "America/Vancouver" in html
    with django_capture_on_commit_callbacks(execute=True):
        book(workshop.sessions.get())
    assert "09:30–11:30 (America/Vancouver)" in mail.outbox[-1].body


def test_the_service_refuses_to_cancel_once_the_session_has_started(session, django_capture_on_commit_callbacks):
    registration = book(session, 1)
    WorkshopSession.objects.filter(id=session.id).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    registration.refresh_from_db()
    with pytest.raises(services.CancellationClosed, match="has started"):
        services.registration_cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.state == RegistrationState.CONFIRMED


def test_the_booking_page_offers_no_cancelling_after_the_start(session, client):
    registration = book(session, 1)
    WorkshopSession.objects.filter(id=session.id).update(starts_at=timezone.now() - datetime.timedelta(minutes=5))
    url = reverse("workshops:registration_manage", args=[links.registration_token(registration.id)])
    assert "Cancel my booking" not in client.get(url).content.decode()
    client.post(url, {"confirm": "on"})
    assert Registration.objects.get(id=registration.id).state == RegistrationState.CONFIRMED


def test_one_address_holds_one_booking_per_session_and_is_sent_its_link_again(
    session, client, django_capture_on_commit_callbacks
):
    first = book(session, 1)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.AlreadyBooked) as refused:
        services.registration_create(
            session_id=session.id, details=services.RegistrationDetails(name="Again", email=" PERSON1@example.org ")
        )
    assert refused.value.registration == first
    assert Registration.objects.filter(session=session).count() == 1
    resent = mail.outbox[-1]
    assert resent.to == ["person1@example.org"] and "already have a booking" in resent.body
    assert links.manage_url(first.id) in resent.body
    # Through the form: told so on the page, without the link (only the mailbox gets it).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workshops:session_register", args=[session.id]), {"name": "Again", "email": "person1@example.org"}
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "already has a booking" in page and links.registration_token(first.id) not in page
    assert Event.objects.filter(action="workshops.registration_link_resent").count() == 2


def test_a_cancelled_booking_does_not_stop_the_address_booking_again(session):
    first = book(session, 1)
    services.registration_cancel(registration=first)
    assert book(session, 1).state == RegistrationState.CONFIRMED


def test_only_an_attendee_may_answer_feedback_and_only_once(session):
    registration = book(session, 1)
    assert not services.feedback_eligible(registration)
    with pytest.raises(services.FeedbackRefused):
        services.feedback_submit(registration=registration, usefulness=4, confidence=4)
    Registration.objects.filter(id=registration.id).update(state=RegistrationState.ATTENDED)
    registration.refresh_from_db()
    assert services.feedback_eligible(registration)
    services.feedback_submit(registration=registration, usefulness=4, confidence=4)
    assert not services.feedback_eligible(registration)
    with pytest.raises(services.FeedbackRefused):
        services.feedback_submit(registration=registration, usefulness=1, confidence=1)


def test_attendance_marks_read_only_known_values_for_seated_bookings(session):
    from waypoint.workshops.forms import attendance_marks

    seated, absent, waiting = book(session, 1), book(session, 2), book(session, 9)
    Registration.objects.filter(id=waiting.id).update(state=RegistrationState.WAITLISTED)
    waiting.refresh_from_db()
    data = {
        f"attendance-{seated.id}": "attended",
        f"attendance-{absent.id}": "no_show",
        f"attendance-{waiting.id}": "attended",
        "attendance-someone-else": "attended",
    }
    assert attendance_marks(data, [seated, absent, waiting]) == {seated.id: True, absent.id: False}
    assert attendance_marks({f"attendance-{seated.id}": "maybe"}, [seated]) == {}
