"""Every people string has a French translation, and the French pages use it."""

from __future__ import annotations

from pathlib import Path

import polib
from django.utils import translation

PO = Path(__file__).resolve().parents[1] / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    assert PO.with_suffix(".mo").exists()


def test_french_is_used_at_run_time():
    with translation.override("fr"):
        assert (
            translation.gettext("Consent to share information") == "Consentement à la communication de renseignements"
        )
        assert translation.gettext("My people") == "Mes personnes"


def test_every_people_page_renders_in_french(world, clients):
    from django.urls import reverse

    from waypoint.people.tests.factories import build_states
    from waypoint.people.tests.helpers import stepped_up

    states = build_states(world)
    own = states["own"]
    sam = stepped_up(clients("sam"), world.user("sam"))
    sam.cookies["waypoint_language"] = "fr"
    p = {"person_id": own.person.pk}
    urls = [
        reverse("people:my_people"),
        reverse("people:find") + "?q=Alias",
        reverse("people:person_create"),
        reverse("people:break_glass_list"),
        reverse("people:person_detail", kwargs=p),
        reverse("people:person_edit", kwargs=p),
        reverse("people:person_close", kwargs=p),
        reverse("people:person_history", kwargs=p),
        reverse("people:care_team", kwargs=p),
        reverse("people:release_create", kwargs=p),
        reverse("people:release_revoke", kwargs={**p, "release_id": own.release.pk}),
        reverse("people:release_print", kwargs={**p, "release_id": own.release.pk}),
        reverse("people:contact_create", kwargs=p),
    ]
    for url in urls:
        response = sam.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert '<html lang="fr">' in body, url
    overview = sam.get(reverse("people:person_detail", kwargs=p)).content.decode()
    assert "Équipe de soutien" in overview and "Contact sûr" in overview
