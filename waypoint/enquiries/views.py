"""Views for "speak with someone": the public form, and intake's inbox and request page."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.roles import Role
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.ratelimit import client_address, over_limit
from waypoint.core.routes import public, roles
from waypoint.enquiries import selectors, services
from waypoint.enquiries.forms import AssignForm, ContactForm, InboxFilterForm, ReplyForm, StatusForm
from waypoint.enquiries.models import ContactStatus

INTAKE = Role.INTAKE


def _rate_limited(request: HttpRequest) -> bool:
    """At most WAYPOINT_LEARNING_CONTACT_PER_HOUR requests an hour from one address (the shared cache counts)."""
    limit = settings.WAYPOINT_LEARNING_CONTACT_PER_HOUR
    return over_limit("contact", client_address(request), limit)


@public
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request):
            response = render(request, "enquiries/contact.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = "3600"
            return response
        if form.is_bot:
            # Answer as if it worked, so an automated sender learns nothing; keep nothing.
            return redirect("enquiries:contact_thanks")
        agency = selectors.host_agency()
        if form.is_valid() and agency is not None:
            services.contact_request_create(agency=agency, **form.cleaned_without_honeypot())
            return redirect("enquiries:contact_thanks")
    return render(request, "enquiries/contact.html", {"form": form, "hub_section": "contact"})


@public
def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(
        request, "enquiries/contact_thanks.html", {"days": services.contact_response_days(), "hub_section": "contact"}
    )


@roles(INTAKE)
def contact_inbox(request: AuthedHttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    requests = selectors.contact_requests_for_inbox(agency=request.membership.agency, status=status)
    return render(
        request,
        "enquiries/contact_inbox.html",
        {"requests": requests, "status": status, "statuses": ContactStatus.choices, "intake_section": "inbox"},
    )


@roles(INTAKE)
@require_http_methods(["GET", "POST"])
def contact_detail(request: AuthedHttpRequest, request_id: uuid.UUID) -> HttpResponse:
    agency = request.membership.agency
    contact = selectors.contact_request_for_intake(agency=agency, request_id=request_id)
    action = request.POST.get("action") if request.method == "POST" else None
    assign_form = AssignForm(
        request.POST if action == "assign" else None,
        users=selectors.intake_colleagues(agency=agency),
        initial={"assignee": contact.assigned_to_id},
    )
    status_form = StatusForm(request.POST if action == "status" else None, initial={"status": contact.status})
    reply_form = ReplyForm(request.POST if action == "reply" else None)
    if action == "assign" and assign_form.is_valid():
        services.contact_request_assign(
            actor=request.user, contact=contact, assignee=assign_form.cleaned_data["assignee"]
        )
        messages.success(request, _("Assignment saved."))
        return redirect("enquiries:contact_detail", request_id=contact.id)
    if action == "status" and status_form.is_valid():
        services.contact_request_set_status(
            actor=request.user, contact=contact, status=status_form.cleaned_data["status"]
        )
        messages.success(request, _("Status saved."))
        return redirect("enquiries:contact_detail", request_id=contact.id)
    if action == "reply" and reply_form.is_valid():
        services.contact_reply_add(actor=request.user, contact=contact, **reply_form.cleaned_data)
        messages.success(request, _("Reply logged."))
        return redirect("enquiries:contact_detail", request_id=contact.id)
    services.contact_request_viewed(actor=request.user, contact=contact)
    return render(
        request,
        "enquiries/contact_detail.html",
        {
            "contact": contact,
            "replies": selectors.replies_for(contact),
            "assign_form": assign_form,
            "status_form": status_form,
            "reply_form": reply_form,
            "intake_section": "inbox",
        },
    )
