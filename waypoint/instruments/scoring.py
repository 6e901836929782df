"""Scoring a set of answers against a definition: subscale scores, the total, and whether they are complete.

The rules, chosen once for every instrument:

- A reversed item counts as ``scale.min + scale.max - answer`` (on 1–5, a 2 counts as 4).
- A skipped item (``None`` or absent) is left out. A ``mean`` subscale is the mean of the
  items answered. A ``sum`` subscale with skips is prorated: the mean of the items answered
  times the number of items in the subscale, so a skip neither lowers a sum nor counts as 0.
- More skips than ``skips.most``, or a skipped item the definition says may not be skipped:
  no score at all (every score None), ``complete`` False and the reason said in words.
- A subscale with no item answered has no score, nor has a total that names it.
- Arithmetic is exact (fractions); each score is rounded once, at the end, to two decimals,
  halves away from zero (2.125 gives 2.13, -2.125 gives -2.13). The total is computed from
  the unrounded subscale scores.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import floor
from typing import Any

from waypoint.instruments.loader import Definition


@dataclass(frozen=True)
class Scores:
    subscales: Mapping[str, float | None]
    total: float | None
    skipped: int
    complete: bool
    # Why the scores are not complete, in words for the worker; empty when complete.
    reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "subscales": dict(self.subscales),
            "total": self.total,
            "skipped": self.skipped,
            "complete": self.complete,
            "reason": self.reason,
        }


def score(definition: Definition, answers: Mapping[int, int | None]) -> Scores:
    """Score ``answers`` (item number → answer, None or absent for a skip).

    Raises ValueError for an item the definition does not have or an answer outside its scale;
    any answer set inside the scale scores without raising.
    """
    low, high = definition.scale.min, definition.scale.max
    numbers = {item.number for item in definition.items}
    for number, answer in answers.items():
        if number not in numbers:
            raise ValueError(f"{definition.key} has no item {number}")
        if answer is None:
            continue
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise ValueError(f"item {number}: the answer must be a whole number, not {answer!r}")
        if not low <= answer <= high:
            raise ValueError(f"item {number}: {answer} is outside the scale {low}–{high}")

    given = {number: answer for number, answer in answers.items() if answer is not None}
    skipped = len(numbers - given.keys())
    names = [subscale.name for subscale in definition.subscales]

    required = [item.number for item in definition.items if not item.may_skip and item.number not in given]
    if required:
        listed = ", ".join(map(str, required))
        return _nothing(
            names,
            skipped,
            f"item {listed} must be answered" if len(required) == 1 else f"items {listed} must be answered",
        )
    if skipped > definition.skips_most:
        were = "1 item was" if skipped == 1 else f"{skipped} items were"
        return _nothing(names, skipped, f"{were} skipped and at most {definition.skips_most} may be for a score")

    reversed_items = {item.number for item in definition.items if item.reverse}
    exact: dict[str, Fraction | None] = {}
    reasons: list[str] = []
    for subscale in definition.subscales:
        counted = [
            Fraction(low + high - given[number] if number in reversed_items else given[number])
            for number in subscale.items
            if number in given
        ]
        if not counted:
            exact[subscale.name] = None
            reasons.append(f"no item of {subscale.name} was answered")
            continue
        mean = sum(counted, Fraction(0)) / len(counted)
        exact[subscale.name] = mean if subscale.score == "mean" else mean * len(subscale.items)

    total: Fraction | None = None
    if definition.total is not None:
        values = {name: value for name, value in exact.items() if value is not None}
        if definition.total.names <= values.keys():
            try:
                total = definition.total.evaluate(values)
            except ZeroDivisionError:
                reasons.append("the total divides by zero for these answers")

    return Scores(
        subscales={name: _round(value) for name, value in exact.items()},
        total=_round(total),
        skipped=skipped,
        complete=not reasons,
        reason="; ".join(reasons),
    )


def _nothing(names: list[str], skipped: int, reason: str) -> Scores:
    return Scores(subscales=dict.fromkeys(names), total=None, skipped=skipped, complete=False, reason=reason)


def _round(value: Fraction | None) -> float | None:
    if value is None:
        return None
    hundredths = floor(abs(value) * 100 + Fraction(1, 2))
    return float(Fraction(hundredths if value >= 0 else -hundredths, 100))
