"""The demo's safety plans: several versions and check-ins per person, stored encrypted in the shape the
services store, wallet cards that tell nothing, both caseload flags raised, made the same way each time
and loaded once."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db import connection
from django.utils import timezone

from waypoint.accounts.models import User
from waypoint.audit.models import Event
from waypoint.audit.services import verify_chain
from waypoint.casework import flags
from waypoint.demo import casework as demo_casework
from waypoint.demo import data
from waypoint.demo import people as demo_people
from waypoint.demo import safety as demo_safety
from waypoint.people import access
from waypoint.people.models import Person
from waypoint.safety import cards
from waypoint.safety.diff import changed_keys
from waypoint.safety.models import Answer
from waypoint.safety.risk import QUESTION_KEYS
from waypoint.safety.sections import BY_KEY, ITEM_FIELDS, SECTIONS
from waypoint.safety.services import CARD, stored_json


@pytest.fixture
def demo(db):
    agencies = data.load_accounts()
    demo_people.load(agencies)
    demo_casework.load(agencies)
    demo_safety.load(agencies)
    return agencies


def _open_people(agencies) -> list[Person]:
    people = Person.objects.filter(agency=agencies[data.DEMO_AGENCY]).order_by("case_number")
    return [person for person in people if not person.is_closed]


def _versions(person: Person) -> list:
    return list(person.plan_versions.order_by("number"))


def test_most_open_people_have_a_plan_with_several_versions_and_check_ins_between_them(demo):
    people = _open_people(demo)
    today = timezone.localdate()
    with_plan = [person for person in people if person.safety_plans.exists()]
    assert 0.85 * len(people) <= len(with_plan) < len(people)  # a few show the empty state
    not_with_person = 0
    for person in with_plan:
        versions = _versions(person)
        assert 2 <= len(versions) <= 6, person.alias
        assert [v.number for v in versions] == list(range(1, len(versions) + 1))
        assert all(a.made_on <= b.made_on for a, b in itertools.pairwise(versions)), person.alias
        assert person.created_at.date() <= versions[0].made_on and versions[-1].made_on <= today
        for version in versions:
            assert version.with_person or version.why_not.strip(), person.alias
            not_with_person += not version.with_person
    spans = [(today - _versions(person)[0].made_on).days for person in with_plan]
    assert max(spans) >= 600 and sum(span >= 365 for span in spans) >= len(with_plan) // 2
    assert not_with_person >= 5
    # The sections people chose differ from person to person.
    assert len({tuple(s["key"] for s in _versions(person)[-1].sections) for person in with_plan}) >= 15

    check_ins = [c for person in with_plan for c in person.risk_check_ins.all()]
    assert len({c.person_id for c in check_ins}) >= 0.9 * len(with_plan)
    yes = [c for c in check_ins if c.any_yes]
    assert 0.05 * len(check_ins) <= len(yes) <= 0.4 * len(check_ins)
    for check_in in check_ins:
        assert set(check_in.answers) == set(QUESTION_KEYS)
        assert set(check_in.answers.values()) <= set(Answer.values)
        assert check_in.any_yes == (Answer.YES in check_in.answers.values())
    # Between versions: after the first plan, and (before today) a yes always has a later version.
    for person in with_plan:
        versions = _versions(person)
        for check_in in person.risk_check_ins.all():
            assert check_in.on >= versions[0].made_on
            if check_in.any_yes and check_in.on < today:
                assert versions[-1].made_on >= check_in.on, person.alias


def test_content_is_ciphertext_that_decrypts_to_the_shape_the_services_store(demo):
    # Bulk-created rows too: the model fields encrypt in bulk_create as in save().
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT content, card, why_not FROM safety_planversion WHERE made_on < %s AND card <> '' "
            "AND why_not <> '' LIMIT 1",
            [today],
        )
        stored = cursor.fetchone()
        cursor.execute("SELECT note FROM safety_riskcheckin WHERE note <> '' AND \"on\" < %s LIMIT 1", [today])
        stored += cursor.fetchone()
    assert all(value.startswith("wp1:") for value in stored)
    order = [section.key for section in SECTIONS]
    for person in _open_people(demo):
        previous = None
        for version in _versions(person):
            sections = version.sections
            # Exactly what the service writes: sorted keys, no escapes, sections in the plan's order.
            assert version.content == stored_json(sections)
            keys = [section["key"] for section in sections]
            assert keys == sorted(keys, key=order.index) and len(set(keys)) == len(keys)
            assert "numbers" in keys
            ids = []
            for section in sections:
                assert set(section) == {"key", "words", "items"} and section["key"] in BY_KEY
                kind = BY_KEY[section["key"]].item_kind
                assert section["words"] or section["items"]
                for item in section["items"]:
                    fields = set(item) - {"id"}
                    assert ITEM_FIELDS[kind][0] in fields and fields <= set(ITEM_FIELDS[kind]), item
                    assert all(isinstance(v, str) and v.strip() == v and v for v in item.values()), item
                    ids.append(item["id"])
            assert len(ids) == len(set(ids))
            numbers = next(s for s in sections if s["key"] == "numbers")["items"]
            assert {"1-833-900-1010", "911"} <= {item["number"] for item in numbers}
            # What changed, as the service records it; a card's own version carries the content over.
            if previous is None:
                assert version.changed == keys and version.card == ""
            elif version.changed == [CARD]:
                assert version.content == previous.content and version.card != previous.card
                assert (version.with_person, version.why_not) == (previous.with_person, previous.why_not)
            else:
                assert version.changed == changed_keys(previous.sections, sections) != []
                assert version.card == previous.card
            previous = version


def test_every_wallet_card_tells_nothing_and_two_people_print_nothing(demo):
    agency = demo[data.DEMO_AGENCY]
    printed, nothing = 0, 0
    for person in _open_people(demo):
        versions = _versions(person)
        if not versions:
            continue
        for version in versions:
            card = version.card_choice
            if not card:
                continue
            if "none" in card:
                assert set(card) == {"none"} and card["none"].strip()
                continue
            assert set(card) == {"heading", "items"} and card["heading"] and card["items"]
            assert cards.revealing(card["heading"], agency.name) == []
            offered = {item["id"]: item for item in cards.offered_items(version.sections)}
            lines, left_off = cards.printable(version.sections, card, agency.name)
            assert left_off == 0
            assert len(lines) == len([i for i in card["items"] if i in offered]) > 0
            for line in lines:
                assert cards.revealing(line.text, agency.name) == [], line.text
        latest = versions[-1].card_choice
        printed += "items" in latest
        nothing += "none" in latest
    with_plan = sum(1 for person in _open_people(demo) if person.safety_plans.exists())
    assert printed >= 0.75 * with_plan
    assert nothing == len(demo_safety.NOTHING_PRINTED)


def _flagged(key: str) -> set[int]:
    """Indices (case-number order) of the demo people the advocate's caseload shows with the flag."""
    ada = User.objects.get(email="advocate@demo.waypoint.test")
    caseload = flags.annotate(access.caseload(ada), timezone.localdate())
    numbers = set(flags.filter_by(caseload, key).values_list("case_number", flat=True))
    return {i for i, p in enumerate(Person.objects.order_by("case_number")) if p.case_number in numbers}


def test_reviews_are_overdue_for_a_few_and_todays_yes_raises_the_risk_flag(demo):
    today = timezone.localdate()
    overdue, risk = _flagged("safety_review"), _flagged("risk_review")
    raised = {i for i, kind in demo_safety.TODAY.items() if kind == demo_safety.RISK_YES}
    # The silent people's reviews, and the one whose yes today brought the review forward to today.
    assert demo_safety.REVIEW_OVERDUE | raised <= overdue and len(overdue) <= 8
    assert raised <= risk
    people = list(Person.objects.order_by("case_number"))
    for i in raised:
        assert people[i].risk_check_ins.get(on=today).answers[demo_safety.RISK_TODAY] == Answer.YES
        assert people[i].safety_plans.get().review_due_on == today


def test_a_yes_answered_by_a_later_version_raises_no_flag(demo):
    raised = {i for i, kind in demo_safety.TODAY.items() if kind == demo_safety.RISK_YES}
    assert _flagged("risk_review") == raised


def test_the_history_is_bulk_and_today_went_through_the_services(demo):
    today = timezone.localdate()
    people = _open_people(demo)
    versions = [v for person in people for v in _versions(person)]
    check_ins = [c for person in people for c in person.risk_check_ins.all()]
    summary = Event.objects.get(action="demo.safety_history")
    assert summary.detail == {
        "plans": sum(1 for person in people if person.safety_plans.exists()),
        "versions": sum(1 for v in versions if v.made_on < today),
        "check_ins": sum(1 for c in check_ins if c.on < today),
    }
    todays = [v for v in versions if v.made_on == today]
    assert len(todays) == sum(1 for kind in demo_safety.TODAY.values() if kind in ("version", "card"))
    assert Event.objects.filter(action="safety_plan.version_saved").count() == sum(v.changed != [CARD] for v in todays)
    assert Event.objects.filter(action="safety_plan.card_saved").count() == sum(v.changed == [CARD] for v in todays)
    assert Event.objects.filter(action="safety.risk_checked_in").count() == sum(c.on == today for c in check_ins) == 2
    # A check-in before today was made at noon of its day, so the flag reads it in its place.
    noon = datetime.time(12, tzinfo=datetime.UTC)
    assert all(c.created_at == datetime.datetime.combine(c.on, noon) for c in check_ins if c.on < today)
    # No content in any audit event.
    texts = [*demo_safety.RISK_NOTES.values(), *demo_safety.QUIET_NOTES, *demo_safety.WHY_NOT]
    texts += [*demo_safety.CODE_WORDS, *demo_safety.HEADINGS, *demo_safety.NOTHING_BECAUSE]
    texts += [text for pool in demo_safety.STRATEGIES.values() for text in pool]
    details = " ".join(str(e.detail) for e in Event.objects.all())
    assert not [text for text in texts if text in details]
    assert verify_chain().ok


def test_the_plan_is_the_same_each_time_and_loaded_once(demo):
    assert demo_safety.plan() == demo_safety.plan()
    people = list(Person.objects.filter(agency=demo[data.DEMO_AGENCY]).order_by("case_number"))
    for person, planned in zip(people, demo_safety.plan(len(people)), strict=True):
        if not person.is_closed:
            versions = _versions(person)
            assert [v.content for v in versions] == [stored_json(v.sections) for v in planned.versions]
            assert [v.card for v in versions] == [v.card_text for v in planned.versions]
            assert person.risk_check_ins.count() == len(planned.check_ins)
    counts = (
        sum(p.plan_versions.count() for p in people),
        sum(p.risk_check_ins.count() for p in people),
        sum(p.safety_plans.count() for p in people),
        Event.objects.count(),
    )
    demo_safety.load(demo)
    assert (
        sum(p.plan_versions.count() for p in people),
        sum(p.risk_check_ins.count() for p in people),
        sum(p.safety_plans.count() for p in people),
        Event.objects.count(),
    ) == counts
