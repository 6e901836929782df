"""Demo stages of change: two years of stage check-ins in two to four parts of life per person, and the
readiness rulers, URICAs and stage self-ratings taken along the way.

Shaped like change is: people move forward, stay, go back to an earlier stage and start again, several
times, each part of life at its own pace; leaving the trafficking situation goes back most often. A
check-in happens on a day the person was in contact (``casework.plan()``), written by the worker who
saw them. A ruler or a self-rating taken that day gives the check-in its stage and its source; a URICA
gives its source only when its suggestion is the stage the worker saw (the worker decides). The demo
agency imports URICA's placeholder wording (``instruments.placeholders``) through the importer; the
Vera TVIT keeps needing its wording, so the demo shows that state too.

How it is written, and why: everything before today is created in bulk through each person's related
managers (``person.stage_check_ins``, ``person.responses``; one statement per person and table), because
the services write one row, one audit event and one chain lock at a time, several seconds for two
years. Scores come from ``instruments.services.scores_json``, as the service stores them. The bulk part
leaves one ``demo.stages_history`` audit event with the counts. Today's check-ins and responses go
through ``casework.services.stages`` and ``instruments.services`` like any worker's, with their events.

Every note is written for this demo (no real person, no detail that could identify anyone). ``plan()``
is a pure function of the seed. Idempotent: an agency that already has stage check-ins gets nothing more.
"""

from __future__ import annotations

import datetime
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.casework.models import LifeDomain, Stage, StageCheckIn, StageSource
from waypoint.demo import casework
from waypoint.demo.data import DEMO_AGENCY
from waypoint.instruments.loader import Definition, shipped_definitions
from waypoint.instruments.models import InstrumentDefinition, InstrumentWording, Response
from waypoint.people.models import Person, agency_today

SEED = 2028
ADMIN = "admin@demo.waypoint.test"
RULER, URICA, SELF_RATING = "readiness-ruler", "urica", "stage-self-rating"
WORDED = URICA  # imported by the demo's admin; "vera-tvit-short" is left needing its wording

# Indices into the demo's people (case-number order), as in ``demo.casework``.
NO_CHECK_INS = {14, 41}  # open records with no check-in yet: the stages panel's empty state
TAKES_RULER = {i for i in range(60) if i % 3 == 1}
TAKES_URICA = {i for i in range(60) if i % 5 == 2}
TAKES_SELF_RATING = {3, 10, 17, 25, 31, 38, 46, 52}
# Seen today (``casework.TODAY_VIA_SERVICES``): a check-in today, and for some a questionnaire today.
TODAY_QUESTIONNAIRE = {4: RULER, 12: URICA, 16: SELF_RATING}

ORDER: list[str] = [Stage.PRECONTEMPLATION, Stage.CONTEMPLATION, Stage.PREPARATION, Stage.ACTION, Stage.MAINTENANCE]
FIRST_DOMAINS = ["leaving", "leaving", "leaving", "housing", "substance_use", "mental_health"]
OTHER_DOMAINS = [
    "housing",
    "substance_use",
    "documents",
    "income",
    "mental_health",
    "school",
    "family",
    "safety",
    "health",
    "community",
    "legal",
]
# How often a check-in is followed by a step back: leaving goes back most often (often seven tries or more).
RETURNS = {"leaving": 0.3}
RETURNS_ELSEWHERE = 0.16

NOTES: dict[str, list[str]] = {
    Stage.PRECONTEMPLATION: [
        "Not something they want to change right now. We left it there and talked about the week.",
        "Says it is fine as it is. Offered information for whenever they want it.",
        "Does not see this as a problem today. Kept the door open.",
    ],
    Stage.CONTEMPLATION: [
        "Talked through what might be different if things changed. Still weighing it.",
        "Part of them wants this and part does not. No rush.",
        "Asked what other people do in the same spot. Thinking it over.",
    ],
    Stage.PREPARATION: [
        "Made a short list of what would need to happen first.",
        "Asked about the next intake date and what to bring.",
        "Wants to start soon; we talked through one small first step.",
    ],
    Stage.ACTION: [
        "Started this week. Tired, and sure about it.",
        "Took the first step on their own and told us after.",
        "In the middle of it now; checking in more often helps.",
    ],
    Stage.MAINTENANCE: [
        "Keeping it going. Talked about what helps on hard days.",
        "Steady for a few months now; planning a little further ahead.",
        "Says it feels ordinary now, which they did not expect.",
    ],
    Stage.RECYCLING: [
        "Back where they were a while ago. No blame; we talked about what helped last time.",
        "Things got hard and the old way came back for now. The door stays open.",
        "Stepped back from it this month. We will pick it up again when they are ready.",
    ],
}

# The readiness ruler's bands (``instruments.journey.ruler_stage``): the lower answer decides the stage.
RULER_BANDS: dict[str, tuple[int, int]] = {
    Stage.PRECONTEMPLATION: (0, 2),
    Stage.CONTEMPLATION: (3, 5),
    Stage.PREPARATION: (6, 8),
    Stage.ACTION: (9, 10),
}
# Typical URICA subscale means for someone at each stage (answers scatter around them).
URICA_PROFILES: dict[str, dict[str, float]] = {
    Stage.PRECONTEMPLATION: {"PC": 4.0, "C": 2.4, "A": 1.9, "M": 1.8},
    Stage.CONTEMPLATION: {"PC": 1.9, "C": 4.3, "A": 3.5, "M": 3.0},
    Stage.PREPARATION: {"PC": 1.3, "C": 4.8, "A": 4.7, "M": 4.3},
    Stage.ACTION: {"PC": 1.3, "C": 4.5, "A": 4.8, "M": 4.4},
    Stage.MAINTENANCE: {"PC": 1.4, "C": 4.0, "A": 4.3, "M": 4.8},
    Stage.RECYCLING: {"PC": 2.6, "C": 3.8, "A": 2.9, "M": 3.3},
}


# --- pieces the city generator shares ------------------------------------------------------------------


def walk(rng: random.Random, count: int, *, returns: float) -> list[str]:
    """``count`` stages in a row for one part of life: forward, staying, and back to an earlier stage
    (named as a return, or as the earlier stage itself), then forward again from wherever they landed."""
    stages: list[str] = []
    current: str = rng.choice([Stage.PRECONTEMPLATION, Stage.PRECONTEMPLATION, Stage.CONTEMPLATION])
    for _ in range(count):
        stages.append(current)
        if current == Stage.RECYCLING:
            current = rng.choice([Stage.PRECONTEMPLATION, Stage.CONTEMPLATION, Stage.CONTEMPLATION, Stage.PREPARATION])
            continue
        level = ORDER.index(current)
        roll = rng.random()
        if level >= 1 and roll < returns:
            current = Stage.RECYCLING if rng.random() < 0.7 else ORDER[rng.randrange(level)]
        elif level < len(ORDER) - 1 and roll < returns + 0.42:
            current = ORDER[level + 1]
    return stages


def went_back(stages: list[str]) -> bool:
    """Whether a row of stages holds a return (a named one, or a step to an earlier stage)."""
    levels = [-1 if stage == Stage.RECYCLING else ORDER.index(stage) for stage in stages]
    return any(after < before for before, after in itertools.pairwise(levels))


def ruler_answers(rng: random.Random, stage: str) -> dict[int, int | None] | None:
    """Importance (1) and confidence (2) whose lower answer falls in the stage's band; None past action."""
    band = RULER_BANDS.get(stage)
    if band is None:
        return None
    low = rng.randint(*band)
    other = rng.randint(low, 10)
    # Confidence is more often the lower of the two: people know it matters before they feel able.
    importance, confidence = (other, low) if rng.random() < 0.65 else (low, other)
    return {1: importance, 2: confidence}


def urica_answers(rng: random.Random, stage: str, definition: Definition) -> dict[int, int | None]:
    """32 answers from 1 to 5 scattered around the stage's subscale means; now and then one skipped."""
    means = URICA_PROFILES[stage]
    answers: dict[int, int | None] = {
        item.number: max(1, min(5, round(rng.gauss(means[item.subscale] if item.subscale else 3.0, 0.8))))
        for item in definition.items
    }
    if rng.random() < 0.15:
        answers[rng.choice(list(answers))] = None
    return answers


def self_rating_answers(stage: str) -> dict[int, int | None]:
    from waypoint.instruments.journey import SELF_RATING_STAGES

    return {1: SELF_RATING_STAGES.index(Stage(stage)) + 1}


def note(rng: random.Random, stage: str, share: float = 0.35) -> str:
    return rng.choice(NOTES[stage]) if rng.random() < share else ""


# --- the plan ------------------------------------------------------------------------------------------


@dataclass
class PlannedCheckIn:
    domain: str
    day: int  # days before today; 0 is today (through the service)
    stage: str
    source: str
    note: str
    author: str  # "ada", "ben" or "hana": who saw them that day


@dataclass
class PlannedResponse:
    key: str
    day: int
    domain: str | None  # None for URICA, which is not about one part of life
    answers: dict[int, int | None]
    author: str


@dataclass
class StagePlan:
    index: int
    check_ins: list[PlannedCheckIn] = field(default_factory=list)
    responses: list[PlannedResponse] = field(default_factory=list)


def plan(count: int = 60, *, urica: Definition | None = None) -> list[StagePlan]:
    """Every person's check-ins and questionnaires, in days before today: a pure function of the seeds.

    ``urica`` is the definition its answers are scored with (the shipped one unless given).
    """

    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    urica = urica or shipped_definitions()[URICA]
    return [_person(rng, journey, urica) for journey in casework.plan(count)]


def _person(rng: random.Random, journey: Any, urica: Definition) -> StagePlan:
    from waypoint.instruments.journey import urica_stage
    from waypoint.instruments.services import scores_json

    i = journey.index
    result = StagePlan(index=i)
    attempts = {summary for _kind, _place, summary in casework.ATTEMPTS}
    # Days they were really in contact, oldest first, and who saw them.
    contacts = sorted(
        ((e.day, e.author) for e in journey.encounters if e.summary not in attempts or e.day == 0), reverse=True
    )
    if i in NO_CHECK_INS or not contacts:
        return result
    referred = i % 11 == 0
    if referred:
        # New: one or two first check-ins, early stages, in one part of life.
        for day, author in contacts[-rng.randint(1, 2) :]:
            early: str = rng.choice([Stage.PRECONTEMPLATION, Stage.CONTEMPLATION])
            result.check_ins.append(PlannedCheckIn("leaving", day, early, StageSource.WORKER, note(rng, early), author))
        return result
    wanted = 4 if i == casework.HEAVY else rng.choice([2, 2, 3, 3, 3, 4])
    first = rng.choice(FIRST_DOMAINS)
    domains = [first, *rng.sample([d for d in OTHER_DOMAINS if d != first], wanted - 1)]
    today = i in casework.TODAY_VIA_SERVICES
    for attempt in range(20):
        timing = [(domain, _days(rng, contacts, n, today=today and n == 0)) for n, domain in enumerate(domains)]
        walks = [walk(rng, len(days), returns=RETURNS.get(domain, RETURNS_ELSEWHERE)) for domain, days in timing]
        # Nearly everyone with two years of contact has gone back at least once somewhere.
        if any(went_back(stages) for stages in walks) or attempt == 19:
            break
    last_urica = 10_000
    self_ratings = 0
    for n, ((domain, days), stages) in enumerate(zip(timing, walks, strict=True)):
        for (day, author), stage in zip(days, stages, strict=True):
            source: str = StageSource.WORKER
            forced = TODAY_QUESTIONNAIRE.get(i) if day == 0 and n == 0 else None
            answers = ruler_answers(rng, stage)
            if forced == RULER or (answers is not None and i in TAKES_RULER and not forced and rng.random() < 0.3):
                if answers is None:
                    # Past action the ruler's answers are high and suggest action: the worker's stage stands.
                    answers = {1: rng.randint(8, 10), 2: rng.randint(8, 10)}
                else:
                    source = StageSource.RULER
                result.responses.append(PlannedResponse(RULER, day, domain, answers, author))
            elif forced == SELF_RATING or (
                i in TAKES_SELF_RATING and not forced and self_ratings < 3 and rng.random() < 0.2
            ):
                result.responses.append(PlannedResponse(SELF_RATING, day, domain, self_rating_answers(stage), author))
                source = StageSource.SELF_RATING
                self_ratings += 1
            elif n == 0 and (forced == URICA or (i in TAKES_URICA and last_urica - day >= 120 and rng.random() < 0.6)):
                answers = urica_answers(rng, stage, urica)
                result.responses.append(PlannedResponse(URICA, day, None, answers, author))
                last_urica = day
                if urica_stage(scores_json(urica, answers)["total"]) == stage:
                    source = StageSource.URICA
            result.check_ins.append(PlannedCheckIn(domain, day, stage, source, note(rng, stage), author))
    return result


def _days(rng: random.Random, contacts: list[tuple[int, str]], n: int, *, today: bool) -> list[tuple[int, str]]:
    """Contact days for one part of life's check-ins, a month to three apart; later parts start later."""
    start = contacts[0][0] - (rng.randint(0, 20) if n == 0 else rng.randint(30, 300))
    chosen: list[tuple[int, str]] = []
    due = start
    for day, author in contacts:
        if day <= due and day > 0:
            chosen.append((day, author))
            due = day - rng.randint(28, 100)
    if today and contacts[-1][0] == 0:
        if chosen and chosen[-1][0] < 14:
            chosen.pop()
        chosen.append(contacts[-1])
    return chosen


# --- loading -------------------------------------------------------------------------------------------


STAFF = casework.STAFF  # the demo's workers, named once in the casework loader


def load(agencies: dict[str, Agency]) -> None:
    """URICA's placeholder wording, then two years of check-ins and questionnaires. Idempotent."""
    from waypoint.demo.city import history_rows_sql, skip_insert_history
    from waypoint.instruments import selectors

    agency = agencies[DEMO_AGENCY]
    admin = User.objects.filter(email=ADMIN).first()
    staff = {key: User.objects.filter(email=email).first() for key, email in STAFF.items()}
    if admin is None or not all(staff.values()):
        return
    with transaction.atomic():
        _import_wording(agency, admin)
        if StageCheckIn.objects.filter(agency=agency).exists():
            return
        people = list(Person.objects.filter(agency=agency).order_by("case_number"))
        if not people:
            return
        definitions: dict[str, InstrumentDefinition] = {}
        for key in (RULER, URICA, SELF_RATING):
            offer = selectors.offer(agency.pk, key)
            assert offer is not None, f"the shipped definition {key} is synced after migrate"
            definitions[key] = offer.row
        domains = {d.key: d for d in LifeDomain.objects.filter(agency=agency)}
        today = agency_today(agency)
        counts = {"check_ins": 0, RULER: 0, URICA: 0, SELF_RATING: 0}
        todays: list[tuple[Person, StagePlan]] = []
        # pghistory's row triggers would double the time; the same "insert" snapshots come after, in one statement.
        with skip_insert_history(StageCheckIn, Response):
            for person, planned in zip(people, plan(len(people), urica=definitions[URICA].definition), strict=True):
                if person.is_closed:
                    continue
                _history(person, planned, today, staff, domains, definitions, counts)
                todays.append((person, planned))
        with connection.cursor() as cursor:
            for model in (StageCheckIn, Response):
                cursor.execute(history_rows_sql(model))
        audit.record(action="demo.stages_history", agency=agency, detail=counts)
        for person, planned in todays:
            _today_through_services(person, planned, today, staff, domains, definitions)


def _import_wording(agency: Agency, admin: User) -> None:
    from waypoint.instruments.placeholders import placeholder_wording
    from waypoint.instruments.services import import_wording

    if InstrumentWording.objects.filter(agency=agency, definition__key=WORDED).exists():
        return
    text = placeholder_wording(shipped_definitions()[WORDED])
    import_wording(actor=admin, agency=agency, definition_key=WORDED, file_text=text)


def _history(
    person: Person,
    planned: StagePlan,
    today: datetime.date,
    staff: dict[str, Any],
    domains: dict[str, LifeDomain],
    definitions: dict[str, InstrumentDefinition],
    counts: dict[str, int],
) -> None:
    """Everything before today, through the person's related managers: one statement per table."""
    from waypoint.instruments.services import scores_json

    check_ins = [
        StageCheckIn(
            agency_id=person.agency_id,
            person=person,
            domain=domains[c.domain],
            stage=c.stage,
            source=c.source,
            on=today - datetime.timedelta(days=c.day),
            note=c.note,
            author=staff[c.author],
        )
        for c in planned.check_ins
        if c.day > 0
    ]
    responses = []
    for r in planned.responses:
        if r.day == 0:
            continue
        definition = definitions[r.key].definition
        # Every item, a skip as None, as the service stores them.
        answers = {item.number: r.answers.get(item.number) for item in definition.items}
        responses.append(
            Response(
                agency_id=person.agency_id,
                person=person,
                definition=definitions[r.key],
                domain=domains[r.domain] if r.domain else None,
                answers={str(number): answer for number, answer in answers.items()},
                scores=scores_json(definition, answers),
                taken_on=today - datetime.timedelta(days=r.day),
                author=staff[r.author],
            )
        )
        counts[r.key] += 1
    if check_ins:
        person.stage_check_ins.bulk_create(check_ins)
        counts["check_ins"] += len(check_ins)
    if responses:
        person.responses.bulk_create(responses)


def _today_through_services(
    person: Person,
    planned: StagePlan,
    today: datetime.date,
    staff: dict[str, Any],
    domains: dict[str, LifeDomain],
    definitions: dict[str, InstrumentDefinition],
) -> None:
    """Today's questionnaires, then the check-ins they led to, as a worker records them."""
    from waypoint.casework.services.stages import stage_check_in
    from waypoint.instruments.services import record_response

    for r in planned.responses:
        if r.day == 0:
            record_response(
                actor=staff[r.author],
                person=person,
                definition=definitions[r.key],
                answers=r.answers,
                taken_on=today,
                domain=domains[r.domain] if r.domain else None,
            )
    for c in planned.check_ins:
        if c.day == 0:
            stage_check_in(
                actor=staff[c.author],
                person=person,
                domain=domains[c.domain],
                stage=c.stage,
                on=today,
                source=c.source,
                note=c.note,
            )
