"""The demo's stages of change: two years of check-ins with returns, URICA's placeholder wording, and
questionnaires scored as the service scores them, made the same way each time and loaded once."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.db.models import Count
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.audit.services import verify_chain
from waypoint.casework.models import Stage, StageCheckIn, StageSource
from waypoint.casework.stages import LEVEL, journeys
from waypoint.demo import casework as demo_casework
from waypoint.demo import data
from waypoint.demo import people as demo_people
from waypoint.demo import stages as demo_stages
from waypoint.instruments import selectors
from waypoint.instruments.journey import ruler_stage
from waypoint.instruments.models import InstrumentWording
from waypoint.instruments.services import scores_json
from waypoint.people.models import Person


@pytest.fixture
def demo(db):
    agencies = data.load_accounts()
    demo_people.load(agencies)
    demo_casework.load(agencies)
    demo_stages.load(agencies)
    return agencies


def _open_people(agencies) -> list[Person]:
    people = Person.objects.filter(agency=agencies[data.DEMO_AGENCY]).order_by("case_number")
    return [person for person in people if not person.is_closed]


def _responses(people):
    return [r for person in people for r in person.responses.select_related("definition", "domain")]


def test_most_people_have_two_years_of_check_ins_in_several_parts_of_life_with_returns(demo):
    people = _open_people(demo)
    today = timezone.localdate()
    with_check_ins, several, two_years, went_back = 0, 0, 0, 0
    for person in people:
        check_ins = list(person.stage_check_ins.select_related("domain"))
        if not check_ins:
            continue
        with_check_ins += 1
        by_domain = journeys(check_ins)
        several += len(by_domain) >= 2
        two_years += (today - min(c.on for c in check_ins)).days >= 600
        went_back += any(
            LEVEL[after.stage] < LEVEL[before.stage]
            for journey in by_domain
            for before, after in itertools.pairwise(journey.check_ins)
        )
        # Never before the record was opened, never ahead of today.
        assert all(person.created_at.date() <= c.on <= today for c in check_ins), person.alias
    assert with_check_ins >= 0.9 * len(people)
    assert several >= 0.8 * with_check_ins
    assert two_years >= 0.7 * with_check_ins
    assert went_back >= 0.7 * with_check_ins
    check_ins = StageCheckIn.objects.filter(agency=demo[data.DEMO_AGENCY])
    assert set(check_ins.values_list("stage", flat=True)) == set(Stage.values)
    assert set(check_ins.values_list("source", flat=True)) == set(StageSource.values)
    assert not check_ins.filter(person__status="closed").exists()
    # Cycles, not one pass: someone's part of life went back and came forward again more than once.
    cycles = check_ins.filter(stage=Stage.RECYCLING).values("person", "domain").annotate(n=Count("id"))
    assert cycles.filter(n__gte=2).exists()


def test_urica_has_the_placeholder_wording_and_the_tvit_still_needs_its_own(demo):
    agency = demo[data.DEMO_AGENCY]
    urica = selectors.offer(agency.pk, "urica")
    tvit = selectors.offer(agency.pk, "vera-tvit-short")
    assert urica is not None and not urica.needs_wording
    assert all(item.text is not None and "Placeholder" in item.text.en for item in urica.definition.items)
    assert tvit is not None and tvit.needs_wording
    assert not InstrumentWording.objects.filter(agency=agency, definition__key="vera-tvit-short").exists()
    assert Event.objects.filter(action="instrument.wording_imported").count() == 1


def test_rulers_and_urica_are_stored_with_the_scores_of_their_answers(demo):
    people = _open_people(demo)
    responses = _responses(people)
    by_key: dict[str, list] = {}
    for response in responses:
        by_key.setdefault(response.definition.key, []).append(response)
        assert response.scores == scores_json(response.definition.definition, response.answer_map())
        assert len(response.answers) == len(response.definition.definition.items)
    rulers, uricas = by_key["readiness-ruler"], by_key["urica"]
    assert len({r.person_id for r in rulers}) >= 8 and len({r.person_id for r in uricas}) >= 5
    assert len(by_key["stage-self-rating"]) >= 3
    assert all(r.domain is not None for r in rulers) and all(r.domain is None for r in uricas)
    today = timezone.localdate()
    for taken in (rulers, uricas):
        days = [(today - r.taken_on).days for r in taken]
        assert max(days) >= 600 and min(days) <= 30
    # A check-in whose source is the ruler has the stage that day's ruler suggests, in the same part of life.
    ruled = StageCheckIn.objects.filter(source=StageSource.RULER)
    assert ruled.exists()
    rulers_by_day = {(r.person_id, r.domain_id, r.taken_on): r for r in rulers}
    for check_in in ruled:
        ruler = rulers_by_day[(check_in.person_id, check_in.domain_id, check_in.on)]
        scores = ruler.scores["subscales"]
        assert ruler_stage(scores["importance"], scores["confidence"]) == check_in.stage


def test_the_history_is_bulk_and_today_went_through_the_services(demo):
    people = _open_people(demo)
    today = timezone.localdate()
    responses = _responses(people)
    check_ins = StageCheckIn.objects.filter(agency=demo[data.DEMO_AGENCY])
    summary = Event.objects.get(action="demo.stages_history")
    assert summary.detail["check_ins"] == check_ins.filter(on__lt=today).count()
    for key in ("readiness-ruler", "urica", "stage-self-rating"):
        past = [r for r in responses if r.definition.key == key and r.taken_on < today]
        assert summary.detail[key] == len(past) > 0
    todays = check_ins.filter(on=today)
    assert todays.count() == len(demo_casework.TODAY_VIA_SERVICES)
    assert Event.objects.filter(action="stage.checked_in").count() == todays.count()
    todays_responses = [r for r in responses if r.taken_on == today]
    assert {r.definition.key for r in todays_responses} == set(demo_stages.TODAY_QUESTIONNAIRE.values())
    assert Event.objects.filter(action="instrument_response.recorded").count() == len(todays_responses)
    # Every row has its "insert" snapshot, as if the triggers had fired.
    snapshots = StageCheckIn.pgh_event_model.objects.filter(pgh_label="insert")
    assert snapshots.count() == check_ins.count()
    notes = [text for texts in demo_stages.NOTES.values() for text in texts]
    details = " ".join(str(e.detail) for e in Event.objects.all())
    assert not [text for text in notes if text in details]
    assert verify_chain().ok
    assert datetime.date(2000, 1, 1) < min(check_ins.values_list("on", flat=True))


def test_the_plan_is_the_same_each_time_and_loaded_once(demo):
    assert demo_stages.plan() == demo_stages.plan()
    people = _open_people(demo)
    by_index = {p.case_number: p for p in people}
    all_people = list(Person.objects.filter(agency=demo[data.DEMO_AGENCY]).order_by("case_number"))
    for person, planned in zip(all_people, demo_stages.plan(len(all_people)), strict=True):
        if person.case_number in by_index:
            assert person.stage_check_ins.count() == len(planned.check_ins), person.alias
            assert person.responses.count() == len(planned.responses), person.alias
    counts = (
        StageCheckIn.objects.count(),
        len(_responses(people)),
        InstrumentWording.objects.count(),
        Event.objects.count(),
    )
    demo_stages.load(demo)
    assert (
        StageCheckIn.objects.count(),
        len(_responses(people)),
        InstrumentWording.objects.count(),
        Event.objects.count(),
    ) == counts
