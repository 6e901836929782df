"""What questionnaires add to casework's pages: an entry on the journey timeline, and a stage check-in to suggest.

Registered from ``InstrumentsConfig.ready`` into casework's timeline registry and the suggestions
registry. A suggestion is a link to the stage check-in form with the stage, the source and the part of
life filled in; the worker checks it with the person and confirms, or changes it. Nothing is recorded
for them.

How a result maps to a stage (our choices, written down in docs/decisions/0006):
- the stage self-rating: the step the person chose is the stage;
- the readiness ruler: the lower of importance and confidence, in bands of 0–2, 3–5, 6–8 and 9–10
  (precontemplation, contemplation, preparation, action): a change waits on whichever is lower;
- URICA: readiness (C + A + M − PC) of 8 or less suggests precontemplation, up to 12 contemplation, 12
  and above preparation. Published cut-offs differ between populations and are meant as a guide, so the
  form says where the suggestion came from and the worker decides.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable, Sequence
from urllib.parse import urlencode

from django.db.models import DateTimeField, ExpressionWrapper, F, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from waypoint.casework import timeline
from waypoint.casework.models import Stage, StageSource
from waypoint.instruments import suggestions
from waypoint.instruments.models import Response
from waypoint.people import access
from waypoint.people.models import Person

# The self-rating's six answers, in the order its scale lists them.
SELF_RATING_STAGES = [
    Stage.PRECONTEMPLATION,
    Stage.CONTEMPLATION,
    Stage.PREPARATION,
    Stage.ACTION,
    Stage.MAINTENANCE,
    Stage.RECYCLING,
]
URICA_CONTEMPLATION_ABOVE = 8
URICA_PREPARATION_FROM = 12


def _responses(person: Person) -> QuerySet[Response]:
    return access.rows_of_person(person, Response)


def _fetch(person: Person, ids: Sequence[uuid.UUID]) -> Iterable[Response]:
    return _responses(person).filter(pk__in=ids).select_related("definition", "domain", "author")


# Like a stage check-in, a response has a day, not a moment: noon UTC keeps it inside that day in Canada.
_TAKEN_NOON = ExpressionWrapper(F("taken_on") + datetime.timedelta(hours=12), output_field=DateTimeField())

TIMELINE_SOURCE = timeline.Source(
    "questionnaire",
    gettext_lazy("Questionnaires"),
    _responses,
    _TAKEN_NOON,
    "instruments/timeline/_response.html",
    _fetch,
)


def _check_in_link(response: Response, stage: str, source: str) -> suggestions.Suggestion:
    query = {"stage": stage, "source": source}
    if response.domain_id:
        query["domain"] = str(response.domain_id)
    url = reverse("casework:stages", kwargs={"person_id": response.person_id})
    label = _("Record a stage check-in: %(stage)s (suggested by this result)") % {"stage": Stage(stage).label}
    return suggestions.Suggestion(label=label, url=f"{url}?{urlencode(query)}#check-in")


def _subscale(response: Response, name: str) -> float | None:
    value = (response.scores or {}).get("subscales", {}).get(name)
    return float(value) if isinstance(value, int | float) else None


def from_self_rating(response: Response) -> suggestions.Suggestion | None:
    chosen = _subscale(response, "stage")
    if chosen is None or not 1 <= chosen <= len(SELF_RATING_STAGES):
        return None
    return _check_in_link(response, SELF_RATING_STAGES[int(chosen) - 1], StageSource.SELF_RATING)


def ruler_stage(importance: float | None, confidence: float | None) -> str | None:
    given = [value for value in (importance, confidence) if value is not None]
    if not given:
        return None
    lower = min(given)
    if lower <= 2:
        return Stage.PRECONTEMPLATION
    if lower <= 5:
        return Stage.CONTEMPLATION
    if lower <= 8:
        return Stage.PREPARATION
    return Stage.ACTION


def from_ruler(response: Response) -> suggestions.Suggestion | None:
    stage = ruler_stage(_subscale(response, "importance"), _subscale(response, "confidence"))
    return _check_in_link(response, stage, StageSource.RULER) if stage else None


def urica_stage(readiness: float | None) -> str | None:
    if readiness is None:
        return None
    if readiness <= URICA_CONTEMPLATION_ABOVE:
        return Stage.PRECONTEMPLATION
    if readiness < URICA_PREPARATION_FROM:
        return Stage.CONTEMPLATION
    return Stage.PREPARATION


def from_urica(response: Response) -> suggestions.Suggestion | None:
    total = (response.scores or {}).get("total")
    stage = urica_stage(float(total) if isinstance(total, int | float) else None)
    return _check_in_link(response, stage, StageSource.URICA) if stage else None


def register() -> None:
    if TIMELINE_SOURCE.kind not in timeline.REGISTRY:
        timeline.register(TIMELINE_SOURCE)
    suggestions.register("stage-self-rating", from_self_rating)
    suggestions.register("readiness-ruler", from_ruler)
    suggestions.register("urica", from_urica)
