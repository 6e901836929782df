"""Retention: bookings of long-past sessions and old closed contact requests are deleted, audited with counts only.

Each app purges its own rows; ``purge_learning_due`` (command and task) runs both.
"""

from __future__ import annotations

import datetime

from django.core.management import call_command
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.enquiries import services as enquiries
from waypoint.enquiries.models import ContactReply, ContactRequest, ContactStatus
from waypoint.learning.retention import learning_purge_due
from waypoint.workshops import services
from waypoint.workshops.models import Feedback, Registration, RegistrationState
from waypoint.workshops.tests.workshop_fixtures import make_session


def booked(session, name: str, *, attended: bool = False) -> Registration:
    registration = services.registration_create(
        session_id=session.id, details=services.RegistrationDetails(name=name, email=f"{name.lower()}@example.org")
    )
    if attended:
        Registration.objects.filter(id=registration.id).update(state=RegistrationState.ATTENDED)
        Feedback.objects.create(registration=registration, session=session, usefulness=4, confidence=4)
    return registration


def age(session, days: int) -> None:
    shift = datetime.timedelta(days=days)
    type(session).objects.filter(id=session.id).update(
        starts_at=session.starts_at - shift, ends_at=session.ends_at - shift
    )


def contact(world, who, *, closed_days_ago: int | None) -> ContactRequest:
    request = enquiries.contact_request_create(
        agency=world.agencies["harbour"], name="Dana", email="dana@example.org", topic="consultation", message="Hi"
    )
    ContactReply.objects.create(request=request, author=who, channel="email", body="We wrote back.")
    if closed_days_ago is not None:
        ContactRequest.objects.filter(id=request.id).update(
            status=ContactStatus.CLOSED, closed_at=timezone.now() - datetime.timedelta(days=closed_days_ago)
        )
    return request


def test_it_deletes_bookings_and_feedback_of_sessions_past_retention_and_old_closed_requests(world, workshop):
    old, recent = make_session(workshop, days=1), make_session(workshop, days=1)
    booked(old, "Old", attended=True)
    booked(old, "Older")
    kept = booked(recent, "Recent", attended=True)
    age(old, 800)
    age(recent, 100)
    ines = world.user("ines")
    gone = contact(world, ines, closed_days_ago=731)
    open_old = contact(world, ines, closed_days_ago=None)
    ContactRequest.objects.filter(id=open_old.id).update(created_at=timezone.now() - datetime.timedelta(days=900))
    closed_recently = contact(world, ines, closed_days_ago=10)

    outcome = learning_purge_due()

    assert (outcome.registrations, outcome.feedback, outcome.contact_requests, outcome.replies) == (2, 1, 1, 1)
    assert list(Registration.objects.all()) == [kept] and Feedback.objects.get().registration == kept
    assert set(ContactRequest.objects.values_list("id", flat=True)) == {open_old.id, closed_recently.id}
    assert not ContactReply.objects.filter(request_id=gone.id).exists()
    # Each app records its own purge, with counts only.
    bookings = Event.objects.get(action="workshops.purged")
    assert bookings.detail == {"retention_days": 730, "registrations": 2, "feedback": 1}
    requests = Event.objects.get(action="enquiries.purged")
    assert requests.detail == {"retention_days": 730, "contact_requests": 1, "replies": 1}
    assert bookings.target_id == requests.target_id == ""


def test_the_retention_period_is_a_setting(world, workshop, settings):
    settings.WAYPOINT_LEARNING_RETENTION_DAYS = 30
    session = make_session(workshop, days=1)
    booked(session, "Ada")
    age(session, 40)
    assert learning_purge_due().registrations == 1


def test_a_dry_run_counts_and_deletes_nothing(world, workshop):
    session = make_session(workshop, days=1)
    booked(session, "Ada")
    age(session, 800)
    assert learning_purge_due(dry_run=True).registrations == 1
    assert Registration.objects.count() == 1 and not Event.objects.filter(action__endswith=".purged").exists()


def test_the_command_and_the_task_purge(world, workshop, capsys):
    session = make_session(workshop, days=1)
    booked(session, "Ada")
    age(session, 800)
    call_command("purge_learning_due", "--dry-run")
    assert "Would delete 1 registration(s)" in capsys.readouterr().out
    call_command("purge_learning_due")
    assert "Deleted 1 registration(s)" in capsys.readouterr().out
    assert not Registration.objects.exists()
    from waypoint.learning.tasks import purge_learning_due

    booked(make_session(workshop, days=1), "Kim")
    assert purge_learning_due.call() == {"registrations": 0, "feedback": 0, "contact_requests": 0, "replies": 0}
