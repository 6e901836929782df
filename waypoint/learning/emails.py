"""E-mails to people who booked or wrote to us. Plain text, in the language they used, with no tracking."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation

from waypoint.learning import links
from waypoint.learning.ics import session_ics
from waypoint.learning.models import ContactRequest, Registration


def plain_name(name: str) -> str:
    """The name for "Hello ...", with anything a mail program could turn into a link broken up.

    The forms refuse such names; this also covers what was stored before they did.
    """
    from waypoint.learning.forms import LINK_LIKE

    if not LINK_LIKE.search(name):
        return name
    return re.sub(r"[.:/@\\]+", " ", name).strip()


def _send(*, to: str, template: str, context: dict, language: str, attach_ics: Registration | None = None) -> None:
    with translation.override(language):
        subject = render_to_string(f"learning/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"learning/email/{template}.txt", context)
    message = EmailMessage(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, from_email=None, to=[to])
    if attach_ics is not None:
        message.attach("workshop.ics", session_ics(attach_ics), "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def _registration_context(registration: Registration) -> dict:
    return {
        "registration": registration,
        "session": registration.session,
        "workshop": registration.session.workshop,
        "manage_url": links.manage_url(registration.id),
        "greeting_name": plain_name(registration.name),
    }


def send_registration_confirmed(registration: Registration, *, promoted: bool = False) -> None:
    context = {**_registration_context(registration), "promoted": promoted}
    _send(
        to=registration.email,
        template="registration_confirmed",
        context=context,
        language=registration.language,
        attach_ics=registration,
    )


def send_registration_waitlisted(registration: Registration) -> None:
    _send(
        to=registration.email,
        template="registration_waitlisted",
        context=_registration_context(registration),
        language=registration.language,
    )


def send_registration_cancelled(registration: Registration) -> None:
    _send(
        to=registration.email,
        template="registration_cancelled",
        context=_registration_context(registration),
        language=registration.language,
    )


def send_reminder(registration: Registration) -> None:
    _send(
        to=registration.email,
        template="reminder",
        context=_registration_context(registration),
        language=registration.language,
        attach_ics=registration,
    )


def send_feedback_invitation(registration: Registration) -> None:
    context = {**_registration_context(registration), "feedback_url": links.feedback_url(registration.id)}
    _send(to=registration.email, template="feedback_invitation", context=context, language=registration.language)


def send_contact_acknowledgement(contact: ContactRequest) -> None:
    _send(
        to=contact.email,
        template="contact_acknowledgement",
        context={"contact": contact, "greeting_name": plain_name(contact.name)},
        language=contact.language,
    )
