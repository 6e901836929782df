"""Views of the learning hub: public search, workshops and "speak with someone"; intake's attendance and inbox."""

from __future__ import annotations

import csv
import hashlib
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.decorators import step_up_required
from waypoint.accounts.models import User
from waypoint.accounts.roles import Role
from waypoint.core.routes import public, roles
from waypoint.learning import links, selectors, services
from waypoint.learning.forms import (
    AssignForm,
    CancelForm,
    ContactForm,
    FeedbackForm,
    InboxFilterForm,
    RegistrationForm,
    ReplyForm,
    SearchForm,
    StatusForm,
    WorkshopFilterForm,
)
from waypoint.learning.models import ContactStatus, Feedback, Registration, RegistrationState, WorkshopSession

INTAKE = Role.INTAKE


# --- Search ---------------------------------------------------------------------------


@public
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    query = audience = ""
    if form.is_valid():
        query = form.cleaned_data["q"]
        audience = form.cleaned_data["audience"]
    results = selectors.search(query, audience=audience, request=request) if query else []
    return render(request, "learning/search.html", {"form": form, "query": query, "results": results})


# --- Workshops (public) -----------------------------------------------------------------


@public
def workshop_list(request: HttpRequest) -> HttpResponse:
    form = WorkshopFilterForm(request.GET or None)
    audience = form.cleaned_data["audience"] if form.is_valid() else ""
    workshops = selectors.workshops_published(audience=audience)
    return render(
        request, "learning/workshop_list.html", {"form": form, "workshops": workshops, "hub_section": "workshops"}
    )


@public
def workshop_detail(request: HttpRequest, workshop_id: uuid.UUID) -> HttpResponse:
    workshop = selectors.workshop_public(workshop_id)
    return render(request, "learning/workshop_detail.html", {"workshop": workshop, "hub_section": "workshops"})


@public
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_public(session_id)
    form = RegistrationForm(request.POST or None)
    context = {"session": session, "workshop": session.workshop, "form": form}
    if request.method == "POST":
        valid = form.is_valid()
        if _booking_rate_limited(request, form.cleaned_data.get("email") if valid else None):
            response = render(request, "learning/session_register.html", {**context, "limited": True}, status=429)
            response["Retry-After"] = "3600"
            return response
        if form.is_bot:
            # Answer as if it worked, so an automated sender learns nothing; keep nothing, send nothing.
            return redirect(session.workshop.get_absolute_url())
    if request.method == "POST" and form.is_valid():
        details = {k: v for k, v in form.cleaned_data.items() if k != "website"}
        try:
            registration = services.registration_create(
                session_id=session.id, details=services.RegistrationDetails(**details)
            )
        except services.BookingClosed:
            raise Http404 from None
        return redirect("learning:registration_manage", token=links.registration_token(registration.id))
    return render(request, "learning/session_register.html", context)


def _registration_from_token(token: str) -> Registration:
    registration_id = links.registration_id_from_token(token)
    registration = (
        Registration.objects.select_related("session__workshop").filter(id=registration_id).first()
        if registration_id
        else None
    )
    if registration is None:
        raise Http404
    return registration


@public
@require_http_methods(["GET", "POST"])
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's own page, reached from the signed link in their e-mail: details, place, cancel."""
    registration = _registration_from_token(token)
    form = CancelForm(request.POST or None)
    can_cancel = registration.state in (RegistrationState.CONFIRMED, RegistrationState.WAITLISTED) and (
        registration.session.starts_at > timezone.now()
    )
    if request.method == "POST" and can_cancel and form.is_valid():
        services.registration_cancel(registration=registration)
        messages.success(request, _("Your booking is cancelled. Thank you for letting us know."))
        return redirect("learning:registration_manage", token=token)
    response = render(
        request,
        "learning/registration_manage.html",
        {
            "registration": registration,
            "session": registration.session,
            "workshop": registration.session.workshop,
            "form": form,
            "can_cancel": can_cancel,
            "token": token,
        },
    )
    response["Cache-Control"] = "no-store, private"
    return response


@public
@require_http_methods(["GET", "POST"])
def registration_feedback(request: HttpRequest, token: str) -> HttpResponse:
    registration = _registration_from_token(token)
    already = Feedback.objects.filter(registration=registration).exists()
    can_answer = registration.state == RegistrationState.ATTENDED and not already
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and can_answer and form.is_valid():
        try:
            services.feedback_submit(registration=registration, **form.cleaned_data)
        except services.FeedbackRefused:
            return redirect("learning:registration_feedback", token=token)
        messages.success(request, _("Thank you. Your answers help us improve the next session."))
        return redirect("learning:registration_feedback", token=token)
    response = render(
        request,
        "learning/feedback_form.html",
        {
            "registration": registration,
            "workshop": registration.session.workshop,
            "session": registration.session,
            "form": form,
            "can_answer": can_answer,
            "already": already,
        },
    )
    response["Cache-Control"] = "no-store, private"
    return response


# --- Speak with someone (public) ----------------------------------------------------------


def _client_address(request: HttpRequest) -> str:
    """The client's address as sign-in rate limits see it (allauth honours the trusted-proxy settings)."""
    from allauth.account.adapter import get_adapter
    from django.core.exceptions import PermissionDenied

    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return request.META.get("REMOTE_ADDR", "")


def _over_limit(scope: str, identity: str, limit: int) -> bool:
    """Count one hit for ``identity`` in this hour's window; True once the count passes ``limit``.

    ``cache.add`` creates the counter only if it is missing and ``cache.incr``
    returns the new value, so the decision rests on this hit's own count. A
    counter is never reset by a request (a reset would let a burst start over).
    """
    key = f"learning:{scope}:" + hashlib.sha256((settings.SECRET_KEY + identity).encode()).hexdigest()[:32]
    for _attempt in range(3):
        cache.add(key, 0, timeout=60 * 60)
        try:
            return cache.incr(key) > limit
        except ValueError:
            continue  # the counter expired between add and incr: start this hour's window
    return True


def _rate_limited(request: HttpRequest) -> bool:
    """At most WAYPOINT_LEARNING_CONTACT_PER_HOUR requests an hour from one address (the shared cache counts)."""
    limit = int(getattr(settings, "WAYPOINT_LEARNING_CONTACT_PER_HOUR", 5))
    return _over_limit("contact", _client_address(request), limit)


def _booking_rate_limited(request: HttpRequest, email: str | None) -> bool:
    """At most 20 bookings an hour from one address and 5 for one e-mail address (both settings can change it)."""
    per_ip = int(getattr(settings, "WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_IP", 20))
    per_email = int(getattr(settings, "WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_EMAIL", 5))
    limited = _over_limit("booking-ip", _client_address(request), per_ip)
    if email:
        limited = _over_limit("booking-email", email.strip().lower(), per_email) or limited
    return limited


@public
@require_http_methods(["GET", "POST"])
def contact(request: HttpRequest) -> HttpResponse:
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if _rate_limited(request):
            response = render(request, "learning/contact.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = "3600"
            return response
        if form.is_bot:
            # Answer as if it worked, so an automated sender learns nothing; keep nothing.
            return redirect("learning:contact_thanks")
        agency = selectors.host_agency()
        if form.is_valid() and agency is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            services.contact_request_create(agency=agency, **data)
            return redirect("learning:contact_thanks")
    return render(request, "learning/contact.html", {"form": form, "hub_section": "contact"})


@public
def contact_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/contact_thanks.html", {"days": services.contact_response_days()})


# --- Intake: sessions, attendance, feedback --------------------------------------------------


@roles(INTAKE)
def intake_sessions(request: HttpRequest) -> HttpResponse:
    sessions = selectors.sessions_for_intake(agency=request.membership.agency)  # type: ignore[attr-defined]
    return render(request, "learning/intake_sessions.html", {"sessions": sessions, "intake_section": "sessions"})


@roles(INTAKE)
@require_http_methods(["GET", "POST"])
def session_attendance(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_for_intake(agency=request.membership.agency, session_id=session_id)  # type: ignore[attr-defined]
    registrations = list(selectors.registrations_for_session(session))
    if request.method == "POST":
        marks = {}
        for registration in registrations:
            value = request.POST.get(f"attendance-{registration.id}")
            if value in ("attended", "no_show"):
                marks[registration.id] = value == "attended"
        services.attendance_record(actor=request.user, session=session, attended=marks)  # type: ignore[arg-type]
        messages.success(request, _("Attendance saved."))
        return redirect("learning:session_attendance", session_id=session.id)
    return render(
        request,
        "learning/session_attendance.html",
        {"session": session, "registrations": registrations, "intake_section": "sessions"},
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def neutralise_cell(value: object) -> str:
    """Spreadsheet programs run a cell that starts with = + - @ (and a few others) as a formula; prefix a quote.

    Some also skip leading spaces before reading the formula, so " =HYPERLINK(...)" counts too.
    """
    text = "" if value is None else str(value)
    risky = text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_STARTS)
    return "'" + text if risky else text


@roles(INTAKE)
def session_attendance_csv(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """Names and e-mails leave Waypoint in this file: the gate answers first (404), then a fresh re-authentication."""
    session = selectors.session_for_intake(agency=request.membership.agency, session_id=session_id)  # type: ignore[attr-defined]
    return _attendance_csv(request, session)


@step_up_required
def _attendance_csv(request: HttpRequest, session: WorkshopSession) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="attendance-{session.local_start:%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store, private"
    writer = csv.writer(response)
    writer.writerow([_("Name"), _("E-mail"), _("Organisation"), _("Profession"), _("State"), _("Booked at")])
    for registration in selectors.registrations_for_session(session):
        writer.writerow(
            [
                neutralise_cell(registration.name),
                neutralise_cell(registration.email),
                neutralise_cell(registration.organisation),
                neutralise_cell(registration.profession),
                registration.get_state_display(),
                timezone.localtime(registration.created_at, session.zone).strftime("%Y-%m-%d %H:%M"),
            ]
        )
    services.attendance_exported(actor=request.user, session=session)  # type: ignore[arg-type]
    return response


@roles(INTAKE)
def session_feedback_results(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_for_intake(agency=request.membership.agency, session_id=session_id)  # type: ignore[attr-defined]
    summary = selectors.feedback_summary(session)
    return render(
        request,
        "learning/feedback_results.html",
        {"session": session, "summary": summary, "intake_section": "sessions"},
    )


# --- Intake: the "speak with someone" inbox ----------------------------------------------------


@roles(INTAKE)
def contact_inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else ""
    requests = selectors.contact_requests_for_inbox(agency=request.membership.agency, status=status)  # type: ignore[attr-defined]
    return render(
        request,
        "learning/contact_inbox.html",
        {
            "requests": requests,
            "status": status,
            "statuses": ContactStatus.choices,
            "intake_section": "inbox",
        },
    )


def _intake_colleagues(request: HttpRequest):
    return User.objects.filter(
        memberships__agency=request.membership.agency,  # type: ignore[attr-defined]
        memberships__role=INTAKE,
        memberships__is_active=True,
        is_active=True,
    ).order_by("display_name", "email")


@roles(INTAKE)
@require_http_methods(["GET", "POST"])
def contact_detail(request: HttpRequest, request_id: uuid.UUID) -> HttpResponse:
    contact = selectors.contact_request_for_intake(agency=request.membership.agency, request_id=request_id)  # type: ignore[attr-defined]
    colleagues = _intake_colleagues(request)
    action = request.POST.get("action") if request.method == "POST" else None
    assign_form = AssignForm(
        request.POST if action == "assign" else None, users=colleagues, initial={"assignee": contact.assigned_to_id}
    )
    status_form = StatusForm(request.POST if action == "status" else None, initial={"status": contact.status})
    reply_form = ReplyForm(request.POST if action == "reply" else None)
    if action == "assign" and assign_form.is_valid():
        services.contact_request_assign(
            actor=request.user,  # type: ignore[arg-type]
            contact=contact,
            assignee=assign_form.cleaned_data["assignee"],
        )  # type: ignore[arg-type]
        messages.success(request, _("Assignment saved."))
        return redirect("learning:contact_detail", request_id=contact.id)
    if action == "status" and status_form.is_valid():
        services.contact_request_set_status(
            actor=request.user,  # type: ignore[arg-type]
            contact=contact,
            status=status_form.cleaned_data["status"],
        )  # type: ignore[arg-type]
        messages.success(request, _("Status saved."))
        return redirect("learning:contact_detail", request_id=contact.id)
    if action == "reply" and reply_form.is_valid():
        services.contact_reply_add(actor=request.user, contact=contact, **reply_form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, _("Reply logged."))
        return redirect("learning:contact_detail", request_id=contact.id)
    services.contact_request_viewed(actor=request.user, contact=contact)  # type: ignore[arg-type]
    return render(
        request,
        "learning/contact_detail.html",
        {
            "contact": contact,
            "replies": contact.replies.select_related("author"),
            "assign_form": assign_form,
            "status_form": status_form,
            "reply_form": reply_form,
            "intake_section": "inbox",
        },
    )
