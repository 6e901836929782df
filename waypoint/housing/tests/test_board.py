"""The bed board (each bed's state in a constant number of queries; aliases only through the gate) and who
sees a site's confidential address."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext

from waypoint.housing import selectors, services
from waypoint.housing.tests.factories import ADDRESS, beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

DAYS = datetime.timedelta(days=1)


def _fill(world, program, *, stays: int, holds: int, outages: int) -> None:
    """Stays, then holds, then outages on the program's beds in order; the rest stay vacant."""
    hana, harbour = world.user("hana"), world.agencies["harbour"]
    beds = iter(beds_of(program))
    today = agency_today(harbour)
    for n in range(stays):
        resident = make_person(harbour, alias=f"Resident {n}", team=[world.user("alice")])
        services.stay_admit(actor=hana, person=resident, bed=next(beds), on=today - n * DAYS)
    for n in range(holds):
        services.hold_place(actor=hana, bed=next(beds), alias=f"Incoming {n}")
    for _n in range(outages):
        services.outage_add(actor=hana, bed=next(beds), starts_on=today, reason="Repairs")


def _flat(board):
    return [state for site in board for room in site.rooms for state in room.beds]


def test_the_board_shows_each_beds_state(world, program):
    program = make_program(world.agencies["harbour"], beds=3, rooms=2, staff=(world.user("hana"),))
    _fill(world, program, stays=2, holds=1, outages=1)
    board = selectors.board(viewer=world.user("alice"), program=program)
    assert [len(room.beds) for room in board[0].rooms] == [3, 3]
    states = _flat(board)
    assert [s.state for s in states] == ["occupied", "occupied", "held", "out_of_service", "vacant", "vacant"]
    assert [(s.alias, s.day) for s in states[:2]] == [("Resident 0", 1), ("Resident 1", 2)]
    assert states[2].until is not None and states[3].until is None


def test_the_board_shows_an_alias_only_to_those_the_gate_lets_see_the_person(world, program):
    _fill(world, program, stays=1, holds=0, outages=0)
    aliases = {
        key: _flat(selectors.board(viewer=world.user(key), program=program))[0].alias
        for key in ("alice", "sam", "hana", "bob")
    }
    # alice is on the resident's care team, sam supervises; hana and bob are neither.
    assert aliases == {"alice": "Resident 0", "sam": "Resident 0", "hana": None, "bob": None}
    assert _flat(selectors.board(viewer=world.user("bob"), program=program))[0].state == "occupied"


def test_the_boards_query_count_does_not_grow_with_the_beds(world, django_assert_num_queries):
    harbour, hana = world.agencies["harbour"], world.user("hana")
    small = make_program(harbour, beds=2, staff=(hana,))
    large = make_program(harbour, name="Maple House", beds=10, rooms=3, staff=(hana,))
    _fill(world, small, stays=1, holds=1, outages=0)
    _fill(world, large, stays=12, holds=6, outages=4)
    counts = []
    for program in (small, large):
        program = selectors.program_for(world.user("sam"), program.pk)
        with CaptureQueriesContext(connection) as queries:
            assert len(_flat(selectors.board(viewer=world.user("sam"), program=program))) in (2, 30)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3  # the beds, their uses now, who is in the occupied ones (through the gate)


def test_housing_staff_open_only_their_programs_boards_and_advocates_and_supervisors_all(world, program):
    theirs = make_program(world.agencies["harbour"], name="Maple House")
    elsewhere = make_program(world.agencies["elsewhere"], name="Far House")
    assert set(selectors.programs_for(world.user("hana"))) == {program}
    assert set(selectors.programs_for(world.user("alice"))) == {program, theirs}
    assert set(selectors.programs_for(world.user("sam"))) == {program, theirs}
    for key in ("pat", "ines", "cora", "adam", "peter", "dora"):
        assert not selectors.programs_for(world.user(key)).exists(), key
    assert set(selectors.programs_for(world.user("oscar"))) == {elsewhere}
    with pytest.raises(Http404):
        selectors.program_for(world.user("hana"), theirs.pk)
    with pytest.raises(Http404):
        selectors.program_for(world.user("oscar"), program.pk)


@pytest.mark.parametrize(
    ("key", "sees"),
    [
        ("hana", True),
        ("sam", True),
        ("alice", False),
        ("bob", False),
        ("pat", False),
        ("ines", False),
        ("cora", False),
        ("adam", False),
        ("peter", False),
        ("oscar", False),
        ("dora", False),
    ],
)
def test_a_sites_address_is_shown_only_to_the_programs_staff_and_the_agencys_supervisors(world, program, key, sees):
    site = program.sites.get()
    assert selectors.may_see_address(world.user(key), site) is sees
    assert selectors.site_address(world.user(key), site) == (ADDRESS if sees else None)


def test_no_address_for_other_housing_staff_a_former_staff_member_or_someone_signed_out(world, program):
    site = program.sites.get()
    other, _ = make_user("hugo@test.waypoint.invalid", agency=site.agency, role="housing_staff", mfa=False)
    assert selectors.site_address(other, site) is None
    assert selectors.site_address(AnonymousUser(), site) is None
    hana = world.user("hana")
    hana.memberships.update(is_active=False)
    assert selectors.site_address(hana, site) is None
    elsewhere = make_program(world.agencies["elsewhere"], staff=(world.user("oscar"),))
    assert selectors.site_address(world.user("sam"), elsewhere.sites.get()) is None
