"""The agency's housing inventory: its programs with their sites, rooms, beds and staff, for the agency's
administrator and supervisors (``housing.inventory`` keeps the rules).

A site's confidential address is on a program's inventory page and nowhere else in these pages. Supervisors see
addresses on every board anyway; the administrator, who types it in, sees its current value on this page only
(so a mistake or a move can be put right), never on a board, a bed or a person's page.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from waypoint.accounts.roles import Role
from waypoint.casework.views.common import render, today_for
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.housing import inventory
from waypoint.housing.inventory_forms import BedForm, ProgramForm, RetireForm, RoomForm, SiteForm, StaffForm
from waypoint.housing.models import Bed, Program, ProgramStaff, Room, Site
from waypoint.people.forms import DescribedErrorsForm

KEEPERS = (Role.AGENCY_ADMIN, Role.SUPERVISOR)
F = TypeVar("F", bound=forms.Form)
T = TypeVar("T", bound=models.Model)


@roles(*KEEPERS)
def inventory_page(request: AuthedHttpRequest) -> HttpResponse:
    """Every program of the agency with its sites, rooms, beds and staff, and a form to add a program."""
    agency = request.membership.agency
    posted = request.method == "POST"
    if posted and request.POST.get("action") != "program_add":
        raise Http404
    form = ProgramForm(request.POST if posted else None, prefix="program")
    if posted and form.is_valid():
        try:
            program = inventory.program_create(actor=request.user, agency=agency, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("%(program)s is added: now add its sites, rooms and beds.") % {"program": program.label}
            )
            return redirect("housing:inventory_program", program_id=program.pk)
    context = {"programs": [_listed(program) for program in inventory.programs_of(agency)], "form": form}
    return render(request, "housing/inventory.html", context)


@dataclass
class ListedRoom:
    room: Room
    in_use: list[Bed]
    retired: list[Bed]


def _listed(program: Program) -> tuple[Program, list[tuple[Site, list[ListedRoom]]]]:
    """The program with each site's rooms and their beds in use and retired (from the prefetched inventory)."""
    sites = []
    for site in program.sites.all():
        rooms = [
            ListedRoom(
                room=room,
                in_use=[bed for bed in room.beds.all() if bed.is_active],
                retired=[bed for bed in room.beds.all() if not bed.is_active],
            )
            for room in site.rooms.all()
        ]
        sites.append((site, rooms))
    return program, sites


# --- one program's page: what is on it ---------------------------------------------------------------------------


@dataclass
class BedRow:
    bed: Bed
    retire: RetireForm | None  # None once it has left the inventory


@dataclass
class RoomRow:
    room: Room
    add_bed: BedForm
    beds: list[BedRow] = field(default_factory=list)


@dataclass
class SiteRow:
    site: Site
    edit: SiteForm
    add_room: RoomForm
    rooms: list[RoomRow] = field(default_factory=list)


class _Slots:
    """The page's forms, each under its prefix; the one just posted with errors takes its own place."""

    def __init__(self, failed: forms.Form | None) -> None:
        self.failed = failed

    def get(self, prefix: str, make: Callable[..., F], *args: Any, **kwargs: Any) -> F:
        if self.failed is not None and self.failed.prefix == prefix:
            return self.failed  # type: ignore[return-value]
        return make(*args, prefix=prefix, **kwargs)


def _site_rows(program: Program, slots: _Slots, today: datetime.date) -> list[SiteRow]:
    rows = []
    for site in program.sites.all():
        row = SiteRow(
            site=site,
            edit=slots.get(f"s{site.pk.hex}", SiteForm.of, site),
            add_room=slots.get(f"r{site.pk.hex}", RoomForm),
        )
        for room in site.rooms.all():
            beds = [
                BedRow(
                    bed=bed,
                    retire=slots.get(f"x{bed.pk.hex}", RetireForm, initial={"on": today}) if bed.is_active else None,
                )
                for bed in room.beds.all()
            ]
            row.rooms.append(RoomRow(room=room, add_bed=slots.get(f"b{room.pk.hex}", BedForm), beds=beds))
        rows.append(row)
    return rows


def _staff_form(program: Program, data: Any = None, *, prefix: str = "staff") -> StaffForm:
    staffed = {staff.user_id for staff in program.staff.all()}
    members = [
        (str(user.pk), f"{user} ({user.email})" if user.display_name else user.email)
        for user in inventory.housing_members(program.agency)
        if user.pk not in staffed
    ]
    return StaffForm(data, members=members, prefix=prefix)


def _page(request: AuthedHttpRequest, program: Program, failed: forms.Form | None) -> dict[str, object]:
    slots = _Slots(failed)
    return {
        "program": program,
        "edit": slots.get("program", ProgramForm.of, program),
        "active": slots.get("active", DescribedErrorsForm),
        "add_site": slots.get("site", SiteForm),
        "sites": _site_rows(program, slots, today_for(request)),
        "staff": [(staff, slots.get(f"u{staff.pk.hex}", DescribedErrorsForm)) for staff in program.staff.all()],
        "add_staff": slots.get("staff", _staff_form, program),
    }


# --- one program's page: what its forms do ------------------------------------------------------------------------
# Each action takes the request and the program and answers the success message, or the bound form that failed.

Outcome = str | forms.Form


def _one(rows: Iterable[T], key: str | None) -> T:
    """The row of the program (from its prefetched inventory) whose id was posted; 404 for any other."""
    for row in rows:
        if str(row.pk) == key:
            return row
    raise Http404


def _run(form: forms.Form, call: Callable[[dict], str]) -> Outcome:
    """Validate the form and call the service; its refusal is shown in the form (beside the field at fault)."""
    if not form.is_valid():
        return form
    try:
        return call(form.cleaned_data)
    except ValidationError as exc:
        form.add_error(None, exc)
        return form


def _program_edit(request: AuthedHttpRequest, program: Program) -> Outcome:
    def save(data: dict) -> str:
        inventory.program_update(actor=request.user, program=program, **data)
        return _("The program is saved.")

    return _run(ProgramForm(request.POST, prefix="program"), save)


def _program_active(request: AuthedHttpRequest, program: Program) -> Outcome:
    active = request.POST.get("active") == "1"

    def switch(_data: dict) -> str:
        inventory.program_set_active(actor=request.user, program=program, active=active)
        return _("The program is in use again.") if active else _("The program is no longer in use.")

    return _run(DescribedErrorsForm(request.POST, prefix="active"), switch)


def _site_add(request: AuthedHttpRequest, program: Program) -> Outcome:
    def add(data: dict) -> str:
        site = inventory.site_create(actor=request.user, program=program, **data)
        return _("%(site)s is added: now add its rooms.") % {"site": site.name}

    return _run(SiteForm(request.POST, prefix="site"), add)


def _site_edit(request: AuthedHttpRequest, program: Program) -> Outcome:
    site: Site = _one(program.sites.all(), request.POST.get("site"))

    def save(data: dict) -> str:
        inventory.site_update(actor=request.user, site=site, **data)
        return _("%(site)s is saved.") % {"site": site.name}

    return _run(SiteForm(request.POST, prefix=f"s{site.pk.hex}"), save)


def _rooms(program: Program) -> list[Room]:
    return [room for site in program.sites.all() for room in site.rooms.all()]


def _beds(program: Program) -> list[Bed]:
    return [bed for room in _rooms(program) for bed in room.beds.all()]


def _room_add(request: AuthedHttpRequest, program: Program) -> Outcome:
    site: Site = _one(program.sites.all(), request.POST.get("site"))

    def add(data: dict) -> str:
        room = inventory.room_create(actor=request.user, site=site, **data)
        return _("%(room)s is added to %(site)s: now add its beds.") % {"room": room.name, "site": site.name}

    return _run(RoomForm(request.POST, prefix=f"r{site.pk.hex}"), add)


def _bed_add(request: AuthedHttpRequest, program: Program) -> Outcome:
    room: Room = _one(_rooms(program), request.POST.get("room"))

    def add(data: dict) -> str:
        bed = inventory.bed_create(actor=request.user, room=room, **data)
        return _("%(bed)s is added to %(room)s.") % {"bed": bed.name, "room": room.name}

    return _run(BedForm(request.POST, prefix=f"b{room.pk.hex}"), add)


def _bed_retire(request: AuthedHttpRequest, program: Program) -> Outcome:
    bed: Bed = _one(_beds(program), request.POST.get("bed"))

    def retire(data: dict) -> str:
        inventory.bed_retire(actor=request.user, bed=bed, on=data["on"])
        return _("%(bed)s has left the inventory.") % {"bed": bed.name}

    return _run(RetireForm(request.POST, prefix=f"x{bed.pk.hex}"), retire)


def _staff_add(request: AuthedHttpRequest, program: Program) -> Outcome:
    form = _staff_form(program, request.POST)

    def add(data: dict) -> str:
        user = inventory.housing_members(program.agency).filter(pk=data["user"]).first()
        if user is None:
            raise ValidationError({"user": _("Choose a member of the agency whose role is housing staff.")})
        inventory.staff_add(actor=request.user, program=program, user=user)
        return _("%(name)s is on this program's staff.") % {"name": user}

    return _run(form, add)


def _staff_remove(request: AuthedHttpRequest, program: Program) -> Outcome:
    staff: ProgramStaff = _one(program.staff.all(), request.POST.get("staff"))

    def remove(_data: dict) -> str:
        inventory.staff_remove(actor=request.user, staff=staff)
        return _("%(name)s is no longer on this program's staff.") % {"name": staff.user}

    return _run(DescribedErrorsForm(request.POST, prefix=f"u{staff.pk.hex}"), remove)


ACTIONS: dict[str, Callable[[AuthedHttpRequest, Program], Outcome]] = {
    "program": _program_edit,
    "active": _program_active,
    "site_add": _site_add,
    "site_edit": _site_edit,
    "room_add": _room_add,
    "bed_add": _bed_add,
    "bed_retire": _bed_retire,
    "staff_add": _staff_add,
    "staff_remove": _staff_remove,
}


@roles(*KEEPERS)
def inventory_program(request: AuthedHttpRequest, program_id: uuid.UUID) -> HttpResponse:
    """One program: change it, add its sites, rooms and beds, retire a bed, and choose its housing staff."""
    program = inventory.program_of(request.membership.agency, program_id)
    failed = None
    if request.method == "POST":
        act = ACTIONS.get(request.POST.get("action", ""))
        if act is None:
            raise Http404
        outcome = act(request, program)
        if isinstance(outcome, str):
            messages.success(request, outcome)
            return redirect("housing:inventory_program", program_id=program.pk)
        failed = outcome
    return render(request, "housing/inventory_program.html", _page(request, program, failed))


urlpatterns: list[URLPattern] = [
    path("agency/housing/", inventory_page, name="inventory"),
    path("agency/housing/<uuid:program_id>/", inventory_program, name="inventory_program"),
]
