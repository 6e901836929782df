"""Stage check-ins: recorded through the service with an audit event, drawn and tabled, never a flag or a closure."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.casework import stages
from waypoint.casework.models import Stage, StageCheckIn
from waypoint.casework.services.stages import stage_check_in
from waypoint.casework.tests.factories import domain
from waypoint.people.models import Status
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def _journey(person, author, key, moves):
    today = timezone.localdate()
    for days_ago, stage in moves:
        stage_check_in(
            actor=author,
            person=person,
            domain=domain(person.agency, key),
            stage=stage,
            on=today - datetime.timedelta(days=days_ago),
            note="Said it out loud for the first time.",
        )


def test_a_check_in_is_audited_without_its_stage_or_note_and_changes_nothing_else(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Stages one", team=[alice])
    status = person.status
    _journey(person, alice, "housing", [(30, Stage.ACTION), (2, Stage.RECYCLING)])
    event = Event.objects.filter(action="stage.checked_in").latest("sequence")
    assert event.detail == {"person": str(person.pk), "domain": "housing", "source": "worker"}
    assert "recycling" not in str(event.detail) and "first time" not in str(event.detail)
    person.refresh_from_db()
    assert person.status == status and person.status != Status.CLOSED


def test_the_service_refuses_a_future_day_and_a_stranger(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Stages two", team=[alice])
    with pytest.raises(ValidationError):
        _journey(person, alice, "housing", [(-1, Stage.ACTION)])
    with pytest.raises(ValidationError):
        stage_check_in(
            actor=world.user("oscar"),
            person=person,
            domain=domain(person.agency, "housing"),
            stage=Stage.ACTION,
            on=timezone.localdate(),
        )
    assert not StageCheckIn.objects.filter(person=person).exists()


def test_the_summary_tells_a_return_as_part_of_the_journey(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Stages three", team=[alice])
    moves = [(300, Stage.PRECONTEMPLATION), (200, Stage.PREPARATION), (100, Stage.CONTEMPLATION), (5, Stage.ACTION)]
    _journey(person, alice, "leaving", moves)
    (journey,) = stages.journeys(StageCheckIn.objects.filter(person=person).select_related("domain"))
    assert journey.latest.stage == Stage.ACTION
    assert "4 check-ins" in journey.summary() and "once" in journey.summary()
    svg = journey.chart()
    assert svg.startswith("<svg") and 'role="img"' in svg and svg.count("<circle") == 4 and "<script" not in svg


def test_the_page_draws_tables_and_guides_within_its_query_budget(world, clients, django_assert_max_num_queries):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Stages four", team=[alice])
    for key in ("leaving", "housing", "substance_use"):
        _journey(person, alice, key, [(d, Stage.CONTEMPLATION if d % 60 else Stage.ACTION) for d in range(0, 720, 30)])
    client = clients("alice")
    url = reverse("casework:stages", args=[person.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        html = client.get(url).content.decode()
    assert html.count("<svg") == 3 and "What tends to help now" in html and "<table" in html
    assert " style=" not in html


def test_a_check_in_posted_shows_on_the_page_the_timeline_and_the_caseload_column(world, clients):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Stages five", team=[alice])
    client = clients("alice")
    housing = domain(person.agency, "housing")
    url = reverse("casework:stages", args=[person.pk])
    data = {
        "domain": str(housing.pk),
        "stage": Stage.PREPARATION,
        "source": "self_rating",
        "on": str(timezone.localdate()),
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert StageCheckIn.objects.get(person=person).stage == Stage.PREPARATION
    timeline = client.get(reverse("casework:timeline", args=[person.pk])).content.decode()
    assert "Stage check-in" in timeline
    caseload = client.get(reverse("people:my_people"), {"stage": "housing"}).content.decode()
    assert "Stage: Housing" in caseload and "Preparation" in caseload
    bad = client.post(url, {**data, "on": "2999-01-01"})
    assert bad.status_code == 200 and StageCheckIn.objects.filter(person=person).count() == 1


def test_outsiders_get_a_404(world, clients):
    person = make_person(world.agencies["harbour"], alias="Stages six", team=[world.user("alice")])
    assert clients("oscar").get(reverse("casework:stages", args=[person.pk])).status_code == 404
