"""What housing adds to casework's pages: admissions, moves and discharges on the timeline, and two caseload flags.

Registered once from ``HousingConfig.ready`` into casework's registries. A timeline entry names the program
and the bed (never the site's address); a discharge says the reason and where the person went, as the
worker recorded it, without judgement.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.db.models import (
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.fields import DateField
from django.utils.translation import gettext_lazy as _

from waypoint.casework import flags, timeline
from waypoint.housing.models import Episode, Hold, Stay
from waypoint.people import access
from waypoint.people.models import Person, Status

# A stay this many days before its program's target length raises "Stay near its target length".
NEAR_TARGET_DAYS = 7
# A hold with less than this left raises "Bed hold ends soon".
HOLD_ENDING = datetime.timedelta(hours=4)


def _noon(field: str) -> ExpressionWrapper:
    # A stay has a day, not a moment: noon UTC keeps it inside that day across Canada's zones.
    return ExpressionWrapper(F(field) + datetime.timedelta(hours=12), output_field=DateTimeField())


def _stays(person: Person) -> QuerySet[Stay]:
    return access.rows_of_person(person, Stay)


def _fetch_stays(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[Stay]:
    # An admission begins its episode; a move follows an earlier stay of it (a move is on a later day).
    earlier = _stays(person).filter(episode_id=OuterRef("episode_id"), started_on__lt=OuterRef("started_on"))
    return (
        _stays(person)
        .filter(pk__in=ids)
        .annotate(is_admission=~Exists(earlier))
        .select_related("program", "bed__room__site", "created_by")
    )


def _discharges(person: Person) -> QuerySet[Episode]:
    return access.rows_of_person(person, Episode).filter(ended_on__isnull=False)


def _fetch_discharges(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[Episode]:
    return _discharges(person).filter(pk__in=ids).select_related("discharged_by")


STAYS = timeline.Source(
    "housing_stay",
    _("Housing: admissions and moves"),
    _stays,
    _noon("started_on"),
    "housing/timeline/_stay.html",
    _fetch_stays,
)
DISCHARGES = timeline.Source(
    "housing_discharge",
    _("Housing: discharges"),
    _discharges,
    # Just after noon, so a discharge shows after a same-day move or admission.
    ExpressionWrapper(F("ended_on") + datetime.timedelta(hours=12, seconds=1), output_field=DateTimeField()),
    "housing/timeline/_discharge.html",
    _fetch_discharges,
)


def _days_since(field: str, today: datetime.date) -> Func:
    # date - date is a whole number of days in PostgreSQL.
    return Func(
        Value(today, output_field=DateField()),
        F(field),
        template="(%(expressions)s)",
        arg_joiner=" - ",
        output_field=IntegerField(),
    )


def _stay_near_target(today: datetime.date, now: datetime.datetime) -> Q:
    open_stays = access.rows_per_person(Stay).filter(ended_on__isnull=True, program__target_days__isnull=False)
    near = open_stays.annotate(days=_days_since("started_on", today)).filter(
        days__gte=F("program__target_days") - NEAR_TARGET_DAYS
    )
    return Q(Exists(near)) & ~Q(status=Status.CLOSED)


def _hold_ending(today: datetime.date, now: datetime.datetime) -> Q:
    ending = access.rows_per_person(Hold).filter(
        released_at__isnull=True, stay__isnull=True, during__contains=now, during__endswith__lte=now + HOLD_ENDING
    )
    return Q(Exists(ending))


def register() -> None:
    """Timeline sources and caseload flags; once per process."""
    if STAYS.kind in timeline.REGISTRY:
        return
    timeline.register(STAYS)
    timeline.register(DISCHARGES)
    flags.register(flags.Flag("stay_near_target", _("Stay near its target length"), _stay_near_target))
    flags.register(flags.Flag("hold_ending", _("Bed hold ends soon"), _hold_ending))
