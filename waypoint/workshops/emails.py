"""E-mails to people who booked a seat. Plain text, in the language they booked in, with no tracking."""

from __future__ import annotations

from typing import Any

from waypoint.core.mail import send_plain
from waypoint.core.names import plain_name
from waypoint.workshops import links
from waypoint.workshops.ics import session_ics
from waypoint.workshops.models import Registration

ICS = "text/calendar; charset=utf-8; method=PUBLISH"


def _send(registration: Registration, template: str, *, with_ics: bool = False, **extra: Any) -> None:
    context = {
        "registration": registration,
        "session": registration.session,
        "workshop": registration.session.workshop,
        "manage_url": links.manage_url(registration.id),
        "greeting_name": plain_name(registration.name),
        **extra,
    }
    send_plain(
        to=registration.email,
        template=f"workshops/email/{template}",
        context=context,
        language=registration.language,
        attachments=[("workshop.ics", session_ics(registration), ICS)] if with_ics else None,
    )


def send_registration_confirmed(registration: Registration, *, promoted: bool = False) -> None:
    _send(registration, "registration_confirmed", with_ics=True, promoted=promoted)


def send_registration_waitlisted(registration: Registration) -> None:
    _send(registration, "registration_waitlisted")


def send_booking_link(registration: Registration) -> None:
    """Someone tried to book again with this address: send the link to the booking it already holds."""
    _send(registration, "booking_link")


def send_registration_cancelled(registration: Registration) -> None:
    _send(registration, "registration_cancelled")


def send_reminder(registration: Registration) -> None:
    _send(registration, "reminder", with_ics=True)


def send_feedback_invitation(registration: Registration) -> None:
    _send(registration, "feedback_invitation", feedback_url=links.feedback_url(registration.id))
