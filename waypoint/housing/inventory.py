"""An agency's housing inventory, kept by its administrator and supervisors: programs, sites, rooms, beds, staff.

Each write is one transaction with its audit event, which carries ids only: never a name typed in, and never a
site's address (a changed address is recorded as ``address_changed``, nothing more). A service raises
``ValidationError({field: message})`` where one field is at fault, so a form shows the message beside it.
Inventory rows name no person, so the reads here use the models' managers directly.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint import audit
from waypoint.accounts.models import Agency, Membership, User
from waypoint.accounts.roles import Role
from waypoint.accounts.selectors import membership_in
from waypoint.housing.choices import ProgramKind, UseKind
from waypoint.housing.models import DEFAULT_HOLD_HOURS, Bed, BedUse, Program, ProgramStaff, Room, Site
from waypoint.housing.services import EARLIEST, boundary
from waypoint.people.models import agency_today

KEEPERS = frozenset({Role.AGENCY_ADMIN, Role.SUPERVISOR})
TARGET_DAYS_MAX = 3650  # ten years: a supported residence can be long, but a typo of 30000 days is not a target
HOLD_HOURS_MAX = 168  # a week: longer than that a bed is not held, it is given


# --- who may keep the inventory ---------------------------------------------------------------------------------


def may_keep(user: User, agency_id: Any) -> bool:
    """The agency's administrator and its supervisors, with an active account and membership."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    membership = membership_in(user, agency_id)
    return membership is not None and membership.role in KEEPERS


def _require_keeper(actor: User, agency_id: Any) -> None:
    if not may_keep(actor, agency_id):
        raise ValidationError(_("Only the agency's administrator and its supervisors can change its housing."))


# --- checks on what was typed -----------------------------------------------------------------------------------


def _name(value: str, *, field: str = "name", max_length: int = 120, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: _("Give it a name.")})
    if len(text) > max_length:
        raise ValidationError({field: _("Keep it to %(n)s characters.") % {"n": max_length}})
    return text


def _program_values(
    *, name: str, name_fr: str, kind: str, eligibility: str, target_days: int | None, hold_hours: int
) -> dict[str, Any]:
    if kind not in ProgramKind.values:
        raise ValidationError({"kind": _("Choose the kind of program from the list.")})
    if target_days is not None and not 1 <= target_days <= TARGET_DAYS_MAX:
        raise ValidationError(
            {"target_days": _("A target length of stay is 1 to %(n)s days, or empty.") % {"n": TARGET_DAYS_MAX}}
        )
    if hold_hours is None or not 1 <= hold_hours <= HOLD_HOURS_MAX:
        raise ValidationError({"hold_hours": _("A hold lasts 1 to %(n)s hours.") % {"n": HOLD_HOURS_MAX}})
    return {
        "name": _name(name),
        "name_fr": _name(name_fr, field="name_fr", required=False),
        "kind": kind,
        "eligibility": (eligibility or "").strip(),
        "target_days": target_days,
        "hold_hours": hold_hours,
    }


def _taken_after(beds: QuerySet[Bed], moment: datetime.datetime, kinds: tuple[str, ...]) -> bool:
    """Whether any of the beds has a use of those kinds that reaches past ``moment`` (or has no end)."""
    reaching = Q(during__endswith__gt=moment) | Q(during__upper_inf=True)
    return BedUse.objects.filter(reaching, bed__in=beds, kind__in=kinds).exists()


# --- programs ---------------------------------------------------------------------------------------------------


def program_create(
    *,
    actor: User,
    agency: Agency,
    name: str,
    kind: str,
    name_fr: str = "",
    eligibility: str = "",
    target_days: int | None = None,
    hold_hours: int = DEFAULT_HOLD_HOURS,
) -> Program:
    """A new program of the agency, in use at once (it has no beds until its sites, rooms and beds are added)."""
    _require_keeper(actor, agency.pk)
    values = _program_values(
        name=name, name_fr=name_fr, kind=kind, eligibility=eligibility, target_days=target_days, hold_hours=hold_hours
    )
    with transaction.atomic():
        program = Program.objects.create(agency=agency, **values)
        audit.record(action="housing.program_created", actor=actor, agency=agency, target=program)
    return program


def program_update(
    *,
    actor: User,
    program: Program,
    name: str,
    kind: str,
    name_fr: str,
    eligibility: str,
    target_days: int | None,
    hold_hours: int,
) -> Program:
    """Change what the program is called, who it is for and how long stays and holds last.

    A new hold length applies to holds placed from now on; holds already placed keep their end.
    """
    _require_keeper(actor, program.agency_id)
    values = _program_values(
        name=name, name_fr=name_fr, kind=kind, eligibility=eligibility, target_days=target_days, hold_hours=hold_hours
    )
    changed = [field for field, value in values.items() if getattr(program, field) != value]
    if not changed:
        return program
    with transaction.atomic():
        for field in changed:
            setattr(program, field, values[field])
        program.save(update_fields=[*changed, "updated_at"])
        audit.record(
            action="housing.program_changed",
            actor=actor,
            agency=program.agency_id,
            target=program,
            detail={"fields": ",".join(changed)},
        )
    return program


def program_set_active(*, actor: User, program: Program, active: bool) -> Program:
    """Stop using a program (no one can be admitted or held there) or use it again.

    Refused while someone stays in one of its beds or a bed is held: a program stops once its people have left.
    """
    _require_keeper(actor, program.agency_id)
    if program.is_active == active:
        return program
    with transaction.atomic():
        beds = Bed.objects.filter(room__site__program=program)
        if not active and _taken_after(beds, timezone.now(), (UseKind.STAY, UseKind.HOLD)):
            raise ValidationError(
                _("Someone stays in this program or a bed is held in it: it can stop once they have left.")
            )
        program.is_active = active
        program.save(update_fields=["is_active", "updated_at"])
        audit.record(
            action="housing.program_started" if active else "housing.program_stopped",
            actor=actor,
            agency=program.agency_id,
            target=program,
        )
    return program


# --- sites, rooms and beds --------------------------------------------------------------------------------------


def site_create(*, actor: User, program: Program, name: str, address: str = "") -> Site:
    """A house or a floor of the program. The name is what staff call it; the address is confidential."""
    _require_keeper(actor, program.agency_id)
    name = _name(name)
    with transaction.atomic():
        site = Site.objects.create(
            agency_id=program.agency_id, program=program, name=name, address=(address or "").strip()
        )
        audit.record(
            action="housing.site_created",
            actor=actor,
            agency=program.agency_id,
            target=site,
            detail={"program": str(program.pk), "has_address": bool(site.address)},
        )
    return site


def site_update(*, actor: User, site: Site, name: str, address: str = "") -> Site:
    _require_keeper(actor, site.agency_id)
    name, address = _name(name), (address or "").strip()
    changed = [field for field, value in (("name", name), ("address", address)) if getattr(site, field) != value]
    if not changed:
        return site
    with transaction.atomic():
        site.name, site.address = name, address
        site.save(update_fields=[*changed, "updated_at"])
        audit.record(
            action="housing.site_changed",
            actor=actor,
            agency=site.agency_id,
            target=site,
            detail={
                "program": str(site.program_id),
                "name_changed": "name" in changed,
                "address_changed": "address" in changed,
            },
        )
    return site


def room_create(*, actor: User, site: Site, name: str) -> Room:
    """A room of the site, listed after its other rooms."""
    _require_keeper(actor, site.agency_id)
    name = _name(name, max_length=60)
    with transaction.atomic():
        last = site.rooms.aggregate(last=Max("order"))["last"]
        room = Room.objects.create(
            agency_id=site.agency_id, site=site, name=name, order=0 if last is None else last + 1
        )
        audit.record(
            action="housing.room_created",
            actor=actor,
            agency=site.agency_id,
            target=room,
            detail={"site": str(site.pk), "program": str(site.program_id)},
        )
    return room


def bed_create(*, actor: User, room: Room, name: str, opened_on: datetime.date | None = None) -> Bed:
    """A bed of the room, listed after its other beds. ``opened_on``: the first day it could be slept in, for the
    program review's bed-nights; empty, it counts for as long as the program's records go back."""
    _require_keeper(actor, room.agency_id)
    name = _name(name, max_length=60)
    if opened_on is not None and not EARLIEST <= opened_on <= agency_today(room.agency):
        raise ValidationError({"opened_on": _("The bed is in use from today or a day before it.")})
    with transaction.atomic():
        last = room.beds.aggregate(last=Max("order"))["last"]
        bed = Bed.objects.create(
            agency_id=room.agency_id, room=room, name=name, opened_on=opened_on, order=0 if last is None else last + 1
        )
        audit.record(
            action="housing.bed_created",
            actor=actor,
            agency=room.agency_id,
            target=bed,
            detail={"room": str(room.pk), "site": str(room.site_id)},
        )
    return bed


def bed_retire(*, actor: User, bed: Bed, on: datetime.date) -> Bed:
    """The bed leaves the inventory on ``on`` (today or before): off the board, and not counted from that night.

    Refused while a stay, a hold or an out-of-service period reaches past that day: the review would count
    nights in a bed that was not there, and a person or a hold would be left in a bed no one sees.
    """
    _require_keeper(actor, bed.agency_id)
    agency = bed.agency
    if not bed.is_active:
        raise ValidationError(_("This bed has left the inventory already."))
    if not (bed.opened_on or EARLIEST) <= on <= agency_today(agency):
        raise ValidationError({"on": _("Choose today or an earlier day, not before the bed was in use.")})
    with transaction.atomic():
        # Takers of a bed queue on its row (services._take): lock it so no stay or hold starts while we look.
        bed = Bed.objects.select_for_update().get(pk=bed.pk)
        beds = Bed.objects.filter(pk=bed.pk)
        if _taken_after(beds, boundary(agency, on), (UseKind.STAY, UseKind.HOLD, UseKind.OUTAGE)):
            raise ValidationError(
                _(
                    "This bed is occupied, held or out of service after that day. It can leave the inventory "
                    "once the person has left, the hold has ended and it is back in service."
                ),
                code="bed_in_use",
            )
        bed.is_active, bed.retired_on = False, on
        bed.save(update_fields=["is_active", "retired_on", "updated_at"])
        audit.record(
            action="housing.bed_retired",
            actor=actor,
            agency=bed.agency_id,
            target=bed,
            detail={"room": str(bed.room_id), "on": on.isoformat()},
        )
    return bed


# --- housing staff ----------------------------------------------------------------------------------------------


def staff_add(*, actor: User, program: Program, user: User) -> ProgramStaff:
    """Put a housing worker on the program's staff: they act on its beds and see its sites' addresses.

    Only someone whose housing-staff role in the agency is active (approved by a second person when it was
    granted): being on a program's staff opens no one's record.
    """
    _require_keeper(actor, program.agency_id)
    membership = membership_in(user, program.agency_id)
    if not user.is_active or membership is None or membership.role != Role.HOUSING_STAFF:
        raise ValidationError({"user": _("Choose a member of the agency whose role is housing staff.")})
    if program.staff.filter(user=user).exists():
        raise ValidationError({"user": _("%(name)s is on this program's staff already.") % {"name": user}})
    try:
        with transaction.atomic():
            staff = ProgramStaff.objects.create(program=program, user=user)
            audit.record(
                action="housing.staff_added",
                actor=actor,
                agency=program.agency_id,
                target=staff,
                detail={"program": str(program.pk), "user": str(user.pk)},
            )
    except IntegrityError:
        # A colleague added them at the same moment (one row per program and user).
        raise ValidationError({"user": _("%(name)s is on this program's staff already.") % {"name": user}}) from None
    return staff


def staff_remove(*, actor: User, staff: ProgramStaff) -> None:
    """Take a worker off the program's staff: its board and addresses close to them at once."""
    program = staff.program
    _require_keeper(actor, program.agency_id)
    with transaction.atomic():
        audit.record(
            action="housing.staff_removed",
            actor=actor,
            agency=program.agency_id,
            target_type=ProgramStaff._meta.label_lower,
            target_id=staff.pk,
            detail={"program": str(program.pk), "user": str(staff.user_id)},
        )
        staff.delete()


# --- reads for the inventory pages ------------------------------------------------------------------------------


def programs_of(agency: Agency) -> QuerySet[Program]:
    """Every program of the agency with its sites, rooms, beds (retired ones too) and staff: five queries."""
    return (
        Program.objects.filter(agency=agency)
        .order_by("-is_active", "name")
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.order_by("name")),
            Prefetch("sites__rooms", queryset=Room.objects.order_by("order", "name")),
            Prefetch("sites__rooms__beds", queryset=Bed.objects.order_by("-is_active", "order", "name")),
            Prefetch("staff", queryset=ProgramStaff.objects.select_related("user").order_by("user__display_name")),
        )
    )


def program_of(agency: Agency, program_id: uuid.UUID) -> Program:
    """One program of the agency with its inventory; 404 for another agency's (and for one that does not exist)."""
    program = programs_of(agency).select_related("agency").filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


def housing_members(agency: Agency) -> QuerySet[User]:
    """The agency's members whose housing-staff role is active: whom a program's staff may be chosen from."""
    members = Membership.objects.filter(agency=agency, role=Role.HOUSING_STAFF, is_active=True).values("user_id")
    return User.objects.filter(pk__in=members, is_active=True).order_by("display_name", "email")
