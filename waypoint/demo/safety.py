"""Demo safety plans: for most open records, a plan with two to six versions over the last two years, a
wallet card, and risk check-ins between the versions.

Shaped like planning is: a first plan on a day of contact, with the numbers every plan starts with and
the few sections the person chose; later conversations change a section or two (a strategy reworded, a
trusted person added, a number renamed for the card), now and then written up without the person, with
the reason. Most people choose a card (a heading and a few lines that say nothing about what it is), two
chose to print nothing and said why, a few have no card yet. A check-in with a yes is always followed by
a version that answered it, except today's. A few records have no plan yet (the empty state), a few a
review past its date, and one a check-in today with a yes, so both caseload flags show.

How it is written, and why: everything before today is created in bulk through each person's related
managers (``person.safety_plans``, ``plan.versions``, ``person.risk_check_ins``; a statement per person
and table, the model fields encrypting as ``save()`` does), content in the exact JSON the services
store. Versions are never updated (a trigger refuses it), so each is inserted in its final form; the
check-ins are then dated at noon of their day, as the timeline places them, so the caseload flag
compares them with the versions (inserted now, and so after every one of them) as it would have then.
One ``demo.safety_history`` audit event holds the counts. Today's versions, card and check-ins go
through ``safety.services`` like any worker's, with their events.

Every word is written for this demo: no real person, no detail that could identify anyone; the only
real numbers are the two every plan starts with. ``plan()`` is a pure function of the seed. Idempotent:
an agency that already has a safety plan gets nothing more.
"""

from __future__ import annotations

import copy
import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction

from waypoint import audit
from waypoint.accounts.models import Agency, User
from waypoint.demo import casework
from waypoint.demo.data import DEMO_AGENCY
from waypoint.people.models import Person, agency_today
from waypoint.safety import cards
from waypoint.safety.diff import changed_keys
from waypoint.safety.models import Answer, PlanVersion, RiskCheckIn
from waypoint.safety.risk import QUESTION_KEYS
from waypoint.safety.sections import BY_KEY, NUMBER, PERSON, SECTIONS, STRATEGY, starting_content
from waypoint.safety.services import CARD, stored_json

SEED = 2029
# Indices into the demo's people (case-number order), as in ``demo.casework``.
NO_PLAN = {0, 14, 33, 41}  # two just referred, two not yet: the plan page's empty state
NOTHING_PRINTED = {9, 27}  # chose to print nothing, and said why
REVIEW_OVERDUE = {7, 19, 30, 45}  # not seen for weeks (``casework.SILENT``): the review is past its date
VERSION, CARD_TODAY, RISK_YES, RISK_NO = "version", "card", "risk_yes", "risk_no"
# Seen today (``casework.TODAY_VIA_SERVICES``), through the services: a version, a new card, check-ins.
TODAY: dict[int, str] = {4: VERSION, 8: RISK_YES, 12: RISK_NO, 16: CARD_TODAY, 21: VERSION}
RISK_TODAY = "located"  # the yes of today's check-in that raises "Risk check-in: review the plan"
LAST_REVIEW_WITHIN = 150  # days: the latest version of a plan whose review is not due
CADENCES = (30, 60, 90, 120, 180)  # 30 is the agency's (the plan's own is then left empty)
ORDER = [section.key for section in SECTIONS]
HOTLINE, EMERGENCY = "1-833-900-1010", "911"

# The person's own words, per section (first person, short), and what was agreed.
WORDS: dict[str, list[str]] = {
    "risks": [
        "When he starts texting nice things again, something is coming.",
        "If my phone goes missing, that's the sign.",
        "When they ask where I'm staying, I know they're looking.",
        "Friday nights are the worst. That's when they come around.",
        "I can tell from how the others talk when he's angry.",
    ],
    "contact": [
        "He sends people I don't know. I don't answer anyone I don't know.",
        "Sometimes a friend of his shows up at the drop-in.",
        "My cousin still talks to him, so what I tell her gets back.",
        "They message me on the app I don't use anymore.",
    ],
    "places": [
        "I take the same bus every day. Maybe I shouldn't.",
        "Class is at the same time every week, so they know where to wait.",
        "The laundromat near the old place is where they used to pick me up.",
        "Work is fine. It's the walk home in the dark.",
    ],
    "technology": [
        "He used to know where I was before I told him.",
        "I think he still has my email password.",
        "My old phone is the one he paid for.",
    ],
    "emotional": [
        "Loud voices in the hallway take me right back.",
        "Some nights I can't stop thinking about going back.",
        "Anniversaries are hard. March is hard.",
        "When I'm alone too long I start doubting everything.",
    ],
    "trusted": [
        "The only ones who know the whole story.",
        "My sister, and my friend from group.",
        "People who won't ask questions first.",
    ],
    "refuges": [
        "The library is open late and nobody bothers you there.",
        "I can always go to the coffee shop on the corner; it never closes.",
        "My aunt's place, if I get there without anyone following.",
    ],
    "essentials": [
        "My birth certificate is still at his place.",
        "I keep a little money where nobody would look.",
        "If I have to leave fast I need my meds and my health card.",
    ],
    "numbers": ["", "", "I know the first one by heart now."],
}
STRATEGIES: dict[str, list[str]] = {
    "risks": [
        "Tell my advocate the same day something feels off",
        "Screenshot new messages, then block the number",
        "Stay at the drop-in until closing on payday",
        "Don't go back to the old building alone",
        "Text the code word if I can't talk",
        "Keep my phone charged before going out at night",
    ],
    "contact": [
        "Don't reply; save the message for later",
        "Walk away and go inside somewhere busy",
        "Ask the front desk to say I'm not here",
        "New number, given only to the people on my list",
        "Don't tell my cousin where I'm staying",
    ],
    "places": [
        "Take the later bus and sit near the driver",
        "Walk home with a classmate on Tuesdays",
        "Use the laundromat on the other side of the park",
        "Ask my manager to call me if someone asks for me",
        "Change the way to school every few days",
    ],
    "technology": [
        "Location sharing off, on the phone and in the photos",
        "New email with a password only I know",
        "Logged out of the old account on every device",
        "Keep the old phone off, in a drawer",
        "Go over the phone's settings with my advocate once a month",
    ],
    "emotional": [
        "Cold water on my face and count to fifty",
        "Call my sister before doing anything",
        "Headphones and the playlist we made",
        "Go and sit in the kitchen where people are",
        "Write it down and bring it to group",
    ],
    "refuges": [
        "The all-night pharmacy on the main street",
        "The library until it closes, then the drop-in",
        "A cab to my aunt's; the cab money is in my shoe",
        "The hospital waiting room if nothing else is open",
        "The church on the corner has people in it most evenings",
    ],
    "essentials": [
        "Copies of my ID with my advocate",
        "Twenty dollars and a bus pass in the lining of my bag",
        "A charged old phone kept at my aunt's",
        "Health card and meds in the small backpack by the door",
        "Ask the ID clinic for a new birth certificate",
    ],
}
TRUSTED_NAMES = ["Marisol", "Dee", "Tomas", "Auntie Jo", "Lena", "Mo", "Grace", "Rafi", "Nadia", "Luc", "Bea", "Sol"]
CODE_WORDS = [
    "pineapple",
    "green scarf",
    "lemon cake",
    "rain boots",
    "movie night",
    "the red bike",
    "sunflowers",
    "blue mittens",
    "chicken soup",
    "the big puzzle",
]
ACTIONS = [
    "Comes to get me, no questions",
    "Calls my advocate",
    "Calls 911 and gives them the address",
    "Lets me stay on the couch tonight",
    "Calls back in ten minutes with a reason for me to leave",
    "Meets me at the coffee shop by the station",
]
# Numbers a person adds (fictional 555-01xx), with what the card calls them.
EXTRA_NUMBERS: list[tuple[str, str, str]] = [
    ("My advocate's work phone", "555-0142", "Dentist"),
    ("Drop-in front desk", "555-0188", "Pharmacy"),
    ("Cab company that takes vouchers", "555-0117", "Taxi"),
    ("Legal clinic duty line", "555-0163", "Office"),
    ("My aunt's landline", "555-0175", ""),
]
CARD_LABELS = ["Helpline", "Help", "Mom", "Work", "Dentist", "Pharmacy", "Jo", "Office", "School"]
HEADINGS = ["Tuesday", "Groceries", "Recipes", "Birthdays", "Bus times", "Errands", "Gym", "Nana", "Homework", "Mira"]
NOTHING_BECAUSE = [
    "Someone goes through my bag. I'll keep the numbers in my head.",
    "Nothing on paper for now; they know the helpline by heart.",
]
WHY_NOT = [
    "By phone, with their counsellor beside them; they asked us to write it up.",
    "They were in hospital and asked us to update the numbers; we will go over it together next visit.",
    "Written up after our walk, as they asked; read back to them by phone the next day.",
]
RISK_NOTES: dict[str, str] = {
    "contact": "A number from before called twice. They did not answer and we blocked it together.",
    "threats": "Someone left a message about their brother. They want to talk it through with him first.",
    "located": "Thinks someone from before saw them near the bus stop. Not sure; wants to go over the plan.",
    "recruitment": "A stranger at the mall offered modelling work and a ride. They walked away.",
    "substances": "Drinking more since the move, they said. Open to talking about it next time.",
    "housing": "The room may go at the end of the month. Housing forms started.",
    "court": "The court date is set. They want someone with them on the day.",
}
QUIET_NOTES = [
    "Nothing new since last time, they said.",
    "A quiet month. We talked about the weekend instead.",
    "All the same as last time; the numbers on the card still work.",
]
# Which questions come up with a yes (court dates and housing most often), and which go unasked most.
RAISED_WEIGHTS = {
    "contact": 3,
    "threats": 1,
    "located": 2,
    "recruitment": 1,
    "substances": 2,
    "housing": 3,
    "court": 3,
}
OFTEN_UNASKED = {"substances", "recruitment"}


# --- pieces the city generator shares ------------------------------------------------------------------


def item_id(rng: random.Random) -> str:
    """An item id like ``sections.new_item_id``'s (12 hex digits), from the seed."""
    return f"{rng.getrandbits(48):012x}"


def _phone(rng: random.Random) -> str:
    return f"555-01{rng.randint(10, 99)}"


def _strategies(rng: random.Random, key: str, count: int, taken: set[str]) -> list[dict[str, Any]]:
    free = [text for text in STRATEGIES[key] if text not in taken]
    return [{"id": item_id(rng), "text": text} for text in rng.sample(free, min(count, len(free)))]


def _trusted(rng: random.Random, taken: set[str]) -> dict[str, Any] | None:
    free = [name for name in TRUSTED_NAMES if name not in taken]
    if not free:
        return None
    item: dict[str, Any] = {"id": item_id(rng), "name": rng.choice(free), "code_word": rng.choice(CODE_WORDS)}
    if rng.random() < 0.9:
        item["phone"] = _phone(rng)
    if rng.random() < 0.85:
        item["action"] = rng.choice(ACTIONS)
    return item


def _number(rng: random.Random, taken: set[str]) -> dict[str, Any] | None:
    free = [entry for entry in EXTRA_NUMBERS if entry[1] not in taken]
    if not free:
        return None
    label, number, card_label = rng.choice(free)
    item = {"id": item_id(rng), "label": label, "number": number}
    if card_label:
        item["card_label"] = card_label  # the form drops an empty one
    return item


def _section(rng: random.Random, key: str) -> dict[str, Any]:
    kind = BY_KEY[key].item_kind
    items: list[dict[str, Any]] = []
    if kind == STRATEGY:
        items = _strategies(rng, key, rng.randint(1, 3), set())
    elif kind == PERSON:
        for _ in range(rng.randint(1, 2)):
            person = _trusted(rng, {item["name"] for item in items})
            if person is not None:
                items.append(person)
    else:
        # The numbers every plan starts with (as ``sections.starting_content`` makes them), ids from the seed.
        items = [{**item, "id": item_id(rng)} for item in starting_content()[0]["items"]]
        if rng.random() < 0.5:
            extra = _number(rng, set())
            if extra is not None:
                items.append(extra)
    words = rng.choice(WORDS[key]) if rng.random() < 0.75 else ""
    return {"key": key, "words": words, "items": items}


def _ordered(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """In the plan's section order, as the form posts them."""
    return sorted(sections, key=lambda section: ORDER.index(section["key"]))


FIRST_CHOICES = ["risks", "risks", "trusted", "trusted", "refuges", "contact", "places", "technology", "emotional"]


def first_sections(rng: random.Random) -> list[dict[str, Any]]:
    """A first plan: the emergency numbers and two to four sections the person chose."""
    keys = {"numbers"}
    wanted = rng.randint(2, 4)
    while len(keys) < wanted + 1:
        keys.add(rng.choice([*FIRST_CHOICES, "essentials"]))
    return [_section(rng, key) for key in ORDER if key in keys]


def _add_section(rng: random.Random, sections: list[dict[str, Any]], keep: set[str]) -> bool:
    absent = [key for key in ORDER if key not in {s["key"] for s in sections}]
    if not absent:
        return False
    sections.append(_section(rng, rng.choice(absent)))
    return True


def _add_item(rng: random.Random, sections: list[dict[str, Any]], keep: set[str]) -> bool:
    section = rng.choice(sections)
    kind, items = BY_KEY[section["key"]].item_kind, section["items"]
    if kind == STRATEGY:
        added = _strategies(rng, section["key"], 1, {item["text"] for item in items})
        items.extend(added)
        return bool(added)
    new = _trusted(rng, {i["name"] for i in items}) if kind == PERSON else _number(rng, {i["number"] for i in items})
    if new is not None:
        items.append(new)
    return new is not None


def _edit_item(rng: random.Random, sections: list[dict[str, Any]], keep: set[str]) -> bool:
    section = rng.choice(sections)
    kind, items = BY_KEY[section["key"]].item_kind, section["items"]
    if not items:
        return False
    item = rng.choice(items)
    if kind == STRATEGY:
        free = [text for text in STRATEGIES[section["key"]] if text not in {i["text"] for i in items}]
        if not free:
            return False
        item["text"] = rng.choice(free)
    elif kind == PERSON:
        if rng.random() < 0.5:
            item["phone"] = _phone(rng)
        else:
            item["code_word"] = rng.choice([word for word in CODE_WORDS if word != item.get("code_word")])
    else:
        item["card_label"] = rng.choice([label for label in CARD_LABELS if label != item.get("card_label")])
    return True


def _remove_item(rng: random.Random, sections: list[dict[str, Any]], keep: set[str]) -> bool:
    section = rng.choice(sections)
    # Never the numbers every plan starts with, nor a line the card carries.
    removable = [
        item for item in section["items"] if item.get("number") not in (HOTLINE, EMERGENCY) and item["id"] not in keep
    ]
    if len(section["items"]) < 2 or not removable:
        return False
    section["items"].remove(rng.choice(removable))
    return True


def _new_words(rng: random.Random, sections: list[dict[str, Any]], keep: set[str]) -> bool:
    section = rng.choice(sections)
    choices = [words for words in WORDS[section["key"]] if words != section["words"]]
    section["words"] = rng.choice(choices)
    return True


def _drop_section(rng: random.Random, sections: list[dict[str, Any]], keep: set[str]) -> bool:
    others = [s for s in sections if s["key"] != "numbers" and not {i["id"] for i in s["items"]} & keep]
    if len(others) < 3:
        return False
    sections.remove(rng.choice(others))
    return True


REVISIONS = [_add_item] * 3 + [_edit_item] * 3 + [_new_words] * 2 + [_add_section] * 2 + [_remove_item, _drop_section]


def revise(rng: random.Random, sections: list[dict[str, Any]], *, keep: set[str]) -> list[dict[str, Any]]:
    """The plan after one more conversation: one or two sections changed (never nothing, as the service wants),
    none of the ``keep`` items (the card's lines) removed."""
    after = copy.deepcopy(sections)
    done = 0
    wanted = rng.choice([1, 1, 2])
    while done < wanted or not changed_keys(sections, after):
        done += rng.choice(REVISIONS)(rng, after, keep)
    return _ordered(after)


def choose_card(rng: random.Random, sections: list[dict[str, Any]], *, unlike: str = "") -> dict[str, Any]:
    """A heading and a few lines (numbers, trusted people), in the order the card form offers them;
    never the same as ``unlike`` (the card as stored), since saving the same card is refused."""
    offered = cards.offered_items(sections)
    numbers = [item["id"] for item in offered if item["kind"] == NUMBER]
    people = [item["id"] for item in offered if item["kind"] == PERSON]
    while True:
        chosen = set(rng.sample(numbers, min(len(numbers), rng.randint(1, 2))))
        chosen |= set(rng.sample(people, min(len(people), rng.randint(0, 2))))
        heading = rng.choice(HEADINGS)
        card = {"heading": heading, "items": [item["id"] for item in offered if item["id"] in chosen]}
        if chosen and stored_json(card) != unlike:
            return card


def check_in_answers(rng: random.Random, *, raised: bool, yes: str = "") -> dict[str, str]:
    """Every question answered no or not talked about; a raised check-in has one or two yes."""
    answers = {
        key: Answer.NOT_ASKED.value if rng.random() < (0.6 if key in OFTEN_UNASKED else 0.35) else Answer.NO.value
        for key in QUESTION_KEYS
    }
    if raised:
        keys = [yes] if yes else []
        while len(keys) < (1 if yes else rng.choice([1, 1, 2])):
            key = rng.choices(list(RAISED_WEIGHTS), weights=list(RAISED_WEIGHTS.values()))[0]
            if key not in keys:
                keys.append(key)
        for key in keys:
            answers[key] = Answer.YES.value
    return answers


def check_in_note(rng: random.Random, answers: dict[str, str]) -> str:
    """What they said, if anything: about the first yes, or that nothing changed."""
    yes = [key for key in QUESTION_KEYS if answers[key] == Answer.YES]
    if yes:
        return RISK_NOTES[yes[0]] if rng.random() < 0.8 else ""
    return rng.choice(QUIET_NOTES) if rng.random() < 0.35 else ""


def due_on(made_on: datetime.date, review_days: int | None, agency_days: int) -> datetime.date:
    return made_on + datetime.timedelta(days=review_days or agency_days)


# --- the plan ------------------------------------------------------------------------------------------


@dataclass
class PlannedVersion:
    day: int  # days before today; 0 is today (through the services)
    author: str  # "ada", "ben" or "hana": who saw them that day
    sections: list[dict[str, Any]]
    card: dict[str, Any]  # the card as it stands after this version; {} while none is chosen
    changed: list[str]
    with_person: bool = True
    why_not: str = ""

    @property
    def card_text(self) -> str:
        return stored_json(self.card) if self.card else ""


@dataclass
class PlannedCheckIn:
    day: int
    author: str
    answers: dict[str, str]
    note: str


@dataclass
class SafetyPlanPlan:
    index: int
    review_days: int | None = None  # None: the agency's cadence
    versions: list[PlannedVersion] = field(default_factory=list)
    check_ins: list[PlannedCheckIn] = field(default_factory=list)


def plan(count: int = 60) -> list[SafetyPlanPlan]:
    """Every person's versions and check-ins, in days before today: a pure function of the seeds."""

    rng = random.Random(SEED)  # noqa: S311 - demo data, not security
    return [_person(rng, journey) for journey in casework.plan(count)]


def _person(rng: random.Random, journey: Any) -> SafetyPlanPlan:
    from waypoint.safety.models import DEFAULT_REVIEW_DAYS

    i = journey.index
    result = SafetyPlanPlan(index=i)
    attempts = {summary for _kind, _place, summary in casework.ATTEMPTS}
    # Days they were really in contact, oldest first, and who saw them.
    contacts = sorted(((e.day, e.author) for e in journey.encounters if e.summary not in attempts), reverse=True)
    past = [(day, author) for day, author in contacts if day > 0]
    todays_author = next((author for day, author in contacts if day == 0), None)
    today = TODAY.get(i) if todays_author is not None else None
    if i in NO_PLAN or not past:
        return result
    referred = i % 11 == 0
    overdue = i in REVIEW_OVERDUE
    if referred:
        days = [rng.choice(past[:2])]
    else:
        wanted = 4 if i == casework.HEAVY else rng.choice([2, 2, 3, 3, 4])
        first = rng.choice(past[: max(1, len(past) // 3)])
        later = [c for c in past if c[0] < first[0]]
        low, high = (35, LAST_REVIEW_WITHIN) if overdue else (1, LAST_REVIEW_WITHIN)
        window = [c for c in later if low <= c[0] <= high] or later[-1:]
        days = [first]
        historic = max(2, wanted - (1 if today == VERSION else 0))
        if historic >= 2 and window:
            last = rng.choice(window)
            middle = [c for c in later if c[0] > last[0]]
            days += [*sorted(rng.sample(middle, min(historic - 2, len(middle))), reverse=True), last]
    if today == VERSION:
        days.append((0, todays_author or "ada"))
    # The card: most choose one with the first plan; two print nothing; a few have none yet (but every
    # plan has two versions at least).
    printed = i in NOTHING_PRINTED or referred or len(days) < 2 or rng.random() < 0.85
    second_card = printed and i not in NOTHING_PRINTED and len(days) >= 3 and rng.random() < 0.5

    sections = first_sections(rng)
    card: dict[str, Any] = {}
    versions = result.versions
    for n, (day, author) in enumerate(days):
        if n == 0:
            versions.append(PlannedVersion(day, author, sections, card, changed_keys([], sections)))
        else:
            before, sections = sections, revise(rng, sections, keep=set(card.get("items", [])))
            with_person = day == 0 or rng.random() > 0.15
            why_not = "" if with_person else rng.choice(WHY_NOT)
            versions.append(
                PlannedVersion(day, author, sections, card, changed_keys(before, sections), with_person, why_not)
            )
        # A card chosen at the end of the same conversation: a version of its own, as ``card_save`` makes it.
        choose = (n == 0 and printed) or (second_card and n == len(days) - 1 and day > 0)
        if choose:
            card = (
                {"none": NOTHING_BECAUSE[sorted(NOTHING_PRINTED).index(i)]}
                if i in NOTHING_PRINTED
                else choose_card(rng, sections, unlike=stored_json(card) if card else "")
            )
            latest = versions[-1]
            versions.append(PlannedVersion(day, author, sections, card, [CARD], latest.with_person, latest.why_not))
    if today == CARD_TODAY:
        latest = versions[-1]
        card = choose_card(rng, sections, unlike=latest.card_text)
        versions.append(
            PlannedVersion(0, todays_author or "ada", sections, card, [CARD], latest.with_person, latest.why_not)
        )

    # The review cadence: past its date for a few; otherwise long enough to cover the latest version.
    latest_day = min(v.day for v in versions if v.day > 0)
    if overdue:
        result.review_days = None
    else:
        options = [cadence for cadence in CADENCES if cadence >= latest_day + 3] or [365]
        chosen = rng.choice(options[:2])
        result.review_days = None if chosen == DEFAULT_REVIEW_DAYS else chosen

    # Check-ins on days of contact since the first plan; a yes only when a later version answered it.
    first_day = versions[0].day
    since = [c for c in past if c[0] <= first_day]
    wanted_check_ins = 10 if i == casework.HEAVY else 1 if referred else rng.choice([1, 2, 3, 3, 4, 5, 6])
    for day, author in sorted(rng.sample(since, min(wanted_check_ins, len(since))), reverse=True):
        answered = any(v.day <= day for v in versions)
        answers = check_in_answers(rng, raised=answered and rng.random() < 0.25)
        result.check_ins.append(PlannedCheckIn(day, author, answers, check_in_note(rng, answers)))
    if today in (RISK_YES, RISK_NO):
        answers = check_in_answers(rng, raised=today == RISK_YES, yes=RISK_TODAY)
        result.check_ins.append(PlannedCheckIn(0, todays_author or "ada", answers, check_in_note(rng, answers)))
    return result


# --- loading -------------------------------------------------------------------------------------------


STAFF = casework.STAFF  # the demo's workers, named once in the casework loader


def load(agencies: dict[str, Agency]) -> None:
    """Two years of safety plans and risk check-ins for the demo agency's open records. Idempotent."""
    agency = agencies[DEMO_AGENCY]
    staff = {key: User.objects.filter(email=email).first() for key, email in STAFF.items()}
    if not all(staff.values()):
        return
    if Person.objects.filter(agency=agency, safety_plans__isnull=False).exists():
        return
    people = list(Person.objects.filter(agency=agency).order_by("case_number"))
    if not people:
        return
    today = agency_today(agency)
    counts = {"plans": 0, "versions": 0, "check_ins": 0}
    todays: list[tuple[Person, SafetyPlanPlan]] = []
    with transaction.atomic():
        for person, planned in zip(people, plan(len(people)), strict=True):
            if person.is_closed or not planned.versions:
                continue
            _history(person, planned, today, staff, agency.safety_review_days, counts)
            todays.append((person, planned))
        _date_check_ins(agency, today)
        audit.record(action="demo.safety_history", agency=agency, detail=counts)
        for person, planned in todays:
            _today_through_services(person, planned, today, staff)


def _date_check_ins(agency: Agency, today: datetime.date) -> None:
    """The check-ins before today, made at noon (UTC) of their day: the moment the timeline gives them."""
    quote = connection.ops.quote_name
    table, on = quote(RiskCheckIn._meta.db_table), quote("on")
    noon = f"(({on} + interval '12 hours') AT TIME ZONE 'UTC')"
    with connection.cursor() as cursor:
        # Identifiers come from the model's metadata, quoted; the values are parameters.
        cursor.execute(
            f"UPDATE {table} SET created_at = {noon}, updated_at = {noon} WHERE agency_id = %s AND {on} < %s",  # noqa: S608
            [agency.pk, today],
        )


def _history(
    person: Person,
    planned: SafetyPlanPlan,
    today: datetime.date,
    staff: dict[str, Any],
    agency_days: int,
    counts: dict[str, int],
) -> None:
    """Everything before today, through the person's related managers: one statement per table."""
    past = [v for v in planned.versions if v.day > 0]
    if not past:
        return
    first, latest = past[0], past[-1]
    made_on = today - datetime.timedelta(days=latest.day)
    plan_row = person.safety_plans.create(
        agency_id=person.agency_id,
        review_days=planned.review_days,
        review_due_on=due_on(made_on, planned.review_days, agency_days),
        created_by=staff[first.author],
    )
    plan_row.versions.bulk_create(
        [
            PlanVersion(
                agency_id=person.agency_id,
                plan=plan_row,
                person=person,
                number=number,
                made_on=today - datetime.timedelta(days=v.day),
                author=staff[v.author],
                with_person=v.with_person,
                why_not=v.why_not,
                content=stored_json(v.sections),
                changed=v.changed,
                card=v.card_text,
            )
            for number, v in enumerate(past, 1)
        ]
    )
    check_ins = [
        RiskCheckIn(
            agency_id=person.agency_id,
            person=person,
            on=today - datetime.timedelta(days=c.day),
            answers=c.answers,
            any_yes=Answer.YES in c.answers.values(),
            note=c.note,
            author=staff[c.author],
        )
        for c in planned.check_ins
        if c.day > 0
    ]
    if check_ins:
        person.risk_check_ins.bulk_create(check_ins)
    counts["plans"] += 1
    counts["versions"] += len(past)
    counts["check_ins"] += len(check_ins)


def _today_through_services(
    person: Person, planned: SafetyPlanPlan, today: datetime.date, staff: dict[str, Any]
) -> None:
    """Today's version or card, then today's check-in, as a worker records them."""
    from waypoint.safety import services

    for v in planned.versions:
        if v.day != 0:
            continue
        if v.changed == [CARD]:
            services.card_save(
                actor=staff[v.author],
                person=person,
                heading=v.card.get("heading", ""),
                item_ids=v.card.get("items", []),
                nothing_because=v.card.get("none", ""),
            )
        else:
            services.version_save(
                actor=staff[v.author],
                person=person,
                sections=v.sections,
                made_on=today,
                with_person=v.with_person,
                why_not=v.why_not,
                review_days=planned.review_days,
            )
    for c in planned.check_ins:
        if c.day == 0:
            services.risk_check_in(actor=staff[c.author], person=person, on=today, answers=c.answers, note=c.note)
