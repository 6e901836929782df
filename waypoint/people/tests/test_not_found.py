"""A record that is not yours: hidden and missing answer the same page, which points to the finder."""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import reverse

from waypoint.people.tests.factories import make_person, make_release


def body_without_nonce(response) -> str:
    return re.sub(r'nonce="[^"]*"', 'nonce=""', response.content.decode())


@pytest.mark.parametrize("route", ["people:person_detail", "people:person_edit", "people:contact_send"])
def test_a_hidden_record_and_a_missing_one_get_byte_identical_pages(world, clients, route):
    hidden = make_person(world.agencies["harbour"], team=[world.user("bob")])
    alice = clients("alice")
    refused = alice.get(reverse(route, args=[hidden.pk]))
    missing = alice.get(reverse(route, args=[uuid.uuid4()]))
    assert (refused.status_code, missing.status_code) == (404, 404)
    assert body_without_nonce(refused) == body_without_nonce(missing)
    assert str(hidden.pk) not in refused.content.decode() and hidden.case_number not in refused.content.decode()


def test_the_page_says_how_to_reach_a_record_outside_the_caseload_with_a_link_to_the_finder(world, clients):
    body = clients("alice").get(reverse("people:person_detail", args=[uuid.uuid4()])).content.decode()
    assert "outside your caseload" in body and "full case number" in body and "emergency access" in body
    assert f'<a href="{reverse("people:find")}">' in body


def test_a_missing_release_under_a_hidden_record_gets_the_same_page_as_under_a_missing_one(world, clients):
    hidden = make_person(world.agencies["harbour"], team=[world.user("bob")])
    release = make_release(hidden)
    alice = clients("alice")
    refused = alice.get(reverse("people:release_print", args=[hidden.pk, release.pk]))
    missing = alice.get(reverse("people:release_print", args=[uuid.uuid4(), uuid.uuid4()]))
    assert (refused.status_code, missing.status_code) == (404, 404)
    assert body_without_nonce(refused) == body_without_nonce(missing)


def test_the_page_is_in_french_too(world, clients):
    alice = clients("alice")
    alice.cookies["waypoint_language"] = "fr"
    body = alice.get(reverse("people:person_detail", args=[uuid.uuid4()]))
    text = body.content.decode()
    assert body.status_code == 404 and "numéro de dossier complet" in text
