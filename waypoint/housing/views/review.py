"""The program review page: a period, figures, a month-by-month chart of occupancy with its table, and exits.

Aggregates only (``housing.review``): no alias, no row about a person. Marked for sharing outside the agency,
the counts about people go through small-cell suppression.
"""

from __future__ import annotations

import datetime
import math
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import HttpResponse
from django.urls import URLPattern, path
from django.utils import formats
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from waypoint.accounts.roles import Role
from waypoint.casework.views.common import render
from waypoint.core.disclosure import Withheld
from waypoint.core.http import AuthedHttpRequest
from waypoint.core.routes import roles
from waypoint.housing import review
from waypoint.people.forms import DATE, DescribedErrorsForm
from waypoint.people.models import agency_today

LONGEST_YEARS = 10
PARAMETERS = ("from", "to", "share")


class PeriodForm(DescribedErrorsForm):
    """The period (both days included) and whether the figures are for sharing outside the agency.

    ``from`` is a Python keyword, so the fields are named in ``__init__``. A day left empty keeps the default.
    """

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["from"] = forms.DateField(
            label=pgettext_lazy("a span of days", "From"), required=False, widget=DATE
        )
        self.fields["to"] = forms.DateField(
            label=pgettext_lazy("a span of days", "To"),
            required=False,
            widget=DATE,
            help_text=_("Both days are included."),
        )
        self.fields["share"] = forms.BooleanField(
            label=_("For sharing outside the agency"),
            required=False,
            help_text=_(
                "Counts of people from 1 to 9 are hidden, and so is one more count beside a hidden one where "
                "it could be worked out from the total."
            ),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        default_start, default_end = review.default_period(self.today)
        start = cleaned.get("from") or default_start
        end = cleaned.get("to") or default_end
        if "from" in self.errors or "to" in self.errors:
            return cleaned
        if start > end:
            self.add_error("to", gettext("The period ends on or after the day it starts."))
        elif end > self.today:
            self.add_error("to", gettext("The period ends today at the latest: the nights to come are not known."))
        elif end >= _years_after(start, LONGEST_YEARS):
            self.add_error("to", gettext("Choose a period of ten years or less."))
        cleaned["from"], cleaned["to"] = start, end
        return cleaned


def _years_after(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return datetime.date(day.year + years, 3, 1)


# --- figures as the page says them --------------------------------------------------------------------------


def _percent(rate: review.Rate) -> str | Withheld | None:
    if rate is None or isinstance(rate, Withheld):
        return rate
    return gettext("%(percent)s%%") % {"percent": formats.number_format(round(rate * 100, 1), 1)}


def _nights(value: review.Rate) -> str | Withheld | None:
    if value is None or isinstance(value, Withheld):
        return value
    return gettext("%(n)s nights") % {"n": formats.number_format(round(value, 1), 1)}


def _shown(result: review.Review) -> dict[str, Any]:
    return {
        "bed_occupancy": _percent(result.bed_nights.rate),
        "room_occupancy": _percent(result.room_nights.rate),
        "mean_nights": _nights(result.mean_nights),
        "median_nights": _nights(result.median_nights),
        "safe_share": _percent(result.safe_share),
        "readmission_share": _percent(result.readmission_share),
        "months": [(month, _percent(month.rate)) for month in result.months],
        "exit_tables": [
            (gettext("Exits by reason for leaving"), gettext("Reason"), result.exits_by_reason),
            (gettext("Exits by where people went"), gettext("Where they went"), result.exits_by_destination),
        ],
    }


# --- the chart: one bar a month, drawn on the server -----------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the month and its occupancy, for a pointer's tooltip


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Level:
    y: float
    label: str


WIDTH, LEFT, RIGHT, TOP, PLOT_HEIGHT, BOTTOM = 640, 52, 16, 12, 200, 36
MOST_TICKS = 12


def _chart(result: review.Review) -> dict[str, Any]:
    months = result.months
    slot = (WIDTH - LEFT - RIGHT) / max(len(months), 1)
    every = math.ceil(len(months) / MOST_TICKS)
    bars, ticks = [], []
    for n, month in enumerate(months):
        rate = month.rate or 0.0
        height = round(rate * PLOT_HEIGHT, 1)
        x = LEFT + n * slot
        name = formats.date_format(month.month, "YEAR_MONTH_FORMAT")
        occupancy = _percent(month.rate) or gettext("no bed available")
        tooltip = gettext("%(month)s: %(occupancy)s") % {"month": name, "occupancy": occupancy}
        bars.append(Bar(round(x + slot * 0.15, 1), TOP + PLOT_HEIGHT - height, round(slot * 0.7, 1), height, tooltip))
        if n % every == 0:
            ticks.append(Tick(round(x + slot / 2, 1), formats.date_format(month.month, "M Y")))
    levels = [
        Level(TOP + PLOT_HEIGHT * (1 - share / 100), gettext("%(percent)s%%") % {"percent": share})
        for share in (0, 25, 50, 75, 100)
    ]
    return {
        "width": WIDTH,
        "height": TOP + PLOT_HEIGHT + BOTTOM,
        "left": LEFT,
        "label_x": LEFT - 6,
        "right": WIDTH - RIGHT,
        "tick_y": TOP + PLOT_HEIGHT + 22,
        "bars": bars,
        "ticks": ticks,
        "levels": levels,
    }


# --- the page -----------------------------------------------------------------------------------------------


@roles(Role.PROGRAM_MANAGER, Role.SUPERVISOR, Role.HOUSING_STAFF)
def review_page(request: AuthedHttpRequest, program_id: uuid.UUID) -> HttpResponse:
    """The review of one program over a period (by default the twelve months ending yesterday)."""
    program = review.review_program_for(request.user, program_id)
    today = agency_today(program.agency)
    start, end = review.default_period(today)
    asked = any(name in request.GET for name in PARAMETERS)
    form = PeriodForm(request.GET if asked else None, today=today, initial={"from": start, "to": end})
    context: dict[str, Any] = {"program": program, "form": form, "result": None}
    if not asked or form.is_valid():
        data: dict[str, Any] = form.cleaned_data if asked else {"from": start, "to": end, "share": False}
        result = review.program_review(
            viewer=request.user, program=program, start=data["from"], end=data["to"], shared=bool(data["share"])
        )
        context |= {"result": result, "shown": _shown(result), "chart": _chart(result)}
    return render(request, "housing/review.html", context)


urlpatterns: list[URLPattern] = [
    path("housing/programs/<uuid:program_id>/review/", review_page, name="review"),
]
