"""Goals the person sets, grouped by part of life, with their steps. No goal is required; none is scored."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.casework import selectors
from waypoint.casework.forms.goals import DomainNamesForm, GoalEditForm, GoalForm, StepForm
from waypoint.casework.models import Goal, GoalStep, LifeDomain
from waypoint.casework.services import goals as goal_services
from waypoint.casework.views.common import record_not_found, render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.people import access
from waypoint.people.access import Gated
from waypoint.people.models import Person


@dataclass
class GoalItem:
    goal: Goal
    step_form: StepForm | None


@dataclass
class DomainGroup:
    domain: LifeDomain
    items: list[GoalItem] = field(default_factory=list)


def _grouped(items: list[GoalItem]) -> list[DomainGroup]:
    """Goals by part of life, in the agency's order (retired parts of life too: old goals still name them)."""
    groups: dict[Any, DomainGroup] = {}
    for item in items:
        groups.setdefault(item.goal.domain_id, DomainGroup(item.goal.domain)).items.append(item)
    return list(groups.values())


def step_form(request: AuthedHttpRequest, goal: Goal, data: Any = None) -> StepForm:
    # One add-step form per goal on the page: ids are unique per goal, names stay plain for the view.
    return StepForm(data, today=today_for(request), auto_id=f"id_step_{goal.pk}_%s")


def _page(request: AuthedHttpRequest, gated: Gated, goal_form: GoalForm | None = None) -> HttpResponse:
    person = gated.person
    open_record = not person.is_closed
    items = [GoalItem(goal, step_form(request, goal) if open_record else None) for goal in selectors.goals_of(person)]
    if goal_form is None and open_record:
        goal_form = GoalForm(domains=selectors.domains(person.agency_id))
    context = {
        "person": person,
        "o": {"can_supervise": gated.supervises},
        "groups": _grouped(items),
        "goal_count": len(items),
        "form": goal_form,
    }
    return render(request, "casework/goals.html", context)


def _goals_url(person: Person, goal: Goal | None = None) -> str:
    url = reverse("casework:goals", kwargs={"person_id": person.pk})
    return f"{url}#goal-{goal.pk}" if goal is not None else url


def _closed(request: AuthedHttpRequest, person: Person) -> HttpResponse:
    messages.info(request, _("This record is closed: its goals can be read but not changed."))
    return redirect(_goals_url(person))


def _goal_of(person: Person, goal_id: uuid.UUID) -> Goal:
    goal = access.rows_of_person(person, Goal).select_related("domain").filter(pk=goal_id).first()
    if goal is None:
        raise Http404
    goal.person = person
    return goal


@roles(*CLINICAL_ROLES)
@record_not_found
def goals(request: AuthedHttpRequest, person_id: uuid.UUID) -> HttpResponse:
    """The person's goals; a POST adds one (part of life and their words)."""
    if request.method != "POST":
        return _page(request, access.gated_person_for(request.user, person_id, purpose="view"))
    gated = access.gated_person_for(request.user, person_id, purpose="edit")
    person = gated.person
    if person.is_closed:
        return _closed(request, person)
    form = GoalForm(request.POST, domains=selectors.domains(person.agency_id))
    if form.is_valid():
        try:
            goal = goal_services.goal_create(
                actor=request.user, person=person, domain=form.cleaned_data["domain"], words=form.cleaned_data["words"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Goal added."))
            return redirect(_goals_url(person, goal))
    return _page(request, gated, form)


@roles(*CLINICAL_ROLES)
@record_not_found
def goal_edit(request: AuthedHttpRequest, person_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    """Change the words or the status; saving counts as a review with the person today."""
    purpose = "edit" if request.method == "POST" else "view"
    gated = access.gated_person_for(request.user, person_id, purpose=purpose)
    person = gated.person
    goal = _goal_of(person, goal_id)
    if person.is_closed:
        return _closed(request, person)
    form = GoalEditForm(request.POST or None, initial={"words": goal.words, "status": goal.status})
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_update(
                actor=request.user, goal=goal, words=form.cleaned_data["words"], status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Goal saved and marked as reviewed today."))
            return redirect(_goals_url(person, goal))
    context = {"person": person, "o": {"can_supervise": gated.supervises}, "goal": goal, "form": form}
    return render(request, "casework/goal_form.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def step_add(request: AuthedHttpRequest, person_id: uuid.UUID, goal_id: uuid.UUID) -> HttpResponse:
    purpose = "edit" if request.method == "POST" else "view"
    gated = access.gated_person_for(request.user, person_id, purpose=purpose)
    person = gated.person
    goal = _goal_of(person, goal_id)
    if person.is_closed:
        return _closed(request, person)
    form = StepForm(request.POST or None, today=today_for(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_services.step_add(
                actor=request.user, goal=goal, text=data["text"], who=data["who"], due_on=data.get("due_on")
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Step added."))
            return redirect(_goals_url(person, goal))
    context = {"person": person, "o": {"can_supervise": gated.supervises}, "goal": goal, "form": form}
    return render(request, "casework/step_form.html", context)


@roles(*CLINICAL_ROLES)
@record_not_found
def step_done(request: AuthedHttpRequest, person_id: uuid.UUID, goal_id: uuid.UUID, step_id: uuid.UUID) -> HttpResponse:
    """Mark a step done (``done=1``) or not done (``done=0``); htmx gets the step back, others the page."""
    purpose = "edit" if request.method == "POST" else "view"
    person = access.gated_person_for(request.user, person_id, purpose=purpose).person
    goal = _goal_of(person, goal_id)
    step = access.rows_of_person(person, GoalStep).filter(pk=step_id, goal=goal).first()
    if step is None:
        raise Http404
    if request.method != "POST":
        return redirect(_goals_url(person, goal))  # the toggle is a button on the goals page
    if person.is_closed:
        return _closed(request, person)
    step.goal = goal
    try:
        goal_services.step_set_done(actor=request.user, step=step, done=request.POST.get("done") != "0")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if request.headers.get("HX-Request") == "true":
        context = {"person": person, "goal": goal, "step": step, "changed": True}
        return render(request, "casework/_step.html", context)
    return redirect(_goals_url(person, goal))


# --- the agency's list of life domains (supervisors) ---------------------------------------------------

DOMAIN_ACTIONS = ("rename", "up", "down", "retire", "restore")


@roles(Role.SUPERVISOR)
def domains(request: AuthedHttpRequest) -> HttpResponse:
    """Rename (English and French), reorder, retire or bring back a part of life, or add one. Two queries."""
    agency = request.membership.agency
    add_form = DomainNamesForm(request.POST if request.POST.get("action") == "add" else None, auto_id="id_new_%s")
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action == "add":
            if add_form.is_valid():
                try:
                    goal_services.domain_add(actor=request.user, agency_id=agency.pk, **add_form.cleaned_data)
                except ValidationError as exc:
                    add_form.add_error(None, exc)
                else:
                    messages.success(request, _("Life domain added."))
                    return redirect("casework:domains")
        elif action in DOMAIN_ACTIONS:
            domain = _domain_of(agency.pk, request.POST.get("domain", ""))
            try:
                _change_domain(request, domain, action)
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            return redirect(f"{reverse('casework:domains')}#domain-{domain.pk}")
        else:
            raise Http404
    rows = [
        (d, DomainNamesForm(initial={"name": d.name, "name_fr": d.name_fr}, auto_id=f"id_{d.pk}_%s"))
        for d in selectors.domains(agency.pk, active_only=False)
    ]
    return render(request, "casework/domains.html", {"rows": rows, "add_form": add_form, "agency": agency})


def _domain_of(agency_id: Any, domain_id: str) -> LifeDomain:
    try:
        pk = uuid.UUID(domain_id)
    except ValueError as exc:
        raise Http404 from exc
    domain = LifeDomain.objects.filter(agency_id=agency_id, pk=pk).first()
    if domain is None:
        raise Http404
    return domain


def _change_domain(request: AuthedHttpRequest, domain: LifeDomain, action: str) -> None:
    actor = request.user
    if action == "rename":
        form = DomainNamesForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the life domain a name in English (80 characters at most)."))
        goal_services.domain_rename(actor=actor, domain=domain, **form.cleaned_data)
        messages.success(request, _("Life domain renamed."))
    elif action in ("up", "down"):
        goal_services.domain_move(actor=actor, domain=domain, by=-1 if action == "up" else 1)
        messages.success(request, _("Life domain moved."))
    else:
        goal_services.domain_set_active(actor=actor, domain=domain, active=action == "restore")
        if action == "restore":
            messages.success(request, _("Life domain back in use."))
        else:
            messages.success(request, _("Life domain retired: goals that name it keep it; new goals cannot choose it."))


urlpatterns: list[URLPattern] = [
    path("people/<uuid:person_id>/goals/", goals, name="goals"),
    path("people/<uuid:person_id>/goals/<uuid:goal_id>/", goal_edit, name="goal_edit"),
    path("people/<uuid:person_id>/goals/<uuid:goal_id>/steps/new/", step_add, name="step_add"),
    path("people/<uuid:person_id>/goals/<uuid:goal_id>/steps/<uuid:step_id>/done/", step_done, name="step_done"),
    path("casework/life-domains/", domains, name="domains"),
]
