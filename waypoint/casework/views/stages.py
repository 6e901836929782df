"""Stages of change per part of life: the latest stage, the journey as a chart and a table, what tends to help."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import selectors, stages
from waypoint.casework.forms.stages import StageCheckInForm
from waypoint.casework.services import stages as stage_services
from waypoint.casework.views.common import record_not_found, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.learning.selectors import guide_url
from waypoint.people import access
from waypoint.people.access import Gated

GUIDE_SLUG = "stages-of-change"


def _form(request: AuthedHttpRequest, gated: Gated, data: object = None) -> StageCheckInForm:
    initial = {"domain": request.GET.get("domain", ""), "stage": request.GET.get("stage", "")}
    if request.GET.get("source"):
        initial["source"] = request.GET["source"]
    return StageCheckInForm(
        data, domains=selectors.domains(gated.person.agency_id), today=today_for(request), initial=initial
    )


def _page(request: AuthedHttpRequest, gated: Gated, form: StageCheckInForm | None = None) -> HttpResponse:
    person = gated.person
    if form is None and not person.is_closed:
        form = _form(request, gated)
    context = {
        "person": person,
        "o": {"can_supervise": gated.supervises},
        "journeys": stages.journeys(selectors.stage_check_ins(person)),
        "form": form,
        "guide_url": guide_url(GUIDE_SLUG),
    }
    return render(request, "casework/stages.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def person_stages(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The latest stage per part of life, each journey drawn and tabled; a POST records a check-in."""
    if request.method != "POST":
        return _page(request, access.gated_person_for(request.user, person_id, purpose="view"))
    gated = access.gated_person_for(request.user, person_id, purpose="edit")
    person = gated.person
    if person.is_closed:
        messages.info(request, _("This record is closed: its stages can be read but not changed."))
        return redirect("casework:stages", person_id=person.pk)
    form = _form(request, gated, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            check_in = stage_services.stage_check_in(actor=request.user, person=person, **data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Check-in recorded."))
            url = reverse("casework:stages", kwargs={"person_id": person.pk})
            return redirect(f"{url}#journey-{check_in.domain_id}")
    return _page(request, gated, form)


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/stages/", person_stages, name="stages"),
]
