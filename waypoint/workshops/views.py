"""Views for workshops: the public list, booking and the attendee's own pages; intake's sessions and attendance."""

from __future__ import annotations

import csv
import uuid

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from waypoint.accounts.decorators import step_up_required
from waypoint.accounts.roles import Role
from waypoint.core.csv import neutralise_cell
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.ratelimit import client_address, over_limit
from waypoint.core.routes import public, roles
from waypoint.workshops import links, selectors, services
from waypoint.workshops.forms import (
    CancelForm,
    FeedbackForm,
    IntakeSessionsFilterForm,
    RegistrationForm,
    WorkshopFilterForm,
    attendance_marks,
)
from waypoint.workshops.models import WorkshopSession

INTAKE = Role.INTAKE


# --- Public ---------------------------------------------------------------------------


@public
def workshop_list(request: HttpRequest) -> HttpResponse:
    form = WorkshopFilterForm(request.GET or None)
    audience = form.cleaned_data["audience"] if form.is_valid() else ""
    workshops = selectors.workshops_published(audience=audience)
    return render(
        request, "workshops/workshop_list.html", {"form": form, "workshops": workshops, "hub_section": "workshops"}
    )


@public
def workshop_detail(request: HttpRequest, workshop_id: uuid.UUID) -> HttpResponse:
    workshop = selectors.workshop_public(workshop_id)
    return render(request, "workshops/workshop_detail.html", {"workshop": workshop, "hub_section": "workshops"})


def _booking_rate_limited(request: HttpRequest, email: str | None) -> bool:
    """At most 20 bookings an hour from one address and 5 for one e-mail address (both settings can change it)."""
    per_ip = settings.WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_IP
    per_email = settings.WAYPOINT_LEARNING_BOOKINGS_PER_HOUR_EMAIL
    limited = over_limit("booking-ip", client_address(request), per_ip)
    if email:
        limited = over_limit("booking-email", email.strip().lower(), per_email) or limited
    return limited


@public
@require_http_methods(["GET", "POST"])
def session_register(request: HttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_public(session_id)
    form = RegistrationForm(request.POST or None)
    context = {"session": session, "workshop": session.workshop, "form": form, "hub_section": "workshops"}
    if request.method == "POST":
        valid = form.is_valid()
        if _booking_rate_limited(request, form.cleaned_data.get("email") if valid else None):
            response = render(request, "workshops/session_register.html", {**context, "limited": True}, status=429)
            response["Retry-After"] = "3600"
            return response
        if form.is_bot:
            # Answer as if it worked, so an automated sender learns nothing; keep nothing, send nothing.
            return redirect(session.workshop.get_absolute_url())
        if valid:
            details = services.RegistrationDetails(**form.cleaned_without_honeypot())
            try:
                registration = services.registration_create(session_id=session.id, details=details)
            except services.BookingClosed:
                raise Http404 from None
            except services.AlreadyBooked:
                # The link goes only to the address: this page must not open someone else's booking.
                return render(
                    request, "workshops/session_register.html", {**context, "already_booked": True}, status=200
                )
            return redirect("workshops:registration_manage", token=links.registration_token(registration.id))
    return render(request, "workshops/session_register.html", context)


@public
@require_http_methods(["GET", "POST"])
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The attendee's own page, reached from the signed link in their e-mail: details, place, cancel."""
    registration = selectors.registration_by_id(links.registration_id_from_token(token))
    form = CancelForm(request.POST or None)
    can_cancel = services.registration_can_cancel(registration)
    if request.method == "POST" and can_cancel and form.is_valid():
        try:
            services.registration_cancel(registration=registration)
        except services.CancellationClosed:
            messages.error(request, _("The session has started, so this booking can no longer be cancelled."))
        else:
            messages.success(request, _("Your booking is cancelled. Thank you for letting us know."))
        return redirect("workshops:registration_manage", token=token)
    response = render(
        request,
        "workshops/registration_manage.html",
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
    registration = selectors.registration_by_id(links.registration_id_from_token(token))
    can_answer = services.feedback_eligible(registration)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and can_answer and form.is_valid():
        try:
            services.feedback_submit(registration=registration, **form.cleaned_data)
        except services.FeedbackRefused:
            return redirect("workshops:registration_feedback", token=token)
        messages.success(request, _("Thank you. Your answers help us improve the next session."))
        return redirect("workshops:registration_feedback", token=token)
    response = render(
        request,
        "workshops/feedback_form.html",
        {
            "registration": registration,
            "workshop": registration.session.workshop,
            "session": registration.session,
            "form": form,
            "can_answer": can_answer,
            # Someone who attended and cannot answer has answered already.
            "already": not can_answer and registration.state == "attended",
        },
    )
    response["Cache-Control"] = "no-store, private"
    return response


# --- Intake: sessions, attendance, feedback --------------------------------------------------


@roles(INTAKE)
def intake_sessions(request: AuthedHttpRequest) -> HttpResponse:
    form = IntakeSessionsFilterForm(request.GET or None)
    show_all = form.is_valid() and form.cleaned_data["show"] == "all"
    sessions = selectors.sessions_for_intake(agency=request.membership.agency, include_past=show_all)
    return render(
        request,
        "workshops/intake_sessions.html",
        {"sessions": sessions, "form": form, "show_all": show_all, "intake_section": "sessions"},
    )


@roles(INTAKE)
@require_http_methods(["GET", "POST"])
def session_attendance(request: AuthedHttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_for_intake(agency=request.membership.agency, session_id=session_id)
    registrations = list(selectors.registrations_for_session(session))
    if request.method == "POST":
        marks = attendance_marks(request.POST, registrations)
        services.attendance_record(actor=request.user, session=session, attended=marks)
        messages.success(request, _("Attendance saved."))
        return redirect("workshops:session_attendance", session_id=session.id)
    return render(
        request,
        "workshops/session_attendance.html",
        {"session": session, "registrations": registrations, "intake_section": "sessions"},
    )


@roles(INTAKE)
def session_attendance_csv(request: AuthedHttpRequest, session_id: uuid.UUID) -> HttpResponse:
    """Names and e-mails leave Waypoint in this file: the gate answers first (404), then a fresh re-authentication."""
    session = selectors.session_for_intake(agency=request.membership.agency, session_id=session_id)
    return _attendance_csv(request, session)


@step_up_required
def _attendance_csv(request: AuthedHttpRequest, session: WorkshopSession) -> HttpResponse:
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
    services.attendance_exported(actor=request.user, session=session)
    return response


@roles(INTAKE)
def session_feedback_results(request: AuthedHttpRequest, session_id: uuid.UUID) -> HttpResponse:
    session = selectors.session_for_intake(agency=request.membership.agency, session_id=session_id)
    summary = selectors.feedback_summary(session)
    return render(
        request,
        "workshops/feedback_results.html",
        {"session": session, "summary": summary, "intake_section": "sessions"},
    )
