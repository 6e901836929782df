"""Every write about workshops: booking, cancelling, the waitlist, reminders, attendance, feedback, retention.

Each function is keyword-only, atomic, and records its audit event (ids and
actions only, never what a person wrote) in the same transaction. E-mails go
out after the transaction commits, so nobody is told about a change that was
rolled back. The rules (who may book, cancel or answer) live here, once; views ask.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.workshops import emails
from waypoint.workshops.models import SEATED_STATES, Feedback, Registration, RegistrationState, WorkshopSession

logger = logging.getLogger(__name__)


class BookingClosed(Exception):
    """The session has started, ended or been cancelled."""


class AlreadyBooked(Exception):
    """This e-mail address already holds a seat (or a waitlist place) in the session."""

    def __init__(self, registration: Registration) -> None:
        super().__init__("this e-mail address already has a booking for the session")
        self.registration = registration


class CancellationClosed(Exception):
    """The session has started: a booking can no longer be cancelled."""


class FeedbackRefused(Exception):
    """Only someone who attended may answer, and only once."""


def _after_commit(func: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    def run() -> None:
        try:
            func(*args, **kwargs)
        except Exception:
            # The booking stands even if the mail server is down; the log says who was not told.
            logger.exception("Workshop e-mail %s failed", getattr(func, "__name__", func))

    transaction.on_commit(run)


# --- Booking, cancelling, the waitlist ----------------------------------------------------


@dataclass(frozen=True)
class RegistrationDetails:
    name: str
    email: str
    organisation: str = ""
    profession: str = ""
    accessibility_needs: str = ""
    consent_to_contact: bool = False


def _same_address(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def _booking_for_address(session: WorkshopSession, email: str) -> Registration | None:
    """The active booking this address holds in the session, if any.

    E-mails are encrypted at rest (no lookup by value), so the session's active bookings
    are read and compared; a session holds tens of people, and the caller holds its lock.
    """
    active = session.registrations.exclude(state=RegistrationState.CANCELLED).order_by("created_at")
    return next((r for r in active if _same_address(r.email, email)), None)


def registration_create(*, session_id: Any, details: RegistrationDetails) -> Registration:
    """Book a seat, or a place on the waitlist when every seat is taken.

    The session row is locked (SELECT ... FOR UPDATE) while seats are counted,
    so simultaneous bookings queue up behind each other and never exceed capacity.
    An address that already holds a booking in the session gets no second one: its
    booking link is e-mailed to it again (only the address's owner reads it) and
    ``AlreadyBooked`` is raised once that is committed.
    """
    with transaction.atomic():
        session = WorkshopSession.objects.select_for_update(of=("self",)).select_related("workshop").get(id=session_id)
        if session.is_cancelled or session.starts_at <= timezone.now() or not session.workshop.is_published:
            raise BookingClosed
        existing = _booking_for_address(session, details.email)
        if existing is None:
            registration = _book(session, details)
        else:
            audit.record(
                action="workshops.registration_link_resent",
                agency=session.workshop.agency_id,
                target=existing,
                detail={"session": str(session.id)},
            )
            _after_commit(emails.send_booking_link, existing)
    if existing is not None:
        raise AlreadyBooked(existing)
    return registration


def _book(session: WorkshopSession, details: RegistrationDetails) -> Registration:
    """A seat if one is free, else a waitlist place. The caller holds the session lock."""
    seats_taken = session.registrations.filter(state__in=SEATED_STATES).count()
    now = timezone.now()
    confirmed = seats_taken < session.capacity
    registration = Registration.objects.create(
        session=session,
        name=details.name,
        email=details.email,
        organisation=details.organisation,
        profession=details.profession,
        accessibility_needs=details.accessibility_needs,
        consent_to_contact=details.consent_to_contact,
        state=RegistrationState.CONFIRMED if confirmed else RegistrationState.WAITLISTED,
        confirmed_at=now if confirmed else None,
        waitlisted_at=None if confirmed else now,
        language=translation.get_language() or "en",
    )
    audit.record(
        action="workshops.registration_created",
        agency=session.workshop.agency_id,
        target=registration,
        detail={"session": str(session.id), "state": registration.state},
    )
    if confirmed:
        _schedule_reminder(registration)
        _after_commit(emails.send_registration_confirmed, registration)
    else:
        _after_commit(emails.send_registration_waitlisted, registration)
    return registration


def registration_can_cancel(registration: Registration, *, now: datetime.datetime | None = None) -> bool:
    """A confirmed or waitlisted booking may be cancelled until the session starts."""
    return registration.state in (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED) and (
        registration.session.starts_at > (now or timezone.now())
    )


def registration_cancel(*, registration: Registration, actor: User | None = None) -> Registration | None:
    """Cancel a booking. If it held a seat, the first person waiting is promoted and told. Returns them, if any.

    Refused (``CancellationClosed``) once the session has started: from then on intake
    records attendance instead. Cancelling a cancelled booking changes nothing.
    """
    with transaction.atomic():
        session = (
            WorkshopSession.objects.select_for_update(of=("self",))
            .select_related("workshop")
            .get(id=registration.session_id)
        )
        registration = Registration.objects.select_for_update().get(id=registration.id)
        if registration.state == RegistrationState.CANCELLED:
            return None
        registration.session = session
        if not registration_can_cancel(registration):
            raise CancellationClosed("the session has started; its bookings can no longer be cancelled")
        held_seat = registration.state == RegistrationState.CONFIRMED
        registration.state = RegistrationState.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["state", "cancelled_at", "updated_at"])
        audit.record(
            action="workshops.registration_cancelled",
            actor=actor,
            agency=session.workshop.agency_id,
            target=registration,
            detail={"session": str(session.id), "by_attendee": actor is None},
        )
        _after_commit(emails.send_registration_cancelled, registration)
        promoted = _promote_from_waitlist(session) if held_seat else None
    return promoted


def _promote_from_waitlist(session: WorkshopSession) -> Registration | None:
    """Fill free seats from the waitlist in booking order. The caller holds the session lock."""
    if session.starts_at <= timezone.now():
        return None
    seats_taken = session.registrations.filter(state__in=SEATED_STATES).count()
    promoted = None
    for waiting in session.registrations.filter(state=RegistrationState.WAITLISTED).order_by("created_at")[
        : max(0, session.capacity - seats_taken)
    ]:
        waiting.state = RegistrationState.CONFIRMED
        waiting.confirmed_at = timezone.now()
        waiting.save(update_fields=["state", "confirmed_at", "updated_at"])
        audit.record(
            action="workshops.registration_promoted",
            agency=session.workshop.agency_id,
            target=waiting,
            detail={"session": str(session.id)},
        )
        _schedule_reminder(waiting)
        _after_commit(emails.send_registration_confirmed, waiting, promoted=True)
        promoted = promoted or waiting
    return promoted


def _schedule_reminder(registration: Registration) -> None:
    from waypoint.workshops.tasks import send_session_reminder

    run_after = registration.session.starts_at - datetime.timedelta(days=2)
    if run_after <= timezone.now():
        return  # The confirmation itself arrives less than two days before.
    send_session_reminder.using(run_after=run_after).enqueue(
        str(registration.id), registration.session.starts_at.isoformat()
    )


def registration_remind(*, registration_id: Any, expected_start: str) -> bool:
    """Send the two-days-before reminder once, if the booking still stands and the session has not moved."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("session__workshop")
            .filter(id=registration_id)
            .first()
        )
        if registration is None or registration.state != RegistrationState.CONFIRMED or registration.reminded_at:
            return False
        session = registration.session
        if (
            session.is_cancelled
            or session.starts_at.isoformat() != expected_start
            or session.starts_at <= timezone.now()
        ):
            return False
        registration.reminded_at = timezone.now()
        registration.save(update_fields=["reminded_at", "updated_at"])
        audit.record(
            action="workshops.reminder_sent", agency=session.workshop.agency_id, target=registration, detail={}
        )
        _after_commit(emails.send_reminder, registration)
    return True


# --- Attendance and feedback ------------------------------------------------------------


def attendance_record(*, actor: User, session: WorkshopSession, attended: dict[Any, bool]) -> int:
    """Mark confirmed attendees as attended or not; invite those who came to give feedback. Returns rows changed."""
    changed = 0
    with transaction.atomic():
        rows = session.registrations.select_for_update().filter(id__in=list(attended), state__in=SEATED_STATES)
        for registration in rows:
            state = RegistrationState.ATTENDED if attended[registration.id] else RegistrationState.NO_SHOW
            if registration.state != state:
                registration.state = state
                registration.save(update_fields=["state", "updated_at"])
                changed += 1
            if state == RegistrationState.ATTENDED and registration.feedback_invited_at is None and session.has_ended:
                registration.feedback_invited_at = timezone.now()
                registration.save(update_fields=["feedback_invited_at", "updated_at"])
                _after_commit(emails.send_feedback_invitation, registration)
        audit.record(
            action="workshops.attendance_recorded",
            actor=actor,
            agency=session.workshop.agency_id,
            target=session,
            detail={"changed": changed},
        )
    return changed


def attendance_exported(*, actor: User, session: WorkshopSession) -> None:
    """An export holds names and e-mails, so who took one is on record."""
    audit.record(
        action="workshops.attendance_exported",
        actor=actor,
        agency=session.workshop.agency_id,
        target=session,
        detail={},
    )


def feedback_eligible(registration: Registration) -> bool:
    """Someone who attended may answer the feedback form, once."""
    return (
        registration.state == RegistrationState.ATTENDED
        and not Feedback.objects.filter(registration=registration).exists()
    )


def feedback_submit(*, registration: Registration, usefulness: int, confidence: int, comments: str = "") -> Feedback:
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("session__workshop")
            .get(id=registration.id)
        )
        if not feedback_eligible(registration):
            raise FeedbackRefused
        feedback = Feedback.objects.create(
            registration=registration,
            session=registration.session,
            usefulness=usefulness,
            confidence=confidence,
            comments=comments,
        )
        audit.record(
            action="workshops.feedback_submitted",
            agency=registration.session.workshop.agency_id,
            target=feedback,
            detail={"session": str(registration.session_id)},
        )
    return feedback


# --- Retention -----------------------------------------------------------------------------


@dataclass
class WorkshopsPurge:
    registrations: int = 0
    feedback: int = 0


def workshops_purge_due(*, dry_run: bool = False, now: datetime.datetime | None = None) -> WorkshopsPurge:
    """Delete the registrations and feedback of sessions that ended more than the retention period ago.

    The audit event carries counts only, so nothing of what was deleted survives in it.
    """
    days = settings.WAYPOINT_LEARNING_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic():
        registrations = Registration.objects.filter(session__ends_at__lt=cutoff)
        feedback = Feedback.objects.filter(session__ends_at__lt=cutoff)
        outcome = WorkshopsPurge(registrations=registrations.count(), feedback=feedback.count())
        if dry_run:
            return outcome
        feedback.delete()
        registrations.delete()
        audit.record(
            action="workshops.purged",
            detail={
                "retention_days": days,
                "registrations": outcome.registrations,
                "feedback": outcome.feedback,
            },
        )
    return outcome
