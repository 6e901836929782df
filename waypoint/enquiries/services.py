"""Every write of "speak with someone": a request, its assignment and status, intake's replies, retention.

Each function is keyword-only, atomic, and records its audit event (ids and actions
only, never what a person wrote) in the same transaction; the acknowledgement goes out
after the commit.
"""

from __future__ import annotations

import datetime
import logging
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.enquiries import emails
from waypoint.enquiries.models import ContactReply, ContactRequest, ContactStatus

logger = logging.getLogger(__name__)


def _acknowledge_after_commit(contact: ContactRequest) -> None:
    def run() -> None:
        try:
            emails.send_contact_acknowledgement(contact)
        except Exception:
            # The request stands even if the mail server is down.
            logger.exception("Contact acknowledgement failed for %s", contact.id)

    transaction.on_commit(run)


def contact_response_days() -> int:
    return settings.WAYPOINT_LEARNING_CONTACT_DAYS


def add_working_days(start: datetime.datetime, days: int, *, zone: str) -> datetime.datetime:
    """``days`` working days (Monday to Friday) after ``start``, counted in the agency's time zone."""
    moment = timezone.localtime(start, zoneinfo.ZoneInfo(zone))
    added = 0
    while added < days:
        moment += datetime.timedelta(days=1)
        if moment.weekday() < 5:
            added += 1
    return moment


def contact_request_create(
    *,
    agency: Agency,
    name: str,
    email: str,
    topic: str,
    message: str,
    organisation: str = "",
    role: str = "",
    phone: str = "",
    preferred_channel: str = "email",
) -> ContactRequest:
    with transaction.atomic():
        contact = ContactRequest.objects.create(
            agency=agency,
            name=name,
            email=email,
            organisation=organisation,
            role=role,
            phone=phone,
            preferred_channel=preferred_channel,
            topic=topic,
            message=message,
            due_at=add_working_days(timezone.now(), contact_response_days(), zone=agency.time_zone),
            language=translation.get_language() or "en",
        )
        audit.record(action="enquiries.contact_request_created", agency=agency, target=contact, detail={"topic": topic})
        _acknowledge_after_commit(contact)
    return contact


def contact_request_viewed(*, actor: User, contact: ContactRequest) -> None:
    audit.record(
        action="enquiries.contact_request_viewed", actor=actor, agency=contact.agency_id, target=contact, detail={}
    )


def contact_request_assign(*, actor: User, contact: ContactRequest, assignee: User | None) -> ContactRequest:
    with transaction.atomic():
        contact.assigned_to = assignee
        fields = ["assigned_to", "updated_at"]
        if assignee is not None and contact.status == ContactStatus.NEW:
            contact.status = ContactStatus.IN_PROGRESS
            fields.append("status")
        contact.save(update_fields=fields)
        audit.record(
            action="enquiries.contact_request_assigned",
            actor=actor,
            agency=contact.agency_id,
            target=contact,
            detail={"assignee": str(assignee.id) if assignee else None},
        )
    return contact


def contact_request_set_status(*, actor: User, contact: ContactRequest, status: str) -> ContactRequest:
    if status not in ContactStatus.values:
        raise ValueError(status)
    with transaction.atomic():
        contact.status = status
        contact.closed_at = timezone.now() if status == ContactStatus.CLOSED else None
        contact.save(update_fields=["status", "closed_at", "updated_at"])
        audit.record(
            action="enquiries.contact_request_status",
            actor=actor,
            agency=contact.agency_id,
            target=contact,
            detail={"status": status},
        )
    return contact


def contact_reply_add(*, actor: User, contact: ContactRequest, channel: str, body: str) -> ContactReply:
    with transaction.atomic():
        reply = ContactReply.objects.create(request=contact, author=actor, channel=channel, body=body)
        if contact.status == ContactStatus.NEW:
            contact.status = ContactStatus.IN_PROGRESS
            contact.save(update_fields=["status", "updated_at"])
        audit.record(
            action="enquiries.contact_reply_logged",
            actor=actor,
            agency=contact.agency_id,
            target=reply,
            detail={"request": str(contact.id), "channel": channel},
        )
    return reply


# --- Retention -----------------------------------------------------------------------------


@dataclass
class EnquiriesPurge:
    contact_requests: int = 0
    replies: int = 0


def enquiries_purge_due(*, dry_run: bool = False, now: datetime.datetime | None = None) -> EnquiriesPurge:
    """Delete contact requests closed longer ago than the retention period, with their replies; open ones stay.

    The audit event carries counts only, so nothing of what was deleted survives in it.
    """
    days = settings.WAYPOINT_LEARNING_RETENTION_DAYS
    cutoff = (now or timezone.now()) - datetime.timedelta(days=days)
    with transaction.atomic():
        contacts = ContactRequest.objects.filter(status=ContactStatus.CLOSED, closed_at__lt=cutoff)
        replies = ContactReply.objects.filter(request__in=contacts)
        outcome = EnquiriesPurge(contact_requests=contacts.count(), replies=replies.count())
        if dry_run:
            return outcome
        replies.delete()
        contacts.delete()
        audit.record(
            action="enquiries.purged",
            detail={
                "retention_days": days,
                "contact_requests": outcome.contact_requests,
                "replies": outcome.replies,
            },
        )
    return outcome
