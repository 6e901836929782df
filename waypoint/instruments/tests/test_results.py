"""Results over time: each definition's figures and their ranges, histories per instrument and part of life,
the sentence that says them, and the charts grouped by range."""

from __future__ import annotations

import datetime
import math
import re
import textwrap

import pytest
from django.utils import translation

from waypoint.casework.tests.factories import domain
from waypoint.core.templatetags.waypoint_dates import long_date
from waypoint.instruments import results, selectors, services
from waypoint.instruments.loader import definition_from_body, load_definition, shipped_definitions
from waypoint.instruments.models import InstrumentDefinition, Response
from waypoint.instruments.results import TOTAL, Figure, figures_of
from waypoint.instruments.tests.factories import import_placeholder, record
from waypoint.people.tests.factories import make_person

SHIPPED = shipped_definitions()

# Placeholder wording. A sum of three items on 1–5, a mean of two, and a total that can divide by zero.
PLACEHOLDER = textwrap.dedent("""\
    key: placeholder-results
    version: 1
    title: {en: Placeholder results, fr: Résultats fictifs}
    licence: {kind: agency_supplied, attribution: Test, source: Test}
    roles: [advocate]
    scale: {min: 1, max: 5}
    items:
      - {number: 1, subscale: S, text: {en: Placeholder item 1, fr: Énoncé fictif 1}}
      - {number: 2, subscale: S, text: {en: Placeholder item 2, fr: Énoncé fictif 2}}
      - {number: 3, subscale: S, text: {en: Placeholder item 3, fr: Énoncé fictif 3}}
      - {number: 4, subscale: D, text: {en: Placeholder item 4, fr: Énoncé fictif 4}}
      - {number: 5, subscale: D, text: {en: Placeholder item 5, fr: Énoncé fictif 5}}
    subscales:
      S: {score: sum}
      D: {score: mean, label: {en: Placeholder mean, fr: Moyenne fictive}}
    skips: {most: 2}
    total: S - 2 * D
    """)


@pytest.fixture(autouse=True)
def _english_by_default():
    translation.activate("en")
    yield
    translation.activate("en")


def ranges(figures: list[Figure]) -> list[tuple[str, str, float, float]]:
    return [(f.name, f.label, f.low, f.high) for f in figures]


# --- figures ----------------------------------------------------------------------------------------------


def test_the_ruler_has_its_two_answers_each_from_0_to_10_and_no_total():
    assert ranges(figures_of(SHIPPED["readiness-ruler"])) == [
        ("importance", "Importance", 0, 10),
        ("confidence", "Confidence", 0, 10),
    ]


def test_urica_has_four_means_from_1_to_5_and_readiness_from_minus_2_to_14():
    assert ranges(figures_of(SHIPPED["urica"])) == [
        ("PC", "Precontemplation (PC)", 1, 5),
        ("C", "Contemplation (C)", 1, 5),
        ("A", "Action (A)", 1, 5),
        ("M", "Maintenance (M)", 1, 5),
        (TOTAL, "Readiness (C + A + M − PC)", -2, 14),
    ]


def test_the_total_label_is_said_in_french_too():
    with translation.override("fr"):
        assert figures_of(SHIPPED["urica"])[-1].label == "Préparation au changement (C + A + M − PC)"
        assert figures_of(SHIPPED["readiness-ruler"])[1].label == "Confiance"


def test_a_total_that_is_one_subscale_is_not_shown_twice():
    assert ranges(figures_of(SHIPPED["indicators"])) == [("signs", "Signs noted", 0, 12)]
    assert ranges(figures_of(SHIPPED["vera-tvit-short"])) == [("indicators", "Indicators", 0, 16)]
    assert ranges(figures_of(SHIPPED["stage-self-rating"])) == [("stage", "Stage chosen", 1, 6)]


def test_a_sum_spans_its_items_a_mean_the_scale_and_the_total_every_corner():
    # S runs 3 to 15, D 1 to 5: S - 2D runs from 3 - 10 to 15 - 2. An unlabelled total is called Total.
    assert ranges(figures_of(load_definition(PLACEHOLDER))) == [
        ("S", "S", 3, 15),
        ("D", "Placeholder mean", 1, 5),
        (TOTAL, "Total", -7, 13),
    ]


def test_a_total_that_can_divide_by_zero_has_no_range():
    dividing = load_definition(PLACEHOLDER.replace("total: S - 2 * D", "total: S / (D - 1)"))
    total = figures_of(dividing)[-1]
    assert total.name == TOTAL and math.isnan(total.low) and math.isnan(total.high)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["urica", "readiness-ruler"])
def test_a_stored_definition_keeps_the_order_of_its_figures(key):
    stored = InstrumentDefinition.objects.get(agency__isnull=True, key=key).body
    assert [f.name for f in figures_of(definition_from_body(stored))] == [f.name for f in figures_of(SHIPPED[key])]


# --- histories --------------------------------------------------------------------------------------------


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Results", team=[world.user("alice")])


def day(n: int) -> datetime.date:
    return datetime.date(2026, 1, 1) + datetime.timedelta(days=n)


def by_name(history: results.History) -> dict[str, Figure]:
    return {f.name: f for f in history.figures()}


@pytest.mark.django_db
def test_histories_group_by_instrument_and_part_of_life_oldest_first(world, person):
    alice = world.user("alice")
    import_placeholder(world.user("adam"), person.agency, "urica")
    housing, leaving = domain(person.agency, "housing"), domain(person.agency, "leaving")
    later = record(person, alice, "readiness-ruler", {1: 5, 2: 5}, taken_on=day(20), domain=housing)
    earlier = record(person, alice, "readiness-ruler", {1: 2, 2: 3}, taken_on=day(3), domain=housing)
    other = record(person, alice, "readiness-ruler", {1: 8, 2: 9}, taken_on=day(5), domain=leaving)
    urica = record(person, alice, "urica", dict.fromkeys(range(1, 33), 2), taken_on=day(1))
    found = results.histories(selectors.responses_of(person))
    assert [(h.title, h.responses) for h in found] == [
        ("Readiness ruler · Housing", [earlier, later]),
        ("Readiness ruler · Leaving the trafficking situation", [other]),
        ("University of Rhode Island Change Assessment (URICA)", [urica]),
    ]
    assert [h.anchor for h in found] == [
        f"results-readiness-ruler-{housing.pk}",
        f"results-readiness-ruler-{leaving.pk}",
        "results-urica",
    ]
    assert found[0].newest_first == [later, earlier]
    names = [f.name for f in found[0].figures()]
    expected = {"importance": [5.0, 2.0], "confidence": [5.0, 3.0]}
    assert [(r, values) for r, values in found[0].rows()] == [
        (later, [expected[n][0] for n in names]),
        (earlier, [expected[n][1] for n in names]),
    ]


@pytest.mark.django_db
def test_a_history_is_labelled_by_the_newest_version_taken_and_each_keeps_its_own_numbers(world, person):
    adam, alice = world.user("adam"), world.user("alice")
    first = services.upload_definition(actor=adam, agency=person.agency, file_text=PLACEHOLDER)
    answers = {1: 1, 2: 2, 3: 3, 4: 4, 5: 4}
    old = services.record_response(actor=alice, person=person, definition=first, answers=answers, taken_on=day(1))
    changed = PLACEHOLDER.replace("en: Placeholder results,", "en: Revised placeholder results,").replace(
        "{number: 1, subscale: S,", "{number: 1, subscale: S, reverse: true,"
    )
    second = services.upload_definition(actor=adam, agency=person.agency, file_text=changed)
    new = services.record_response(actor=alice, person=person, definition=second, answers=answers, taken_on=day(2))
    (history,) = results.histories(selectors.responses_of(person))
    assert history.definition.version == 2 and history.title == "Revised placeholder results"
    figures = by_name(history)
    # Version 1: S = 1 + 2 + 3 = 6, D = 4, total -2. Version 2 reverses item 1: S = 5 + 2 + 3 = 10, total 2.
    assert [figures["S"].value(r) for r in (old, new)] == [6.0, 10.0]
    assert [figures[TOTAL].value(r) for r in (old, new)] == [-2.0, 2.0]


@pytest.mark.django_db
def test_the_summary_says_how_often_over_what_span_and_the_latest_figures(world, person):
    alice = world.user("alice")
    once = record(person, alice, "readiness-ruler", {1: 6, 2: None}, taken_on=day(14))
    (history,) = results.histories(selectors.responses_of(person))
    figures = [by_name(history)["importance"], by_name(history)["confidence"]]
    assert history.summary(figures) == f"Taken once, on {long_date(once.taken_on)}: Importance 6, Confidence no score."
    record(person, alice, "readiness-ruler", {1: 2, 2: 3}, taken_on=day(2))
    record(person, alice, "readiness-ruler", {1: 7, 2: 8}, taken_on=day(40))
    (history,) = results.histories(selectors.responses_of(person))
    figures = [by_name(history)["importance"], by_name(history)["confidence"]]
    assert history.summary(figures) == (
        f"Taken 3 times from {long_date(day(2))} to {long_date(day(40))}; the latest: Importance 7, Confidence 8."
    )
    # Every figure, in some order, when none are named.
    whole = history.summary()
    assert "Importance 7" in whole and "Confidence 8" in whole and whole.startswith("Taken 3 times")


@pytest.mark.django_db
def test_charts_are_grouped_by_range(world, person):
    alice = world.user("alice")
    import_placeholder(world.user("adam"), person.agency, "urica")
    for n in range(3):
        record(person, alice, "urica", {i: (i + n) % 5 + 1 for i in range(1, 33)}, taken_on=day(10 * n))
        record(person, alice, "readiness-ruler", {1: n, 2: 10 - n}, taken_on=day(10 * n))
    ruler, urica = results.histories(selectors.responses_of(person))
    assert ruler.key == "readiness-ruler" and urica.key == "urica"

    (drawn,) = ruler.charts()
    assert sorted(drawn["legend"]) == ["Confidence", "Importance"]
    assert drawn["svg"].count("<polyline") == 2 and drawn["svg"].count("<circle") == 6

    means, readiness = urica.charts()
    assert sorted(means["legend"]) == sorted(
        ["Precontemplation (PC)", "Contemplation (C)", "Action (A)", "Maintenance (M)"]
    )
    assert means["svg"].count("<polyline") == 4
    # One series alone needs no legend; its levels run over the total's range.
    assert readiness["legend"] == [] and readiness["svg"].count("<polyline") == 1
    levels = re.findall(r'class="chart__level"[^>]*>(-?\d+)</text>', readiness["svg"])
    assert sorted(map(int, levels)) == [-2, 1, 4, 7, 10, 14]
    assert "Readiness (C + A + M − PC)" in readiness["svg"] and "over time" in readiness["svg"]
    assert all("<script" not in chart["svg"] for chart in (drawn, means, readiness))


@pytest.mark.django_db
def test_a_total_without_a_range_is_drawn_over_the_values_seen(world, person):
    adam, alice = world.user("adam"), world.user("alice")
    dividing = PLACEHOLDER.replace("total: S - 2 * D", "total: S / (D - 1)")
    row = services.upload_definition(actor=adam, agency=person.agency, file_text=dividing)
    for n, mean in enumerate((2, 3, 5)):
        answers = {1: 3, 2: 3, 3: 3, 4: mean, 5: mean}
        services.record_response(actor=alice, person=person, definition=row, answers=answers, taken_on=day(n))
    (history,) = results.histories(selectors.responses_of(person))
    assert [by_name(history)[TOTAL].value(r) for r in history.responses] == [9.0, 4.5, 2.25]
    charts = history.charts()
    assert len(charts) == 3  # S (3–15), D (1–5), and the total over 2.25–9
    levels = re.findall(r'class="chart__level"[^>]*>(-?\d+)</text>', charts[-1]["svg"])
    assert sorted(map(int, levels)) == [2, 4, 6, 8, 9]


def test_a_figure_without_a_score_has_no_value():
    figure = Figure("C", "Contemplation (C)", 1, 5)
    assert figure.value(Response(scores={"subscales": {"C": None}, "total": 3})) is None
    assert figure.value(Response(scores={"subscales": {"C": 4.25}})) == 4.25
    assert Figure(TOTAL, "Total", 0, 1).value(Response(scores={"total": 2})) == 2.0
    assert Figure(TOTAL, "Total", 0, 1).value(Response(scores={})) is None
