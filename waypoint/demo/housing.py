"""Demo housing: eighteen months of crisis beds and a transitional home at the demo agency.

Shaped like a small programme's beds are used: "Crisis beds" at the Safe house had two beds in one room
until about nine months ago, when a second room of two opened; the "Transitional home" at Maple house has
six beds in four rooms, one of them a family room for a parent and child (two people, one household).
Crisis stays last three to forty-five days, mostly one to four weeks, with a few days' gap between one
resident and the next; a few residents move on to the transitional home in the same episode and stay for
months; most people leave on a planned move to somewhere safe, some choose to leave, two went back to the
situation they had left, and one of those came back later (a readmission: a new episode). Aftercare is
offered to almost everyone. One crisis bed was out for a week of repairs; one transitional bed is out of
service now, until further notice. Today the crisis beds are full but one, held since this morning for a
hotline referral known only by an alias; the transitional home has four of six beds taken (the family
room among them), one out of service and one offered to the first of three people on its waitlist. In the
past, three people asked for a crisis bed when none was free (turned away) and one withdrew from the
transitional home's waitlist when they went to family.

How it is written, and why: ``plan()`` is a pure function of the seed and the days each record was opened
(days before today), made by ``simulate()``, which the city generator shares; the loader then replays it
through ``housing.services`` as Hana, the housing worker, with back-dated days (a past day's admission,
move or discharge is at noon of that day in the agency's zone, so one leaving and the next arriving on a
day do not overlap), so every row has its audit event and the database's rule "one use of a bed at a
time" checked every write. Holds start now (the service has no past holds): today's hold and today's
offer are the only ones. Residents and people on the waitlist are open records the people loader made
(by index in case-number order, as in ``demo.safety``); the supervisor adds Hana to the care team of any
she is not on yet, so she sees their aliases on the board. The inventory (programs, sites, rooms, beds,
program staff) has no services yet and is made directly, with one ``demo.housing_inventory`` event.

Every word is written for this demo; addresses are fictional. Idempotent: an agency that already has a
housing program gets nothing more.
"""

from __future__ import annotations

import datetime
import random
import zoneinfo
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.demo.data import DEMO_AGENCY
from waypoint.housing import services
from waypoint.housing.choices import Destination, ExitReason, PriorSituation, ProgramKind, ReferralSource, WaitStatus
from waypoint.housing.models import Bed, Program, ProgramStaff, Room, Site, Stay
from waypoint.people.models import CareRole, CareTeamMember, Person, agency_today
from waypoint.people.services import care

SEED = 2030
HISTORY_DAYS = 548  # eighteen months; day 0 is the first day of the history, day HISTORY_DAYS today
FOREVER = 10**9  # a day after every other: "still there", "out until further notice"

# --- the simulation the demo and the city generator share ------------------------------------------


def crisis_days(rng: random.Random) -> int:
    """A crisis stay: three to forty-five days, mostly one to four weeks."""
    roll = rng.random()
    if roll < 0.1:
        return rng.randint(3, 6)
    if roll < 0.88:
        return rng.randint(7, 30)
    return rng.randint(31, 45)


def transitional_days(rng: random.Random) -> int:
    """A transitional stay: months; a few leave in the first weeks, a few stay past a year."""
    roll = rng.random()
    if roll < 0.15:
        return rng.randint(30, 119)
    if roll < 0.85:
        return rng.randint(120, 400)
    return rng.randint(401, 540)


LENGTHS: dict[str, Callable[[random.Random], int]] = {
    ProgramKind.CRISIS: crisis_days,
    ProgramKind.TRANSITIONAL: transitional_days,
    ProgramKind.SUPPORTED: transitional_days,
}

# How people arrive, per kind of program: who referred them, where they stayed the night before (weights).
ARRIVALS: dict[str, tuple[list[tuple[str, int]], list[tuple[str, int]]]] = {
    ProgramKind.CRISIS: (
        [
            (ReferralSource.HOTLINE, 4),
            (ReferralSource.OUTREACH, 3),
            (ReferralSource.POLICE, 2),
            (ReferralSource.AGENCY, 2),
            (ReferralSource.HOSPITAL, 1),
            (ReferralSource.SELF, 1),
            (ReferralSource.OTHER, 1),
        ],
        [
            (PriorSituation.EXPLOITER, 5),
            (PriorSituation.STREET, 2),
            (PriorSituation.FRIENDS, 2),
            (PriorSituation.HOTEL, 2),
            (PriorSituation.SHELTER, 1),
            (PriorSituation.FAMILY, 1),
            (PriorSituation.HOSPITAL, 1),
            (PriorSituation.UNKNOWN, 1),
            (PriorSituation.DECLINED, 1),
        ],
    ),
    ProgramKind.TRANSITIONAL: (
        [(ReferralSource.AGENCY, 4), (ReferralSource.OUTREACH, 1), (ReferralSource.SELF, 1), (ReferralSource.OTHER, 1)],
        [
            (PriorSituation.SHELTER, 3),
            (PriorSituation.FRIENDS, 2),
            (PriorSituation.FAMILY, 1),
            (PriorSituation.TRANSITIONAL, 1),
            (PriorSituation.RENTAL, 1),
            (PriorSituation.UNKNOWN, 1),
        ],
    ),
}
ARRIVALS[ProgramKind.SUPPORTED] = ARRIVALS[ProgramKind.TRANSITIONAL]

# Why people leave (weight), where they go (weights), and how often aftercare is offered.
EXITS: dict[str, tuple[int, list[tuple[str, int]], float]] = {
    ExitReason.PLANNED: (
        62,
        [
            (Destination.RENTAL, 3),
            (Destination.RENTAL_SUBSIDY, 3),
            (Destination.FAMILY_PERMANENT, 2),
            (Destination.SUPPORTIVE, 2),
            (Destination.TRANSITIONAL, 2),
            (Destination.FRIENDS_PERMANENT, 1),
            (Destination.SHELTER, 1),
        ],
        0.95,
    ),
    ExitReason.CHOSE_TO_LEAVE: (
        20,
        [
            (Destination.FRIENDS_TEMPORARY, 3),
            (Destination.UNKNOWN, 3),
            (Destination.FAMILY_TEMPORARY, 2),
            (Destination.DECLINED, 1),
            (Destination.STREET, 1),
            (Destination.HOTEL, 1),
        ],
        0.6,
    ),
    ExitReason.HOSPITAL: (6, [(Destination.HOSPITAL, 1)], 0.9),
    ExitReason.OTHER: (
        8,
        [(Destination.OTHER, 2), (Destination.UNKNOWN, 2), (Destination.DETENTION, 1), (Destination.SHELTER, 1)],
        0.7,
    ),
}


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([value for value, _w in pairs], weights=[w for _v, w in pairs])[0]


def _aftercare(rng: random.Random, share: float) -> bool | None:
    """Offered (most), not offered, or not recorded."""
    roll = rng.random()
    if roll < share:
        return True
    return False if roll < share + (1 - share) / 2 else None


def arrival(rng: random.Random, kind: str) -> tuple[str, str]:
    """(referral source, prior situation) of someone arriving at a program of this kind."""
    sources, situations = ARRIVALS[kind]
    return _weighted(rng, sources), _weighted(rng, situations)


def exit_for(rng: random.Random, *, returned_share: float = 0.0) -> tuple[str, str, bool | None]:
    """(reason, destination, aftercare offered) of a discharge."""
    if rng.random() < returned_share:
        return ExitReason.RETURNED, Destination.EXPLOITER, _aftercare(rng, 0.5)
    reasons = list(EXITS)
    reason = rng.choices(reasons, weights=[EXITS[r][0] for r in reasons])[0]
    _weight, destinations, share = EXITS[reason]
    return reason, _weighted(rng, destinations), _aftercare(rng, share)


@dataclass(frozen=True)
class SimProgram:
    kind: str
    fill: float  # the chance a free bed is taken on any one day (a mean gap of 1/fill days between residents)
    move_to: int | None = None  # the program residents may move on to (its index), in the same episode
    move_share: float = 0.0
    days: Callable[[random.Random], int] | None = None  # length of a stay; by default the kind's (``LENGTHS``)


@dataclass
class SimBed:
    program: int
    opens: int = 0  # the first day the bed is in use
    # Days the bed takes nobody (an outage, a bed kept free), in order: (first day, day back) or (first day, None).
    blocks: list[tuple[int, int | None]] = field(default_factory=list)
    # From this day a free bed is taken at once, by someone still there today (a full house today).
    full_from: int | None = None


@dataclass(frozen=True)
class SimPerson:
    arrives: int  # the first day a stay may begin (the day after the record was opened)
    leaves: int | None = None  # the last day a stay may end (the record closes after it); None: open today


@dataclass
class SimStay:
    bed: int
    start: int
    end: int | None  # the day they left or moved; None: still there today


@dataclass
class SimEpisode:
    person: int
    program: int  # at entry
    stays: list[SimStay]
    referral_source: str
    prior_situation: str
    exit_reason: str = ""
    destination: str = ""
    aftercare: bool | None = None

    @property
    def start(self) -> int:
        return self.stays[0].start

    @property
    def end(self) -> int | None:
        return self.stays[-1].end


def simulate(
    rng: random.Random,
    programs: list[SimProgram],
    beds: list[SimBed],
    people: list[SimPerson],
    days: int,
    *,
    readmit: float = 0.2,
    rest: int = 30,
    returned_share: float = 0.0,
) -> list[SimEpisode]:
    """Who slept in which bed from day 0 until ``days`` (today), in order of admission.

    Each day, each free bed is taken with its program's ``fill`` chance, by someone whose record is open
    for the whole stay, who is in no bed then and has been out of one for ``rest`` days; someone who stayed
    before is taken again with the ``readmit`` chance only. A stay ends by the bed's next block; one that
    would end today or later is still going (so nobody leaves today). With the program's ``move_share``
    chance, someone hopes to move on to its ``move_to``: on the day their stay ends, if a bed there is free,
    they take it the same instant (one episode), before anyone else that day. Admissions are before today.
    """
    return _Simulation(rng, programs, beds, people, days, readmit, rest, returned_share).run()


TRIES = 40  # people looked at for one free bed
SHORTEST = 3  # days: the shortest stay


class _Simulation:
    def __init__(
        self,
        rng: random.Random,
        programs: list[SimProgram],
        beds: list[SimBed],
        people: list[SimPerson],
        days: int,
        readmit: float,
        rest: int,
        returned_share: float,
    ) -> None:
        self.rng, self.programs, self.beds, self.people, self.days = rng, programs, beds, people, days
        self.readmit, self.rest, self.returned_share = readmit, rest, returned_share
        self.free_from = [bed.opens for bed in beds]
        self.blocks = [list(bed.blocks) for bed in beds]  # the ones ahead; passed blocks are dropped
        self.order = sorted(range(len(people)), key=lambda p: people[p].arrives)
        self.arrivals = [people[p].arrives for p in self.order]
        self.person_free = [0] * len(people)
        self.stayed = [False] * len(people)
        self.beds_of = {i: [b for b, bed in enumerate(beds) if bed.program == i] for i in range(len(programs))}
        self.episodes: list[SimEpisode] = []
        self.moving: dict[int, list[SimEpisode]] = {}  # by the day their stay ends: hoping to move on

    def run(self) -> list[SimEpisode]:
        for day in range(self.days):
            for episode in self.moving.pop(day, []):
                self._move_on(episode, day)
            for b in range(len(self.beds)):
                self._pass_blocks(b, day)
                if self.free_from[b] <= day and self.beds[b].opens <= day:
                    self._maybe_admit(b, day)
        return self.episodes

    def _pass_blocks(self, b: int, day: int) -> None:
        blocks = self.blocks[b]
        while blocks and blocks[0][0] <= day:
            _start, back = blocks.pop(0)
            self.free_from[b] = max(self.free_from[b], FOREVER if back is None else back)

    def _next_block(self, b: int, day: int) -> int | None:
        return next((start for start, _back in self.blocks[b] if start > day), None)

    def _free_on(self, b: int, day: int) -> bool:
        if self.free_from[b] > day or self.beds[b].opens > day:
            return False
        return not any(start <= day and (back is None or day < back) for start, back in self.blocks[b])

    def _stay(self, b: int, start: int, *, stays_on: bool = False) -> SimStay | None:
        program = self.programs[self.beds[b].program]
        length = (program.days or LENGTHS[program.kind])(self.rng)
        end = start + length
        block = self._next_block(b, start)
        if block is not None:
            # Nobody is given a bed for much less than they need: half of it at least.
            end = min(end, block)
            return SimStay(b, start, end) if end - start >= max(SHORTEST, length // 2) else None
        return SimStay(b, start, None if stays_on or end >= self.days else end)

    def _full(self, b: int, day: int) -> bool:
        full_from = self.beds[b].full_from
        return full_from is not None and day >= full_from

    def _maybe_admit(self, b: int, day: int) -> None:
        bed = self.beds[b]
        program = self.programs[bed.program]
        full = self._full(b, day)
        if not full and self.rng.random() >= program.fill:
            return
        stay = self._stay(b, day, stays_on=full)
        if stay is None:
            return
        hoping = stay.end is not None and program.move_to is not None and self.rng.random() < program.move_share
        person = self._person(day, stay.end)
        if person is None:
            return
        self.free_from[b] = FOREVER if stay.end is None else stay.end
        self.person_free[person] = FOREVER if stay.end is None else stay.end + self.rest
        self.stayed[person] = True
        referral, prior = arrival(self.rng, program.kind)
        episode = SimEpisode(person, bed.program, [stay], referral, prior)
        if stay.end is not None:
            episode.exit_reason, episode.destination, episode.aftercare = exit_for(
                self.rng, returned_share=self.returned_share
            )
            if hoping:
                self.moving.setdefault(stay.end, []).append(episode)
        self.episodes.append(episode)

    def _move_on(self, episode: SimEpisode, day: int) -> None:
        """On the day their stay ends, someone hoping to move on takes a free bed of the next program, if one is
        free then and their record stays open for the whole stay; otherwise they leave as planned."""
        target = self.programs[episode.program].move_to
        free = [t for t in self.beds_of[target] if self._free_on(t, day)] if target is not None else []
        if not free:
            return
        bed = self.rng.choice(free)
        following = self._stay(bed, day, stays_on=self._full(bed, day))
        leaves = self.people[episode.person].leaves
        if following is None or (leaves is not None and (following.end is None or following.end > leaves)):
            return
        episode.stays.append(following)
        self.free_from[following.bed] = FOREVER if following.end is None else following.end
        self.person_free[episode.person] = FOREVER if following.end is None else following.end + self.rest
        if following.end is None:
            episode.exit_reason, episode.destination, episode.aftercare = "", "", None

    def _person(self, day: int, end: int | None) -> int | None:
        known = bisect_right(self.arrivals, day)
        for _ in range(TRIES if known else 0):
            p = self.order[self.rng.randrange(known)]
            leaves = self.people[p].leaves
            if self.person_free[p] > day or (leaves is not None and (end is None or end > leaves)):
                continue
            if self.stayed[p] and self.rng.random() >= self.readmit:
                continue
            return p
        return None


# --- the demo's plan ------------------------------------------------------------------------------

CRISIS, TRANSITIONAL = 0, 1
PROGRAMS = [
    SimProgram(ProgramKind.CRISIS, fill=0.1, move_to=TRANSITIONAL, move_share=0.5),
    SimProgram(ProgramKind.TRANSITIONAL, fill=0.01),
]
SECOND_ROOM = HISTORY_DAYS - 270  # the day the crisis beds went from two to four


@dataclass(frozen=True)
class BedSpec:
    program: int
    room: str
    name: str
    opens: int = 0


BEDS = [
    BedSpec(CRISIS, "Room 1", "Bed 1A"),
    BedSpec(CRISIS, "Room 1", "Bed 1B"),
    BedSpec(CRISIS, "Room 2", "Bed 2A", SECOND_ROOM),
    BedSpec(CRISIS, "Room 2", "Bed 2B", SECOND_ROOM),
    BedSpec(TRANSITIONAL, "Family room", "Bed F1"),
    BedSpec(TRANSITIONAL, "Family room", "Bed F2"),
    BedSpec(TRANSITIONAL, "Room 2", "Bed 2A"),
    BedSpec(TRANSITIONAL, "Room 2", "Bed 2B"),
    BedSpec(TRANSITIONAL, "Room 3", "Bed 3"),
    BedSpec(TRANSITIONAL, "Room 4", "Bed 4"),
]
FAMILY = (4, 5)  # the family room's beds: parent, child; only households, written below, not simulated
HOLD_BED = 3  # free since two days ago, held now for a hotline referral
OFFER_BED = 7  # free for three weeks, offered today to the first on the waitlist
FULL = {0: HISTORY_DAYS - 21, 1: HISTORY_DAYS - 21, 2: HISTORY_DAYS - 21, 6: HISTORY_DAYS - 75, 8: HISTORY_DAYS - 75}


@dataclass(frozen=True)
class PlannedOutage:
    bed: int
    start: int
    back: int | None
    reason: str


OUTAGES = [
    PlannedOutage(1, HISTORY_DAYS - 330, HISTORY_DAYS - 323, "New window frame after the winter leak"),
    PlannedOutage(9, HISTORY_DAYS - 9, None, "Mould treatment behind the shower wall; back once it has dried out"),
]
KEPT_FREE = {HOLD_BED: HISTORY_DAYS - 2, OFFER_BED: HISTORY_DAYS - 20}
HOTLINE_ALIAS = "Hotline referral — arriving tonight"


@dataclass(frozen=True)
class PlannedHousehold:
    parent: int  # index into the demo's people (case-number order)
    child: int
    start: int
    end: int | None
    exit: tuple[str, str, bool | None] = ("", "", None)


# A parent with a teenager, two years ago and now (people whose age band fits).
HOUSEHOLDS = [
    PlannedHousehold(
        31, 47, HISTORY_DAYS - 500, HISTORY_DAYS - 262, (ExitReason.PLANNED, Destination.RENTAL_SUBSIDY, True)
    ),
    PlannedHousehold(34, 58, HISTORY_DAYS - 118, None),
]


@dataclass
class PlannedEntry:
    person: int
    program: int
    added: int
    priority: int
    status: str = WaitStatus.WAITING  # declined or withdrawn: closed on ``decided``
    decided: int | None = None
    lack_of_bed: bool = False
    offered: bool = False  # offered the free bed today


@dataclass
class HousingPlan:
    episodes: list[SimEpisode]  # ``person`` is an index into the demo's people
    households: list[PlannedHousehold]
    waitlist: list[PlannedEntry]


def plan(opened: list[int | None]) -> HousingPlan:
    """The demo's housing, in days from the first of the history: a pure function of the seed and
    ``opened`` (for each of the demo's people, the days before today their record was opened; None for
    a record that takes no part, closed or closing)."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    households = [h for h in HOUSEHOLDS if opened[h.parent] is not None and opened[h.child] is not None]
    in_households = {i for h in HOUSEHOLDS for i in (h.parent, h.child)}
    pool = [i for i, days in enumerate(opened) if days is not None and i not in in_households]
    people = [SimPerson(arrives=max(0, HISTORY_DAYS - (opened[i] or 0) + 1)) for i in pool]
    beds = [SimBed(spec.program, spec.opens, full_from=FULL.get(b)) for b, spec in enumerate(BEDS)]
    for outage in OUTAGES:
        beds[outage.bed].blocks.append((outage.start, outage.back))
    for b, day in KEPT_FREE.items():
        beds[b].blocks.append((day, None))
    for b in FAMILY:
        beds[b].blocks = [(0, None)]
    for bed in beds:
        bed.blocks.sort()
    episodes = simulate(rng, PROGRAMS, beds, people, HISTORY_DAYS, readmit=0.15, rest=45)
    for episode in episodes:
        episode.person = pool[episode.person]
    _two_went_back(episodes)
    arrives = {i: person.arrives for i, person in zip(pool, people, strict=True)}
    return HousingPlan(episodes, households, _waitlist(rng, episodes, arrives))


def _two_went_back(episodes: list[SimEpisode]) -> None:
    """Two crisis stays ended with a return to the trafficking situation; the first of them came back later."""
    ended = [e for e in episodes if e.end is not None and len(e.stays) == 1 and e.program == CRISIS]
    starts: dict[int, list[int]] = {}
    for episode in episodes:
        starts.setdefault(episode.person, []).append(episode.start)
    back = next(e for e in ended if any(s > (e.end or FOREVER) + 30 for s in starts[e.person]))
    gone = next(e for e in reversed(ended) if e is not back and e.start > HISTORY_DAYS - 200)
    back.exit_reason, back.destination, back.aftercare = ExitReason.RETURNED, Destination.EXPLOITER, True
    gone.exit_reason, gone.destination, gone.aftercare = ExitReason.RETURNED, Destination.EXPLOITER, None


def _housed(episodes: list[SimEpisode], person: int, day: int) -> bool:
    return any(e.person == person and e.start <= day < (e.end or FOREVER) for e in episodes)


def _crisis_full(episodes: list[SimEpisode], day: int) -> bool:
    """Every crisis bed taken by someone that day (a bed out of service counts as free: never a turn-away then)."""
    beds = [b for b, spec in enumerate(BEDS) if spec.program == CRISIS and spec.opens <= day]
    taken = {s.bed for e in episodes for s in e.stays if s.start <= day < (s.end or FOREVER)}
    return set(beds) <= taken


def _waitlist(rng: random.Random, episodes: list[SimEpisode], arrives: dict[int, int]) -> list[PlannedEntry]:
    """Three turned away when the crisis beds were full, one withdrawn, and three waiting today (``arrives``:
    the first day each person of the pool could ask)."""
    entries: list[PlannedEntry] = []
    full_days = [d for d in range(30, HISTORY_DAYS - 30) if _crisis_full(episodes, d)]
    chosen: list[int] = []
    for day in rng.sample(full_days, len(full_days)):
        if len(chosen) == 3:
            break
        if all(abs(day - other) > 40 for other in chosen):
            chosen.append(day)
    for day in sorted(chosen):
        person = rng.choice([p for p, first in arrives.items() if first <= day and not _housed(episodes, p, day)])
        entries.append(PlannedEntry(person, CRISIS, day, 1, WaitStatus.DECLINED, day, lack_of_bed=True))
    # Waiting in a crisis bed for a place at the transitional home, then went to family instead.
    left = next(
        e
        for e in episodes
        if e.end is not None
        and e.program == CRISIS
        and len(e.stays) == 1
        and e.destination == Destination.FAMILY_PERMANENT
        and e.end - e.start >= 10
    )
    entries.append(PlannedEntry(left.person, TRANSITIONAL, left.start + 3, 2, WaitStatus.WITHDRAWN, left.end))
    # Today: two crisis residents waiting to move on, and someone at another shelter offered the free bed.
    residents = [e for e in episodes if e.end is None and e.program == CRISIS and len(e.stays) == 1]
    for priority, episode in enumerate(residents[:2], 2):
        entries.append(PlannedEntry(episode.person, TRANSITIONAL, episode.start + 2, priority))
    elsewhere = [p for p in arrives if not _housed(episodes, p, HISTORY_DAYS)]
    entries.append(PlannedEntry(rng.choice(elsewhere), TRANSITIONAL, HISTORY_DAYS - 6, 1, offered=True))
    return entries


# --- loading ------------------------------------------------------------------------------------------

HANA, SAM = "housing@demo.waypoint.test", "supervisor@demo.waypoint.test"
CRISIS_FOR = (
    "Adults and young people from 16 leaving a trafficking situation who need somewhere safe tonight. "
    "No referral needed: call the line, day or night."
)
HOME_FOR = (
    "People ready to work towards a place of their own, from our crisis beds or referred by a partner. "
    "The family room takes a parent with one child."
)
SITES = [
    (
        "Crisis beds",
        "Lits de crise",
        ProgramKind.CRISIS,
        21,  # three weeks: today's crisis residents (in since three weeks ago) show "Stay near its target length"
        CRISIS_FOR,
        "Safe house",
        "18 Alder Mews (fictional)",
    ),
    (
        "Transitional home",
        "Maison de transition",
        ProgramKind.TRANSITIONAL,
        540,
        HOME_FOR,
        "Maple house",
        "7 Quarry Lane, side door (fictional)",
    ),
]


def load(agencies: dict[str, Agency]) -> None:
    """Eighteen months of the demo agency's crisis beds and transitional home. Idempotent."""
    agency = agencies[DEMO_AGENCY]
    hana, sam = User.objects.filter(email=HANA).first(), User.objects.filter(email=SAM).first()
    if hana is None or sam is None or Program.objects.filter(agency=agency).exists():
        return
    people = list(Person.objects.filter(agency=agency).order_by("case_number"))
    if not people:
        return
    today = agency_today(agency)
    zone = zoneinfo.ZoneInfo(agency.time_zone)
    opened = [
        None if p.is_closed or p.closure_pending else (today - timezone.localtime(p.created_at, zone).date()).days
        for p in people
    ]
    planned = plan(opened)
    first = today - datetime.timedelta(days=HISTORY_DAYS)
    with transaction.atomic():
        programs, beds = _inventory(agency, hana, first)
        _join_care_teams(planned, people, hana, sam, first)
        _Replay(hana, people, programs, beds, first).run(planned)
        audit.record(
            action="demo.housing_inventory",
            agency=agency,
            detail={"programs": len(programs), "beds": len(beds), "episodes": len(planned.episodes)},
        )


def _inventory(agency: Agency, hana: User, first: datetime.date) -> tuple[list[Program], list[Bed]]:
    programs: list[Program] = []
    sites: list[Site] = []
    for name, name_fr, kind, target, eligibility, site_name, address in SITES:
        program = Program.objects.create(
            agency=agency,
            name=name,
            name_fr=name_fr,
            kind=kind,
            eligibility=eligibility,
            target_days=target,
            hold_hours=24,
        )
        ProgramStaff.objects.create(program=program, user=hana)
        programs.append(program)
        sites.append(Site.objects.create(agency=agency, program=program, name=site_name, address=address))
    rooms: dict[tuple[int, str], Room] = {}
    beds: list[Bed] = []
    for spec in BEDS:
        key = (spec.program, spec.room)
        if key not in rooms:
            order = sum(1 for program, _room in rooms if program == spec.program)
            rooms[key] = Room.objects.create(agency=agency, site=sites[spec.program], name=spec.room, order=order)
        room = rooms[key]
        opened_on = first + datetime.timedelta(days=spec.opens) if spec.opens else None
        order = sum(1 for bed in beds if bed.room_id == room.pk)
        beds.append(Bed.objects.create(agency=agency, room=room, name=spec.name, order=order, opened_on=opened_on))
    return programs, beds


def _join_care_teams(planned: HousingPlan, people: list[Person], hana: User, sam: User, first: datetime.date) -> None:
    """Hana on the care team of everyone with a bed or on a waitlist, from the first day she met them."""
    met: dict[int, int] = {}
    for episode in planned.episodes:
        met[episode.person] = min(met.get(episode.person, FOREVER), episode.start)
    for household in planned.households:
        for person in (household.parent, household.child):
            met[person] = min(met.get(person, FOREVER), household.start)
    for entry in planned.waitlist:
        met[entry.person] = min(met.get(entry.person, FOREVER), entry.added)
    already = set(
        CareTeamMember.objects.filter(person__in=people, user=hana, until__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    for index, day in sorted(met.items()):
        if people[index].pk not in already:
            since = first + datetime.timedelta(days=day)
            care.care_team_add(actor=sam, person=people[index], user=hana, role=CareRole.HOUSING, since=since)


class _Replay:
    """The plan written through ``housing.services`` day by day: on each day, leaving and moving first,
    then beds going out of service, admissions, and the waitlist."""

    LEAVE, OUTAGE, ADMIT, WAITLIST = range(4)

    def __init__(
        self, hana: User, people: list[Person], programs: list[Program], beds: list[Bed], first: datetime.date
    ) -> None:
        self.hana, self.people, self.programs, self.beds, self.first = hana, people, programs, beds, first
        self.current: dict[int, Stay] = {}  # each person's stay in progress
        self.actions: list[tuple[int, int, int, Callable[[], None]]] = []

    def day(self, n: int) -> datetime.date:
        return self.first + datetime.timedelta(days=n)

    def at(self, day: int, phase: int, action: Callable[[], None]) -> None:
        self.actions.append((day, phase, len(self.actions), action))

    def run(self, planned: HousingPlan) -> None:
        for episode in planned.episodes:
            self._episode(episode)
        for household in planned.households:
            self._household(household)
        for outage in OUTAGES:
            self.at(outage.start, self.OUTAGE, partial(self._outage, outage))
        for entry in planned.waitlist:
            self._entry(entry)
        self.at(HISTORY_DAYS, self.ADMIT, self._hotline_hold)
        for _day, _phase, _n, action in sorted(self.actions, key=lambda a: a[:3]):
            action()

    def _admit(self, person: int, bed: int, day: int, source: str, prior: str, with_: int | None = None) -> None:
        self.current[person] = services.stay_admit(
            actor=self.hana,
            person=self.people[person],
            bed=self.beds[bed],
            on=self.day(day),
            referral_source=source,
            prior_situation=prior,
            household_with=self.current[with_] if with_ is not None else None,
        )

    def _move(self, person: int, bed: int, day: int) -> None:
        self.current[person] = services.stay_move(
            actor=self.hana, stay=self.current[person], bed=self.beds[bed], on=self.day(day)
        )

    def _leave(self, person: int, day: int, exit: tuple[str, str, bool | None]) -> None:
        reason, destination, aftercare = exit
        services.stay_discharge(
            actor=self.hana,
            stay=self.current.pop(person),
            on=self.day(day),
            reason=reason,
            destination=destination,
            aftercare_offered=aftercare,
        )

    def _episode(self, e: SimEpisode) -> None:
        first = e.stays[0]
        self.at(
            first.start,
            self.ADMIT,
            partial(self._admit, e.person, first.bed, first.start, e.referral_source, e.prior_situation),
        )
        for stay in e.stays[1:]:
            self.at(stay.start, self.LEAVE, partial(self._move, e.person, stay.bed, stay.start))
        end = e.end
        if end is not None:
            self.at(end, self.LEAVE, partial(self._leave, e.person, end, (e.exit_reason, e.destination, e.aftercare)))

    def _household(self, h: PlannedHousehold) -> None:
        parent_bed, child_bed = FAMILY
        source, prior = ReferralSource.AGENCY, PriorSituation.SHELTER
        self.at(h.start, self.ADMIT, partial(self._admit, h.parent, parent_bed, h.start, source, prior))
        self.at(h.start, self.ADMIT, partial(self._admit, h.child, child_bed, h.start, source, prior, h.parent))
        end = h.end
        if end is not None:
            self.at(end, self.LEAVE, partial(self._leave, h.parent, end, h.exit))
            self.at(end, self.LEAVE, partial(self._leave, h.child, end, h.exit))

    def _outage(self, outage: PlannedOutage) -> None:
        services.outage_add(
            actor=self.hana,
            bed=self.beds[outage.bed],
            starts_on=self.day(outage.start),
            ends_on=self.day(outage.back) if outage.back is not None else None,
            reason=outage.reason,
        )

    def _entry(self, planned: PlannedEntry) -> None:
        made: dict[str, Any] = {}

        def add() -> None:
            made["entry"] = services.waitlist_add(
                actor=self.hana,
                program=self.programs[planned.program],
                person=self.people[planned.person],
                priority=planned.priority,
                on=self.day(planned.added),
            )

        def close() -> None:
            services.waitlist_close(
                actor=self.hana,
                entry=made["entry"],
                status=planned.status,
                lack_of_bed=planned.lack_of_bed,
                on=self.day(planned.decided or planned.added),
            )

        def offer() -> None:
            services.waitlist_offer(actor=self.hana, entry=made["entry"], bed=self.beds[OFFER_BED])

        self.at(planned.added, self.WAITLIST, add)
        if planned.decided is not None:
            self.at(planned.decided, self.WAITLIST, close)
        if planned.offered:
            self.at(HISTORY_DAYS, self.WAITLIST, offer)

    def _hotline_hold(self) -> None:
        services.hold_place(actor=self.hana, bed=self.beds[HOLD_BED], alias=HOTLINE_ALIAS)
