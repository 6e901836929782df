"""The acknowledgement sent to someone who asked to speak with us: plain text, in their language."""

from __future__ import annotations

from waypoint.core.mail import send_plain
from waypoint.core.names import plain_name
from waypoint.enquiries.models import ContactRequest


def send_contact_acknowledgement(contact: ContactRequest) -> None:
    send_plain(
        to=contact.email,
        template="enquiries/email/contact_acknowledgement",
        context={"contact": contact, "greeting_name": plain_name(contact.name)},
        language=contact.language,
    )
