"""Resources in French (title and description, the English when empty), and the demo's French workshops and resources."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.documents.models import Document

from waypoint.demo import learning as demo_learning
from waypoint.learning.models import Resource, ResourceLibraryPage
from waypoint.workshops.models import Workshop


def french_client() -> Client:
    """A reader who chose French with the site's language switch (the form in base.html)."""
    client = Client()
    assert client.post("/language/", {"language": "fr", "next": "/"}).status_code == 302
    return client


@pytest.fixture
def resource(hub):
    document = Document(title="Checklist")
    document.file.save("checklist.txt", ContentFile(b"text"), save=False)
    document.save()
    return Resource.objects.create(
        title="Harbour checklist",
        description="Before a first meeting.",
        title_fr="Aide-mémoire du port",
        description_fr="Avant une première rencontre.",
        audiences=["health"],
        document=document,
    )


def test_a_resource_falls_back_to_english_when_a_french_field_is_empty(resource):
    with translation.override("fr"):
        assert (resource.localized_title, resource.localized_description) == (
            "Aide-mémoire du port",
            "Avant une première rencontre.",
        )
        resource.title_fr = ""
        resource.description_fr = ""
        assert (resource.localized_title, resource.localized_description) == (resource.title, resource.description)
    with translation.override("en"):
        resource.title_fr = "Aide-mémoire du port"
        assert resource.localized_title == "Harbour checklist"


def test_the_resource_library_is_in_the_readers_language(resource, client):
    english = client.get("/resources/").content.decode()
    assert "Harbour checklist" in english and "Before a first meeting." in english
    assert "Aide-mémoire du port" not in english
    french = french_client().get("/resources/").content.decode()
    assert "Aide-mémoire du port" in french and "Avant une première rencontre." in french
    assert "Harbour checklist" not in french and "Before a first meeting." not in french


def test_the_demo_loads_french_workshops_and_resources(world):
    demo_learning.load({"harbour": world.agencies["harbour"], "northshore": world.agencies["northshore"]})
    items = [*Workshop.objects.all(), *Resource.objects.all()]
    assert len(items) == 6
    for item in items:
        assert item.title_fr and item.description_fr and item.title_fr != item.title
        for text in (item.title_fr, item.description_fr):
            # French typography: a no-break space, never a plain one, before : ; ! ? » and after «.
            assert not any(f" {mark}" in text for mark in ":;!?»") and "« " not in text
    assert Workshop.objects.filter(title_fr="Un plan de sécurité mené par la personne survivante").exists()
    # Loading again keeps the French and adds nothing.
    Resource.objects.update(description_fr="")
    demo_learning.load({"harbour": world.agencies["harbour"], "northshore": world.agencies["northshore"]})
    assert Resource.objects.count() == 3 and all(r.description_fr for r in Resource.objects.all())
    client = french_client()
    workshops = client.get(reverse("workshops:workshop_list")).content.decode()
    assert "Un plan de sécurité mené par la personne survivante" in workshops
    library = client.get(ResourceLibraryPage.objects.live().get().url).content.decode()
    assert "Modèle de note d&#x27;orientation pour le personnel scolaire" in library
