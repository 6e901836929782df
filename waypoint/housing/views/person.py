"""A person's housing: where they stay now, their episodes and stays, their waitlist places; admitting them
(again) from here is one form, whatever bed is free in the programs the worker acts on."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework.views.common import record_not_found, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.housing import forms, selectors, services
from waypoint.people import access
from waypoint.people.access import Gated


def _admit_form(request: AuthedHttpRequest, gated: Gated, last_program: Any, data: Any = None) -> forms.BedAdmitForm:
    """Free beds the worker may use, the last program's first: one click readmits to where they were."""
    beds = selectors.free_beds(request.user)
    beds.sort(key=lambda bed: bed.room.site.program_id != getattr(last_program, "pk", None))  # stable
    choices = [(str(bed.pk), selectors.bed_label(bed, with_program=True)) for bed in beds]
    form = forms.BedAdmitForm(data, beds=choices, today=today_for(request), prefix="admit")
    if choices and last_program is not None and beds[0].room.site.program_id == last_program.pk:
        form.fields["bed"].initial = choices[0][0]
    return form


@roles(*CLINICAL_ROLES)
@record_not_found
def person_housing(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    gated = access.gated_person_for(request.user, person_id, purpose="edit" if request.method == "POST" else "view")
    person = gated.person
    episodes = list(selectors.episodes_of(person))
    stays = list(selectors.stays_of(person))
    current = next((stay for stay in stays if stay.ended_on is None), None)
    acting = selectors.actable_programs(request.user).exists()
    form = None
    if current is None and acting and not person.is_closed:
        last_program = episodes[0].program if episodes else None
        form = _admit_form(request, gated, last_program, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                bed = selectors.free_bed_by_id(request.user, data["bed"])
                services.stay_admit(
                    actor=request.user,
                    person=person,
                    bed=bed,
                    on=data["on"],
                    referral_source=data["referral_source"],
                    prior_situation=data["prior_situation"],
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, _("Admitted to %(bed)s.") % {"bed": selectors.bed_label(bed, with_program=True)}
                )
                return redirect("housing:person", person_id=person.pk)
    today = today_for(request)
    by_episode: dict[Any, list] = {}
    for stay in stays:
        by_episode.setdefault(stay.episode_id, []).append(stay)
    context = {
        "person": person,
        "o": {"can_supervise": gated.supervises},
        "current": current,
        "current_day": current.day_number(today) if current else None,
        "episodes": [(episode, by_episode.get(episode.pk, [])) for episode in episodes],
        "waitlist": list(selectors.waitlist_entries_of(person).order_by("-added_on")),
        "form": form,
        "acting": acting,
    }
    return render(request, "housing/person.html", context)


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/housing/", person_housing, name="person"),
]
