"""The program review: figures over a small set worked out by hand, suppression for sharing, who may open it,
the page's period form, and a query count that does not grow with the stays."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from waypoint.core.disclosure import Suppressed, Withheld
from waypoint.housing import review, services
from waypoint.housing.choices import Destination, ExitReason, ProgramKind, WaitStatus
from waypoint.housing.models import Bed
from waypoint.housing.tests.factories import beds_of, make_program
from waypoint.people.models import agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

DAY = datetime.timedelta(days=1)
# Today, for the hand-worked set: late enough that every readmission window below has happened.
TODAY = datetime.datetime(2026, 6, 15, 16, tzinfo=datetime.UTC)
# The period: 30 nights, 15 in April (16th to 30th) and 15 in May (1st to 15th).
START = datetime.date(2025, 4, 16)
END = START + 29 * DAY
ALIASES = ("Ash", "Birch", "Cedar", "Dune", "Elm", "Fern", "Gale")


def day(n: int) -> datetime.date:
    return START + n * DAY


def _hand_set(world):
    """Crisis beds: room 1 (beds 1A, 1B) and room 2 (2A, 2B); Maple House next door (beds M1, M2).

    Days are counted from the period's first (day 0); the period is days 0 to 29. Nights in brackets are
    the stay's nights inside the period ([from, until): a stay covers the nights before the day it ends).

      1A  Ash     day -10 to 5, planned, to a rental                 [0, 5)    5 nights   episode: 15 here
          (out of service days 18 to 21)                              3 nights out
          Birch   day 25, open (Birch's second episode)              [25, 30)  5
      1B  Birch   day 2, moved to 2A on day 8                        [2, 8)    6
          Dune    day 10 (moved in from Maple House) to 15,          [10, 15)  5          episode: 5 here
                  returned, back to the exploiter
          (out of service days 17 to 27)                              10 nights out
      2A  Gale    day -30 to -2 (before the period: not counted)
          Birch   day 8 to 20, chose to leave, destination unknown   [8, 20)   12         episode: 6 + 12 = 18
          (out of service days 22 to 27)                              5 nights out
      2B  Cedar   day 0, moved to Maple House on day 12              [0, 12)   12         episode: 12 here
                  (left Maple House on day 22: not an exit from here)
          Elm     day 14 to 14, to hospital                           none     0          episode: 0
          Fern    day 16, open                                       [16, 30)  14
      M1  Dune day -5 to 10; Ash from day 205 (200 days after leaving: not a readmission)
      M2  Cedar day 12 to 22; Dune from day 198 (183 days after leaving: a readmission)
    """
    hana, harbour = world.user("hana"), world.agencies["harbour"]
    crisis = make_program(harbour, beds=2, rooms=2, staff=(hana,))
    maple = make_program(harbour, name="Maple House", kind=ProgramKind.TRANSITIONAL, staff=(hana,))
    b1a, b1b, b2a, b2b = beds_of(crisis)
    m1, m2 = beds_of(maple)
    people = {alias: make_person(harbour, alias=alias) for alias in ALIASES}
    ash, birch, cedar, dune, elm, fern, gale = people.values()

    def admit(person, bed, n):
        return services.stay_admit(actor=hana, person=person, bed=bed, on=day(n))

    def move(stay, bed, n):
        return services.stay_move(actor=hana, stay=stay, bed=bed, on=day(n))

    def leave(stay, n, reason, destination):
        services.stay_discharge(actor=hana, stay=stay, on=day(n), reason=reason, destination=destination)

    leave(admit(gale, b2a, -30), -2, ExitReason.PLANNED, Destination.SHELTER)
    leave(admit(ash, b1a, -10), 5, ExitReason.PLANNED, Destination.RENTAL)
    leave(move(admit(birch, b1b, 2), b2a, 8), 20, ExitReason.CHOSE_TO_LEAVE, Destination.UNKNOWN)
    admit(birch, b1a, 25)
    leave(move(admit(cedar, b2b, 0), m2, 12), 22, ExitReason.PLANNED, Destination.RENTAL)
    leave(move(admit(dune, m1, -5), b1b, 10), 15, ExitReason.RETURNED, Destination.EXPLOITER)
    leave(admit(elm, b2b, 14), 14, ExitReason.HOSPITAL, Destination.HOSPITAL)
    admit(fern, b2b, 16)
    admit(dune, m2, 198)
    admit(ash, m1, 205)
    for bed, first, back in ((b1a, 18, 21), (b1b, 17, 27), (b2a, 22, 27)):
        services.outage_add(actor=hana, bed=bed, starts_on=day(first), ends_on=day(back), reason="Repairs")
    _waitlist(harbour, crisis, maple, fern, gale)
    return crisis


def _waitlist(harbour, crisis, maple, fern, gale):
    """One turn-away counts: in the program, for lack of a bed, decided in the period."""
    declined = {"agency": harbour, "added_on": day(-1), "status": WaitStatus.DECLINED}
    fern.housing_waitlist_entries.create(program=crisis, declined_for_lack_of_bed=True, decided_on=day(3), **declined)
    fern.housing_waitlist_entries.create(program=crisis, declined_for_lack_of_bed=True, decided_on=day(40), **declined)
    gale.housing_waitlist_entries.create(program=crisis, declined_for_lack_of_bed=False, decided_on=day(5), **declined)
    gale.housing_waitlist_entries.create(program=maple, declined_for_lack_of_bed=True, decided_on=day(6), **declined)


def _review(world, program, *, shared=False, key="pat"):
    return review.program_review(viewer=world.user(key), program=program, start=START, end=END, shared=shared)


def _counts(lines):
    return {line.code: line.count for line in lines if line.count != 0}


def test_the_figures_of_the_hand_worked_set(world):
    with time_machine.travel(TODAY, tick=False):
        program = _hand_set(world)
        result = _review(world, program)

    # Ash, Birch, Cedar, Dune, Elm, Fern (Gale left before the period).
    assert result.people_served == 6
    # Birch (day 2), Birch again (day 25), Cedar (day 0), Dune (moved in from Maple House), Elm, Fern; Birch's move
    # from 1B to 2A stays inside the program and is not one.
    assert result.admissions == 6
    assert result.turn_aways == 1

    # Occupied: 5 + 5 + 6 + 5 + 12 + 12 + 0 + 14 = 59 bed-nights.
    # Available: 4 beds x 30 nights = 120, less 3 + 10 + 5 nights out of service = 102.
    assert (result.bed_nights.occupied, result.bed_nights.available) == (59, 102)
    assert result.bed_nights.rate == pytest.approx(59 / 102)  # 57.8%
    # Room 1: someone in 1A or 1B on [0, 8) + [10, 15) + [25, 30) = 18 nights; both beds out on days 18 to 20, so
    # 30 - 3 = 27 available. Room 2: someone in every night, 30 of 30 (2B was never out).
    assert (result.room_nights.occupied, result.room_nights.available) == (18 + 30, 27 + 30)
    assert result.room_nights.rate == pytest.approx(48 / 57)  # 84.2%

    # April (days 0 to 14): 5 + 6 + 7 (Birch in 2A, days 8 to 14) + 12 + 5 = 35 of 4 x 15 = 60.
    # May (days 15 to 29): 5 (Birch in 2A) + 5 (Birch in 1A) + 14 = 24 of 60 - 18 out = 42.
    months = [(m.month, m.first, m.last, m.occupied, m.available, m.whole) for m in result.months]
    assert months == [
        (datetime.date(2025, 4, 1), START, datetime.date(2025, 4, 30), 35, 60, False),
        (datetime.date(2025, 5, 1), datetime.date(2025, 5, 1), END, 24, 42, False),
    ]

    # Episodes that ended in the period with a stay here: Ash 15, Birch 18, Cedar 12, Dune 5, Elm 0 nights.
    # Mean 50 / 5 = 10; median 12. Elm's same-day stay counts, with no night.
    assert result.stays_ended == 5
    assert (result.mean_nights, result.median_nights) == (10.0, 12.0)

    # Exits: Ash, Birch, Dune, Elm (Cedar left from Maple House).
    assert result.exits == 4
    assert _counts(result.exits_by_reason) == {"planned": 1, "chose_to_leave": 1, "returned": 1, "hospital": 1}
    assert _counts(result.exits_by_destination) == {"rental": 1, "unknown": 1, "exploiter": 1, "hospital": 1}
    # Safe: the rental and the hospital, 2 of all 4 exits (the unknown one counted in the 4, not as safe).
    assert (result.safe_exits, result.not_known_exits, result.safe_share) == (2, 1, 0.5)
    # Birch came back 5 days after leaving, Dune 183 days after: 2 of 4. Ash came back after 200 days.
    assert (result.readmissions, result.readmission_share) == (2, 0.5)


def test_shared_the_small_counts_of_the_hand_worked_set_are_hidden_and_occupancy_is_not(world):
    with time_machine.travel(TODAY, tick=False):
        program = _hand_set(world)
        result = _review(world, program, shared=True)
    fewer = Suppressed(10)
    assert (result.people_served, result.admissions, result.turn_aways, result.exits) == (fewer,) * 4
    assert result.stays_ended == fewer
    assert isinstance(result.mean_nights, Withheld) and isinstance(result.median_nights, Withheld)
    # Every exit count here is 1 or 2: all hidden, the zeros shown; so are the rates worked out from them.
    assert {line.count for line in result.exits_by_reason + result.exits_by_destination} == {0, Withheld()}
    assert all(isinstance(v, Withheld) for v in (result.safe_exits, result.safe_share, result.readmission_share))
    # Nights are about beds, not people: shown.
    assert (result.bed_nights.occupied, result.bed_nights.available) == (59, 102)


def test_shared_a_complement_is_hidden_beside_a_small_count(world):
    """Twelve exits from a one-bed program, one a day apart.

    Reasons: 10 planned, 2 chose to leave. 2 is small; with the total 12 shown, 12 - 10 would give it away,
    so the smallest count shown beside it, the 10, is hidden too. Destinations: 11 to a rental, 1 to the
    street: the 1 is hidden, so the 11 too; the safe subtotal (11) would then give the rental away, so it
    is hidden, and with it the share of safe exits. The 12 exits and 0 readmissions are shown.
    """
    hana, harbour = world.user("hana"), world.agencies["harbour"]
    with time_machine.travel(TODAY, tick=False):
        program = make_program(harbour, beds=1, staff=(hana,))
        bed = beds_of(program)[0]
        for n in range(12):
            stay = services.stay_admit(
                actor=hana, person=make_person(harbour, alias=f"Guest {n}"), bed=bed, on=day(2 * n)
            )
            reason = ExitReason.PLANNED if n < 10 else ExitReason.CHOSE_TO_LEAVE
            destination = Destination.RENTAL if n < 11 else Destination.STREET
            services.stay_discharge(actor=hana, stay=stay, on=day(2 * n + 1), reason=reason, destination=destination)
        result = _review(world, program, shared=True)
        inside = _review(world, program)
    hidden = Withheld()
    assert _counts(result.exits_by_reason) == {"planned": hidden, "chose_to_leave": hidden}
    assert _counts(result.exits_by_destination) == {"rental": hidden, "street": hidden}
    assert (result.exits, result.people_served, result.admissions, result.stays_ended) == (12, 12, 12, 12)
    assert (result.safe_exits, result.safe_share, result.not_known_exits) == (hidden, hidden, 0)
    assert (result.readmissions, result.readmission_share) == (0, 0.0)
    assert result.mean_nights == 1.0
    assert (inside.safe_exits, inside.safe_share) == (11, pytest.approx(11 / 12))


def test_the_default_period_is_the_twelve_months_ending_yesterday():
    assert review.default_period(datetime.date(2026, 12, 8)) == (datetime.date(2025, 12, 8), datetime.date(2026, 12, 7))
    assert review.default_period(datetime.date(2028, 2, 29)) == (datetime.date(2027, 3, 1), datetime.date(2028, 2, 28))


# --- the page -----------------------------------------------------------------------------------------------


def _url(program, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("housing:review", kwargs={"program_id": program.pk}) + (f"?{query}" if query else "")


@pytest.fixture
def lived_in(world, program):
    """The conftest's crisis beds with Wren staying since 20 days ago, and Lark who stayed a week and left."""
    hana, harbour = world.user("hana"), world.agencies["harbour"]
    today = agency_today(harbour)
    first, second = beds_of(program)
    services.stay_admit(actor=hana, person=make_person(harbour, alias="Wren"), bed=first, on=today - 20 * DAY)
    lark = services.stay_admit(actor=hana, person=make_person(harbour, alias="Lark"), bed=second, on=today - 30 * DAY)
    services.stay_discharge(actor=hana, stay=lark, on=today - 23 * DAY, reason="planned", destination="rental")
    return program


@pytest.mark.parametrize("key", ["pat", "sam", "hana"])
def test_it_shows_the_figures_to_program_managers_supervisors_and_the_programs_housing_staff(clients, lived_in, key):
    response = clients(key).get(_url(lived_in))
    body = response.content.decode()
    assert response.status_code == 200
    result = response.context["result"]
    assert (result.people_served, result.admissions, result.exits, result.mean_nights) == (2, 2, 1, 7.0)
    assert 'role="img"' in body and '<title id="occupancy-chart-title">' in body
    assert "Wren" not in body and "Lark" not in body


def test_it_refuses_advocates_and_roles_without_figures(clients, lived_in):
    for key in ("alice", "bob", "ines", "adam", "cora"):
        assert clients(key).get(_url(lived_in)).status_code == 403, key


def test_it_answers_404_to_housing_staff_of_another_program_and_to_other_agencies(world, client, lived_in):
    hugo, _ = make_user("hugo@test.waypoint.invalid", agency=world.agencies["harbour"], role="housing_staff")
    elsewhere = world.agencies["elsewhere"]
    outsiders = [hugo] + [
        make_user(f"{role}@elsewhere.test.waypoint.invalid", agency=elsewhere, role=role)[0]
        for role in ("program_manager", "supervisor", "housing_staff")
    ]
    for user in outsiders:
        client.force_login(user)
        assert client.get(_url(lived_in)).status_code == 404, user.email


def test_it_says_what_is_wrong_with_the_period(clients, lived_in):
    pat = clients("pat")
    cases = [
        ({"from": "2026-02-31"}, 'id="id_from_error"', "Enter a valid date"),
        ({"from": "2025-05-02", "to": "2025-05-01"}, 'id="id_to_error"', "ends on or after the day it starts"),
        ({"from": "2010-01-01", "to": "2020-01-01"}, 'id="id_to_error"', "ten years or less"),
        ({"to": "2999-01-01"}, 'id="id_to_error"', "today at the latest"),
    ]
    for params, error_id, words in cases:
        response = pat.get(_url(lived_in, **params))
        body = response.content.decode()
        assert response.status_code == 200 and response.context["result"] is None, params
        assert error_id in body and words in body, params
        assert f'aria-describedby="{error_id[4:-1]}' in body, params


def test_a_period_of_exactly_ten_years_is_accepted(clients, lived_in):
    response = clients("pat").get(_url(lived_in, **{"from": "2014-01-01", "to": "2023-12-31"}))
    assert response.status_code == 200 and response.context["result"].start == datetime.date(2014, 1, 1)


def test_marked_for_sharing_the_page_hides_the_small_counts(clients, lived_in):
    response = clients("pat").get(_url(lived_in, share="1"))
    body = response.content.decode()
    assert response.context["result"].shared and response.context["result"].people_served == Suppressed(10)
    assert "fewer than 10" in body and "hidden" in body
    assert "Wren" not in body and "Lark" not in body


def test_the_pages_query_count_does_not_grow_with_the_stays(world, clients, lived_in, django_assert_max_num_queries):
    pat = clients("pat")
    pat.get(_url(lived_in))  # the session and the translations settle on the first request
    counts = []
    for _round in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert pat.get(_url(lived_in)).status_code == 200
        counts.append(len(queries))
        _more_stays(world, lived_in)
    assert counts[0] == counts[1]
    with django_assert_max_num_queries(20):
        pat.get(_url(lived_in))


def _more_stays(world, program):
    """Ten more short stays, in a bed added to the program (a back-dated stay may not precede another's)."""
    hana, harbour = world.user("hana"), world.agencies["harbour"]
    room = beds_of(program)[0].room
    bed = Bed.objects.create(agency=harbour, room=room, name=f"Extra {room.beds.count()}")
    today = agency_today(harbour)
    for n in range(10):
        on = today - (25 - 2 * n) * DAY
        stay = services.stay_admit(actor=hana, person=make_person(harbour, alias=f"Guest {n}"), bed=bed, on=on)
        services.stay_discharge(actor=hana, stay=stay, on=on + DAY, reason="planned", destination="shelter")


def test_a_bed_counts_only_from_the_day_it_opened_until_the_day_it_left(world):
    """Crisis beds grew from 2 to 4: room 2 opened on day 10; bed 1B left the inventory on day 20.

    Available: 1A 30 nights, 1B days 0 to 19 = 20, 2A and 2B days 10 to 29 = 20 each: 90 bed-nights (not 120).
    Occupied: Ash in 2A from day 12, open: 18 nights. Rooms: room 1 30 nights available (1A), room 2 20; room 2
    occupied 18. April (days 0 to 14): 15 + 15 + 5 + 5 = 40 available; May (15 to 29): 15 + 5 + 15 + 15 = 50.
    """
    with time_machine.travel(TODAY, tick=False):
        hana, harbour = world.user("hana"), world.agencies["harbour"]
        crisis = make_program(harbour, beds=2, rooms=2, staff=(hana,))
        _b1a, b1b, b2a, b2b = beds_of(crisis)
        Bed.objects.filter(pk__in=[b2a.pk, b2b.pk]).update(opened_on=day(10))
        Bed.objects.filter(pk=b1b.pk).update(is_active=False, retired_on=day(20))
        services.stay_admit(actor=hana, person=make_person(harbour, alias="Ash"), bed=b2a, on=day(12))
        result = _review(world, crisis)
    assert (result.bed_nights.occupied, result.bed_nights.available) == (18, 90)
    assert (result.room_nights.occupied, result.room_nights.available) == (18, 50)
    assert [(m.occupied, m.available) for m in result.months] == [(3, 40), (15, 50)]
