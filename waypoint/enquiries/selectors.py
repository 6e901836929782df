"""Reads for "speak with someone": which agency answers, the intake inbox, one request, intake colleagues."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404

from waypoint.accounts.models import Agency, User
from waypoint.accounts.roles import Role
from waypoint.enquiries.models import ContactReply, ContactRequest, ContactStatus


def host_agency() -> Agency | None:
    """The agency whose intake team answers the public "speak with someone" form.

    Named by WAYPOINT_LEARNING_AGENCY; otherwise the first agency created that is not a partner.
    """
    name = settings.WAYPOINT_LEARNING_AGENCY
    agencies = Agency.objects.filter(is_partner=False)
    if name:
        return agencies.filter(name=name).first()
    return agencies.order_by("created_at").first()


def contact_requests_for_inbox(*, agency: Agency, status: str = "") -> QuerySet[ContactRequest]:
    requests = ContactRequest.objects.filter(agency=agency).select_related("assigned_to")
    requests = requests.filter(status=status) if status else requests.exclude(status=ContactStatus.CLOSED)
    return requests.order_by("due_at")


def contact_request_for_intake(*, agency: Agency, request_id: uuid.UUID) -> ContactRequest:
    found = ContactRequest.objects.filter(agency=agency, id=request_id).select_related("assigned_to").first()
    if found is None:
        raise Http404
    return found


def replies_for(contact: ContactRequest) -> QuerySet[ContactReply]:
    return contact.replies.select_related("author")


def intake_colleagues(*, agency: Agency) -> QuerySet[User]:
    """Who a request may be assigned to: the agency's active intake team."""
    return User.objects.filter(
        memberships__agency=agency,
        memberships__role=Role.INTAKE,
        memberships__is_active=True,
        is_active=True,
    ).order_by("display_name", "email")
