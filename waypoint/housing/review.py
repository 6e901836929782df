"""The program review (issue 13): figures about one program over a period, never a row about a person.

Rows about people are read through ``access.rows_for_aggregates`` as tuples of ids and dates (no model
instance of a person, no alias); inventory (beds, rooms, outages) through its own managers. A handful of
queries whatever the number of stays. A review marked for sharing outside the agency passes every count
about people through ``waypoint.core.disclosure``.

The words the figures use, as counted here (dates are inclusive, ``start`` to ``end``):

- **A night** is counted on day *d* for the night from *d* to *d* + 1. A stay covers it when it began on or
  before *d* and ended after *d* (an open stay covers every night of the period). So a stay's nights are
  ``ended_on - started_on``: a stay that ends the day it began covers none, as HMIS counts nights.
- **A bed is available** on a night when it is in the inventory (from ``opened_on``, until the day before
  ``retired_on``) and not out of service (an outage covers the nights from ``starts_on`` to the day before
  ``ends_on``). A bed no longer in use without a ``retired_on`` still counts for the period if someone
  slept in it then: leaving it out would put occupancy over 100%.
- **A room is available** on a night when at least one of its beds is, and occupied when at least one of
  its beds is.
- **People served**: distinct people with a stay in the program that overlaps the period (began on or
  before ``end`` and ended on or after ``start``, or is open).
- **An admission** is a stay in this program that starts in the period and is either the first stay of its
  episode or a move in from another program (a move between two beds of the program is not one).
- **Length of stay**: of each episode that ended in the period and had a stay here, the nights of its stays
  in this program added up.
- **An exit** is an episode that ended in the period whose last stay was in this program. The share of
  exits to a safe destination (``choices.SAFE_DESTINATIONS``) is over every exit, as HMIS counts it: "not
  known" and "prefer not to say" are in the denominator, never counted as safe, and shown as a count.
- **A readmission** is an exit followed by a new episode of the same person, in any program of the agency,
  starting on the day of the exit or within 183 days after it. For exits late in the period the six months
  may not be over yet: those count what is known today.
"""

from __future__ import annotations

import bisect
import datetime
import statistics
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.models import Membership, User
from waypoint.accounts.roles import Role
from waypoint.core import disclosure
from waypoint.core.disclosure import WITHHELD, Suppressed, Total, Withheld
from waypoint.housing.choices import SAFE_DESTINATIONS, Destination, ExitReason
from waypoint.housing.models import Bed, BedOutage, Episode, Program, ProgramStaff, Stay, WaitlistEntry
from waypoint.people import access

SHARING_THRESHOLD = 10
READMISSION_DAYS = 183
NOT_KNOWN = frozenset({Destination.UNKNOWN, Destination.DECLINED, ""})
NOT_RECORDED = ""  # an episode ended without a reason or a destination (the services always ask for both)

Count = int | Suppressed | Withheld
Rate = float | None | Withheld  # None: nothing to divide by


# --- who may open a review -----------------------------------------------------------------------------------


def review_programs_for(user: User) -> QuerySet[Program]:
    """Program managers and supervisors: every program of their agency; housing staff: their own programs."""
    if not (user is not None and user.is_authenticated and user.is_active):
        return Program.objects.none()
    memberships = Membership.objects.filter(user=user, is_active=True)
    agency_wide = memberships.filter(role__in=[Role.PROGRAM_MANAGER, Role.SUPERVISOR]).values("agency_id")
    housing = memberships.filter(role=Role.HOUSING_STAFF).values("agency_id")
    staffed = ProgramStaff.objects.filter(user=user).values("program_id")
    return Program.objects.filter(Q(agency_id__in=agency_wide) | Q(agency_id__in=housing, pk__in=staffed))


def review_program_for(user: User, program_id: uuid.UUID) -> Program:
    """One program whose review the user may open; 404 for any other (and for one that does not exist)."""
    program = review_programs_for(user).select_related("agency").filter(pk=program_id).first()
    if program is None:
        raise Http404
    return program


# --- the period ---------------------------------------------------------------------------------------------


def default_period(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The twelve months ending yesterday: from this day a year ago (1 March for 29 February) to yesterday."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:
        start = datetime.date(today.year - 1, 3, 1)
    return start, today - datetime.timedelta(days=1)


def month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    first = start.replace(day=1)
    months = []
    while first <= end:
        months.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months


# --- nights as spans of date ordinals: [first night, last night + 1) ----------------------------------------

Span = tuple[int, int]


def _span(first: datetime.date, until: datetime.date | None, window: Span) -> Span | None:
    """The nights from ``first`` to the day before ``until`` (open: to the window's end), inside the window."""
    low = max(first.toordinal(), window[0])
    high = min(until.toordinal() if until else window[1], window[1])
    return (low, high) if low < high else None


def _merged(spans: Iterable[Span]) -> list[Span]:
    merged: list[Span] = []
    for low, high in sorted(spans):
        if merged and low <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(high, merged[-1][1]))
        else:
            merged.append((low, high))
    return merged


def _intersection(a: list[Span], b: list[Span]) -> list[Span]:
    """Two merged lists of spans: the nights in both."""
    both, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        low, high = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if low < high:
            both.append((low, high))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return both


def _nights(spans: Iterable[Span]) -> int:
    return sum(high - low for low, high in spans)


def _by_month(spans: Iterable[Span], bounds: list[int]) -> list[int]:
    """Nights per month; ``bounds`` are the months' first nights and the period's end (len = months + 1)."""
    counts = [0] * (len(bounds) - 1)
    for low, high in spans:
        index = bisect.bisect_right(bounds, low) - 1
        while low < high:
            cut = min(high, bounds[index + 1])
            counts[index] += cut - low
            low, index = cut, index + 1
    return counts


# --- the figures --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Occupancy:
    occupied: int
    available: int

    @property
    def rate(self) -> float | None:
        return self.occupied / self.available if self.available else None


@dataclass(frozen=True)
class MonthOccupancy(Occupancy):
    month: datetime.date  # the first of the month
    first: datetime.date  # the month's first day inside the period
    last: datetime.date

    @property
    def whole(self) -> bool:
        return self.first == self.month and (self.last + datetime.timedelta(days=1)).day == 1


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    count: Count


@dataclass(frozen=True)
class Review:
    program: Program
    start: datetime.date
    end: datetime.date
    shared: bool
    people_served: Count
    admissions: Count
    turn_aways: Count
    bed_nights: Occupancy
    room_nights: Occupancy
    months: list[MonthOccupancy]
    stays_ended: Count  # the episodes the lengths of stay are of
    mean_nights: Rate
    median_nights: Rate
    exits: Count
    exits_by_reason: list[Line]
    exits_by_destination: list[Line]
    safe_exits: Count
    not_known_exits: Count
    safe_share: Rate
    readmissions: Count
    readmission_share: Rate

    @property
    def threshold(self) -> int:
        return SHARING_THRESHOLD


@dataclass(frozen=True)
class _Ended:
    """An episode that ended in the period with a stay in the program, as the figures need it."""

    nights: int  # in this program
    left_from_here: bool  # its last stay was here: an exit
    reason: str
    destination: str
    readmitted: bool


def program_review(
    *, viewer: User, program: Program, start: datetime.date, end: datetime.date, shared: bool = False
) -> Review:
    """The review of ``program`` (which came through ``review_program_for``) from ``start`` to ``end``."""
    if start > end:
        raise ValueError("The period starts after it ends.")
    agency_id = program.agency_id
    stays = access.rows_for_aggregates(viewer, Stay, agency_id=agency_id)
    episodes = access.rows_for_aggregates(viewer, Episode, agency_id=agency_id)
    waitlist = access.rows_for_aggregates(viewer, WaitlistEntry, agency_id=agency_id)
    window = (start.toordinal(), end.toordinal() + 1)

    in_period = _stays_in_period(stays, program, start, end)
    bed_nights, room_nights, months = _occupancy(program, in_period, window, month_starts(start, end))
    ended = _episodes_ended(stays, episodes, program, start, end)
    exits = [e for e in ended if e.left_from_here]
    counts = _Counts(
        people_served=len({person_id for _bed, person_id, *_rest in in_period}),
        admissions=sum(1 for row in in_period if _is_admission(row, program, start)),
        turn_aways=waitlist.filter(
            program=program, declined_for_lack_of_bed=True, decided_on__range=(start, end)
        ).count(),
        lengths=[e.nights for e in ended],
        reasons=Counter(e.reason for e in exits),
        destinations=Counter(e.destination for e in exits),
        readmissions=sum(e.readmitted for e in exits),
    )
    return _present(program, start, end, shared, counts, bed_nights, room_nights, months)


StayRow = tuple[Any, uuid.UUID, uuid.UUID, datetime.date, datetime.date | None, Any]


def _stays_in_period(stays: QuerySet[Any], program: Program, start: datetime.date, end: datetime.date) -> list[StayRow]:
    """(bed, person, episode, started_on, ended_on, the program of the episode's stay before) of each stay of
    the program that overlaps the period: one query."""
    before = stays.filter(episode=OuterRef("episode"), started_on__lt=OuterRef("started_on")).order_by("-started_on")
    return list(
        stays.filter(program=program, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .annotate(program_before=Subquery(before.values("program")[:1]))
        .order_by()
        .values_list("bed_id", "person_id", "episode_id", "started_on", "ended_on", "program_before")
    )


def _is_admission(row: StayRow, program: Program, start: datetime.date) -> bool:
    started_on, program_before = row[3], row[5]
    return started_on >= start and program_before != program.pk


def _occupancy(
    program: Program, stays: list[StayRow], window: Span, months: list[datetime.date]
) -> tuple[Occupancy, Occupancy, list[MonthOccupancy]]:
    """Bed-nights and room-nights, occupied and available, over the period and month by month: two queries."""
    occupied: dict[Any, list[Span]] = {}
    for bed_id, _person, _episode, started_on, ended_on, _before in stays:
        span = _span(started_on, ended_on, window)
        if span is not None:
            occupied.setdefault(bed_id, []).append(span)
    beds = list(
        Bed.objects.filter(room__site__program=program)
        .order_by()
        .values_list("pk", "room_id", "is_active", "opened_on", "retired_on")
    )
    room_of = {bed_id: room_id for bed_id, room_id, *_rest in beds}
    counted = {bed_id for bed_id, _room, active, _opened, retired in beds if active or retired} | set(occupied)
    out: dict[Any, list[Span]] = {bed_id: [] for bed_id in counted}
    for bed_id, _room, _active, opened_on, retired_on in beds:
        # Before a bed opened and from the day it left the inventory, it was not there to be slept in.
        if bed_id in counted and opened_on is not None:
            before = _span(datetime.date.fromordinal(window[0]), opened_on, window)
            out[bed_id] += [before] if before else []
        if bed_id in counted and retired_on is not None:
            after = _span(retired_on, None, window)
            out[bed_id] += [after] if after else []
    for bed_id, starts_on, ends_on in _outages(counted, window):
        span = _span(starts_on, ends_on, window)
        if span is not None:
            out[bed_id].append(span)
    out = {bed_id: _merged(spans) for bed_id, spans in out.items()}
    bounds = [max(month.toordinal(), window[0]) for month in months] + [window[1]]
    return (
        _bed_nights(counted, occupied, out, window),
        _room_nights(counted, room_of, occupied, out, window),
        _monthly(len(counted), occupied, out, bounds, months),
    )


def _outages(beds: set[Any], window: Span) -> list[tuple[Any, datetime.date, datetime.date | None]]:
    start, end = datetime.date.fromordinal(window[0]), datetime.date.fromordinal(window[1] - 1)
    return list(
        BedOutage.objects.filter(bed_id__in=beds, starts_on__lte=end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=start))
        .order_by()
        .values_list("bed_id", "starts_on", "ends_on")
    )


def _bed_nights(
    counted: set[Any], occupied: Mapping[Any, list[Span]], out: Mapping[Any, list[Span]], window: Span
) -> Occupancy:
    length = window[1] - window[0]
    available = sum(length - _nights(out[bed_id]) for bed_id in counted)
    return Occupancy(occupied=sum(_nights(spans) for spans in occupied.values()), available=available)


def _room_nights(
    counted: set[Any],
    room_of: Mapping[Any, Any],
    occupied: Mapping[Any, list[Span]],
    out: Mapping[Any, list[Span]],
    window: Span,
) -> Occupancy:
    beds_in: dict[Any, list[Any]] = {}
    for bed_id in counted:
        if bed_id in room_of:
            beds_in.setdefault(room_of[bed_id], []).append(bed_id)
    length, taken, available = window[1] - window[0], 0, 0
    for beds in beds_in.values():
        taken += _nights(_merged(span for bed_id in beds for span in occupied.get(bed_id, [])))
        all_out = out[beds[0]]
        for bed_id in beds[1:]:
            all_out = _intersection(all_out, out[bed_id])
        available += length - _nights(all_out)
    return Occupancy(occupied=taken, available=available)


def _monthly(
    beds: int,
    occupied: Mapping[Any, list[Span]],
    out: Mapping[Any, list[Span]],
    bounds: list[int],
    months: list[datetime.date],
) -> list[MonthOccupancy]:
    taken = _by_month((span for spans in occupied.values() for span in spans), bounds)
    lost = _by_month((span for spans in out.values() for span in spans), bounds)
    return [
        MonthOccupancy(
            month=month,
            first=datetime.date.fromordinal(bounds[n]),
            last=datetime.date.fromordinal(bounds[n + 1] - 1),
            occupied=taken[n],
            available=beds * (bounds[n + 1] - bounds[n]) - lost[n],
        )
        for n, month in enumerate(months)
    ]


def _episodes_ended(
    stays: QuerySet[Any], episodes: QuerySet[Any], program: Program, start: datetime.date, end: datetime.date
) -> list[_Ended]:
    """Each episode that ended in the period with a stay here: one query, the rest worked out in SQL.

    Within an episode each stay starts on a later day than the one before (a move is on a later day than
    the stay it ends), so the last stay is the one that started last.
    """
    own = stays.filter(episode=OuterRef("pk")).order_by()
    here = own.filter(program=program).values("episode")
    nights = here.annotate(nights=Sum(F("ended_on") - F("started_on"))).values("nights")
    last_program = own.order_by("-started_on").values("program")[:1]
    window_end = ExpressionWrapper(OuterRef("ended_on") + datetime.timedelta(days=READMISSION_DAYS), DateField())
    again = episodes.filter(
        person=OuterRef("person"), started_on__gte=OuterRef("ended_on"), started_on__lte=window_end
    ).exclude(pk=OuterRef("pk"))
    ended = (
        episodes.filter(ended_on__range=(start, end), pk__in=stays.filter(program=program).values("episode_id"))
        .annotate(nights=Subquery(nights), last_program=Subquery(last_program), readmitted=Exists(again))
        .order_by()
        .values_list("nights", "last_program", "exit_reason", "destination", "readmitted")
    )
    return [
        _Ended(
            nights=nights.days if nights is not None else 0,
            left_from_here=last == program.pk,
            reason=reason or NOT_RECORDED,
            destination=destination or NOT_RECORDED,
            readmitted=readmitted,
        )
        for nights, last, reason, destination, readmitted in ended
    ]


# --- what the page shows ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Counts:
    people_served: int
    admissions: int
    turn_aways: int
    lengths: list[int]
    reasons: Counter[str]
    destinations: Counter[str]
    readmissions: int


def _codes(choices: Any, counted: Counter[str]) -> list[tuple[str, str]]:
    """Every choice (so a zero shows as 0), and "not recorded" only when some exit has it."""
    codes = [(str(value), str(label)) for value, label in choices]
    if counted[NOT_RECORDED]:
        codes.append((NOT_RECORDED, str(_("Not recorded"))))
    return codes


def _destination_group(code: str) -> str:
    if code in SAFE_DESTINATIONS:
        return "safe"
    return "not_known" if code in NOT_KNOWN else "other"


def _exit_values(counts: _Counts) -> tuple[dict[Any, int], list[Total[Any]]]:
    """Every count about exits, and the sums the page lets a reader do with them (for suppression)."""
    reasons = [("reason", code) for code, _label in _codes(ExitReason.choices, counts.reasons)]
    destinations = [("destination", code) for code, _label in _codes(Destination.choices, counts.destinations)]
    total = sum(counts.reasons.values())
    values: dict[Any, int] = {"total": total, "readmitted": counts.readmissions}
    values["not_readmitted"] = total - counts.readmissions
    values |= {key: counts.reasons[key[1]] for key in reasons}
    values |= {key: counts.destinations[key[1]] for key in destinations}
    groups: dict[str, list[Any]] = {"safe": [], "not_known": [], "other": []}
    for key in destinations:
        groups[_destination_group(key[1])].append(key)
    values |= {group: sum(values[key] for key in keys) for group, keys in groups.items()}
    sums: list[Total[Any]] = [
        Total("total", tuple(reasons)),
        Total("total", tuple(destinations)),
        Total("total", ("safe", "not_known", "other")),
        Total("total", ("readmitted", "not_readmitted")),
        *(Total(group, tuple(keys)) for group, keys in groups.items()),
    ]
    return values, sums


def _shown(value: int | None) -> int | Withheld:
    return WITHHELD if value is None else value


def _single(count: int, shared: bool) -> Count:
    if shared and disclosure.is_small(count, SHARING_THRESHOLD):
        return Suppressed(SHARING_THRESHOLD)
    return count


def _share(part: Count, whole: Count) -> Rate:
    if not isinstance(part, int) or not isinstance(whole, int):
        return WITHHELD
    return part / whole if whole else None


def _present(
    program: Program,
    start: datetime.date,
    end: datetime.date,
    shared: bool,
    counts: _Counts,
    bed_nights: Occupancy,
    room_nights: Occupancy,
    months: list[MonthOccupancy],
) -> Review:
    values, sums = _exit_values(counts)
    exit_counts: Mapping[Any, int | None] = (
        disclosure.suppress(values, sums, SHARING_THRESHOLD) if shared else dict(values)
    )
    exits: Count = Suppressed(SHARING_THRESHOLD) if exit_counts["total"] is None else values["total"]
    stays_ended = _single(len(counts.lengths), shared)
    lengths_shown = isinstance(stays_ended, int) and bool(counts.lengths)
    safe, readmitted = _shown(exit_counts["safe"]), _shown(exit_counts["readmitted"])
    return Review(
        program=program,
        start=start,
        end=end,
        shared=shared,
        people_served=_single(counts.people_served, shared),
        admissions=_single(counts.admissions, shared),
        turn_aways=_single(counts.turn_aways, shared),
        bed_nights=bed_nights,
        room_nights=room_nights,
        months=months,
        stays_ended=stays_ended,
        mean_nights=_length_figure(counts.lengths, statistics.mean, shown=lengths_shown),
        median_nights=_length_figure(counts.lengths, statistics.median, shown=lengths_shown),
        exits=exits,
        exits_by_reason=_lines("reason", ExitReason.choices, counts.reasons, exit_counts),
        exits_by_destination=_lines("destination", Destination.choices, counts.destinations, exit_counts),
        safe_exits=safe,
        not_known_exits=_shown(exit_counts["not_known"]),
        safe_share=_share(safe, exits),
        readmissions=readmitted,
        readmission_share=_share(readmitted, exits),
    )


def _length_figure(lengths: list[int], average: Any, *, shown: bool) -> Rate:
    if not lengths:
        return None
    return float(average(lengths)) if shown else WITHHELD


def _lines(kind: str, choices: Any, counted: Counter[str], shown: Mapping[Any, int | None]) -> list[Line]:
    return [Line(code, label, _shown(shown[(kind, code)])) for code, label in _codes(choices, counted)]
