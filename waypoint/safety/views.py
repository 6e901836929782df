"""Safety plan pages, under /people/<id>/safety/…: the plan, updating it, comparing versions, printing, the wallet
card, and risk check-ins. Every page starts at the gate; each print view is a read with purpose "print"."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.casework.views.common import record_not_found, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access
from waypoint.people.access import Gated
from waypoint.safety import cards, diff, selectors, services
from waypoint.safety.forms import CadenceForm, CardForm, PlanForm, RiskCheckInForm
from waypoint.safety.models import Answer, PlanVersion
from waypoint.safety.risk import QUESTIONS
from waypoint.safety.sections import BY_KEY, item_text, starting_content


def _context(gated: Gated, **more: Any) -> dict[str, Any]:
    return {"person": gated.person, "o": {"can_supervise": gated.supervises}, **more}


def shown_sections(version: PlanVersion | None) -> list[dict[str, Any]]:
    """A version's sections in the plan's order, each with its title and its items said as lines."""
    if version is None:
        return []
    found = {s.get("key"): s for s in version.sections}
    shown = []
    for key, section in BY_KEY.items():
        if key in found:
            items = [item_text(section.item_kind, item) for item in found[key].get("items", [])]
            shown.append({"section": section, "words": found[key].get("words", ""), "items": items})
    return shown


def _yes_questions(check_in: Any) -> list[str]:
    return [str(label) for key, label in QUESTIONS if check_in.answers.get(key) == Answer.YES]


def _closed(request: AuthedHttpRequest, gated: Gated) -> HttpResponse | None:
    if not gated.person.is_closed:
        return None
    messages.info(request, _("This record is closed: its safety plan can be read and printed but not changed."))
    return redirect("safety:plan", person_id=gated.person.pk)


@roles(*CLINICAL_ROLES)
@record_not_found
def plan_page(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The plan as it stands, when it is next reviewed, its versions and the latest risk check-ins."""
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    plan, latest = selectors.plan_and_latest(gated.person)
    versions = list(selectors.versions_of(gated.person).defer("content", "card", "why_not")) if plan else []
    check_ins = [(c, _yes_questions(c)) for c in selectors.check_ins_of(gated.person)[:5]]
    today = today_for(request)
    context = _context(
        gated,
        plan=plan,
        latest=latest,
        sections=shown_sections(latest),
        versions=versions,
        check_ins=check_ins,
        review_overdue=bool(plan and plan.review_due_on <= today),
        card_lines=len((latest.card_choice if latest else {}).get("items", [])),
        card_none=(latest.card_choice if latest else {}).get("none", ""),
    )
    return render(request, "safety/plan.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def plan_update(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The whole plan in one form, as it stands; saving makes the next version from what changed."""
    gated = access.gated_person_for(request.user, person_id, purpose="edit" if request.method == "POST" else "view")
    if (closed := _closed(request, gated)) is not None:
        return closed
    plan, latest = selectors.plan_and_latest(gated.person)
    before = latest.sections if latest else starting_content()
    initial = {"review_days": plan.review_days if plan else None}
    form = PlanForm(
        request.POST if request.method == "POST" else None, before=before, today=today_for(request), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.version_save(
                actor=request.user,
                person=gated.person,
                sections=form.content,
                made_on=data["made_on"],
                with_person=data["with_person"],
                why_not=data["why_not"],
                review_days=data["review_days"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Saved as version %(n)s.") % {"n": version.number})
            return redirect("safety:plan", person_id=gated.person.pk)
    return render(request, "safety/update.html", _context(gated, form=form, latest=latest))


def _number(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 7 else None


@roles(*CLINICAL_ROLES)
@record_not_found
def plan_compare(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """Two versions side by side, section by section and item by item (by default the latest two)."""
    gated = access.gated_person_for(request.user, person_id, purpose="view")
    numbers = list(selectors.versions_of(gated.person).values_list("number", flat=True))
    if len(numbers) < 2:
        messages.info(request, _("There is only one version so far: nothing to compare yet."))
        return redirect("safety:plan", person_id=gated.person.pk)
    a, b = _number(request.GET.get("a")), _number(request.GET.get("b"))
    if a not in numbers or b not in numbers or a == b:
        a, b = numbers[1], numbers[0]
    a, b = min(a, b), max(a, b)
    found = {v.number: v for v in selectors.versions_of(gated.person).filter(number__in=[a, b])}
    before, after = found[a], found[b]
    context = _context(
        gated,
        before=before,
        after=after,
        numbers=numbers,
        changes=diff.compare(before.sections, after.sections),
        card_changed=before.card != after.card,
    )
    return render(request, "safety/compare.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def plan_print(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The full plan for the file, laid out for paper (the read is recorded with purpose "print")."""
    gated = access.gated_person_for(request.user, person_id, purpose="print")
    plan, latest = selectors.plan_and_latest(gated.person)
    if latest is None:
        raise Http404
    context = _context(gated, latest=latest, sections=shown_sections(latest), plan=plan)
    return render(request, "safety/print.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def card_choose(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The person chooses what the wallet card carries, and its heading; or that nothing is printed."""
    gated = access.gated_person_for(request.user, person_id, purpose="edit" if request.method == "POST" else "view")
    if (closed := _closed(request, gated)) is not None:
        return closed
    _plan, latest = selectors.plan_and_latest(gated.person)
    if latest is None:
        messages.info(request, _("Make the plan first: the card carries lines from it."))
        return redirect("safety:plan", person_id=gated.person.pk)
    chosen = latest.card_choice
    initial = {
        "heading": chosen.get("heading", ""),
        "items": chosen.get("items", []),
        "nothing_because": chosen.get("none", ""),
    }
    form = CardForm(
        request.POST if request.method == "POST" else None,
        offered=cards.offered_items(latest.sections),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.card_save(
                actor=request.user,
                person=gated.person,
                heading=data["heading"],
                item_ids=data["items"],
                nothing_because=data["nothing_because"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The card is saved. Print it from the plan page when the person wants it."))
            return redirect("safety:plan", person_id=gated.person.pk)
    return render(request, "safety/card_choose.html", _context(gated, form=form, latest=latest))


@roles(*CLINICAL_ROLES)
@record_not_found
def card_print(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The wallet card alone, on a page that names nothing: the heading, the chosen lines, nothing else."""
    gated = access.gated_person_for(request.user, person_id, purpose="print")
    _plan, latest = selectors.plan_and_latest(gated.person)
    chosen = latest.card_choice if latest else {}
    if latest is None or not chosen.get("items"):
        raise Http404
    lines, left_off = cards.printable(latest.sections, chosen, gated.person.agency.name)
    back = reverse("people:person_detail", args=[gated.person.pk])  # no word in this link says what the card is
    return render(
        request,
        "safety/card.html",
        {"heading": chosen.get("heading", ""), "lines": lines, "left_off": left_off, "back": back},
    )


@roles(*CLINICAL_ROLES)
@record_not_found
def risk_check_in(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """What changed since last time, in seven short questions; any yes makes the plan's review due today."""
    gated = access.gated_person_for(request.user, person_id, purpose="edit" if request.method == "POST" else "view")
    if (closed := _closed(request, gated)) is not None:
        return closed
    form = RiskCheckInForm(request.POST if request.method == "POST" else None, today=today_for(request))
    if request.method == "POST" and form.is_valid():
        try:
            check_in = services.risk_check_in(
                actor=request.user,
                person=gated.person,
                on=form.cleaned_data["on"],
                answers=form.answers(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if check_in.any_yes:
                messages.warning(request, _("Check-in recorded. Something changed: review the plan together."))
                return redirect("safety:update", person_id=gated.person.pk)
            messages.success(request, _("Check-in recorded. Nothing new this time."))
            return redirect("safety:plan", person_id=gated.person.pk)
    return render(request, "safety/check_in.html", _context(gated, form=form))


@roles(Role.AGENCY_ADMIN)
def agency_cadence(request: AuthedHttpRequest) -> HttpResponse:
    """The agency's review cadence for safety plans (no survivor data on this page)."""
    agency = request.membership.agency
    form = CadenceForm(request.POST if request.method == "POST" else None, initial={"days": agency.safety_review_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_review_days_set(actor=request.user, agency=agency, days=form.cleaned_data["days"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Saved: plans are reviewed every %(n)s days.") % {"n": agency.safety_review_days}
            )
            return redirect("safety:agency_cadence")
    return render(request, "safety/agency_cadence.html", {"form": form})


urlpatterns: list[URLPattern] = [
    path("agency/safety-plans/", agency_cadence, name="agency_cadence"),
    path("people/<uuid:person_id>/safety/", plan_page, name="plan"),
    path("people/<uuid:person_id>/safety/update/", plan_update, name="update"),
    path("people/<uuid:person_id>/safety/compare/", plan_compare, name="compare"),
    path("people/<uuid:person_id>/safety/print/", plan_print, name="print"),
    path("people/<uuid:person_id>/safety/card/choose/", card_choose, name="card_choose"),
    path("people/<uuid:person_id>/safety/card/", card_print, name="card"),
    path("people/<uuid:person_id>/safety/check-in/", risk_check_in, name="check_in"),
]
