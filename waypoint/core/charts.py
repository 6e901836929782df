"""Charts drawn on the server as SVG: no JavaScript, nothing inline for the CSP to refuse, printable.

A chart is a few series of dated points against a vertical scale of labelled levels (the stages of
change, or an instrument's score range). Styling comes from ``app.css`` classes (``.chart__*``);
the SVG carries only geometry and text. Every chart is an image with a title and a description
(``role="img"``, ``aria-labelledby``); the page shows the same figures as a table beside it, because a
picture alone is not access.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from waypoint.core.templatetags.waypoint_dates import long_date

WIDTH = 640
LEFT = 210  # room for the level labels ("Retour à une étape antérieure")
RIGHT = 24
TOP = 16
ROW = 34
BOTTOM = 40


@dataclass(frozen=True)
class Point:
    on: datetime.date
    value: float
    # What a pointer's tooltip says about the point (a stage, a score with its date).
    label: str


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[Point]
    # A stage holds until the next check-in: drawn as steps. Scores are joined straight.
    steps: bool = False


@dataclass(frozen=True)
class Level:
    value: float
    label: str


def svg(
    *, chart_id: str, title: str, description: str, levels: Sequence[Level], series: Sequence[Series]
) -> SafeString:
    """The chart's ``<svg>``: levels bottom (lowest value) to top, time left to right over the points' span."""
    points = [p for s in series for p in s.points]
    if not points or not levels:
        return SafeString("")
    low, high = min(level.value for level in levels), max(level.value for level in levels)
    start, end = min(p.on for p in points), max(p.on for p in points)
    plot_height = ROW * max(len(levels) - 1, 1)
    height = TOP + plot_height + BOTTOM

    def x(day: datetime.date) -> float:
        span = (end - start).days
        if span == 0:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return round(LEFT + (day - start).days / span * (WIDTH - LEFT - RIGHT), 1)

    def y(value: float) -> float:
        if high == low:
            return TOP + plot_height / 2
        return round(TOP + (high - value) / (high - low) * plot_height, 1)

    grid = format_html_join(
        "",
        '<line class="chart__grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
        '<text class="chart__level" x="{}" y="{}" text-anchor="end" dominant-baseline="middle">{}</text>',
        ((LEFT, WIDTH - RIGHT, y(lv.value), y(lv.value), LEFT - 8, y(lv.value), lv.label) for lv in levels),
    )
    days = _ticks(start, end)
    anchors = ["start", *["middle"] * (len(days) - 2), "end"] if len(days) > 1 else ["middle"]
    ticks = format_html_join(
        "",
        '<text class="chart__tick" x="{}" y="{}" text-anchor="{}">{}</text>',
        ((x(day), TOP + plot_height + 24, anchor, long_date(day)) for day, anchor in zip(days, anchors, strict=True)),
    )
    lines = format_html_join(
        "",
        '<g class="chart__series chart__series--{}"><polyline class="chart__line" points="{}"></polyline>{}</g>',
        (
            (n, _polyline(s, x, y), _dots(s, x, y))
            for n, s in enumerate(series, 1)
            if s.points  # an empty series draws nothing
        ),
    )
    return format_html(
        '<svg class="chart__svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{grid}{ticks}{lines}</svg>',
        w=WIDTH,
        h=height,
        id=chart_id,
        title=title,
        desc=description,
        grid=grid,
        ticks=ticks,
        lines=lines,
    )


Scale = Callable[[datetime.date], float]
Rise = Callable[[float], float]


def _polyline(series: Series, x: Scale, y: Rise) -> str:
    coords: list[tuple[float, float]] = []
    for point in sorted(series.points, key=lambda p: p.on):
        px, py = x(point.on), y(point.value)
        if series.steps and coords:
            coords.append((px, coords[-1][1]))
        coords.append((px, py))
    return " ".join(f"{a},{b}" for a, b in coords)


def _dots(series: Series, x: Scale, y: Rise) -> SafeString:
    return format_html_join(
        "",
        '<circle class="chart__dot" cx="{}" cy="{}" r="5"><title>{}</title></circle>',
        ((x(p.on), y(p.value), p.label) for p in series.points),
    )


def _ticks(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first and the last day, and the one halfway for a long span: long dates never overlap at 640 px."""
    span = (end - start).days
    if span == 0:
        return [start]
    count = 1 if span < 90 else 2
    return [start + datetime.timedelta(days=round(span * i / count)) for i in range(count + 1)]
