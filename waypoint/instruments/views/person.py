"""Questionnaires with a person: what the agency offers, filling one in together, a result, results over time.

Every page starts at the gate (``gated_person_for``); a questionnaire whose wording the agency has not
imported shows what is missing and who adds it, instead of a form.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework import selectors as casework_selectors
from waypoint.casework.views.common import record_not_found, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.instruments import results, scoring, selectors, services
from waypoint.instruments.forms import QuestionnaireForm, words
from waypoint.instruments.loader import Definition
from waypoint.instruments.models import Response
from waypoint.instruments.selectors import Offer
from waypoint.instruments.suggestions import suggestions_for
from waypoint.people import access
from waypoint.people.access import Gated


def _context(request: AuthedHttpRequest, gated: Gated, **more: object) -> dict[str, object]:
    return {"person": gated.person, "o": {"can_supervise": gated.supervises}, **more}


@roles(*CLINICAL_ROLES)
@record_not_found
def person_questionnaires(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The questionnaires this agency offers, and this person's results over time, each drawn and tabled."""
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    role = request.membership.role
    offered = [o for o in selectors.offers(gated.person.agency_id) if o.may_be_taken_by(role)]
    histories = results.histories(selectors.responses_of(gated.person))
    return render(
        request, "instruments/questionnaires.html", _context(request, gated, offers=offered, histories=histories)
    )


def _usable_offer(request: AuthedHttpRequest, gated: Gated, key: str) -> Offer:
    found = selectors.offer(gated.person.agency_id, key)
    if found is None or not found.may_be_taken_by(request.membership.role):
        raise Http404
    return found


def _form(request: AuthedHttpRequest, gated: Gated, offer: Offer, data: object = None) -> QuestionnaireForm:
    domains = casework_selectors.domains(gated.person.agency_id) if offer.definition.per_domain else []
    initial = {"domain": request.GET.get("domain", "")}
    return QuestionnaireForm(
        data, definition=offer.definition, domains=domains, today=today_for(request), initial=initial
    )


@roles(*CLINICAL_ROLES)
@record_not_found
def questionnaire_take(request: AuthedHttpRequest, person_id: uuid.UUID, key: str) -> HttpResponse:
    """Fill in one questionnaire with the person; saving scores it with the version shown and opens its result."""
    purpose = "edit" if request.method == "POST" else "view"
    gated = access.gated_person_for(request.user, person_id, purpose=purpose)
    offer = _usable_offer(request, gated, key)
    if gated.person.is_closed:
        messages.info(request, _("This record is closed: questionnaires can be read but not added."))
        return redirect("instruments:questionnaires", person_id=person_id)
    form = None
    if not offer.needs_wording:
        form = _form(request, gated, offer, request.POST if request.method == "POST" else None)
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            response = services.record_response(
                actor=request.user,
                person=gated.person,
                definition=offer.row,
                answers=form.answers(),
                taken_on=form.cleaned_data["taken_on"],
                domain=form.cleaned_data.get("domain"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved and scored."))
            return redirect("instruments:response", person_id=person_id, response_id=response.pk)
    return render(request, "instruments/take.html", _context(request, gated, offer=offer, form=form))


def _answer_rows(worded_definition: Definition | None, response: Response) -> list[dict[str, object]]:
    definition = response.definition.definition
    # The agency's imported wording, for an instrument shipped as a scoring key only.
    worded = {item.number: item for item in worded_definition.items} if worded_definition else {}
    labels = definition.scale.labels
    answers = response.answer_map()
    rows = []
    for item in definition.items:
        text = item.text or (worded[item.number].text if item.number in worded else None)
        answer = answers.get(item.number)
        label = words(labels.get(answer)) if answer is not None else ""
        rows.append({"number": item.number, "text": words(text), "answer": answer, "label": label})
    return rows


def _incomplete_reason(response: Response) -> str:
    """Why a score is missing, said in the reader's language (the stored scores keep numbers only)."""
    definition = response.definition.definition
    stored = response.scores or {}
    if stored.get("complete", True):
        return ""
    skipped = int(stored.get("skipped") or 0)
    if skipped > definition.skips_most:
        return _("%(skipped)s questions were skipped; this questionnaire gives a score when at most %(most)s are.") % {
            "skipped": skipped,
            "most": definition.skips_most,
        }
    # What the engine says in its own terms (a subscale with no answer), for the figures left blank.
    detail = scoring.score(definition, response.answer_map()).reason
    return _("Some figures have no score: no question of theirs was answered.") if detail else ""


@roles(*CLINICAL_ROLES)
@record_not_found
def questionnaire_response(request: AuthedHttpRequest, person_id: uuid.UUID, response_id: uuid.UUID) -> HttpResponse:
    """One result: its figures, what it may suggest next (the worker confirms), and the answers given."""
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    response = selectors.response_of(gated.person, response_id)
    if response is None:
        raise Http404
    offer = selectors.offer(gated.person.agency_id, response.definition.key)
    figures = results.figures_of(response.definition.definition)
    context = _context(
        request,
        gated,
        response=response,
        figures=[(f, f.value(response)) for f in figures],
        reason=_incomplete_reason(response),
        suggestions=[] if gated.person.is_closed else suggestions_for(response),
        answers=_answer_rows(offer.definition if offer else None, response),
        licence=response.definition.definition.licence,
    )
    return render(request, "instruments/response.html", context)


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/questionnaires/", person_questionnaires, name="questionnaires"),
    path("people/<uuid:person_id>/questionnaires/<slug:key>/", questionnaire_take, name="take"),
    path(
        "people/<uuid:person_id>/questionnaires/results/<uuid:response_id>/",
        questionnaire_response,
        name="response",
    ),
]
