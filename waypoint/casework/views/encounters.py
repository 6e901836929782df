"""The engagement log: a person's contacts, the full form, the quick add (htmx or plain), the author's correction."""

from __future__ import annotations

import uuid
import zoneinfo
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from waypoint.accounts.models import User
from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import selectors
from waypoint.casework.forms.encounters import CorrectionForm, EncounterForm, QuickAdd, QuickEncounterForm
from waypoint.casework.models import Encounter
from waypoint.casework.services import encounters
from waypoint.casework.templatetags.casework_engagement import panel_context
from waypoint.casework.views.caseload import RowWords, row_context, row_html, stage_column_of_page
from waypoint.casework.views.common import last_kind, record_not_found, remember_kind, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access
from waypoint.people.models import Person

LOG_PAGE_SIZE = 50
# Where a quick add came from decides what it answers: the caseload row, or the person page's panel.
QUICK_FROM = ("caseload", "panel")


def _zone(person: Person) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(person.agency.time_zone)


def _is_htmx(request: AuthedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _full_form(
    request: AuthedHttpRequest,
    person: Person,
    data: Any = None,
    *,
    form_class: type[EncounterForm] = EncounterForm,
    **extra: Any,
) -> EncounterForm:
    return form_class(
        data,
        today=today_for(request),
        author=request.user,
        staff=selectors.agency_staff(person.agency_id),
        domains=selectors.domains(person.agency_id),
        **extra,
    )


def _new_entry_initial(request: AuthedHttpRequest) -> dict[str, Any]:
    return {"kind": last_kind(request), "occurred_at": timezone.now().replace(second=0, microsecond=0)}


# --- the log -------------------------------------------------------------------------------------


@dataclass
class Entry:
    """One encounter as the log shows it to this viewer."""

    encounter: Encounter
    needs: list[str]
    staff: list[User]
    mine: bool
    sees_reason: bool


@roles(*CLINICAL_ROLES)
@record_not_found
def engagement(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    person = gated.person
    rows = (
        access.rows_of_person(person, Encounter)
        .select_related("author")
        .prefetch_related("staff_present__user")
        .order_by("-occurred_at", "-created_at")
    )
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    labels = {d.pk: d.label for d in selectors.domains(person.agency_id, active_only=False)}
    entries = [
        Entry(
            encounter=e,
            needs=[labels[pk] for pk in e.needs if pk in labels],
            staff=[s.user for s in e.staff_present.all()],
            mine=e.author_id == request.user.pk,
            sees_reason=gated.supervises or e.author_id == request.user.pk,
        )
        for e in page
    ]
    context = {"person": person, "o": {"can_supervise": gated.supervises}, "page": page, "entries": entries}
    return render(request, "casework/engagement.html", context)


# --- adding a contact ------------------------------------------------------------------------------


def _closed(request: AuthedHttpRequest, person: Person) -> HttpResponse:
    if _is_htmx(request) and request.method != "POST":
        # Closed since the caseload was drawn: say so where the form would have been.
        return HttpResponse(escape(_("This record is closed: nothing can be added to it.")))
    messages.info(request, _("This record is closed: its engagement log can be read but not added to."))
    return redirect("casework:engagement", person_id=person.pk)


def _quick_answer(
    request: AuthedHttpRequest, person: Person, source: str, form: QuickEncounterForm, *, saved: bool
) -> HttpResponse:
    """The partial an htmx quick add swaps in: the caseload row, or the person page's Engagement panel.

    After a save the form starts again from now and the kind just used; after an error it shows what was typed.
    """
    today = today_for(request)
    if source == "caseload":
        # A saved row comes back closed (its next form loads when opened); one with errors, open with them.
        stage_domain, stage_column = stage_column_of_page(request)
        row = selectors.caseload_row(request.user, person, today, stage_domain=stage_domain)
        qa_shown = None if saved else QuickAdd.from_form(form, today=today)
        words = RowWords.now(stage_column=stage_column)
        return HttpResponse(row_html(row_context(row, words=words, qa=qa_shown), saved=saved, request=request))
    if saved:
        qa = QuickAdd.defaults(kind=form.cleaned_data["kind"], zone=_zone(person), today=today)
    else:
        qa = QuickAdd.from_form(form, today=today)
    context = panel_context(person, request.user, qa=qa, saved=saved)
    return render(request, "casework/_engagement_panel.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def encounter_add(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.gated_person_for(request.user, person_id, purpose="edit").person
    if person.is_closed:
        return _closed(request, person)
    if request.method != "POST" and _is_htmx(request) and request.GET.get("quick") == "caseload":
        # A caseload row's disclosure opened: its quick add, from now and the kind last used, focused.
        qa = QuickAdd.defaults(kind=last_kind(request), zone=_zone(person), today=today_for(request))
        context = {"person": person, "qa": qa, "qa_from": "caseload", "qa_focus": True}
        return render(request, "casework/_quick_add.html", context)
    if request.method != "POST":
        blank = _full_form(request, person)
        blank.initial.update(_new_entry_initial(request))
        return render(request, "casework/encounter_form.html", {"person": person, "form": blank})

    source = request.POST.get("quick", "")
    quick = source in QUICK_FROM
    today = today_for(request)
    form: QuickEncounterForm | EncounterForm = (
        QuickEncounterForm(request.POST, today=today) if quick else _full_form(request, person, request.POST)
    )
    with timezone.override(_zone(person)):
        if form.is_valid():
            try:
                encounters.encounter_create(
                    actor=request.user,
                    person=person,
                    details=form.details(),
                    follow_up_on=form.cleaned_data.get("follow_up_on"),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                remember_kind(request, form.cleaned_data["kind"])
                if quick and _is_htmx(request):
                    return _quick_answer(request, person, source, form, saved=True)
                messages.success(request, _("Contact logged."))
                if source == "caseload":
                    return redirect("people:my_people")
                if source == "panel":
                    return redirect("people:person_detail", person_id=person.pk)
                return redirect("casework:engagement", person_id=person.pk)
    if quick and _is_htmx(request):
        return _quick_answer(request, person, source, form, saved=False)
    if quick:
        # Without JavaScript, a quick add that needs fixing opens the full form with everything typed kept.
        full = _full_form(request, person, request.POST)
        with timezone.override(_zone(person)):
            full.is_valid()
        for error in form.non_field_errors():
            full.add_error(None, error)
        form = full
    return render(request, "casework/encounter_form.html", {"person": person, "form": form})


# --- correcting one -----------------------------------------------------------------------------------


@roles(*CLINICAL_ROLES)
@record_not_found
def encounter_correct(request: AuthedHttpRequest, person_id: uuid.UUID, encounter_id: uuid.UUID) -> HttpResponse:
    person = access.gated_person_for(request.user, person_id, purpose="edit").person
    encounter = (
        access.rows_of_person(person, Encounter).filter(pk=encounter_id, author=request.user).first()
    )  # only the author corrects: anyone else gets the same calm 404 as a missing entry
    if encounter is None:
        raise Http404
    if person.is_closed:
        return _closed(request, person)
    encounter.person = person
    needs_reason = encounters.correction_needs_reason(encounter)
    form = _full_form(request, person, request.POST or None, form_class=CorrectionForm, needs_reason=needs_reason)
    if request.method != "POST":
        form.initial.update(
            {
                "kind": encounter.kind,
                "occurred_at": encounter.occurred_at,
                "duration_minutes": encounter.duration_minutes,
                "place_kind": encounter.place_kind,
                "staff": [s.user_id for s in encounter.staff_present.all() if s.user_id != request.user.pk],
                "summary": encounter.summary,
                "own_words": encounter.own_words,
                "needs": [str(pk) for pk in encounter.needs],
            }
        )
    else:
        with timezone.override(_zone(person)):
            if form.is_valid():
                try:
                    encounters.encounter_correct(
                        actor=request.user,
                        encounter=encounter,
                        details=form.details(),
                        reason=form.cleaned_data.get("reason", ""),
                    )
                except ValidationError as exc:
                    form.add_error(None, exc)
                else:
                    messages.success(request, _("Correction saved. The earlier text stays in the record's history."))
                    return redirect("casework:engagement", person_id=person.pk)
    context = {
        "person": person,
        "form": form,
        "encounter": encounter,
        "needs_reason": needs_reason,
        "free_hours": settings.WAYPOINT_ENCOUNTER_FREE_CORRECTION_HOURS,
    }
    return render(request, "casework/encounter_correct.html", context)


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/engagement/", engagement, name="engagement"),
    path("people/<uuid:person_id>/engagement/new/", encounter_add, name="encounter_add"),
    path(
        "people/<uuid:person_id>/engagement/<uuid:encounter_id>/correct/",
        encounter_correct,
        name="encounter_correct",
    ),
]
