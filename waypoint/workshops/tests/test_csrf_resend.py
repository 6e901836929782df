"""A booking form whose CSRF token expired comes back with what was typed; nothing is booked until it is sent again."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from waypoint.enquiries.tests.test_csrf_resend import fresh_token
from waypoint.workshops.models import Registration

BOOKING = {
    "name": "Robin Example",
    "email": "robin@example.org",
    "profession": "Nurse",
    "accessibility_needs": "A chair near the door, please.",
    "consent_to_contact": "on",
}


def test_it_shows_the_booking_form_again_and_books_on_the_second_try(session, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    url = reverse("workshops:session_register", kwargs={"session_id": session.id})
    response = client.post(url, BOOKING)
    body = response.content.decode()
    assert response.status_code == 403 and "for your safety we did not send it" in body
    assert BOOKING["accessibility_needs"] in body and 'value="robin@example.org"' in body
    assert 'name="consent_to_contact" id="id_consent_to_contact" checked' in body
    assert not Registration.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**BOOKING, "csrfmiddlewaretoken": fresh_token(body)})
    assert response.status_code == 302
    assert Registration.objects.get().accessibility_needs == BOOKING["accessibility_needs"]


def test_other_forms_keep_the_plain_expired_page(session):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "fr"})
    assert response.status_code == 403 and "The form had expired" in response.content.decode()
