"""The demo's housing: eighteen months of crisis beds and a transitional home written through the services,
a board that is full today with a hold, an offer and a bed out of service, a waitlist of three, past
turn-aways, a readmission after a return, all seen by the housing worker; made the same way each time and
loaded once."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.audit.models import Event
from waypoint.demo import casework as demo_casework
from waypoint.demo import data
from waypoint.demo import housing as demo_housing
from waypoint.demo import people as demo_people
from waypoint.demo import safety as demo_safety
from waypoint.housing import selectors
from waypoint.housing.choices import Destination, ExitReason, ProgramKind, WaitStatus
from waypoint.housing.models import Bed, BedOutage, BedUse, Episode, Hold, Program, Stay, WaitlistEntry
from waypoint.people import access
from waypoint.people.models import agency_today

DAY = datetime.timedelta(days=1)


@pytest.fixture
def demo(db):
    agencies = data.load_accounts()
    demo_people.load(agencies)
    demo_casework.load(agencies)  # dates the records as their journeys began
    demo_safety.load(agencies)
    demo_housing.load(agencies)
    return agencies


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _programs(agencies) -> dict[str, Program]:
    return {p.kind: p for p in Program.objects.filter(agency=agencies[data.DEMO_AGENCY])}


def _rows(model: Any):
    """Every housing row of the demo agency, as its supervisor may see them."""
    return access.rows_of_visible_people(_user(demo_housing.SAM), model)


def _flat(board) -> list[selectors.BedState]:
    return [state for site in board for room in site.rooms for state in room.beds]


def test_the_inventory_is_two_programs_of_four_and_six_beds_and_is_loaded_once(demo):
    programs = _programs(demo)
    crisis, home = programs[ProgramKind.CRISIS], programs[ProgramKind.TRANSITIONAL]
    assert (crisis.name, crisis.name_fr, crisis.target_days, crisis.hold_hours) == (
        "Crisis beds",
        "Lits de crise",
        21,
        24,
    )
    assert (home.name, home.name_fr, home.target_days) == ("Transitional home", "Maison de transition", 540)
    assert crisis.eligibility and home.eligibility
    hana = _user(demo_housing.HANA)
    for program in programs.values():
        assert list(program.staff.values_list("user", flat=True)) == [hana.pk]
        site = program.sites.get()
        assert site.address.endswith("(fictional)") and selectors.site_address(hana, site) == site.address
    today = agency_today(demo[data.DEMO_AGENCY])
    crisis_beds = list(Bed.objects.filter(room__site__program=crisis).order_by("room__order", "order"))
    assert [b.room.name for b in crisis_beds] == ["Room 1", "Room 1", "Room 2", "Room 2"]
    assert [b.opened_on is None for b in crisis_beds] == [True, True, False, False]
    assert 250 <= (today - crisis_beds[2].opened_on).days <= 290  # about nine months ago
    home_beds = Bed.objects.filter(room__site__program=home)
    assert home_beds.count() == 6 and home_beds.values("room").distinct().count() == 4

    events, stays = Event.objects.count(), _rows(Stay).count()
    demo_housing.load(demo)
    assert (Event.objects.count(), _rows(Stay).count(), Program.objects.count()) == (events, stays, 2)


def test_eighteen_months_of_stays_moves_exits_and_a_readmission_without_overlaps(demo):
    today = agency_today(demo[data.DEMO_AGENCY])
    programs = _programs(demo)
    crisis, home = programs[ProgramKind.CRISIS], programs[ProgramKind.TRANSITIONAL]
    stays = list(_rows(Stay).select_related("use", "bed").order_by("person", "started_on", "created_at"))
    episodes = list(_rows(Episode).order_by("person", "started_on"))
    assert len(stays) >= 60 and len(episodes) >= 50
    assert 530 <= (today - min(s.started_on for s in stays)).days <= 548
    assert all(s.started_on < today and (s.ended_on is None or s.ended_on < today) for s in stays)

    # Crisis stays of three to forty-five days, mostly one to four weeks; transitional stays of months.
    crisis_days = [(s.ended_on - s.started_on).days for s in stays if s.program_id == crisis.pk and s.ended_on]
    assert min(crisis_days) >= 3 and max(crisis_days) <= 45
    assert sum(7 <= d <= 30 for d in crisis_days) >= 0.6 * len(crisis_days)
    home_days = [(s.ended_on or today) - s.started_on for s in stays if s.program_id == home.pk]
    assert max(home_days).days >= 200 and sum(d.days >= 90 for d in home_days) >= 0.6 * len(home_days)

    # One open episode per person; an episode's stays follow each other; moves keep the episode.
    open_episodes = Counter(e.person_id for e in episodes if e.ended_on is None)
    assert max(open_episodes.values()) == 1
    by_episode: dict[Any, list[Stay]] = {}
    for stay in sorted(stays, key=lambda s: (s.started_on, s.created_at)):
        by_episode.setdefault(stay.episode_id, []).append(stay)
    moved = 0
    for episode in episodes:
        found = by_episode[episode.pk]
        assert found[0].started_on == episode.started_on and found[-1].ended_on == episode.ended_on
        assert all(a.ended_on == b.started_on for a, b in itertools.pairwise(found))
        assert (episode.ended_on is None) == (found[-1].ended_on is None)
        moved += {s.program_id for s in found} == {crisis.pk, home.pk}
    assert moved >= 3
    # Nobody in two beds at once; every stay, hold and outage has its use, and no two uses of a bed overlap.
    for _person, own in itertools.groupby(stays, key=lambda s: s.person_id):
        spans = sorted((s.use.during.lower, s.use.during.upper) for s in own)
        assert all(a[1] is not None and a[1] <= b[0] for a, b in itertools.pairwise(spans))
    beds = Bed.objects.filter(agency=demo[data.DEMO_AGENCY])
    holds = sum(bed.holds.count() for bed in beds)  # a referral's hold names nobody: read by its bed
    outages = BedOutage.objects.filter(bed__in=beds).count()
    assert BedUse.objects.count() == len(stays) + holds + outages
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM housing_beduse a JOIN housing_beduse b "
            "ON a.bed_id = b.bed_id AND a.id < b.id AND a.during && b.during"
        )
        assert cursor.fetchone()[0] == 0

    # Exits: mostly planned, some chose to leave, two went back; most to somewhere safe, with aftercare.
    ended = [e for e in episodes if e.ended_on is not None]
    reasons = Counter(e.exit_reason for e in ended)
    assert reasons[ExitReason.PLANNED] >= 0.5 * len(ended) and reasons[ExitReason.CHOSE_TO_LEAVE] >= 3
    assert reasons[ExitReason.RETURNED] == 2
    assert len({e.destination for e in ended}) >= 8
    assert sum(e.aftercare_offered is True for e in ended) >= 0.75 * len(ended)
    went_back = [e for e in ended if e.exit_reason == ExitReason.RETURNED]
    assert all(e.destination == Destination.EXPLOITER for e in went_back)
    assert any(
        later.person_id == e.person_id and later.started_on > e.ended_on for e in went_back for later in episodes
    ), "one of those who went back came back later"

    # A family in the family room: two stays, one household, both there today; another before them.
    households = Counter(s.household for s in stays if s.household)
    assert sorted(households.values()) == [2, 2]
    # A week of repairs in the past; a bed out of service now, until further notice.
    outage_rows = list(BedOutage.objects.filter(bed__agency=demo[data.DEMO_AGENCY]).order_by("starts_on"))
    assert [(o.ends_on - o.starts_on).days if o.ends_on else None for o in outage_rows] == [7, None]
    assert outage_rows[1].starts_on < today


def test_today_the_board_is_full_but_for_a_hold_an_offer_and_a_bed_out_of_service(demo):
    hana = _user(demo_housing.HANA)
    programs = _programs(demo)
    states = {
        kind: _flat(selectors.board(viewer=hana, program=selectors.program_for(hana, program.pk)))
        for kind, program in programs.items()
    }
    crisis, home = states[ProgramKind.CRISIS], states[ProgramKind.TRANSITIONAL]
    assert Counter(s.state for s in crisis) == {selectors.OCCUPIED: 3, selectors.HELD: 1}
    assert Counter(s.state for s in home) == {selectors.OCCUPIED: 4, selectors.HELD: 1, selectors.OUT_OF_SERVICE: 1}
    occupied = [s for s in crisis + home if s.state == selectors.OCCUPIED]
    # Hana is on every resident's care team: she sees each alias and day count.
    assert all(s.alias and s.alias.endswith("(fictional)") and s.day and s.day >= 2 for s in occupied)
    assert all(s.day is not None and s.day <= 45 for s in crisis if s.state == selectors.OCCUPIED)
    assert Counter(s.household for s in home if s.household).most_common(1)[0][1] == 2

    now = timezone.now()
    beds = Bed.objects.filter(agency=demo[data.DEMO_AGENCY]).prefetch_related("holds")
    holding = [hold for bed in beds for hold in bed.holds.all() if hold.is_holding(now)]
    assert len(holding) == 2
    referral = next(hold for hold in holding if hold.person_id is None)
    assert referral.alias == demo_housing.HOTLINE_ALIAS
    assert referral.bed.room.site.program == programs[ProgramKind.CRISIS]
    offered = _rows(Hold).get()
    assert offered.offered_from is not None and offered.offered_from.priority == 1


def test_the_waitlist_has_three_waiting_and_the_past_has_turn_aways_and_a_withdrawal(demo):
    today = agency_today(demo[data.DEMO_AGENCY])
    programs = _programs(demo)
    entries = list(_rows(WaitlistEntry))
    waiting = [e for e in entries if e.status in (WaitStatus.WAITING, WaitStatus.OFFERED)]
    assert {e.program_id for e in waiting} == {programs[ProgramKind.TRANSITIONAL].pk}
    assert sorted((e.priority, e.status) for e in waiting) == [
        (1, WaitStatus.OFFERED),
        (2, WaitStatus.WAITING),
        (3, WaitStatus.WAITING),
    ]
    # Two of them wait in a crisis bed to move on; the one offered a bed is somewhere else tonight.
    in_bed = {s.person_id for s in _rows(Stay).filter(ended_on__isnull=True)}
    assert [e.person_id in in_bed for e in sorted(waiting, key=lambda e: e.priority)] == [False, True, True]

    turned_away = [e for e in entries if e.declined_for_lack_of_bed]
    assert len(turned_away) == 3
    assert all(e.status == WaitStatus.DECLINED and e.decided_on and e.decided_on < today for e in turned_away)
    assert all(e.program_id == programs[ProgramKind.CRISIS].pk for e in turned_away)
    assert all(e.person.created_at.date() < e.added_on for e in entries)
    withdrawn = [e for e in entries if e.status == WaitStatus.WITHDRAWN]
    assert len(withdrawn) == 1 and withdrawn[0].decided_on > withdrawn[0].added_on


def test_every_resident_and_person_waiting_is_an_open_record_the_housing_worker_sees(demo):
    hana = _user(demo_housing.HANA)
    seen = set(access.caseload(hana).values_list("pk", flat=True))
    housed = {s.person_id for s in _rows(Stay)} | {e.person_id for e in _rows(WaitlistEntry)}
    assert housed <= seen
    people = {p.pk: p for p in access.visible_people(_user(demo_housing.SAM))}
    assert not any(people[pk].is_closed or people[pk].closure_pending for pk in housed)


def test_the_plan_is_a_function_of_the_seed_and_the_records_dates():
    opened = [700 - (i * 7) % 60 if i % 13 else None for i in range(60)]
    assert demo_housing.plan(opened) == demo_housing.plan(opened)
