"""A person's needs on the way out, by part of life: where each stands and what stood in the way."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import selectors
from waypoint.casework.forms.needs import NeedChangeForm, NeedForm
from waypoint.casework.models import Need
from waypoint.casework.services import needs as need_services
from waypoint.casework.views.common import record_not_found, render
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access


def _change_form(need: Need) -> NeedChangeForm:
    initial = {"status": need.status, "barriers": need.barriers}
    return NeedChangeForm(initial=initial, prefix=f"n{need.pk.hex[:8]}")


@roles(*CLINICAL_ROLES)
@record_not_found
def needs_page(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Every need of the person, by part of life; a form to record one more."""
    posted = request.method == "POST"
    gated = access.gated_person_for(request.user, person_id, purpose="edit" if posted else "view")
    person = gated.person
    form = NeedForm(request.POST if posted else None, domains=selectors.domains(person.agency_id))
    if posted and not person.is_closed and form.is_valid():
        data = form.cleaned_data
        try:
            need_services.need_record(
                actor=request.user,
                person=person,
                domain=data["domain"],
                kind=data["kind"],
                status=data["status"],
                barriers=data["barriers"],
                note=data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Need recorded."))
            return redirect("casework:needs", person_id=person.pk)
    rows = [(need, _change_form(need)) for need in selectors.needs_of(person)]
    context = {"person": person, "o": {"can_supervise": gated.supervises}, "rows": rows, "form": form}
    return render(request, "casework/needs.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def need_change(request: AuthedHttpRequest, person_id: uuid.UUID, need_id: uuid.UUID) -> HttpResponse:
    """A need's new status and barriers (POST); a GET goes back to the page."""
    posted = request.method == "POST"
    person = access.gated_person_for(request.user, person_id, purpose="edit" if posted else "view").person
    need = selectors.needs_of(person).filter(pk=need_id).first()
    if need is None:
        raise Http404
    if posted:
        form = NeedChangeForm(request.POST, prefix=f"n{need.pk.hex[:8]}")
        try:
            if not form.is_valid():
                raise ValidationError(_("Choose a status and barriers from the lists."))
            need_services.need_update(
                actor=request.user,
                need=need,
                status=form.cleaned_data["status"],
                barriers=form.cleaned_data["barriers"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Saved."))
    return redirect(reverse("casework:needs", kwargs={"person_id": person.pk}) + f"#need-{need.pk}")


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/needs/", needs_page, name="needs"),
    path("people/<uuid:person_id>/needs/<uuid:need_id>/", need_change, name="need_change"),
]
