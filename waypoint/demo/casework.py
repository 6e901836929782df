"""Demo casework: two years of contacts, goals with steps, and follow-ups for the demo's 60 people.

Shaped like real journeys, not like a schedule: stretches of regular contact, long silences,
returns after months, attempts that came to nothing, goals paused and picked up again, one
reached, one no longer wanted. The caseload shows every flag of ``casework.flags.REGISTRY``:
some people were seen this week, some not for 45 days or more, some have an overdue
follow-up, one has a closure requested (``people.load`` asks for it). One person (Cedar) has
over 500 timeline events, for the timeline's benchmark.

How it is written, and why: the history (everything before today) is written in bulk with
``COPY`` (``city.copy_rows``), its pghistory snapshots dated when each row was made, because
the services stamp "now" on every row they touch (``created_at``, ``done_at``,
``reviewed_on``, and follow-ups must be due today or later): two years of history through
them would need every timestamp rewritten afterwards, and their audit events would all say
"today". The bulk part leaves one ``demo.casework_history`` audit event with the counts.
Today's contacts, and the follow-ups they make, go through ``casework.services`` like any
worker's, with their audit events.

Every text is written for this demo (no real person, no graphic detail). ``plan()`` is a pure
function of today's date, so two loads on the same day make the same journeys. Idempotent: an
agency that already has encounters gets nothing more.
"""

from __future__ import annotations

import datetime
import random
import uuid
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.casework.models import (
    Encounter,
    EncounterKind,
    EncounterStaff,
    Goal,
    GoalStatus,
    GoalStep,
    LifeDomain,
    PlaceKind,
    StepWho,
    Task,
    TaskSource,
)
from waypoint.demo.data import DEMO_AGENCY
from waypoint.people.models import CareRole, CareTeamMember, Person, Status

SEED = 2027
HISTORY_DAYS = 730
# Indices into the demo's people, in case-number order (``people.load`` makes them in that order).
HEAVY = 2  # Cedar: contact most days for two years, so the timeline has 500+ events
REACHED, NOT_WANTED, PAUSED = 3, 9, 6  # a goal of each status, on Ada's people
SILENT = {7, 13, 19, 24, 30, 38, 45, 57}  # last contact 45-120 days ago ("no contact in 30 days")
OVERDUE = {1, 10, 15, 27, 36, 49}  # a follow-up left past its date
TODAY_VIA_SERVICES = {2, 4, 8, 12, 16, 21}  # Ada's people seen today, logged through the services

# (kind, place, minutes range): what a contact of that kind usually looks like.
KINDS: list[tuple[str, list[str], tuple[int, int]]] = [
    (EncounterKind.OUTREACH, [PlaceKind.STREET, PlaceKind.SHELTER, PlaceKind.OTHER], (10, 45)),
    (EncounterKind.DROP_IN, [PlaceKind.DROP_IN], (15, 90)),
    (EncounterKind.PHONE, [PlaceKind.OTHER, ""], (5, 30)),
    (EncounterKind.TEXT_ONLINE, [PlaceKind.ONLINE], (5, 20)),
    (EncounterKind.COURT, [PlaceKind.COURT], (90, 240)),
    (EncounterKind.HOSPITAL, [PlaceKind.HOSPITAL], (60, 240)),
    (EncounterKind.POLICE, [PlaceKind.POLICE], (60, 180)),
    (EncounterKind.HOME_VISIT, [PlaceKind.OTHER, PlaceKind.SHELTER], (30, 90)),
    (EncounterKind.GROUP, [PlaceKind.DROP_IN, PlaceKind.SCHOOL], (60, 120)),
]
KIND_WEIGHTS = [18, 26, 20, 16, 3, 3, 2, 8, 4]

SUMMARIES: dict[str, list[str]] = {
    EncounterKind.OUTREACH: [
        "Found them at the usual corner. Short chat, took a snack pack and a bus ticket.",
        "Checked in on the evening round. Tired but okay; knows where the drop-in is.",
        "Looked for them at the shelter; they had stepped out. Left a card with the front desk.",
        "Brief hello on outreach. Did not want to talk today, which is fine; said they would come by.",
        "Met on the street near the station. Talked about somewhere warm to sleep this week.",
    ],
    EncounterKind.DROP_IN: [
        "Came to the drop-in for lunch and a shower. Asked about the ID clinic.",
        "Stayed most of the afternoon. We filled in the first page of the housing form together.",
        "Dropped in to charge their phone. Quiet; we sat together for a while.",
        "Came in upset after a difficult week. Grounding, tea, and a plan for tonight.",
        "Back at the drop-in after a long time away. Glad to see them; no pressure about where they were.",
        "Used the computer to look at job postings. Asked for help with a resume next time.",
    ],
    EncounterKind.PHONE: [
        "Called to confirm tomorrow's appointment. They will meet us at the door.",
        "They called in the evening, worried about a letter. Read it through together; nothing urgent.",
        "Returned their call. Wanted to know if the food bank is open on the holiday.",
        "Short check-in call. Said things are calmer; agreed to talk again next week.",
        "Called to say they could not make it today. Rebooked without fuss.",
    ],
    EncounterKind.TEXT_ONLINE: [
        "Texted to check in. Replied with a thumbs up; okay for now.",
        "They messaged asking for the clinic's hours. Sent the hours and the address of the side door.",
        "Text exchange about the bus pass renewal.",
        "No reply to the check-in text yet; will try again by phone on a safe day.",
    ],
    EncounterKind.COURT: [
        "Went with them to the hearing. Sat beside them in the waiting room; the date moved again.",
        "Court support. The duty counsel explained the next step; they asked good questions.",
    ],
    EncounterKind.HOSPITAL: [
        "Went with them to the clinic appointment and waited outside, as they asked.",
        "Accompanied to the emergency department. Stayed until they were seen.",
    ],
    EncounterKind.POLICE: [
        "Went with them to give a statement. They chose what to share and took breaks.",
        "Accompanied to pick up belongings with an officer present. Went calmly.",
    ],
    EncounterKind.HOME_VISIT: [
        "Home visit at the new place. Keys work, the heat is on, they showed us the plants.",
        "Visited at the shelter room. Talked through the week ahead.",
        "Home visit. Helped sort the mail into what needs an answer and what can wait.",
    ],
    EncounterKind.GROUP: [
        "Came to the Tuesday art group. Mostly listened; stayed to help tidy up.",
        "Joined the peer support circle for the first time.",
        "Group session on budgeting. Took the handout home.",
    ],
}
OWN_WORDS = [
    "I just want somewhere I can lock the door.",
    "Today was a good day. I'm not used to saying that.",
    "I'm not ready to talk about it, but I'm glad you came.",
    "I want my kids to see me doing okay.",
    "Can we go slow? Last time everything happened too fast.",
    "I did it on my own this time.",
    "I'm scared, but I want to try.",
    "It helps that you don't push.",
    "I need my papers before I can think about anything else.",
    "I slept through the night. First time in weeks.",
    "I want to go back to school one day.",
    "Some days I just need someone to sit with me.",
    "I don't want to be called a victim. I'm just me.",
    "I'm tired of telling my story to new people.",
    "I found the bus on my own. That felt big.",
    "I changed my mind and that's allowed, right?",
    "I want a job where nobody owns me.",
    "Thank you for remembering.",
    "I'll call when it's safe.",
    "I'm still here.",
]
ATTEMPTS: list[tuple[str, str, str]] = [
    (EncounterKind.OUTREACH, PlaceKind.STREET, "Went by the usual spot twice; not there. Will try on the next round."),
    (EncounterKind.PHONE, "", "Called on a safe day; no answer. Did not leave a message, as agreed."),
    (EncounterKind.TEXT_ONLINE, PlaceKind.ONLINE, "Sent the agreed check-in text. No reply yet."),
]
GOALS: list[tuple[str, str]] = [
    ("housing", "A place of my own, with my name on the lease."),
    ("housing", "Somewhere quiet to stay while I figure things out."),
    ("documents", "Get my ID back so I can open a bank account."),
    ("documents", "A health card in my own name."),
    ("income", "A job with regular hours and a real pay stub."),
    ("income", "Sort out my benefits so the money comes every month."),
    ("safety", "Feel safe walking to the bus."),
    ("safety", "Change my number and keep it private."),
    ("leaving", "Stop working for them and not go back."),
    ("school", "Finish my high school credits."),
    ("school", "Take the English class at the library."),
    ("health", "See a doctor about my back."),
    ("mental_health", "Sleep better and have fewer bad nights."),
    ("mental_health", "Find a counsellor I can trust."),
    ("substance_use", "Cut down, at my own pace."),
    ("legal", "Understand what the court wants from me."),
    ("immigration", "Know what my options are to stay."),
    ("family", "See my daughter on weekends again."),
    ("family", "Call my sister."),
    ("community", "Make one friend outside all this."),
    ("community", "Go to the community garden in the spring."),
]
STEPS: list[tuple[str, str]] = [
    ("Look at the listings together at the drop-in.", StepWho.TOGETHER),
    ("Call the housing help line.", StepWho.WORKER),
    ("Fill in the application form.", StepWho.TOGETHER),
    ("Ask the shelter for a reference letter.", StepWho.WORKER),
    ("Find the birth certificate request form.", StepWho.WORKER),
    ("Get two photos taken.", StepWho.PERSON),
    ("Go to the ID clinic on Thursday.", StepWho.TOGETHER),
    ("Make a list of questions for the lawyer.", StepWho.PERSON),
    ("Book an appointment with legal aid.", StepWho.WORKER),
    ("Visit the walk-in clinic.", StepWho.PERSON),
    ("Try the sleep routine for a week.", StepWho.PERSON),
    ("Meet the counsellor once and see how it feels.", StepWho.PERSON),
    ("Write down the days that felt safe.", StepWho.PERSON),
    ("Ask the school board about adult credits.", StepWho.WORKER),
    ("Register for the class.", StepWho.TOGETHER),
    ("Talk to family court support about visits.", StepWho.SOMEONE_ELSE),
]
MANUAL_TASKS = [
    "Book an interpreter for the next meeting",
    "Check the food bank's holiday hours",
    "Renew the bus pass",
    "Ask the clinic for the next open slot",
    "Bring the housing forms to the drop-in",
]


@dataclass
class PlannedEncounter:
    day: int  # days before today; 0 is today (logged through the services)
    minute: int  # local minute of the day, or minutes before now for today's
    kind: str
    place: str
    minutes: int | None
    summary: str
    own_words: str
    needs: list[str]
    author: str  # "ada", "ben" or "hana"
    with_colleague: bool = False
    follow_up_in: int | None = None  # days after the contact
    follow_up_done: bool = True


@dataclass
class PlannedStep:
    text: str
    who: str
    due_day: int | None  # days before today (negative: ahead)
    done_day: int | None


@dataclass
class PlannedGoal:
    domain: str
    words: str
    versions: list[tuple[int, str]]  # (days before today, status), the first is the creation
    steps: list[PlannedStep] = field(default_factory=list)


@dataclass
class PersonPlan:
    index: int
    lead: str
    created_day: int
    encounters: list[PlannedEncounter] = field(default_factory=list)
    goals: list[PlannedGoal] = field(default_factory=list)
    tasks: list[tuple[str, int, int | None]] = field(default_factory=list)  # (title, due day, done day)


def lead_of(index: int) -> str:
    """The lead advocate ``people.load`` gives each person (Ada is also on everyone else's team here)."""
    return "ada" if index < 26 else "ben" if index < 48 else "hana"


def plan(count: int = 60) -> list[PersonPlan]:
    """Every person's journey, in days before today: a pure function of the seed."""
    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    return [_journey(rng, i) for i in range(count)]


def _journey(rng: random.Random, i: int) -> PersonPlan:
    lead = lead_of(i)
    referred = i % 11 == 0  # ``people.load`` makes these "referred": new, a few first attempts
    created = rng.randint(35, 80) if referred else rng.randint(HISTORY_DAYS - 20, HISTORY_DAYS + 25)
    journey = PersonPlan(index=i, lead=lead, created_day=created)
    if i in SILENT:
        last = rng.randint(46, 120)
    elif i in OVERDUE:
        last = rng.randint(9, 20)
    elif i in TODAY_VIA_SERVICES:
        last = 0
    else:
        last = rng.choice([rng.randint(1, 6), rng.randint(1, 6), rng.randint(8, 28)])
    day = created - rng.randint(0, 5)
    heavy = i == HEAVY
    while day > last:
        if heavy:
            gap = rng.choice([1, 1, 1, 2, 2, 3])
        elif referred:
            gap = rng.randint(6, 15)
        else:
            gap = rng.choice([rng.randint(3, 12), rng.randint(7, 28), rng.randint(7, 28)])
            if rng.random() < 0.06:
                gap = rng.randint(40, 150)  # a long silence; the next contact is a return
        journey.encounters.append(_encounter(rng, day, lead, attempt=rng.random() < (0.4 if referred else 0.1)))
        day -= gap
    journey.encounters.append(_encounter(rng, last, lead, attempt=False))
    for encounter in journey.encounters:
        if rng.random() < (0.22 if not heavy else 0.2) and not encounter.summary.startswith(("Called on", "Went by")):
            encounter.follow_up_in = rng.randint(2, 14)
            encounter.follow_up_done = encounter.day - encounter.follow_up_in > 0
    if i in OVERDUE:
        journey.encounters[-1].follow_up_in = rng.randint(3, 7)
        journey.encounters[-1].follow_up_done = False
    if lead != "ada":
        for encounter in journey.encounters:
            if encounter.day < created - 30 and rng.random() < 0.2:
                encounter.author = "ada"
    elif i % 4 == 0:
        for encounter in journey.encounters:
            if rng.random() < 0.15:
                encounter.author = "hana"
    journey.goals = [] if referred else _goals(rng, i, created, heavy)
    if rng.random() < 0.3 or heavy:
        due = rng.randint(-10, 25)
        # Done the day before it was due; one due today or ahead is still open (never overdue here).
        journey.tasks.append((rng.choice(MANUAL_TASKS), due, due + 1 if due > 0 else None))
    return journey


def _encounter(rng: random.Random, day: int, lead: str, *, attempt: bool) -> PlannedEncounter:
    if attempt and day > 0:
        kind, place, summary = rng.choice(ATTEMPTS)
        return PlannedEncounter(day, rng.randint(600, 1080), kind, place, None, summary, "", [], lead)
    kind, places, (low, high) = rng.choices(KINDS, weights=KIND_WEIGHTS)[0]
    domains = [key for key, _words in GOALS]
    return PlannedEncounter(
        day=day,
        minute=rng.randint(60, 300) if day == 0 else rng.randint(540, 1200),
        kind=kind,
        place=rng.choice(places),
        minutes=rng.randrange(low, high + 1, 5) if rng.random() < 0.8 else None,
        summary=rng.choice(SUMMARIES[kind]) if rng.random() < 0.85 else "",
        own_words=rng.choice(OWN_WORDS) if rng.random() < 0.35 else "",
        needs=sorted(set(rng.sample(domains, rng.choice([0, 1, 1, 2])))),
        author=lead,
        with_colleague=rng.random() < 0.08,
    )


def _goals(rng: random.Random, i: int, created: int, heavy: bool) -> list[PlannedGoal]:
    wanted = 6 if heavy else rng.choice([0, 1, 1, 1, 2, 2, 2, 3])
    if i in (REACHED, NOT_WANTED, PAUSED):
        wanted = max(wanted, 2)
    goals = []
    for n, (domain, words) in enumerate(rng.sample(GOALS, wanted)):
        start = rng.randint(max(20, created - 200), created - 5)
        versions: list[tuple[int, str]] = [(start, GoalStatus.WORKING)]
        t = start
        # Reviews over time: paused and picked up again, and for some an ending.
        while t > 40 and rng.random() < (0.8 if heavy else 0.5):
            t = rng.randint(max(10, t - 150), t - 20) if t - 20 > 10 else 10
            versions.append((t, rng.choice([GoalStatus.WORKING, GoalStatus.PAUSED, GoalStatus.WORKING])))
        final = rng.choices(
            [GoalStatus.WORKING, GoalStatus.PAUSED, GoalStatus.REACHED, GoalStatus.NOT_WANTED], weights=[6, 1, 2, 1]
        )[0]
        if n == 0 and i == REACHED:
            final = GoalStatus.REACHED
        elif n == 0 and i == NOT_WANTED:
            final = GoalStatus.NOT_WANTED
        elif n == 0 and i == PAUSED:
            final = GoalStatus.PAUSED
        if final != versions[-1][1]:
            versions.append((max(1, min(versions[-1][0] - 3, rng.randint(1, 60))), final))
        steps = []
        for text, who in rng.sample(STEPS, rng.randint(1, 3)):
            due: int | None = rng.randint(start - 60, start - 5) if start > 70 else rng.randint(-14, -1)
            done = None
            if due is not None and due > 0:
                # Past steps were mostly done (a day or two early); the rest lost their date, not overdue.
                done = due + rng.randint(0, 2) if rng.random() < 0.7 else None
                due = due if done is not None else None
            steps.append(PlannedStep(text, who, due if rng.random() < 0.8 else None, done))
        goals.append(PlannedGoal(domain, words, versions, steps))
    return goals


# --- loading ----------------------------------------------------------------------------------------


class _Clock:
    """Turns "days before today, minute of the day" into aware datetimes in the agency's time zone."""

    def __init__(self, agency: Agency) -> None:
        self.zone = zoneinfo.ZoneInfo(agency.time_zone)
        self.now = timezone.now()
        self.today = timezone.localtime(self.now, self.zone).date()

    def date(self, day: int) -> datetime.date:
        return self.today - datetime.timedelta(days=day)

    def at(self, day: int, minute: int = 600) -> datetime.datetime:
        moment = datetime.datetime.combine(self.date(day), datetime.time(minute // 60, minute % 60), self.zone)
        # Never in the future (today's plan is logged "minutes before now").
        return min(moment, self.now - datetime.timedelta(hours=1))


def load(agencies: dict[str, Agency]) -> None:
    """Two years of casework for the demo agency's people. Idempotent."""
    from waypoint.demo.city import copy_rows, skip_insert_history

    agency = agencies[DEMO_AGENCY]
    if Encounter.objects.filter(agency=agency).exists():
        return
    people = list(Person.objects.filter(agency=agency).order_by("case_number"))
    staff = {key: User.objects.filter(email=email).first() for key, email in STAFF.items()}
    if not people or not all(staff.values()):
        return
    clock = _Clock(agency)
    domains = {d.key: d for d in LifeDomain.objects.filter(agency=agency)}
    journeys = plan(len(people))
    rows: dict[str, list[dict[str, Any]]] = {
        "encounters": [],
        "staff": [],
        "goals": [],
        "goal_versions": [],
        "steps": [],
        "tasks": [],
    }
    today_contacts: list[tuple[Person, PlannedEncounter]] = []
    with transaction.atomic():
        _backdate_people(people, journeys, clock, staff)
        for person, journey in zip(people, journeys, strict=True):
            for planned in journey.encounters:
                if planned.day == 0 and person.status != Status.CLOSED:
                    today_contacts.append((person, planned))
                elif planned.day > 0:
                    _encounter_rows(rows, agency, person, planned, clock, staff, domains)
            for goal in journey.goals:
                _goal_rows(rows, agency, person, goal, clock, staff[journey.lead], domains)
            for title, due, done in journey.tasks:
                rows["tasks"].append(_task(agency, person, staff[journey.lead], title, due, done, clock))
        # The snapshots pghistory's triggers would write, dated when each row was made, written below
        # (the triggers, which would date them now, are off for the copies).
        with skip_insert_history(Encounter, Goal, GoalStep, Task):
            copy_rows(Encounter, rows["encounters"])
            copy_rows(EncounterStaff, rows["staff"])
            copy_rows(Goal, rows["goals"])
            copy_rows(GoalStep, rows["steps"])
            copy_rows(Task, rows["tasks"])
        for model in (Encounter, GoalStep, Task):
            _history_at_creation(model)
        copy_rows(Goal.pgh_event_model, rows["goal_versions"])  # type: ignore[attr-defined]
        audit.record(
            action="demo.casework_history",
            agency=agency,
            detail={key: len(value) for key, value in rows.items()},
        )
    _today_through_services(today_contacts, staff, domains, clock)


STAFF = {
    "ada": "advocate@demo.waypoint.test",
    "ben": "advocate2@demo.waypoint.test",
    "hana": "housing@demo.waypoint.test",
    "sam": "supervisor@demo.waypoint.test",
}


def _backdate_people(
    people: list[Person], journeys: list[PersonPlan], clock: _Clock, staff: dict[str, User | None]
) -> None:
    """Records opened when their journeys began; Ada joins every care team she does not lead (60 people)."""
    ada = staff["ada"]
    assert ada is not None, "the demo's advocate is made before the journeys"
    for person, journey in zip(people, journeys, strict=True):
        opened = clock.at(journey.created_day, 570)
        Person.objects.filter(pk=person.pk).update(created_at=opened)
        Person.pgh_event_model.objects.filter(pgh_obj_id=person.pk, pgh_label="insert").update(  # type: ignore[attr-defined]
            pgh_created_at=opened
        )
        person.created_at = opened
        members = CareTeamMember.objects.filter(person=person, until__isnull=True)
        members.filter(since__gt=opened.date()).update(since=opened.date())
        if journey.lead != "ada" and person.status != Status.CLOSED:
            CareTeamMember.objects.create(
                person=person, user=ada, role=CareRole.ADVOCATE, since=clock.date(journey.created_day - 30)
            )


def _encounter_rows(
    rows: dict[str, list[dict[str, Any]]],
    agency: Agency,
    person: Person,
    planned: PlannedEncounter,
    clock: _Clock,
    staff: dict[str, Any],
    domains: dict[str, LifeDomain],
) -> None:
    from waypoint.casework.services.tasks import follow_up_title

    author = staff[planned.author]
    # Written in bulk, so more than a day old: a correction of it needs a reason, as for any old entry.
    occurred = min(clock.at(planned.day, planned.minute), clock.now - datetime.timedelta(hours=27))
    # Logged the same day, an hour or so after.
    logged = occurred + datetime.timedelta(minutes=40 + planned.minute % 50)
    encounter_id = uuid.uuid4()
    rows["encounters"].append(
        {
            "id": encounter_id,
            "agency_id": agency.pk,
            "person_id": person.pk,
            "kind": planned.kind,
            "occurred_at": occurred,
            "duration_minutes": planned.minutes,
            "place_kind": planned.place,
            "summary": planned.summary,
            "own_words": planned.own_words,
            "needs": [domains[k].pk for k in planned.needs if k in domains],
            "author_id": author.pk,
            "created_at": logged,
            "updated_at": logged,
        }
    )
    present = [author] + ([staff["sam"]] if planned.with_colleague else [])
    for user in present:
        rows["staff"].append(
            {
                "id": uuid.uuid4(),
                "encounter_id": encounter_id,
                "user_id": user.pk,
                "created_at": logged,
                "updated_at": logged,
            }
        )
    if planned.follow_up_in is not None:
        due_day = planned.day - planned.follow_up_in
        kind_label = EncounterKind(planned.kind).label
        title = follow_up_title(str(kind_label), clock.date(planned.day))
        task = _task(agency, person, author, title, due_day, due_day if planned.follow_up_done else None, clock)
        task.update(source=TaskSource.ENCOUNTER, source_id=encounter_id, created_at=logged, updated_at=logged)
        rows["tasks"].append(task)


def _task(
    agency: Agency, person: Person, assignee: Any, title: str, due_day: int, done_day: int | None, clock: _Clock
) -> dict[str, Any]:
    made = clock.at(max(due_day + 7, 1), 560)
    done = clock.at(max(done_day, 1), 900) if done_day is not None else None
    return {
        "id": uuid.uuid4(),
        "agency_id": agency.pk,
        "person_id": person.pk,
        "assignee_id": assignee.pk,
        "title": title,
        "due_on": clock.date(due_day),
        "done_at": done,
        "done_by_id": assignee.pk if done else None,
        "source": TaskSource.MANUAL,
        "created_by_id": assignee.pk,
        "created_at": made,
        "updated_at": done or made,
    }


def _goal_rows(
    rows: dict[str, list[dict[str, Any]]],
    agency: Agency,
    person: Person,
    goal: PlannedGoal,
    clock: _Clock,
    lead: Any,
    domains: dict[str, LifeDomain],
) -> None:
    from django.utils.translation import gettext

    goal_id = uuid.uuid4()
    first_day, _status = goal.versions[0]
    last_day, status = goal.versions[-1]
    created = clock.at(first_day, 640)
    row = {
        "id": goal_id,
        "agency_id": agency.pk,
        "person_id": person.pk,
        "domain_id": domains[goal.domain].pk,
        "words": goal.words,
        "status": status,
        "reviewed_on": clock.date(last_day),
        "created_by_id": lead.pk,
        "created_at": created,
        "updated_at": clock.at(last_day, 640),
    }
    rows["goals"].append(row)
    for n, (day, version_status) in enumerate(goal.versions):
        at = clock.at(day, 640)
        rows["goal_versions"].append(
            {
                **row,
                "status": version_status,
                "reviewed_on": clock.date(day),
                "updated_at": at,
                "pgh_created_at": at,
                "pgh_label": "insert" if n == 0 else "update",
                "pgh_obj_id": goal_id,
                "pgh_context_id": None,
            }
        )
    for step in goal.steps:
        step_id = uuid.uuid4()
        made = clock.at(max(first_day - 1, 1), 650)
        done = clock.at(max(step.done_day, 1), 1000) if step.done_day is not None else None
        rows["steps"].append(
            {
                "id": step_id,
                "goal_id": goal_id,
                "person_id": person.pk,
                "text": step.text,
                "who": step.who,
                "due_on": clock.date(step.due_day) if step.due_day is not None else None,
                "done_at": done,
                "created_at": made,
                "updated_at": done or made,
            }
        )
        if step.due_day is not None and step.who in (StepWho.WORKER, StepWho.TOGETHER):
            title = gettext("A step towards a goal")
            task = _task(agency, person, lead, title, step.due_day, step.done_day, clock)
            task.update(source=TaskSource.GOAL_STEP, source_id=step_id, created_at=made, updated_at=done or made)
            rows["tasks"].append(task)


def _history_at_creation(model: Any) -> None:
    """The "insert" snapshots of the rows just copied, dated at each row's ``created_at``."""
    from waypoint.demo.city import history_rows_sql

    with connection.cursor() as cursor:
        cursor.execute(history_rows_sql(model, at="created_at"))


def _today_through_services(
    contacts: list[tuple[Person, PlannedEncounter]],
    staff: dict[str, Any],
    domains: dict[str, LifeDomain],
    clock: _Clock,
) -> None:
    """Today's contacts as a worker logs them: through the service, with their audit events and follow-ups."""
    from waypoint.casework.services.encounters import EncounterDetails, encounter_create

    for person, planned in contacts:
        details = EncounterDetails(
            kind=planned.kind,
            occurred_at=clock.now - datetime.timedelta(minutes=planned.minute),
            duration_minutes=planned.minutes,
            place_kind=planned.place,
            summary=planned.summary,
            own_words=planned.own_words,
            needs=[domains[k].pk for k in planned.needs if k in domains],
        )
        follow_up = clock.today + datetime.timedelta(days=planned.follow_up_in or 3)
        encounter_create(actor=staff[planned.author], person=person, details=details, follow_up_on=follow_up)
