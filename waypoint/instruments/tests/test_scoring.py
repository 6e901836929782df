"""Scoring against answer sets computed by hand, for every shipped definition and two placeholders."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from waypoint.instruments.loader import Definition, load_definition, shipped_definitions
from waypoint.instruments.scoring import score

SHIPPED = shipped_definitions()

# Placeholder wording, as the tests and the demo use: it says so in every item.
REVERSED = load_definition(
    textwrap.dedent("""\
    key: placeholder-reversed
    version: 1
    title: {en: Placeholder, fr: Espace réservé}
    licence: {kind: agency_supplied, attribution: Test, source: Test}
    roles: [advocate]
    scale: {min: 1, max: 5}
    items:
      - {number: 1, text: {en: Placeholder item 1, fr: Énoncé fictif 1}}
      - {number: 2, reverse: true, text: {en: Placeholder item 2, fr: Énoncé fictif 2}}
      - {number: 3, may_skip: false, text: {en: Placeholder item 3, fr: Énoncé fictif 3}}
      - {number: 4, reverse: true, text: {en: Placeholder item 4, fr: Énoncé fictif 4}}
    subscales:
      S: {items: [1, 2, 3], score: sum}
      R: {items: [3, 4], score: mean}
    skips: {most: 1}
    total: S / R
    """)
)

DIVIDES_TEXT = textwrap.dedent("""\
    key: placeholder-divides
    version: 1
    title: {en: Placeholder, fr: Espace réservé}
    licence: {kind: agency_supplied, attribution: Test, source: Test}
    roles: [advocate]
    scale: {min: 0, max: 2}
    items:
      - {number: 1, subscale: A, text: {en: Placeholder item 1, fr: Énoncé fictif 1}}
      - {number: 2, subscale: B, text: {en: Placeholder item 2, fr: Énoncé fictif 2}}
    subscales:
      A: {score: sum}
      B: {score: sum}
    skips: {most: 0}
    total: A / B + 0.5
    """)
DIVIDES = load_definition(DIVIDES_TEXT)


def urica_answers(**overrides: int | None) -> dict[int, int | None]:
    # PC all 2, C all 4, A all 3, M six 5s and a 1 (item 32); the four unscored items 1, which must count for nothing.
    by_subscale = {
        "PC": [1, 5, 11, 13, 23, 26, 29],
        "C": [2, 8, 12, 15, 19, 21, 24],
        "A": [3, 7, 10, 14, 17, 25, 30],
        "M": [6, 16, 18, 22, 27, 28, 32],
    }
    answers: dict[int, int | None] = dict.fromkeys(UNSCORED, 1)
    answers.update(dict.fromkeys(by_subscale["PC"], 2))
    answers.update(dict.fromkeys(by_subscale["C"], 4))
    answers.update(dict.fromkeys(by_subscale["A"], 3))
    answers.update(dict.fromkeys(by_subscale["M"], 5))
    answers[32] = 1
    answers.update({int(key.removeprefix("i")): value for key, value in overrides.items()})
    return answers


UNSCORED = (4, 9, 20, 31)


def test_it_scores_urica_as_the_means_with_readiness_c_plus_a_plus_m_minus_pc():
    scores = score(SHIPPED["urica"], urica_answers())
    assert scores.subscales == {"PC": 2.0, "C": 4.0, "A": 3.0, "M": 4.43}  # M = 31 / 7
    assert scores.total == 9.43  # 4 + 3 + 31/7 - 2 = 66/7
    assert (scores.skipped, scores.complete, scores.reason) == (0, True, "")


def test_it_ignores_urica_items_that_are_asked_but_not_scored():
    changed = urica_answers(**{f"i{number}": 5 for number in UNSCORED})
    assert score(SHIPPED["urica"], changed) == score(SHIPPED["urica"], urica_answers())


def test_it_scores_urica_skipped_items_by_the_mean_of_those_answered():
    scores = score(SHIPPED["urica"], urica_answers(i32=None, i1=None))
    assert scores.subscales == {"PC": 2.0, "C": 4.0, "A": 3.0, "M": 5.0}
    assert scores.total == 10.0
    assert (scores.skipped, scores.complete) == (2, True)


def test_it_rounds_urica_once_to_two_decimals_after_exact_arithmetic():
    answers = dict.fromkeys(range(1, 33), 3)
    answers.update({1: 1, 5: 1, 11: 1, 13: 1, 23: 1, 26: 1, 29: 2, 31: None})
    scores = score(SHIPPED["urica"], answers)
    assert scores.subscales["PC"] == 1.14  # 8 / 7
    assert scores.total == 7.86  # 9 - 8/7 = 55/7


def test_it_still_scores_urica_at_the_skip_limit_and_not_one_past_it():
    at_limit = score(SHIPPED["urica"], urica_answers(i1=None, i2=None, i3=None, i6=None))
    assert at_limit.complete and at_limit.total == 9.33  # 4 + 3 + 26/6 - 2 = 28/3
    past = score(SHIPPED["urica"], urica_answers(i1=None, i2=None, i3=None, i6=None, i7=None))
    assert past.subscales == {"PC": None, "C": None, "A": None, "M": None}
    assert past.total is None
    assert (past.skipped, past.complete) == (5, False)
    assert past.reason == "5 items were skipped and at most 4 may be for a score"


def test_it_counts_absent_urica_items_as_skipped():
    answers = urica_answers()
    del answers[32]
    assert score(SHIPPED["urica"], answers).subscales["M"] == 5.0


def test_it_scores_the_readiness_ruler_as_two_separate_numbers():
    scores = score(SHIPPED["readiness-ruler"], {1: 7, 2: 4})
    assert scores.subscales == {"importance": 7.0, "confidence": 4.0}
    assert scores.total is None
    assert scores.complete


def test_it_keeps_the_ruler_answer_given_when_the_other_is_skipped():
    scores = score(SHIPPED["readiness-ruler"], {1: 8, 2: None})
    assert scores.subscales == {"importance": 8.0, "confidence": None}
    assert (scores.skipped, scores.complete, scores.reason) == (1, False, "no item of confidence was answered")


def test_it_scores_nothing_when_both_ruler_answers_are_skipped():
    scores = score(SHIPPED["readiness-ruler"], {})
    assert scores.subscales == {"importance": None, "confidence": None}
    assert scores.reason == "2 items were skipped and at most 1 may be for a score"


def test_it_scores_the_stage_self_rating_as_the_stage_chosen():
    assert score(SHIPPED["stage-self-rating"], {1: 6}).subscales == {"stage": 6.0}
    skipped = score(SHIPPED["stage-self-rating"], {1: None})
    assert skipped.subscales == {"stage": None}
    assert skipped.reason == "1 item was skipped and at most 0 may be for a score"


def test_it_counts_the_signs_on_the_indicator_checklist():
    answers = dict.fromkeys(range(1, 13), 0) | {1: 1, 3: 1, 12: 1}
    scores = score(SHIPPED["indicators"], answers)
    assert scores.subscales == {"signs": 3.0}
    assert scores.total == 3.0


def test_it_prorates_the_checklist_count_when_two_answers_are_unknown():
    answers = dict.fromkeys(range(1, 13), 0) | {1: 1, 3: 1, 12: 1, 5: None, 6: None}
    scores = score(SHIPPED["indicators"], answers)
    assert scores.total == 3.6  # 3 of the 10 answered, times 12
    assert (scores.skipped, scores.complete) == (2, True)
    answers[7] = None
    assert score(SHIPPED["indicators"], answers).total is None


def test_it_counts_the_yes_answers_of_the_tvit_short_form():
    answers = dict.fromkeys(range(1, 17), 0) | dict.fromkeys([2, 4, 8, 15, 16], 1)
    assert score(SHIPPED["vera-tvit-short"], answers).total == 5.0


def test_it_prorates_the_tvit_at_its_skip_limit_and_refuses_past_it():
    answers = dict.fromkeys(range(1, 17), 0) | dict.fromkeys(range(1, 8), 1) | {15: None, 16: None}
    assert score(SHIPPED["vera-tvit-short"], answers).total == 8.0  # 7 of 14, times 16
    answers[14] = None
    scores = score(SHIPPED["vera-tvit-short"], answers)
    assert (scores.total, scores.complete, scores.skipped) == (None, False, 3)


def test_it_reverses_items_as_min_plus_max_minus_the_answer():
    scores = score(REVERSED, {1: 5, 2: 2, 3: 4, 4: 1})
    assert scores.subscales == {"S": 13.0, "R": 4.5}  # 5 + (6 - 2) + 4; mean of 4 and (6 - 1)
    assert scores.total == 2.89  # 13 / 4.5


def test_it_prorates_a_sum_with_a_skipped_reversed_item():
    scores = score(REVERSED, {1: 5, 2: None, 3: 3, 4: 2})
    assert scores.subscales == {"S": 12.0, "R": 3.5}  # mean of 5 and 3, times 3; mean of 3 and 4
    assert scores.total == 3.43  # 12 / 3.5 = 3.4285...


def test_it_scores_nothing_when_an_item_that_may_not_be_skipped_is():
    scores = score(REVERSED, {1: 5, 2: 2, 4: 1})
    assert scores.total is None
    assert scores.reason == "item 3 must be answered"


def test_it_gives_no_total_rather_than_dividing_by_zero():
    scores = score(DIVIDES, {1: 2, 2: 0})
    assert scores.subscales == {"A": 2.0, "B": 0.0}
    assert (scores.total, scores.complete) == (None, False)
    assert scores.reason == "the total divides by zero for these answers"
    assert score(DIVIDES, {1: 1, 2: 2}).total == 1.0


def test_it_rounds_halves_away_from_zero():
    halves = load_definition(_with_total("A / 8 - B / 8"))
    assert score(halves, {1: 1, 2: 0}).total == 0.13  # 0.125
    assert score(halves, {1: 0, 2: 1}).total == -0.13  # -0.125
    assert score(halves, {1: 2, 2: 1}).total == 0.13


def _with_total(total: str) -> str:
    return DIVIDES_TEXT.replace("total: A / B + 0.5", f"total: {total}")


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({1: 6}, "item 1: 6 is outside the scale 1–5"),
        ({1: 0}, "item 1: 0 is outside the scale 1–5"),
        ({33: 1}, "urica has no item 33"),
        ({1: True}, "item 1: the answer must be a whole number, not True"),
        ({1: "3"}, "item 1: the answer must be a whole number, not '3'"),
    ],
)
def test_it_refuses_answers_outside_the_definition(answers, message):
    with pytest.raises(ValueError, match=message):
        score(SHIPPED["urica"], answers)


def answer_sets(definition: Definition) -> st.SearchStrategy[dict[int, int | None]]:
    numbers = [item.number for item in definition.items]
    answer = st.one_of(st.none(), st.integers(definition.scale.min, definition.scale.max))
    return st.dictionaries(st.sampled_from(numbers), answer)


DEFINITIONS = [*SHIPPED.values(), REVERSED, DIVIDES]


@pytest.mark.parametrize("definition", DEFINITIONS, ids=[d.key for d in DEFINITIONS])
def test_it_never_raises_on_answers_inside_the_scale(definition):
    @hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(answers=answer_sets(definition))
    def check(answers):
        scores = score(definition, answers)
        assert scores.complete == (scores.reason == "")
        if scores.complete:
            assert all(value is not None for value in scores.subscales.values())
        for subscale in definition.subscales:
            value = scores.subscales[subscale.name]
            if value is None:
                continue
            width = 1 if subscale.score == "mean" else len(subscale.items)
            assert definition.scale.min * width - 0.005 <= value <= definition.scale.max * width + 0.005

    check()
