"""Reads for housing: who may act on a program and see its addresses, a person's stays, and the bed board.

Rows about a person come through ``waypoint.people.access``: the board shows an alias only where the gate
lets the viewer see that person; a bed's state (occupied, held, vacant, out of service) comes from its uses,
which name nobody.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Exists, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from waypoint.accounts.models import Membership, User
from waypoint.accounts.roles import CLINICAL_ROLES, Role
from waypoint.housing.choices import UseKind, WaitStatus
from waypoint.housing.models import (
    Bed,
    BedUse,
    Episode,
    Hold,
    Program,
    ProgramStaff,
    Room,
    Site,
    Stay,
    WaitlistEntry,
)
from waypoint.people import access
from waypoint.people.models import Person, Status, agency_today


def _active(user: User) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def _role_in(user: User, agency_id: Any) -> str | None:
    membership = Membership.objects.filter(user=user, agency_id=agency_id, is_active=True).first()
    return membership.role if membership else None


def _staffs(user: User, program: Program) -> bool:
    return program.staff.filter(user=user).exists()


def may_act(user: User, program: Program) -> bool:
    """Admit, move, discharge, hold: the program's housing staff and the agency's supervisors."""
    if not _active(user):
        return False
    role = _role_in(user, program.agency_id)
    return role == Role.SUPERVISOR or (role == Role.HOUSING_STAFF and _staffs(user, program))


def may_see_address(user: User, site: Site) -> bool:
    """A confidential address is for the program's housing staff and the agency's supervisors only."""
    return may_act(user, site.program)


def site_address(user: User, site: Site) -> str | None:
    """The site's address for those who may see it; ``None`` for everyone else (nothing to mask, nothing sent)."""
    return site.address if may_see_address(user, site) else None


def site_addresses(program: Program) -> dict[Any, str]:
    """Each site's address, decrypted once: for a viewer ``may_act`` (or ``may_see_address``) let through."""
    return dict(Site.objects.filter(program=program).values_list("pk", "address"))


def programs_for(user: User) -> QuerySet[Program]:
    """Programs whose board the user may open: housing staff their own; advocates and supervisors the agency's."""
    if not _active(user):
        return Program.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    agency_wide = memberships.filter(role__in=CLINICAL_ROLES - {Role.HOUSING_STAFF}).values("agency_id")
    housing = memberships.filter(role=Role.HOUSING_STAFF).values("agency_id")
    staffed = ProgramStaff.objects.filter(user=user).values("program_id")
    return Program.objects.filter(Q(agency_id__in=agency_wide) | Q(agency_id__in=housing, pk__in=staffed))


def program_for(user: User, program_id: uuid.UUID) -> Program:
    """One program the user may open; 404 for any other (and for one that does not exist)."""
    program = programs_for(user).select_related("agency").filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


# --- a person's rows (the person came through the gate) ----------------------------------------------------


def open_stay_of(person: Person, *, for_update: bool = False) -> Stay | None:
    stays = access.rows_of_person(person, Stay).filter(ended_on__isnull=True).select_related("use", "episode")
    return (stays.select_for_update() if for_update else stays).first()


def open_episode_of(person: Person, *, for_update: bool = False) -> Episode | None:
    episodes = access.rows_of_person(person, Episode).filter(ended_on__isnull=True)
    return (episodes.select_for_update() if for_update else episodes).first()


def episodes_of(person: Person) -> QuerySet[Episode]:
    return access.rows_of_person(person, Episode).select_related("program").order_by("-started_on")


def stays_of(person: Person) -> QuerySet[Stay]:
    return (
        access.rows_of_person(person, Stay)
        .select_related("bed__room__site", "program")
        .order_by("-started_on", "-created_at")
    )


def waitlist_entries_of(person: Person) -> QuerySet[WaitlistEntry]:
    return access.rows_of_person(person, WaitlistEntry).select_related("program")


def holds_for(person: Person, now: datetime.datetime | None = None) -> list[Hold]:
    """The holds keeping a bed for the person now (an offer of a transitional bed to a crisis resident)."""
    now = now or timezone.now()
    holds = access.rows_of_person(person, Hold).filter(
        released_at__isnull=True, stay__isnull=True, during__contains=now
    )
    return list(holds.select_related("bed__room__site__program"))


def waiting_entry(person: Person, program: Program) -> WaitlistEntry | None:
    """The person's entry still waiting (not yet offered a bed) on the program's waitlist, if any."""
    return waitlist_entries_of(person).filter(program=program, status=WaitStatus.WAITING).first()


def hold_for_update(hold: Hold) -> Hold:
    """The hold locked until the transaction ends, with its use: one admission or release at a time."""
    owner = hold.person
    holds = access.rows_of_person(owner, Hold) if owner is not None else hold.bed.holds.filter(person=None)
    return holds.select_related("use").select_for_update().get(pk=hold.pk)


# --- the bed board ------------------------------------------------------------------------------------------

OCCUPIED, HELD, VACANT, OUT_OF_SERVICE = "occupied", "held", "vacant", "out_of_service"
STATES = (OCCUPIED, HELD, VACANT, OUT_OF_SERVICE)


@dataclass(frozen=True)
class BedState:
    bed: Bed
    state: str
    # For an occupied bed, only if the viewer may see the person through the gate.
    alias: str | None = None
    day: int | None = None
    household: uuid.UUID | None = None
    # When a hold or an outage ends (None: until further notice).
    until: datetime.datetime | None = None


@dataclass
class RoomBoard:
    room: Room
    beds: list[BedState] = field(default_factory=list)


@dataclass
class SiteBoard:
    site: Site
    rooms: list[RoomBoard] = field(default_factory=list)


def board(
    *, viewer: User, program: Program, now: datetime.datetime | None = None, bed_ids: Any = None
) -> list[SiteBoard]:
    """Every active bed of the program at ``now``, by site and room: three queries whatever the number of beds.

    The program came through ``program_for``. A use that covers ``now`` decides the state; there is at most
    one (the exclusion constraint). An expired hold covers nothing, so its bed reads vacant.
    """
    now = now or timezone.now()
    chosen = Bed.objects.filter(room__site__program=program, is_active=True)
    if bed_ids is not None:
        chosen = chosen.filter(pk__in=bed_ids)
    # Only what the board shows: a site's address (encrypted) is not decrypted once per bed.
    shown = ("name", "order", "room_id", "room__name", "room__order", "room__site_id", "room__site__name")
    beds = list(
        chosen.select_related("room__site")
        .only(*shown)
        .order_by("room__site__name", "room__site_id", "room__order", "room__name", "room_id", "order", "name")
    )
    uses = {
        use.bed_id: use
        for use in BedUse.objects.filter(bed__in=[bed.pk for bed in beds], during__contains=now)
        .only("bed_id", "kind", "during")
        .order_by()
    }
    # Who is in each occupied bed, for the people the viewer may see: one query with the gate inside.
    occupied = [use.pk for use in uses.values() if use.kind == UseKind.STAY]
    seen = (
        {
            use_id: (alias, started_on, household)
            for use_id, alias, started_on, household in access.rows_of_visible_people(viewer, Stay)
            .filter(use_id__in=occupied)
            .values_list("use_id", "person__alias", "started_on", "household")
        }
        if occupied
        else {}
    )
    today = agency_today(program.agency, now)
    sites: list[SiteBoard] = []
    for bed in beds:
        room, site = bed.room, bed.room.site
        if not sites or sites[-1].site.pk != site.pk:
            sites.append(SiteBoard(site=site))
        rooms = sites[-1].rooms
        if not rooms or rooms[-1].room.pk != room.pk:
            rooms.append(RoomBoard(room=room))
        use = uses.get(bed.pk)
        rooms[-1].beds.append(_state(bed, use, seen.get(use.pk) if use else None, today))
    return sites


def bed_state(*, viewer: User, program: Program, bed: Bed) -> BedState:
    """One bed as the board shows it."""
    return board(viewer=viewer, program=program, bed_ids=[bed.pk])[0].rooms[0].beds[0]


def bed_of(program: Program, bed_id: uuid.UUID) -> Bed:
    """An active bed of the program (which came through ``program_for``); 404 for any other."""
    bed = (
        Bed.objects.filter(room__site__program=program, is_active=True, pk=bed_id).select_related("room__site").first()
    )
    if bed is None:
        raise Http404
    return bed


def actable_programs(user: User) -> QuerySet[Program]:
    """The programs whose beds the user may act on: the agency's for a supervisor, their own for housing staff."""
    if not _active(user):
        return Program.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    supervised = memberships.filter(role=Role.SUPERVISOR).values("agency_id")
    housing = memberships.filter(role=Role.HOUSING_STAFF).values("agency_id")
    staffed = ProgramStaff.objects.filter(user=user).values("program_id")
    programs = Program.objects.filter(Q(agency_id__in=supervised) | Q(agency_id__in=housing, pk__in=staffed))
    return programs.filter(is_active=True)


def free_beds(
    user: User, *, now: datetime.datetime | None = None, program: Program | None = None, bed_id: Any = None
) -> list[Bed]:
    """Beds the user may act on that nothing takes from now on (no stay, hold or outage now or later);
    ``bed_id`` narrows it to one bed (is that one still free?)."""
    now = now or timezone.now()
    programs = actable_programs(user) if program is None else actable_programs(user).filter(pk=program.pk)
    taken = BedUse.objects.filter(Q(during__endswith__gt=now) | Q(during__upper_inf=True)).values("bed_id")
    beds = Bed.objects.filter(room__site__program__in=programs, is_active=True)
    if bed_id is not None:
        beds = beds.filter(pk=bed_id)
    return list(
        beds.exclude(pk__in=taken)
        .select_related("room__site__program")
        .order_by("room__site__program__name", "room__site__name", "room__order", "room__name", "order", "name")
    )


def free_bed_by_id(user: User, bed_id: object) -> Bed:
    """A bed chosen in a form from ``free_beds``; a forged or no-longer-free id is the same clear refusal."""
    try:
        found = free_beds(user, bed_id=uuid.UUID(str(bed_id)))
    except ValueError:
        found = []
    if not found:
        raise ValidationError(_("That bed is not free any more: choose another."))
    return found[0]


def open_stay_by_id(viewer: User, stay_id: object) -> Stay | None:
    """An open stay chosen in a form (a housemate), through the gate."""
    try:
        key = uuid.UUID(str(stay_id))
    except ValueError:
        return None
    return access.rows_of_visible_people(viewer, Stay).filter(pk=key, ended_on__isnull=True).first()


def bed_label(bed: Bed, *, with_program: bool = False) -> str:
    where = f"{bed.room.site.name} · {bed.room.name} · {bed.name}"
    return f"{bed.room.site.program.label} · {where}" if with_program else where


def people_to_place(user: User, program: Program) -> list[tuple[str, str]]:
    """Whom the worker may admit or hold a bed for from the board: their caseload and the program's waitlist,
    without anyone staying in a bed now. One query, the gate built once; aliases only."""
    waiting = access.rows_per_person(WaitlistEntry).filter(
        program=program, status__in=(WaitStatus.WAITING, WaitStatus.OFFERED)
    )
    staying = access.rows_per_person(Stay).filter(ended_on__isnull=True)
    people = (
        access.visible_people(user)
        .filter(Q(pk__in=access.care_team_person_ids(user)) | Exists(waiting))
        .exclude(Exists(staying))
        .exclude(status=Status.CLOSED)
        .order_by("alias")
    )
    return [(str(pk), alias) for pk, alias in people.values_list("pk", "alias")]


def housemates(viewer: User, bed: Bed) -> list[tuple[str, str]]:
    """The open stays in the bed's room whose person the viewer sees: who a new resident may live with."""
    stays = access.rows_of_visible_people(viewer, Stay).filter(ended_on__isnull=True, bed__room_id=bed.room_id)
    return [(str(pk), alias) for pk, alias in stays.values_list("pk", "person__alias")]


def holding(viewer: User, bed: Bed, now: datetime.datetime | None = None) -> tuple[Hold | None, str | None]:
    """The hold keeping the bed now, if any, and who it is for as the viewer may know it: the referral's
    alias for a hold without a record, the person's alias through the gate, ``None`` when not seen."""
    now = now or timezone.now()
    hold = (
        bed.holds.filter(released_at__isnull=True, stay__isnull=True, during__contains=now)
        .select_related("use", "offered_from")
        .first()
    )
    if hold is None or hold.person_id is None:
        return hold, hold.alias if hold else None
    seen = access.visible_people(viewer).filter(pk=hold.person_id).values_list("alias", flat=True).first()
    return hold, seen


def open_stay_in(viewer: User, bed: Bed) -> Stay | None:
    """The bed's open stay, if the viewer sees its person through the gate (``None`` otherwise)."""
    stays = access.rows_of_visible_people(viewer, Stay).filter(bed=bed, ended_on__isnull=True)
    return stays.select_related("person__agency", "use", "program").first()


def bed_is_occupied(bed: Bed) -> bool:
    return bed.uses.filter(kind=UseKind.STAY, during__contains=timezone.now()).exists()


def open_outage_of(bed: Bed, now: datetime.datetime | None = None) -> Any:
    now = now or timezone.now()
    return bed.outages.filter(use__during__contains=now).first()


def waitlist(viewer: User, program: Program) -> tuple[list[WaitlistEntry], int]:
    """The program's waitlist as the viewer may read it (people they see, still waiting first), and how many
    more entries are waiting for people they do not see (a count only)."""
    still = (WaitStatus.WAITING, WaitStatus.OFFERED)
    seen = list(
        access.rows_of_visible_people(viewer, WaitlistEntry)
        .filter(program=program)
        .select_related("person")
        .order_by("priority", "added_on")
    )
    seen.sort(key=lambda entry: entry.status not in still)  # still waiting first; sorted() keeps the order
    all_waiting = access.rows_for_aggregates(viewer, WaitlistEntry, agency_id=program.agency_id)
    unseen = all_waiting.filter(program=program, status__in=still).exclude(pk__in=[e.pk for e in seen]).count()
    return seen, unseen


def waitlist_entry_for(viewer: User, program: Program, entry_id: uuid.UUID) -> WaitlistEntry:
    """One waitlist entry of the program whose person the viewer sees; 404 for any other."""
    entries = access.rows_of_visible_people(viewer, WaitlistEntry).filter(program=program, pk=entry_id)
    entry = entries.select_related("person__agency", "program").first()
    if entry is None:
        raise Http404
    return entry


def _state(bed: Bed, use: BedUse | None, seen: tuple[str, datetime.date, Any] | None, today: datetime.date) -> BedState:
    if use is None:
        return BedState(bed=bed, state=VACANT)
    if use.kind == UseKind.STAY:
        if seen is None:  # someone the viewer may not see: "occupied", nothing more
            return BedState(bed=bed, state=OCCUPIED)
        alias, started_on, household = seen
        return BedState(bed=bed, state=OCCUPIED, alias=alias, day=(today - started_on).days + 1, household=household)
    state = HELD if use.kind == UseKind.HOLD else OUT_OF_SERVICE
    return BedState(bed=bed, state=state, until=use.during.upper)
