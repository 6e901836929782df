"""Stages of change, one part of life at a time: what each stage means, what tends to help, and the journey.

A stage belongs to one change in one life domain, never to the whole person, and people move back and
forth many times. Nothing here judges a move: a return to an earlier stage is told as part of the
journey, never closes, discharges or flags anyone. The words are ours (DOMAIN.md's list of what helps).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from waypoint.casework.models import LifeDomain, Stage, StageCheckIn
from waypoint.core import charts
from waypoint.core.templatetags.waypoint_dates import long_date

# Where each stage sits on the chart, bottom to top; a return to an earlier stage gets its own row below,
# so the line shows the move without pretending to know which earlier stage it was.
LEVEL: dict[str, int] = {
    Stage.RECYCLING: 0,
    Stage.PRECONTEMPLATION: 1,
    Stage.CONTEMPLATION: 2,
    Stage.PREPARATION: 3,
    Stage.ACTION: 4,
    Stage.MAINTENANCE: 5,
}

MEANING: dict[str, Promise] = {
    Stage.PRECONTEMPLATION: gettext_lazy("Not thinking about this change yet, or not believing it is possible."),
    Stage.CONTEMPLATION: gettext_lazy("Thinking about it and feeling torn: part of them wants it, part does not."),
    Stage.PREPARATION: gettext_lazy("Getting ready: planning, asking questions, taking first small steps."),
    Stage.ACTION: gettext_lazy("Making the change now."),
    Stage.MAINTENANCE: gettext_lazy("Holding on to the change and building a life around it."),
    Stage.RECYCLING: gettext_lazy(
        "Back at an earlier stage for now. This is a normal part of change, and the door stays open."
    ),
}

HELPS: dict[str, list[Promise]] = {
    Stage.PRECONTEMPLATION: [
        gettext_lazy("Build the relationship first; be someone they can come back to."),
        gettext_lazy("Offer harm reduction and practical help with no conditions attached."),
        gettext_lazy("Share information by word of mouth, when they want it; nothing in writing they must hide."),
        gettext_lazy("Keep the door open and say so."),
    ],
    Stage.CONTEMPLATION: [
        gettext_lazy("Listen for their own reasons for change and reflect them back (motivational interviewing)."),
        gettext_lazy("Weigh the pros and cons with them, without judging either side."),
        gettext_lazy("Ask the readiness ruler questions: how important, how confident, and why not a lower number."),
    ],
    Stage.PREPARATION: [
        gettext_lazy("Make or review the safety plan together."),
        gettext_lazy("Start on identity documents and the other papers the next step will need."),
        gettext_lazy("Look at housing options together, including crisis beds."),
    ],
    Stage.ACTION: [
        gettext_lazy("Line up a crisis bed or housing when it is needed."),
        gettext_lazy("Bring in wraparound support: health, income, legal help."),
        gettext_lazy("Offer court support if they choose to go that way."),
        gettext_lazy("Expect danger to rise around leaving: revisit the safety plan."),
    ],
    Stage.MAINTENANCE: [
        gettext_lazy("Work towards stable housing, school or work."),
        gettext_lazy("Connect them with peer support and mentoring."),
        gettext_lazy("Keep the same workers where you can: steady relationships matter."),
    ],
    Stage.RECYCLING: [
        gettext_lazy("Stay in touch and re-engage without blame: most people try several times."),
        gettext_lazy("Review the safety plan with them."),
        gettext_lazy("Ask what helped last time and what got in the way."),
        gettext_lazy("Nothing closes: the record stays open and no flag is raised."),
    ],
}


@dataclass
class DomainJourney:
    """One part of life's check-ins, oldest first, with the latest and what the chart and summary say."""

    domain: LifeDomain
    check_ins: list[StageCheckIn] = field(default_factory=list)

    @property
    def latest(self) -> StageCheckIn:
        return self.check_ins[-1]

    @property
    def newest_first(self) -> list[StageCheckIn]:
        return self.check_ins[::-1]

    @property
    def helps(self) -> list[Promise]:
        return HELPS[self.latest.stage]

    @property
    def meaning(self) -> Promise:
        return MEANING[self.latest.stage]

    def chart(self) -> str:
        points = [
            charts.Point(c.on, LEVEL[c.stage], f"{long_date(c.on)}: {c.get_stage_display()}") for c in self.check_ins
        ]
        return charts.svg(
            chart_id=f"stage-chart-{self.domain.pk}",
            title=_("Stages over time: %(domain)s") % {"domain": self.domain.label},
            description=self.summary(),
            levels=[charts.Level(level, label) for label, level in _stage_levels()],
            series=[charts.Series(self.domain.label, points, steps=True)],
        )

    def summary(self) -> str:
        """The journey in one or two sentences, for screen readers and for anyone who prefers words."""
        first, latest = self.check_ins[0], self.latest
        returns = sum(1 for a, b in zip(self.check_ins, self.check_ins[1:], strict=False) if _went_back(a, b))
        words = _("%(count)s check-ins from %(start)s to %(end)s; now %(stage)s (since %(date)s).") % {
            "count": len(self.check_ins),
            "start": long_date(first.on),
            "end": long_date(latest.on),
            "stage": latest.get_stage_display().lower(),
            "date": long_date(latest.on),
        }
        if len(self.check_ins) == 1:
            words = _("One check-in, on %(date)s: %(stage)s.") % {
                "date": long_date(latest.on),
                "stage": latest.get_stage_display().lower(),
            }
        if returns:
            went_back = ngettext(
                "Went back to an earlier stage once along the way, which is part of how change happens.",
                "Went back to an earlier stage %(count)s times along the way, which is part of how change happens.",
                returns,
            )
            words += " " + went_back % {"count": returns}
        return str(words)


def _went_back(before: StageCheckIn, after: StageCheckIn) -> bool:
    return LEVEL[after.stage] < LEVEL[before.stage]


def _stage_levels() -> list[tuple[str, int]]:
    labels = dict(Stage.choices)
    return [(str(labels[stage]), level) for stage, level in LEVEL.items()]


def journeys(check_ins: Iterable[StageCheckIn]) -> list[DomainJourney]:
    """Check-ins (ordered by domain, then date) grouped into one journey per part of life."""
    grouped: dict[object, DomainJourney] = {}
    for check_in in check_ins:
        grouped.setdefault(check_in.domain_id, DomainJourney(check_in.domain)).check_ins.append(check_in)
    return list(grouped.values())
