"""A contact form whose CSRF token expired comes back with what was typed; nothing is sent until it is sent again."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from waypoint.enquiries.models import ContactRequest
from waypoint.enquiries.tests.test_contact import FORM


@pytest.fixture
def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def fresh_token(body: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert match, "the page has no CSRF token"
    return match.group(1)


def test_it_shows_the_form_again_with_what_was_typed_and_sends_on_the_second_try(world, strict_client):
    url = reverse("enquiries:contact")
    response = strict_client.post(url, {**FORM, "csrfmiddlewaretoken": "expired" * 5})
    body = response.content.decode()
    assert response.status_code == 403
    assert "Your page was open a long time, so for your safety we did not send it." in body
    assert FORM["message"] in body and 'value="Sample Clinic"' in body
    assert '<option value="consultation" selected>' in body
    assert 'class="error"' not in body  # nothing was wrong with what they wrote
    assert not ContactRequest.objects.exists()

    response = strict_client.post(url, {**FORM, "csrfmiddlewaretoken": fresh_token(body)})
    assert response.status_code == 302 and response["Location"] == reverse("enquiries:contact_thanks")
    assert ContactRequest.objects.get().message == FORM["message"]


def test_the_notice_is_in_french_too(world, strict_client):
    response = strict_client.post(reverse("enquiries:contact"), FORM, HTTP_ACCEPT_LANGUAGE="fr")
    body = response.content.decode()
    assert "Votre page est restée ouverte longtemps" in body and FORM["message"] in body


def test_the_honeypot_comes_back_empty(world, strict_client):
    body = strict_client.post(reverse("enquiries:contact"), {**FORM, "website": "http://spam.example"}).content
    assert b"spam.example" not in body
    assert not ContactRequest.objects.exists()


def test_a_post_from_another_site_gets_the_plain_expired_page(world, strict_client):
    response = strict_client.post(
        reverse("enquiries:contact"), FORM, HTTP_ORIGIN="https://elsewhere.example", HTTP_SEC_FETCH_SITE="cross-site"
    )
    body = response.content.decode()
    assert response.status_code == 403 and "The form had expired" in body
    assert FORM["message"] not in body
