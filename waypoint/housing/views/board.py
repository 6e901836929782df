"""The bed board: every room and bed of a program with its state, and the actions on one bed.

The board is read by advocates, housing staff and supervisors; acting (admit, hold, discharge, move, out of
service) is for the program's housing staff and the agency's supervisors (``selectors.may_act``). A bed's
actions open in place through htmx (the cell is swapped for itself with its panel) and each action answers
with the cell again; without JavaScript the same links and forms work as whole pages.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from waypoint.accounts.roles import CLINICAL_ROLES
from waypoint.casework.views.common import render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.housing import forms, selectors, services
from waypoint.housing.models import Bed, Program, Stay
from waypoint.people import access
from waypoint.people.models import Person

ACTIONS = ("admit", "hold", "release", "discharge", "move", "move_in", "outage", "outage_end")


def is_htmx(request: AuthedHttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def beds_url(program: Program) -> str:
    """The prefix of every bed's URL on a board: ``housing:bed`` is this plus the bed's id and a slash."""
    return reverse("housing:board", args=[program.pk]) + "beds/"


@roles(*CLINICAL_ROLES)
def board_page(request: AuthedHttpRequest, program_id: uuid.UUID) -> HttpResponse:
    """Sites, rooms and beds with their state now; queries constant in the number of beds."""
    program = selectors.program_for(request.user, program_id)
    sites = selectors.board(viewer=request.user, program=program)
    can_act = selectors.may_act(request.user, program)
    # The confidential address only for those who act on the program (its staff, the supervisors).
    addresses = selectors.site_addresses(program) if can_act else {}
    sections = [(site, addresses.get(site.site.pk)) for site in sites]
    states = [bed for site in sites for room in site.rooms for bed in room.beds]
    counts = {state: sum(1 for bed in states if bed.state == state) for state in selectors.STATES}
    context = {
        "program": program,
        "beds_url": beds_url(program),
        "sites": sites,
        "sections": sections,
        "can_act": can_act,
        "counts": counts,
        "total": len(states),
    }
    return render(request, "housing/board.html", context)


def _bed_panel(request: AuthedHttpRequest, program: Program, bed: Bed, data: Any = None, action: str = "") -> dict:
    """The forms that fit the bed's state now, the posted one bound to ``data``."""
    user, today = request.user, today_for(request)
    state = selectors.bed_state(viewer=user, program=program, bed=bed)
    prefix = f"b{bed.pk.hex[:8]}"
    bound = {name: (data if action == name else None) for name in ACTIONS}
    panel: dict[str, Any] = {"state": state}
    if state.state == selectors.VACANT:
        people = selectors.people_to_place(user, program)
        panel["admit"] = forms.AdmitForm(
            bound["admit"],
            people=people,
            household=selectors.housemates(user, bed),
            today=today,
            prefix=f"{prefix}-admit",
        )
        panel["hold"] = forms.HoldForm(bound["hold"], people=people, prefix=f"{prefix}-hold")
        panel["outage"] = forms.OutageForm(bound["outage"], today=today, prefix=f"{prefix}-outage")
    elif state.state == selectors.HELD:
        hold, held_for = selectors.holding(user, bed)
        panel["hold_obj"], panel["held_for"] = hold, held_for
        people = [(str(hold.person_id), held_for)] if hold and hold.person_id and held_for else []
        staying = _staying_elsewhere(user, hold)
        if staying is not None:
            # Offered to someone in another bed (a crisis resident): they move here, in the same episode.
            panel["staying"] = staying
            panel["move_in"] = forms.MoveInForm(bound["move_in"], today=today, prefix=f"{prefix}-move_in")
            return panel
        initial = {"person": people[0][0]} if people else {}
        people = people or selectors.people_to_place(user, program)
        panel["admit"] = forms.AdmitForm(
            bound["admit"], people=people, today=today, prefix=f"{prefix}-admit", initial=initial
        )
    elif state.state == selectors.OCCUPIED:
        stay = selectors.open_stay_in(user, bed)
        panel["stay"] = stay
        if stay is not None:
            targets = [h.bed for h in selectors.holds_for(stay.person)] + selectors.free_beds(user)
            beds = [(str(b.pk), selectors.bed_label(b, with_program=True)) for b in targets]
            panel["discharge"] = forms.DischargeForm(bound["discharge"], today=today, prefix=f"{prefix}-discharge")
            panel["move"] = forms.MoveForm(bound["move"], beds=beds, today=today, prefix=f"{prefix}-move")
    else:
        panel["outage_obj"] = selectors.open_outage_of(bed)
        panel["outage_end"] = forms.OutageEndForm(bound["outage_end"], today=today, prefix=f"{prefix}-outage_end")
    return panel


def _cell(request: AuthedHttpRequest, program: Program, bed: Bed, **more: Any) -> str:
    state = more.pop("state", None) or selectors.bed_state(viewer=request.user, program=program, bed=bed)
    context = {"program": program, "beds_url": beds_url(program), "b": state, "can_act": True, **more}
    return render_to_string("housing/_bed.html", context, request=request)


def _person(request: AuthedHttpRequest, person_id: str) -> Person:
    """A person chosen in a form, through the gate (the choices came from it; a forged id answers 404)."""
    return access.gated_person_for(request.user, uuid.UUID(person_id), purpose="edit").person


def _act(request: AuthedHttpRequest, program: Program, bed: Bed, action: str, form: Any) -> tuple[str, Bed | None]:
    """Run the action; the message for the worker, and another bed whose cell changed (a move's destination)."""
    data, user = form.cleaned_data, request.user
    if action == "admit":
        person = _person(request, data["person"])
        hold, _held_for = selectors.holding(user, bed)
        household = selectors.open_stay_by_id(user, data.get("household_with")) if data.get("household_with") else None
        services.stay_admit(
            actor=user,
            person=person,
            bed=bed,
            on=data["on"],
            referral_source=data["referral_source"],
            prior_situation=data["prior_situation"],
            hold=hold,
            household_with=household,
        )
        return _("%(alias)s admitted to %(bed)s.") % {"alias": person.alias, "bed": bed.name}, None
    if action == "hold":
        for_whom = _person(request, data["person"]) if data["person"] else None
        # Holding a bed for someone on this program's waitlist is offering it to them.
        entry = selectors.waiting_entry(for_whom, program) if for_whom else None
        if entry is not None:
            hold = services.waitlist_offer(actor=user, entry=entry, bed=bed)
        else:
            hold = services.hold_place(actor=user, bed=bed, person=for_whom, alias=data["alias"])
        return _("%(bed)s is held until %(until)s.") % {"bed": bed.name, "until": _when(hold.expires_at)}, None
    if action == "release":
        hold, _seen = selectors.holding(user, bed)
        if hold is None:
            raise ValidationError(_("This hold has ended already."))
        services.hold_release(actor=user, hold=hold)
        return _("The hold on %(bed)s is released.") % {"bed": bed.name}, None
    if action == "discharge":
        stay = _stay_seen(user, bed)
        services.stay_discharge(
            actor=user,
            stay=stay,
            on=data["on"],
            reason=data["reason"],
            destination=data["destination"],
            aftercare_offered=form.aftercare(),
        )
        return _("%(alias)s has left %(bed)s. Their record stays open.") % {
            "alias": stay.person.alias,
            "bed": bed.name,
        }, None
    if action == "move":
        stay = _stay_seen(user, bed)
        held = {str(h.bed_id): h for h in selectors.holds_for(stay.person)}
        hold = held.get(data["bed"])
        target = hold.bed if hold else selectors.free_bed_by_id(user, data["bed"])
        services.stay_move(actor=user, stay=stay, bed=target, on=data["on"], hold=hold)
        where = selectors.bed_label(target, with_program=True)
        return _("%(alias)s moved to %(bed)s.") % {"alias": stay.person.alias, "bed": where}, target
    if action == "move_in":
        hold, _held_for = selectors.holding(user, bed)
        stay = _staying_elsewhere(user, hold)
        if hold is None or stay is None:
            raise ValidationError(_("This hold has ended or is for someone else."))
        services.stay_move(actor=user, stay=stay, bed=bed, on=data["on"], hold=hold)
        return _("%(alias)s moved to %(bed)s.") % {"alias": stay.person.alias, "bed": bed.name}, stay.bed
    if action == "outage":
        services.outage_add(
            actor=user, bed=bed, starts_on=data["starts_on"], ends_on=data["ends_on"], reason=data["reason"]
        )
        return _("%(bed)s is out of service.") % {"bed": bed.name}, None
    outage = selectors.open_outage_of(bed)
    if outage is None:
        raise ValidationError(_("This bed is in service already."))
    services.outage_end(actor=user, outage=outage, on=data["on"])
    return _("%(bed)s is back in service.") % {"bed": bed.name}, None


def _staying_elsewhere(user: Any, hold: Any) -> Any:
    """The open stay of the person a hold is for, when they are in a bed already and the viewer sees them."""
    if hold is None or hold.person_id is None:
        return None
    stays = access.rows_of_visible_people(user, Stay).filter(person_id=hold.person_id, ended_on__isnull=True)
    return stays.select_related("person__agency", "bed__room__site", "program").first()


def _stay_seen(user: Any, bed: Bed) -> Any:
    stay = selectors.open_stay_in(user, bed)
    if stay is None:
        raise ValidationError(_("You are not on this resident's care team: ask a supervisor to add you."))
    return stay


def _when(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


@roles(*CLINICAL_ROLES)
def bed_page(request: AuthedHttpRequest, program_id: uuid.UUID, bed_id: uuid.UUID) -> HttpResponse:
    """One bed's actions: GET shows the forms for its state; POST (``action``) runs one and answers with the cell."""
    program = selectors.program_for(request.user, program_id)
    bed = selectors.bed_of(program, bed_id)
    if not selectors.may_act(request.user, program):
        raise PermissionDenied
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if request.method == "POST" and action not in ACTIONS:
        messages.error(request, _("Choose one of the actions offered."))
        return redirect("housing:board", program_id=program.pk)
    panel = _bed_panel(request, program, bed, request.POST or None, action)
    form = panel.get(action)
    message, other = "", None
    if request.method == "POST" and (action == "release" or (form is not None and form.is_valid())):
        try:
            message, other = _act(request, program, bed, action, form)
        except ValidationError as exc:
            if form is not None:
                form.add_error(None, exc)
            else:
                panel["error"] = " ".join(exc.messages)
        else:
            return _done(request, program, bed, message, other)
    elif request.method == "POST" and form is None:
        panel["error"] = _("This action does not fit the bed as it is now: the board has changed.")
    if is_htmx(request):
        return HttpResponse(_cell(request, program, bed, panel=panel, open=True, state=panel["state"]))
    context = {"program": program, "beds_url": beds_url(program), "bed": bed, "b": panel["state"], "panel": panel}
    return render(request, "housing/bed.html", context)


def _done(request: AuthedHttpRequest, program: Program, bed: Bed, message: str, other: Bed | None) -> HttpResponse:
    if not is_htmx(request):
        messages.success(request, message)
        return redirect("housing:board", program_id=program.pk)
    body = _cell(request, program, bed, message=message)
    if other is not None and other.room.site.program_id == program.pk:
        body += _cell(request, program, other, oob=True)
    return HttpResponse(body)


urlpatterns: list[URLPattern] = [
    path("housing/programs/<uuid:program_id>/", board_page, name="board"),
    path("housing/programs/<uuid:program_id>/beds/<uuid:bed_id>/", bed_page, name="bed"),
]
