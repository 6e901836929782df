"""Workshops in French: the French title and description in French, the English otherwise or when empty,
on the public pages, in the e-mails (in the language the person booked in) and in the .ics."""

from __future__ import annotations

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar

from waypoint.workshops import services

FRENCH_TITLE = "Reconnaître la traite en clinique"
FRENCH_DESCRIPTION = "Un atelier d'essai, en français."


def french_client() -> Client:
    """A reader who chose French with the site's language switch (the form in base.html)."""
    client = Client()
    assert client.post("/language/", {"language": "fr", "next": "/"}).status_code == 302
    return client


def with_french(workshop):
    workshop.title_fr = FRENCH_TITLE
    workshop.description_fr = FRENCH_DESCRIPTION
    workshop.save()
    return workshop


def test_the_french_values_show_in_french_and_the_english_otherwise(workshop):
    with translation.override("fr"):
        assert (workshop.localized_title, workshop.localized_description) == (workshop.title, workshop.description)
    with_french(workshop)
    with translation.override("fr-ca"):
        assert (workshop.localized_title, workshop.localized_description) == (FRENCH_TITLE, FRENCH_DESCRIPTION)
    with translation.override("en"):
        assert workshop.localized_title == workshop.title
    workshop.description_fr = ""
    with translation.override("fr"):
        assert (workshop.localized_title, workshop.localized_description) == (FRENCH_TITLE, workshop.description)


def test_the_list_and_the_workshop_page_are_in_the_readers_language(workshop, session, client):
    with_french(workshop)
    detail = reverse("workshops:workshop_detail", args=[workshop.id])
    english_list = client.get(reverse("workshops:workshop_list")).content.decode()
    english_page = client.get(detail).content.decode()
    assert workshop.title in english_list and FRENCH_TITLE not in english_list
    assert workshop.description in english_page and FRENCH_DESCRIPTION not in english_page
    french = french_client()
    french_list = french.get(reverse("workshops:workshop_list")).content.decode()
    french_page = french.get(detail).content.decode()
    assert FRENCH_TITLE in french_list and workshop.title not in french_list
    assert f"<title>{FRENCH_TITLE}" in french_page and f"<h1>{FRENCH_TITLE}</h1>" in french_page
    assert "Un atelier d&#x27;essai, en français." in french_page and workshop.description not in french_page
    register = french.get(reverse("workshops:session_register", args=[session.id])).content.decode()
    assert FRENCH_TITLE in register


def test_a_workshop_without_french_shows_the_english_in_french(workshop, session):
    html = french_client().get(reverse("workshops:workshop_detail", args=[workshop.id])).content.decode()
    assert f"<h1>{workshop.title}</h1>" in html and workshop.description in html


def test_the_emails_and_the_ics_use_the_language_the_person_booked_in(
    workshop, session, django_capture_on_commit_callbacks
):
    with_french(workshop)
    with django_capture_on_commit_callbacks(execute=True), translation.override("fr"):
        services.registration_create(
            session_id=session.id,
            details=services.RegistrationDetails(name="Personne", email="fr@example.org"),
        )
    with django_capture_on_commit_callbacks(execute=True), translation.override("en"):
        services.registration_create(
            session_id=session.id,
            details=services.RegistrationDetails(name="Person", email="en@example.org"),
        )
    french, english = mail.outbox[-2], mail.outbox[-1]
    assert FRENCH_TITLE in french.subject and FRENCH_TITLE in french.body and workshop.title not in french.body
    assert workshop.title in english.subject and FRENCH_TITLE not in english.body
    for message, title, description in (
        (french, FRENCH_TITLE, FRENCH_DESCRIPTION),
        (english, workshop.title, workshop.description),
    ):
        event = next(iter(Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")))
        assert (str(event["summary"]), str(event["description"])) == (title, description)


def test_the_french_panel_speaks_french_to_french_editors():
    from waypoint.workshops.models import Workshop

    with translation.override("fr"):
        labels = [str(Workshop._meta.get_field(name).verbose_name) for name in ("title_fr", "description_fr")]
    assert labels == ["titre en français", "description en français"]
