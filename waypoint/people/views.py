"""Survivor-record pages. Each view: decorator, checked fetch through the gate, form, service, render."""

from __future__ import annotations

import functools
import uuid
import zoneinfo
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render as django_render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from waypoint.accounts.decorators import step_up_after
from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.casework.views.caseload import caseload_page
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import View, roles
from waypoint.people import access, selectors
from waypoint.people.forms import (
    BreakGlassForm,
    CareTeamForm,
    ClosureForm,
    DuplicateConfirmForm,
    ExactFinderForm,
    FinderForm,
    PersonForm,
    ReleaseChangeForm,
    ReleaseForm,
    RevokeForm,
    SafeContactForm,
    SendForm,
)
from waypoint.people.models import Person, Release
from waypoint.people.services import care, consent, lifecycle, safe_contact


def render(request: AuthedHttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """Render with dates and times shown in the signed-in member's agency time zone."""
    with timezone.override(zoneinfo.ZoneInfo(request.membership.agency.time_zone)):
        return django_render(request, template, context)


def _record_not_found(view: View) -> View:
    """Every 404 under a person's address answers one page, the same for a hidden and a missing record.

    It confirms nothing, and tells a clinical user how a record outside their caseload is reached:
    by its full case number in the finder, which offers emergency access.
    """

    @functools.wraps(view)
    def answered(request: AuthedHttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            response = render(request, "people/not_found.html", {})
            response.status_code = 404
            return response

    return answered


def _error(form: forms.Form, exc: ValidationError) -> None:
    form.add_error(None, exc)


def _consent_refused(request: AuthedHttpRequest, person: Person) -> HttpResponse:
    """A calm 403: the record is open to this user (emergency access), but consent is not theirs to change."""
    response = render(request, "people/consent_refused.html", {"person": person})
    response.status_code = 403
    return response


# --- lists -----------------------------------------------------------------------------


@roles(*CLINICAL_ROLES)
def my_people(request: AuthedHttpRequest) -> HttpResponse:
    """The caseload home: last contact, next follow-up, open goals and flags, sorted and filtered (casework)."""
    return render(request, "people/my_people.html", caseload_page(request))


@roles(*CLINICAL_ROLES)
def find(request: AuthedHttpRequest) -> HttpResponse:
    """Partial alias or case number by GET; legal name + date of birth only by POST, so they stay out of URLs."""
    form = FinderForm(request.GET or None)
    exact = ExactFinderForm(request.POST or None)
    result = selectors.FinderResult()
    if request.method == "POST":
        if exact.is_valid():
            result = selectors.find_people(
                request.user,
                legal_name=exact.cleaned_data["legal_name"],
                date_of_birth=exact.cleaned_data["date_of_birth"],
            )
        form = FinderForm()
    elif form.is_valid():
        result = selectors.find_people(request.user, query=form.cleaned_data["q"])
    return render(request, "people/find.html", {"form": form, "exact": exact, "result": result})


# --- a person ----------------------------------------------------------------------------


@roles(*CLINICAL_ROLES)
def person_create(request: AuthedHttpRequest) -> HttpResponse:
    agency = request.membership.agency
    form = PersonForm(request.POST or None, agency=agency)
    confirm = DuplicateConfirmForm(request.POST or None)
    possible_duplicate = False
    if request.method == "POST" and form.is_valid() and confirm.is_valid():
        # Audited only when the warning can be shown, not when the worker already confirmed it.
        possible_duplicate = selectors.possible_duplicate(
            actor=None if confirm.cleaned_data["confirm_not_duplicate"] else request.user,
            agency=agency,
            legal_name="" if form.cleaned_data["decline_legal_name"] else form.cleaned_data["legal_name"],
            date_of_birth=None if form.cleaned_data["decline_date_of_birth"] else form.cleaned_data["date_of_birth"],
        )
        if not possible_duplicate or confirm.cleaned_data["confirm_not_duplicate"]:
            try:
                person = lifecycle.person_create(
                    actor=request.user,
                    agency=agency,
                    alias=form.cleaned_data["alias"],
                    details=form.details(),
                    declined=form.declined(),
                )
            except ValidationError as exc:
                _error(form, exc)
            else:
                messages.success(request, _("Record created for %(alias)s.") % {"alias": person.alias})
                return redirect("people:person_detail", person_id=person.pk)
    return render(
        request, "people/person_form.html", {"form": form, "confirm": confirm, "possible_duplicate": possible_duplicate}
    )


@roles(*CLINICAL_ROLES)
@_record_not_found
def person_detail(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    overview = selectors.person_overview(gated.person, request.user, supervises=gated.supervises)
    return render(request, "people/person_detail.html", {"person": gated.person, "o": overview})


@roles(*CLINICAL_ROLES)
@_record_not_found
def person_edit(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="edit")
    form = PersonForm(
        request.POST or None, agency=person.agency, initial=PersonForm.initial_for(person), with_status=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.person_update(
                actor=request.user,
                person=person,
                alias=form.cleaned_data["alias"],
                details=form.details(),
                declined=form.declined(),
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/person_form.html", {"form": form, "person": person})


@roles(*CLINICAL_ROLES)
@_record_not_found
def person_close(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="edit")
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.person_request_closure(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _error(form, exc)
        else:
            if person.is_closed:
                messages.success(request, _("The record is closed."))
            else:
                messages.success(request, _("Closure requested. A supervisor will review it."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/person_close.html", {"form": form, "person": person})


@require_POST
@roles(Role.SUPERVISOR)
@_record_not_found
def person_close_approve(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.supervised_person_for(request.user, person_id, purpose="edit").person
    try:
        lifecycle.person_close(actor=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The record is closed."))
    return redirect("people:person_detail", person_id=person.pk)


@require_POST
@roles(Role.SUPERVISOR)
@_record_not_found
def person_reopen(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.supervised_person_for(request.user, person_id, purpose="edit").person
    try:
        lifecycle.person_reopen(actor=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The record is open again."))
    return redirect("people:person_detail", person_id=person.pk)


@roles(Role.SUPERVISOR)
@_record_not_found
def person_history(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.supervised_person_for(request.user, person_id, purpose="history").person
    return render(
        request, "people/person_history.html", {"person": person, "entries": selectors.person_history(person)}
    )


# --- care team ---------------------------------------------------------------------------


@roles(Role.SUPERVISOR)
@_record_not_found
def care_team(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.supervised_person_for(request.user, person_id, purpose="edit").person
    form = CareTeamForm(request.POST or None, staff=selectors.assignable_staff(person), agency=person.agency)
    if request.method == "POST" and form.is_valid():
        try:
            care.care_team_add(
                actor=request.user,
                person=person,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
                since=form.cleaned_data["since"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Care team updated."))
            return redirect("people:care_team", person_id=person.pk)
    overview = selectors.person_overview(person, request.user, supervises=True)
    return render(request, "people/care_team.html", {"person": person, "o": overview, "form": form})


@require_POST
@roles(Role.SUPERVISOR)
@_record_not_found
def care_team_end(request: AuthedHttpRequest, person_id: uuid.UUID, member_id: uuid.UUID) -> HttpResponse:
    person = access.supervised_person_for(request.user, person_id, purpose="edit").person
    member = access.care_team_member_for(person, member_id)
    care.care_team_end(actor=request.user, member=member)
    messages.success(request, _("%(name)s is no longer on the care team.") % {"name": member.user})
    return redirect("people:care_team", person_id=person.pk)


# --- break the glass -----------------------------------------------------------------------


def _breakable(request: AuthedHttpRequest, person_id: uuid.UUID) -> tuple[Person] | HttpResponse:
    """A record the user may ask emergency access to; one they already see opens as usual."""
    person = access.breakable_person_for(request.user, person_id)
    if access.visible_people(request.user).filter(pk=person.pk).exists():
        return redirect("people:person_detail", person_id=person.pk)
    return (person,)


@roles(*CLINICAL_ROLES)
@_record_not_found
@step_up_after(_breakable)
def break_glass(request: AuthedHttpRequest, person: Person) -> HttpResponse:
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            care.break_glass_grant(actor=request.user, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _error(form, exc)
        else:
            access.person_for(request.user, person.pk, purpose="break_glass")
            messages.warning(request, _("Emergency access granted for a few hours. Your supervisors can see why."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(
        request, "people/break_glass.html", {"form": form, "case_number": person.case_number, "person_id": person.pk}
    )


@roles(Role.SUPERVISOR)
def break_glass_list(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "grants": selectors.break_glass_events(user),
        "matches": selectors.exact_match_events(user),
        "days": selectors.ACCESS_LOG_DAYS,
    }
    return render(request, "people/break_glass_list.html", context)


@require_POST
@roles(Role.SUPERVISOR)
def break_glass_end(request: AuthedHttpRequest, grant_id: uuid.UUID) -> HttpResponse:
    grant = access.grant_for_supervisor(request.user, grant_id)
    care.break_glass_end(actor=request.user, grant=grant)
    messages.success(request, _("Emergency access ended."))
    return redirect("people:break_glass_list")


# --- releases ----------------------------------------------------------------------------


def _consent_gate(
    request: AuthedHttpRequest, person_id: uuid.UUID, release_id: uuid.UUID | None = None
) -> tuple[Person] | tuple[Person, Release] | HttpResponse:
    """The gate (and the release under it), then the consent rule: emergency access alone gets a calm 403."""
    gated = access.gated_person_for(request.user, person_id, purpose="edit")
    release = None if release_id is None else access.release_for(gated.person, release_id)
    if not access.may_change_consent(request.user, gated.person, supervises=gated.supervises):
        return _consent_refused(request, gated.person)
    return (gated.person,) if release is None else (gated.person, release)


@roles(*CLINICAL_ROLES)
@_record_not_found
@step_up_after(_consent_gate)
def release_create(request: AuthedHttpRequest, person: Person) -> HttpResponse:
    form = ReleaseForm(request.POST or None, agency=person.agency, witnesses=selectors.witnesses(person.agency_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            release = consent.release_create(
                actor=request.user,
                person=person,
                purpose=data["purpose"],
                categories=data["categories"],
                given_on=data["given_on"],
                how_given=data["how_given"],
                expires_on=data["expires_on"],
                recipient_agency=data["recipient_agency"],
                recipient_name=data["recipient_name"],
                witness=data["witness"],
            )
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Release recorded. You can print it for signature."))
            return redirect("people:release_print", person_id=person.pk, release_id=release.pk)
    return render(request, "people/release_form.html", {"form": form, "person": person})


@roles(*CLINICAL_ROLES)
@_record_not_found
@step_up_after(_consent_gate)
def release_edit(request: AuthedHttpRequest, person: Person, release: Release) -> HttpResponse:
    initial = {"purpose": release.purpose, "categories": release.categories, "expires_on": release.expires_on}
    form = ReleaseChangeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            consent.release_update(actor=request.user, release=release, **form.cleaned_data)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The release is changed. Print it again for the person to sign."))
            return redirect("people:release_print", person_id=person.pk, release_id=release.pk)
    return render(request, "people/release_edit.html", {"form": form, "person": person, "release": release})


@roles(*CLINICAL_ROLES)
@_record_not_found
@step_up_after(_consent_gate)
def release_revoke(request: AuthedHttpRequest, person: Person, release: Release) -> HttpResponse:
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            consent.release_revoke(actor=request.user, release=release, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("The release is revoked. Nothing more is shared under it."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/release_revoke.html", {"form": form, "person": person, "release": release})


@roles(*CLINICAL_ROLES)
@_record_not_found
def release_print(request: AuthedHttpRequest, person_id: uuid.UUID, release_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="print")
    release = access.release_for(person, release_id)
    language = request.GET.get("lang") if request.GET.get("lang") in ("en", "fr") else translation.get_language()
    with translation.override(language):
        return render(
            request,
            "people/release_print.html",
            {"person": person, "release": release, "print_language": language},
        )


# --- safe contact --------------------------------------------------------------------------


@roles(*CLINICAL_ROLES)
@_record_not_found
def contact_create(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="edit")
    form = SafeContactForm(request.POST or None, agency=person.agency)
    if request.method == "POST" and form.is_valid():
        try:
            safe_contact.safe_contact_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as exc:
            _error(form, exc)
        else:
            messages.success(request, _("Safe contact saved."))
            return redirect("people:person_detail", person_id=person.pk)
    return render(request, "people/contact_form.html", {"form": form, "person": person})


@require_POST
@roles(*CLINICAL_ROLES)
@_record_not_found
def contact_verify(request: AuthedHttpRequest, person_id: uuid.UUID, contact_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="edit")
    contact = access.safe_contact_for(person, contact_id)
    try:
        safe_contact.safe_contact_verify(actor=request.user, contact=contact)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Marked as confirmed with the person today."))
    return redirect("people:person_detail", person_id=person.pk)


@require_POST
@roles(*CLINICAL_ROLES)
@_record_not_found
def contact_reveal(request: AuthedHttpRequest, person_id: uuid.UUID, contact_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="reveal")
    contact = access.safe_contact_for(person, contact_id)
    safe_contact.safe_contact_reveal(actor=request.user, contact=contact)
    template = "people/_contact_value.html" if request.headers.get("HX-Request") else "people/contact_reveal.html"
    return render(request, template, {"person": person, "contact": contact})


REFUSALS = {
    safe_contact.NO_RECORD: gettext_lazy("The person has not said this channel is safe. Nothing was sent."),
    safe_contact.STALE: gettext_lazy(
        "This channel was not confirmed with the person in the last %(days)s days. Nothing was sent."
    ),
    safe_contact.WRONG_DAY: gettext_lazy("Today is not one of the days the person said are safe. Nothing was sent."),
    safe_contact.OUTSIDE_HOURS: gettext_lazy("It is outside the hours the person said are safe. Nothing was sent."),
    safe_contact.CLOSED: gettext_lazy("This record is closed. Nothing was sent."),
    safe_contact.UNKNOWN_CHANNEL: gettext_lazy("Choose a channel from the list."),
}


@roles(*CLINICAL_ROLES)
@_record_not_found
def contact_send(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.person_for(request.user, person_id, purpose="edit")
    form = SendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = safe_contact.send(
            person, form.cleaned_data["channel"], form.cleaned_data["message"], actor=request.user
        )
        if result.sent:
            messages.success(
                request, _("Message recorded for the safe channel. If an e-mail does not go out, the record says so.")
            )
            return redirect("people:person_detail", person_id=person.pk)
        refusal = str(REFUSALS.get(result.reason, result.reason))
        form.add_error(None, refusal % {"days": settings.WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS})
    return render(
        request,
        "people/contact_send.html",
        {"form": form, "person": person, "max_age_days": settings.WAYPOINT_SAFE_CONTACT_MAX_AGE_DAYS},
    )
