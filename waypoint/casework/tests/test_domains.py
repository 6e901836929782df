"""The agency's list of life domains: supervisors rename, reorder, retire, bring back and add, each audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from waypoint.audit.models import Event
from waypoint.casework import selectors
from waypoint.casework.models import LifeDomain
from waypoint.casework.services import goals
from waypoint.casework.tests.factories import domain, make_goal
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

URL = "/casework/life-domains/"


def ordered_keys(agency):
    return list(LifeDomain.objects.filter(agency=agency).order_by("order").values_list("key", flat=True))


def test_a_supervisor_sees_the_list_and_other_roles_are_refused(world, clients):
    assert reverse("casework:domains") == URL
    body = clients("sam").get(URL).content.decode()
    assert "Leaving the trafficking situation" in body and "Relationships and community" in body
    for key in ("alice", "hana", "pat", "ines", "cora", "adam", "peter", "oscar"):
        assert clients(key).get(URL).status_code == 403, key


def test_renaming_in_english_and_french_is_audited_and_shown_in_each_language(world, clients):
    housing = domain(world.agencies["harbour"], "housing")
    response = clients("sam").post(
        URL, {"action": "rename", "domain": str(housing.pk), "name": "A home", "name_fr": "Un chez-soi"}
    )
    assert response.status_code == 302
    housing.refresh_from_db()
    assert (housing.name, housing.name_fr) == ("A home", "Un chez-soi")
    with translation.override("fr"):
        assert housing.label == "Un chez-soi"
    event = Event.objects.get(action="life_domain.renamed")
    assert event.detail["name_before"] == "Housing" and event.detail["key"] == "housing"
    response = clients("sam").post(URL, {"action": "rename", "domain": str(housing.pk), "name": " ", "name_fr": ""})
    housing.refresh_from_db()
    assert housing.name == "A home"


def test_moving_up_and_down_reorders_the_list(world, clients):
    harbour = world.agencies["harbour"]
    assert ordered_keys(harbour)[:3] == ["leaving", "safety", "housing"]
    clients("sam").post(URL, {"action": "up", "domain": str(domain(harbour, "housing").pk)})
    assert ordered_keys(harbour)[:3] == ["leaving", "housing", "safety"]
    clients("sam").post(URL, {"action": "down", "domain": str(domain(harbour, "leaving").pk)})
    assert ordered_keys(harbour)[:3] == ["housing", "leaving", "safety"]
    clients("sam").post(URL, {"action": "up", "domain": str(domain(harbour, "housing").pk)})  # already first
    assert ordered_keys(harbour)[:3] == ["housing", "leaving", "safety"]
    assert Event.objects.filter(action="life_domain.moved").count() == 2


def test_a_retired_domain_stays_on_old_goals_and_is_offered_again_once_restored(world, clients):
    harbour = world.agencies["harbour"]
    person = make_person(harbour, team=[world.user("alice")])
    goal = make_goal(person, world.user("alice"), key="legal", words="Sort out the court date")
    legal = domain(harbour, "legal")
    clients("sam").post(URL, {"action": "retire", "domain": str(legal.pk)})
    assert legal.pk not in [d.pk for d in selectors.domains(harbour.pk)]
    goals_page = clients("alice").get(reverse("casework:goals", args=[person.pk])).content.decode()
    assert "Sort out the court date" in goals_page and f'<option value="{legal.pk}"' not in goals_page
    with pytest.raises(ValidationError):
        goals.goal_create(
            actor=world.user("alice"), person=person, domain=LifeDomain.objects.get(pk=legal.pk), words="x"
        )
    assert "(retired)" in clients("sam").get(URL).content.decode()
    clients("sam").post(URL, {"action": "restore", "domain": str(legal.pk)})
    goals_page = clients("alice").get(reverse("casework:goals", args=[person.pk])).content.decode()
    assert f'<option value="{legal.pk}"' in goals_page
    assert [e.action for e in Event.objects.filter(action__startswith="life_domain.").order_by("sequence")] == [
        "life_domain.retired",
        "life_domain.restored",
    ]
    goal.refresh_from_db()
    assert goal.domain_id == legal.pk


def test_adding_a_domain_puts_it_last_with_its_own_key_and_offers_it(world, clients):
    harbour = world.agencies["harbour"]
    response = clients("sam").post(URL, {"action": "add", "name": "Faith and spirituality", "name_fr": "Foi"})
    assert response.status_code == 302
    added = LifeDomain.objects.get(agency=harbour, name="Faith and spirituality")
    assert added.key == "faith_and_spirituality" and ordered_keys(harbour)[-1] == added.key and added.is_active
    again = goals.domain_add(actor=world.user("sam"), agency_id=harbour.pk, name="Faith and spirituality")
    assert again.key == "faith_and_spirituality_2"
    assert Event.objects.filter(action="life_domain.added").count() == 2
    response = clients("sam").post(URL, {"action": "add", "name": "", "name_fr": ""})
    assert response.status_code == 200 and 'id="id_new_name_error"' in response.content.decode()


def test_another_agencys_domain_cannot_be_touched(world, clients):
    theirs = domain(world.agencies["elsewhere"], "housing")
    response = clients("sam").post(URL, {"action": "retire", "domain": str(theirs.pk)})
    assert response.status_code == 404
    assert LifeDomain.objects.get(pk=theirs.pk).is_active
    assert clients("sam").post(URL, {"action": "retire", "domain": "not-a-uuid"}).status_code == 404


def test_the_services_refuse_anyone_but_a_supervisor_of_the_agency(world):
    housing = domain(world.agencies["harbour"], "housing")
    for key in ("alice", "adam", "oscar"):
        with pytest.raises(ValidationError, match="Only a supervisor"):
            goals.domain_rename(actor=world.user(key), domain=housing, name="X", name_fr="")
        with pytest.raises(ValidationError, match="Only a supervisor"):
            goals.domain_add(actor=world.user(key), agency_id=housing.agency_id, name="X")
    assert not Event.objects.filter(action__startswith="life_domain.").exists()


def test_the_domains_page_query_count_does_not_grow_with_the_list(world, clients, django_assert_max_num_queries):
    client = clients("sam")
    with django_assert_max_num_queries(6) as few:
        client.get(URL)
    for n in range(20):
        goals.domain_add(actor=world.user("sam"), agency_id=world.agencies["harbour"].pk, name=f"Domain {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)
