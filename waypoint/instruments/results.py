"""A person's results over time, one history per instrument (and part of life), drawn and tabled.

Each stored response keeps the numbers its own definition version gave; nothing here scores again.
A history shows the figures of the newest version taken (its subscales and its total), as charts
grouped by range (URICA's subscale means run 1–5, its readiness −2 to 14, so they get a chart each)
with a table beside them and a sentence for screen readers.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from waypoint.casework.models import LifeDomain
from waypoint.core import charts
from waypoint.core.charts import Point
from waypoint.core.language import localized
from waypoint.core.templatetags.waypoint_dates import long_date
from waypoint.instruments.loader import Definition, Subscale
from waypoint.instruments.models import Response

TOTAL = "total"
# Beyond this many subscales the corners of the total's range are too many to try; the figures seen bound it.
MOST_CORNERS = 10


@dataclass(frozen=True)
class Figure:
    """One number a response has (a subscale, or the total) and the range it can take."""

    name: str
    label: str
    low: float
    high: float

    def value(self, response: Response) -> float | None:
        scores = response.scores or {}
        found = scores.get(TOTAL) if self.name == TOTAL else (scores.get("subscales") or {}).get(self.name)
        return float(found) if isinstance(found, int | float) else None


def _subscale_range(definition: Definition, subscale: Subscale) -> tuple[float, float]:
    low, high = definition.scale.min, definition.scale.max
    if subscale.score == "mean":
        return low, high
    return low * len(subscale.items), high * len(subscale.items)


def _total_range(definition: Definition, ranges: dict[str, tuple[float, float]]) -> tuple[float, float] | None:
    """The least and the most the total can be: tried at every corner of its subscales' ranges (exact for sums)."""
    total = definition.total
    if total is None or len(total.names) > MOST_CORNERS:
        return None
    names = sorted(total.names)
    values = []
    for corner in itertools.product(*(ranges[name] for name in names)):
        try:
            values.append(float(total.evaluate({n: Fraction(v) for n, v in zip(names, corner, strict=True)})))
        except ZeroDivisionError:
            return None
    return min(values), max(values)


def figures_of(definition: Definition) -> list[Figure]:
    """The subscales, then the total (unless the total is just one subscale under another name)."""
    ranges = {s.name: _subscale_range(definition, s) for s in definition.subscales}
    found = [
        Figure(s.name, localized(s.label.en, s.label.fr) if s.label else s.name, *ranges[s.name])
        for s in definition.subscales
    ]
    total = definition.total
    if total is not None and total.source.strip() not in ranges:
        span = _total_range(definition, ranges)
        label = definition.total_label
        found.append(
            Figure(TOTAL, localized(label.en, label.fr) if label else _("Total"), *(span or (math.nan, math.nan)))
        )
    return found


def _levels(low: float, high: float) -> list[charts.Level]:
    """Gridlines at whole, evenly spaced values: at most seven, always the two ends."""
    lo, hi = math.floor(low), math.ceil(high)
    if hi <= lo:
        hi = lo + 1
    step = max(1, math.ceil((hi - lo) / 6))
    values = list(range(lo, hi, step))
    if len(values) > 1 and hi - values[-1] < step / 2:
        values.pop()  # too close to the top line: their labels would touch
    values.append(hi)
    return [charts.Level(v, str(v)) for v in values]


@dataclass
class History:
    """Every response to one instrument (about one part of life, when it is taken per part of life)."""

    key: str
    definition: Definition  # the newest version taken: its figures head the table
    domain: LifeDomain | None
    responses: list[Response] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"results-{self.key}" + (f"-{self.domain.pk}" if self.domain else "")

    @property
    def title(self) -> str:
        title = localized(self.definition.title.en, self.definition.title.fr)
        return f"{title} · {self.domain.label}" if self.domain else title

    @property
    def newest_first(self) -> list[Response]:
        return self.responses[::-1]

    def figures(self) -> list[Figure]:
        return figures_of(self.definition)

    def rows(self) -> list[tuple[Response, list[float | None]]]:
        figures = self.figures()
        return [(r, [f.value(r) for f in figures]) for r in self.newest_first]

    def charts(self) -> list[dict[str, Any]]:
        """One chart per range the figures share, each with its legend (the series' names in order)."""
        groups: dict[tuple[float, float], list[Figure]] = {}
        for figure in self.figures():
            low, high = figure.low, figure.high
            if math.isnan(low):
                seen = [v for r in self.responses if (v := figure.value(r)) is not None] or [0.0]
                low, high = min(seen), max(seen)
            groups.setdefault((low, high), []).append(figure)
        drawn = []
        for n, ((low, high), figures) in enumerate(groups.items(), 1):
            series = [charts.Series(f.label, self._points(f)) for f in figures]
            svg = charts.svg(
                chart_id=f"{self.anchor}-chart-{n}",
                title=_("%(title)s over time: %(figures)s")
                % {"title": self.title, "figures": ", ".join(f.label for f in figures)},
                description=self.summary(figures),
                levels=_levels(low, high),
                series=series,
            )
            if svg:
                drawn.append({"svg": svg, "legend": [f.label for f in figures] if len(figures) > 1 else []})
        return drawn

    def _points(self, figure: Figure) -> list[Point]:
        points = []
        for response in self.responses:
            value = figure.value(response)
            if value is not None:
                shown = f"{long_date(response.taken_on)}: {figure.label} {_number(value)}"
                points.append(Point(response.taken_on, value, shown))
        return points

    def summary(self, figures: Iterable[Figure] | None = None) -> str:
        """How many times it was taken and over what span, and the latest figures, in words."""
        first, latest = self.responses[0], self.responses[-1]
        figures = list(figures if figures is not None else self.figures())
        latest_words = ", ".join(f"{f.label} {_number(f.value(latest))}" for f in figures)
        if len(self.responses) == 1:
            return _("Taken once, on %(date)s: %(figures)s.") % {
                "date": long_date(latest.taken_on),
                "figures": latest_words,
            }
        count = len(self.responses)
        return ngettext(
            "Taken %(count)s time from %(start)s to %(end)s; the latest: %(figures)s.",
            "Taken %(count)s times from %(start)s to %(end)s; the latest: %(figures)s.",
            count,
        ) % {
            "count": count,
            "start": long_date(first.taken_on),
            "end": long_date(latest.taken_on),
            "figures": latest_words,
        }


def _number(value: float | None) -> str:
    if value is None:
        return _("no score")
    return f"{value:g}"


def histories(responses: Iterable[Response]) -> list[History]:
    """Responses (oldest first) grouped by instrument and part of life; the newest version taken labels each."""
    grouped: dict[tuple[str, Any], History] = {}
    for response in responses:
        row = response.definition
        group = (row.key, response.domain_id)
        history = grouped.get(group)
        if history is None:
            history = grouped[group] = History(row.key, row.definition, response.domain)
        elif row.version >= history.definition.version:
            history.definition = row.definition
        history.responses.append(response)
    return sorted(grouped.values(), key=lambda h: h.title.casefold())
