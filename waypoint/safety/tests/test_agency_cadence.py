"""The agency administrator sets how often safety plans are reviewed; new versions are dated by it."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from waypoint.audit.models import Event
from waypoint.people.tests.factories import make_person
from waypoint.safety import services
from waypoint.safety.tests.factories import DAY, make_plan

pytestmark = pytest.mark.django_db
URL = reverse("safety:agency_cadence")


def test_the_administrator_sets_the_cadence_and_the_next_version_is_dated_by_it(world, clients):
    adam = clients("adam")
    assert 'value="30"' in adam.get(URL).content.decode()
    response = adam.post(URL, {"days": "14"})
    assert response.status_code == 302
    harbour = world.agencies["harbour"]
    harbour.refresh_from_db()
    assert harbour.safety_review_days == 14
    event = Event.objects.get(action="agency.safety_review_days_changed")
    assert event.detail == {"from": 30, "to": 14}
    person = make_person(harbour, alias="Wren", team=[world.user("alice")])
    make_plan(person, world.user("alice"))
    assert person.safety_plans.get().review_due_on == DAY + datetime.timedelta(days=14)


def test_a_cadence_out_of_range_is_refused_and_nothing_changes(world, clients):
    html = clients("adam").post(URL, {"days": "0"}).content.decode()
    assert "Ensure this value is greater than or equal to 1." in html
    world.agencies["harbour"].refresh_from_db()
    assert world.agencies["harbour"].safety_review_days == 30


def test_only_the_agencys_administrator_may_set_it(world):
    with pytest.raises(ValidationError):
        services.agency_review_days_set(actor=world.user("sam"), agency=world.agencies["harbour"], days=7)
    with pytest.raises(ValidationError):
        services.agency_review_days_set(actor=world.user("oscar"), agency=world.agencies["harbour"], days=7)
