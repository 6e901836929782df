"""Inventory for housing tests: a program with a site, rooms and beds (inventory names no person)."""

from __future__ import annotations

from typing import Any

from waypoint.housing.choices import ProgramKind
from waypoint.housing.models import Bed, Program, ProgramStaff, Room, Site

ADDRESS = "41 Lantern Crescent, back door"  # fictional


def make_program(agency: Any, *, beds: int = 2, rooms: int = 1, staff: tuple[Any, ...] = (), **extra: Any) -> Program:
    values = {"name": "Crisis beds", "name_fr": "Lits de crise", "kind": ProgramKind.CRISIS, "target_days": 30}
    program = Program.objects.create(agency=agency, **(values | extra))
    site = Site.objects.create(agency=agency, program=program, name="House A", address=ADDRESS)
    for r in range(rooms):
        room = Room.objects.create(agency=agency, site=site, name=f"Room {r + 1}", order=r)
        for b in range(beds):
            Bed.objects.create(agency=agency, room=room, name=f"Bed {r + 1}{'ABCDEFGHIJ'[b % 10]}{b}", order=b)
    for user in staff:
        ProgramStaff.objects.create(program=program, user=user)
    return program


def beds_of(program: Program) -> list[Bed]:
    return list(
        Bed.objects.filter(room__site__program=program).select_related("room__site__program").order_by("room", "order")
    )
