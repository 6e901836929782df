"""The exact finder keeps names out of URLs, and every exact match shown is audited and shown to supervisors."""

from __future__ import annotations

import datetime
import re

from django.urls import reverse

from waypoint.audit.models import Event
from waypoint.people.services import lifecycle
from waypoint.people.tests.factories import make_person

LEGAL_NAME = "Émilie Tremblay-Fictive"
BIRTH_DATE = datetime.date(1999, 4, 5)


def person_with_name(world, *, team, alias="Cedar"):
    return lifecycle.person_create(
        actor=team,
        agency=world.agencies["harbour"],
        alias=alias,
        details={"legal_name": LEGAL_NAME, "date_of_birth": BIRTH_DATE},
    )


def urls_in(response) -> list[str]:
    html = response.content.decode()
    found = re.findall(r'(?:href|action|hx-get|hx-post|src)="([^"]*)"', html)
    if response.has_header("Location"):
        found.append(response["Location"])
    return found


def test_the_exact_search_goes_by_post_and_the_legal_name_never_sits_in_a_url(world, clients):
    person_with_name(world, team=world.user("alice"))
    client = clients("alice")
    page = client.get(reverse("people:find")).content.decode()
    exact_form = re.search(r"<form([^>]*)>(?:(?!</form>).)*name=\"legal_name\"", page, re.S)
    assert exact_form is not None and 'method="post"' in exact_form.group(1)
    assert "csrfmiddlewaretoken" in exact_form.group(0)
    data = {"legal_name": "emilie tremblay-fictive", "date_of_birth": "1999-04-05"}
    response = client.post(reverse("people:find"), data)
    assert response.status_code == 200  # rendered from the POST, no redirect carrying the name
    assert "Cedar" in response.content.decode()
    for url in urls_in(response):
        assert "tremblay" not in url.casefold() and "legal_name" not in url and "1999" not in url, url


def test_the_exact_search_needs_the_csrf_token(world):
    from django.test import Client

    person_with_name(world, team=world.user("alice"))
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("alice"))
    response = client.post(reverse("people:find"), {"legal_name": LEGAL_NAME, "date_of_birth": "1999-04-05"})
    assert response.status_code == 403


def test_a_get_with_a_legal_name_is_ignored(world, clients):
    person_with_name(world, team=world.user("alice"))
    response = clients("alice").get(
        reverse("people:find"), {"legal_name": "emilie tremblay-fictive", "date_of_birth": "1999-04-05"}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "Cedar" not in body and "results-heading" not in body
    assert "Tremblay" not in body
    assert not Event.objects.filter(action="person.exact_match_shown").exists()


def test_an_exact_match_outside_the_caseload_is_audited_with_ids_only(world, clients):
    person = person_with_name(world, team=world.user("bob"), alias="Hidden Alias")
    alice = world.user("alice")
    body = (
        clients("alice")
        .post(reverse("people:find"), {"legal_name": LEGAL_NAME, "date_of_birth": "1999-04-05"})
        .content.decode()
    )
    assert reverse("people:break_glass", args=[person.pk]) in body and "Hidden Alias" not in body
    event = Event.objects.get(action="person.exact_match_shown")
    assert (event.target_id, event.purpose, event.actor_id) == (str(person.pk), "search", alice.pk)
    assert "Tremblay" not in str(event.detail)


def test_an_exact_case_number_outside_the_caseload_is_audited(world, clients):
    other = make_person(world.agencies["harbour"], alias="Hidden Alias", team=[world.user("bob")])
    clients("alice").get(reverse("people:find"), {"q": other.case_number})
    assert (
        Event.objects.filter(action="person.exact_match_shown", target_id=str(other.pk), purpose="search").count() == 1
    )
    clients("alice").get(reverse("people:find"), {"q": "Alias"})  # a partial search confirms nothing
    assert Event.objects.filter(action="person.exact_match_shown").count() == 1


def test_a_duplicate_warning_is_audited_and_supervisors_see_every_exact_match(world, clients):
    person = person_with_name(world, team=world.user("bob"), alias="Secret Alias")
    alice = clients("alice")
    alice.post(
        reverse("people:person_create"), {"alias": "New", "legal_name": LEGAL_NAME, "date_of_birth": "1999-04-05"}
    )
    duplicate = Event.objects.get(action="person.exact_match_shown")
    assert (duplicate.target_id, duplicate.purpose) == (str(person.pk), "duplicate_check")
    confirmed = {"alias": "New", "legal_name": LEGAL_NAME, "date_of_birth": "1999-04-05", "confirm_not_duplicate": "on"}
    assert alice.post(reverse("people:person_create"), confirmed).status_code == 302
    assert Event.objects.filter(action="person.exact_match_shown", purpose="duplicate_check").count() == 1
    alice.get(reverse("people:find"), {"q": person.case_number})
    sam = clients("sam")
    log = sam.get(reverse("people:break_glass_list")).content.decode()
    assert log.count(person.case_number) == 2
    assert "matched a duplicate check" in log and "matched an exact search" in log
    assert str(world.user("alice")) in log
    overview = sam.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "matched a duplicate check" in overview and "matched an exact search" in overview
    # Another agency's supervisor sees none of it.
    assert person.case_number not in clients("oscar").get(reverse("people:my_people")).content.decode()
