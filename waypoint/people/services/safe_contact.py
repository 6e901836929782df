"""Safe contact: recording how a person may be reached, and ``send``, the only way anything reaches them.

``send`` refuses unless a safe-contact record confirmed with the person within
WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS allows the channel at this moment, on this
weekday, in the agency's time zone. Every refusal and every send is audited
(the reason code, never the message or the contact value).
"""

from __future__ import annotations

import datetime
import logging
import re
import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import timedelta
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import User
from waypoint.people import access
from waypoint.people.models import Channel, MessageStatus, OutboundMessage, Person, SafeContact
from waypoint.people.services.lifecycle import require_open

logger = logging.getLogger(__name__)

# Refusal reasons, in the order they are checked.
NO_RECORD = "no_record"
STALE = "stale"
WRONG_DAY = "wrong_day"
OUTSIDE_HOURS = "outside_hours"
CLOSED = "closed"
UNKNOWN_CHANNEL = "unknown_channel"


@dataclass(frozen=True)
class SendResult:
    sent: bool
    reason: str = ""
    message: OutboundMessage | None = None


def _allowing(person: Person, channel: str) -> tuple[SafeContact | None, str]:
    if channel not in Channel.values:
        return None, UNKNOWN_CHANNEL
    if person.is_closed:
        return None, CLOSED
    candidates = list(SafeContact.objects.filter(person=person, channel=channel))
    if not candidates:
        return None, NO_RECORD
    zone = zoneinfo.ZoneInfo(person.agency.time_zone)
    local = timezone.now().astimezone(zone)
    oldest_allowed = local.date() - timedelta(days=settings.WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS)
    fresh = [c for c in candidates if c.verified_on >= oldest_allowed]
    if not fresh:
        return None, STALE
    today = [c for c in fresh if local.weekday() in c.safe_days]
    if not today:
        return None, WRONG_DAY
    for contact in today:
        if contact.safe_from <= local.time() < contact.safe_until:
            return contact, ""
    return None, OUTSIDE_HOURS


# Sent inside send()'s transaction with (outbound, actor) when a call, text or visit is for staff to make.
staff_contact_to_make = Signal()


def survivor_from_email() -> str:
    """A neutral sender: no "Waypoint", no agency name, since someone else may read the inbox."""
    return str(settings.WAYPOINT_SURVIVOR_FROM_EMAIL)  # declared with a neutral default, never empty


def survivor_message_id() -> str:
    """A random Message-ID on the neutral sender's domain.

    Django's default names the server (``DNS_NAME``), and ``make_msgid`` adds the process id and time.
    """
    domain = parseaddr(survivor_from_email())[1].rpartition("@")[2] or "example.invalid"
    return f"<{uuid.uuid4().hex}@{domain}>"


FRENCH = {"fr", "fra", "fre", "french", "francais", "français"}
ENGLISH = {"en", "eng", "english", "anglais"}


def person_language(person: Person) -> str:
    """French if the person's recorded languages include French and not English; English otherwise."""
    words = set(re.findall(r"[^\W\d_]+", (person.languages or "").casefold()))
    return "fr" if words & FRENCH and not words & ENGLISH else "en"


def _deliver(outbound_id: Any, address: str, subject: str, body: str) -> None:
    """After commit: hand the e-mail to the mail server, then record what happened (its own transaction)."""
    try:
        EmailMessage(
            subject, body, survivor_from_email(), [address], headers={"Message-ID": survivor_message_id()}
        ).send(fail_silently=False)
    except Exception as exc:  # any backend failure: SMTP, DNS, refused connection
        # The exception's text can carry the address (SMTPRecipientsRefused does): log its type only.
        logger.warning("Safe-contact e-mail %s did not go out (%s)", outbound_id, type(exc).__name__)
        status, action = MessageStatus.FAILED, "contact.failed"
    else:
        status, action = MessageStatus.SENT, "contact.delivered"
    with transaction.atomic():
        outbound = (
            OutboundMessage.objects.select_related("person")
            .select_for_update(of=("self",))
            .filter(pk=outbound_id)
            .first()
        )
        if outbound is None:  # purged meanwhile: nothing left to record
            return
        outbound.status = status
        outbound.save(update_fields=["status", "updated_at"])
        audit.record(
            action=action,
            agency=outbound.person.agency_id,
            target=outbound,
            detail={"person": str(outbound.person_id), "channel": outbound.channel},
        )


def send(person: Person, channel: str, message: str, *, actor: Any = None) -> SendResult:
    """Send ``message`` on ``channel`` if a current safe-contact record allows it now; otherwise refuse."""
    with transaction.atomic():
        contact, reason = _allowing(person, channel)
        if contact is None:
            audit.record(
                action="contact.refused",
                actor=actor,
                agency=person.agency_id,
                target=person,
                detail={"channel": channel, "reason": reason},
            )
            return SendResult(sent=False, reason=reason)
        status = MessageStatus.QUEUED if channel == Channel.EMAIL else MessageStatus.STAFF
        outbound = OutboundMessage.objects.create(
            person=person, safe_contact=contact, channel=channel, body=message, sent_by=actor, status=status
        )
        audit.record(
            action="contact.sent",
            actor=actor,
            agency=person.agency_id,
            target=outbound,
            detail={"person": str(person.pk), "channel": channel},
        )
        if channel == Channel.EMAIL:
            address, outbound_id = contact.value, outbound.pk
            # A neutral subject in the person's language, never the staff member's: someone else may see the inbox.
            with translation.override(person_language(person)):
                subject = _("A message for you")
            transaction.on_commit(lambda: _deliver(outbound_id, address, subject, message))
        else:
            # Calls, texts and in-person contact are made by staff from the recorded message until a
            # telephony provider is configured; casework turns each into a task for the sender, in this
            # transaction.
            staff_contact_to_make.send(sender=OutboundMessage, outbound=outbound, actor=actor)
    return SendResult(sent=True, message=outbound)


def safe_contact_create(
    *,
    actor: User,
    person: Person,
    channel: str,
    value: str,
    safe_days: list[int],
    safe_from: datetime.time,
    safe_until: datetime.time,
    may_leave_message: bool = False,
    code_word: str = "",
    verified_on: datetime.date | None = None,
) -> SafeContact:
    require_open(person)
    if not value.strip():
        raise ValidationError(_("Enter the number, address or place."))
    if not safe_days:
        raise ValidationError(_("Choose at least one day when contact is safe."))
    if safe_from >= safe_until:
        raise ValidationError(_("The safe time must end after it starts."))
    today = access.agency_today(person.agency)
    verified_on = verified_on or today
    if verified_on > today:
        raise ValidationError(_("The confirmation date cannot be in the future."))
    with transaction.atomic():
        contact = SafeContact.objects.create(
            person=person,
            channel=channel,
            value=value.strip(),
            safe_days=sorted(set(safe_days)),
            safe_from=safe_from,
            safe_until=safe_until,
            may_leave_message=may_leave_message,
            code_word=code_word.strip(),
            verified_on=verified_on,
            created_by=actor,
        )
        audit.record(
            action="safe_contact.created",
            actor=actor,
            agency=person.agency_id,
            target=contact,
            detail={"person": str(person.pk), "channel": channel},
        )
    return contact


def safe_contact_verify(*, actor: User, contact: SafeContact) -> SafeContact:
    """The person confirmed today that this way of reaching them is still safe."""
    require_open(contact.person)
    with transaction.atomic():
        contact.verified_on = access.agency_today(contact.person.agency)
        contact.save(update_fields=["verified_on", "updated_at"])
        audit.record(action="safe_contact.verified", actor=actor, agency=contact.person.agency_id, target=contact)
    return contact


def safe_contact_reveal(*, actor: User, contact: SafeContact) -> SafeContact:
    """Showing a contact value is itself a recorded event."""
    audit.record(
        action="safe_contact.revealed",
        actor=actor,
        agency=contact.person.agency_id,
        target=contact,
        purpose="reveal",
        detail={"person": str(contact.person_id)},
    )
    return contact
