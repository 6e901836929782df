"""What questionnaires add to the journey: the stage a result suggests, and an entry on the timeline without answers."""

from __future__ import annotations

import datetime
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from waypoint.casework import timeline
from waypoint.casework.models import Stage
from waypoint.casework.tests.factories import domain, make_encounter
from waypoint.core.templatetags.waypoint_dates import long_date
from waypoint.instruments.journey import from_ruler, from_self_rating, from_urica, ruler_stage, urica_stage
from waypoint.instruments.loader import shipped_definitions
from waypoint.instruments.models import Response
from waypoint.instruments.suggestions import suggestions_for
from waypoint.instruments.tests.factories import import_placeholder, record
from waypoint.people.tests.factories import make_person

URICA = shipped_definitions()["urica"]


@pytest.fixture(autouse=True)
def _english_by_default():
    translation.activate("en")
    yield
    translation.activate("en")


# --- the stage a result suggests ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("importance", "confidence", "stage"),
    [
        (0, 10, Stage.PRECONTEMPLATION),
        (2, 2, Stage.PRECONTEMPLATION),
        (10, 2, Stage.PRECONTEMPLATION),
        (3, 10, Stage.CONTEMPLATION),
        (5, 5, Stage.CONTEMPLATION),
        (9, 5, Stage.CONTEMPLATION),
        (6, 9, Stage.PREPARATION),
        (8, 8, Stage.PREPARATION),
        (10, 8, Stage.PREPARATION),
        (9, 10, Stage.ACTION),
        (10, 10, Stage.ACTION),
        # One skipped: the other decides alone.
        (None, 1, Stage.PRECONTEMPLATION),
        (4, None, Stage.CONTEMPLATION),
        (None, 7, Stage.PREPARATION),
        (9, None, Stage.ACTION),
        (None, None, None),
    ],
)
def test_the_ruler_suggests_the_band_of_the_lower_of_its_two_answers(importance, confidence, stage):
    assert ruler_stage(importance, confidence) == stage


@pytest.mark.parametrize(
    ("readiness", "stage"),
    [
        (-2, Stage.PRECONTEMPLATION),
        (8, Stage.PRECONTEMPLATION),
        (8.01, Stage.CONTEMPLATION),
        (8.5, Stage.CONTEMPLATION),
        (11.9, Stage.CONTEMPLATION),
        (12, Stage.PREPARATION),
        (14, Stage.PREPARATION),
        (None, None),
    ],
)
def test_urica_readiness_suggests_a_stage_at_its_cut_offs(readiness, stage):
    assert urica_stage(readiness) == stage


def _query(suggestion):
    parts = urlsplit(suggestion.url)
    return parts.path, parse_qs(parts.query), parts.fragment


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("answer", "stage"),
    [
        (1, Stage.PRECONTEMPLATION),
        (2, Stage.CONTEMPLATION),
        (3, Stage.PREPARATION),
        (4, Stage.ACTION),
        (5, Stage.MAINTENANCE),
        (6, Stage.RECYCLING),
    ],
)
def test_the_self_rating_suggests_the_step_the_person_chose(world, answer, stage):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Self rating", team=[alice])
    housing = domain(person.agency, "housing")
    response = record(person, alice, "stage-self-rating", {1: answer}, domain=housing)
    (suggestion,) = suggestions_for(response)
    path, query, fragment = _query(suggestion)
    assert path == reverse("casework:stages", args=[person.pk]) and fragment == "check-in"
    assert query == {"stage": [stage], "source": ["self_rating"], "domain": [str(housing.pk)]}
    assert suggestion.label == f"Record a stage check-in: {Stage(stage).label} (suggested by this result)"


def test_no_figure_means_no_suggestion():
    someone = uuid.uuid4()
    assert from_self_rating(Response(person_id=someone, scores={"subscales": {"stage": None}})) is None
    assert from_self_rating(Response(person_id=someone, scores={"subscales": {"stage": 7}})) is None
    assert from_ruler(Response(person_id=someone, scores={"subscales": {"importance": None}})) is None
    assert from_urica(Response(person_id=someone, scores={"subscales": {}, "total": None})) is None
    assert from_urica(Response(person_id=someone, scores={})) is None


def urica_answers(**means: int) -> dict[int, int | None]:
    """Every item of a subscale given the same answer (so its mean is that answer); unscored items 3."""
    return {item.number: means.get(item.subscale or "", 3) for item in URICA.items}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("means", "readiness", "stage"),
    [
        ({"PC": 1, "C": 3, "A": 3, "M": 3}, 8.0, Stage.PRECONTEMPLATION),
        ({"PC": 2, "C": 4, "A": 4, "M": 4}, 10.0, Stage.CONTEMPLATION),
        ({"PC": 1, "C": 5, "A": 4, "M": 4}, 12.0, Stage.PREPARATION),
    ],
)
def test_a_stored_urica_result_suggests_from_its_readiness(world, means, readiness, stage):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="URICA", team=[alice])
    import_placeholder(world.user("adam"), person.agency, "urica")
    response = record(person, alice, "urica", urica_answers(**means))
    assert response.scores["total"] == readiness
    (suggestion,) = suggestions_for(response)
    _path, query, _fragment = _query(suggestion)
    assert query == {"stage": [stage], "source": ["urica"]}


@pytest.mark.django_db
def test_a_stored_ruler_result_suggests_with_its_part_of_life(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Ruler", team=[alice])
    health = domain(person.agency, "health")
    response = record(person, alice, "readiness-ruler", {1: 9, 2: None}, domain=health)
    (suggestion,) = suggestions_for(response)
    _path, query, _fragment = _query(suggestion)
    assert query == {"stage": [Stage.ACTION], "source": ["ruler"], "domain": [str(health.pk)]}
    assert suggestions_for(record(person, alice, "indicators", {1: 1})) == []


# --- the timeline --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_timeline_shows_a_questionnaire_by_title_date_and_author_never_its_answers(world, clients):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Timeline", team=[alice])
    housing = domain(person.agency, "housing")
    day = datetime.date(2026, 4, 9)
    # 10 and 0 are the answers with labels ("Very much", "Not at all"): the result page shows them.
    response = record(person, alice, "readiness-ruler", {1: 10, 2: 0}, taken_on=day, domain=housing)
    client = clients("alice")
    result = client.get(reverse("instruments:response", args=[person.pk, response.pk])).content.decode()
    assert "10 – Very much" in result and "0 – Not at all" in result
    html = client.get(reverse("casework:timeline", args=[person.pk]), {"kind": "questionnaire"}).content.decode()
    assert "Questionnaire · Readiness ruler · Housing" in html
    assert f'<time datetime="2026-04-09">{long_date(day)}</time> · {alice}' in html
    assert reverse("instruments:response", args=[person.pk, response.pk]) in html
    ruler = shipped_definitions()["readiness-ruler"]
    for item in ruler.items:
        assert item.text.en not in html and item.why.en not in html
    assert "Very much" not in html and "Not at all" not in html
    assert "Importance" not in html and "Confidence" not in html


@pytest.mark.django_db
def test_a_questionnaire_takes_its_place_among_the_other_events(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Timeline order", team=[alice])
    import_placeholder(world.user("adam"), person.agency, "urica")
    today = timezone.localdate()
    make_encounter(person, alice, occurred_at=timezone.now() - datetime.timedelta(days=5), summary="Earlier")
    urica = record(person, alice, "urica", urica_answers(), taken_on=today - datetime.timedelta(days=2))
    make_encounter(person, alice, summary="Later")
    _page, entries = timeline.page_for(person)
    assert [entry.kind for entry in entries] == ["encounter", "questionnaire", "encounter"]
    assert entries[1].item == urica and entries[1].at.date() == urica.taken_on
    _page, only = timeline.page_for(person, kinds=["questionnaire"])
    assert [entry.item for entry in only] == [urica]
