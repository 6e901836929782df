"""Every questionnaire page renders in French with the French words: the catalogue's, and the definition's own."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.instruments.tests.route_samples import samples

pytestmark = pytest.mark.django_db

PAGES = {
    "alice": ["questionnaires", "take", "response"],
    "adam": ["wording_import"],
}
PLAIN = {"adam": ["instruments:agency_instruments", "instruments:definition_upload"]}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_every_questionnaire_page_renders_in_french(world, clients, who):
    kwargs = samples(world)
    client = clients(who)
    client.cookies["waypoint_language"] = "fr"
    urls = [reverse(f"instruments:{name}", kwargs=kwargs[f"instruments:{name}"]) for name in PAGES[who]]
    urls += [reverse(name) for name in PLAIN.get(who, [])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr">' in response.content.decode(), url


def test_a_result_and_the_ruler_form_speak_french(world, clients):
    kwargs = samples(world)
    alice = clients("alice")
    alice.cookies["waypoint_language"] = "fr"
    result = alice.get(reverse("instruments:response", kwargs=kwargs["instruments:response"])).content.decode()
    # The subscale labels come from the definition file, the headings from the catalogue.
    assert "Confiance" in result and "Confidence" not in result
    assert "Answers" not in result
    take = reverse("instruments:take", kwargs={**kwargs["instruments:questionnaires"], "key": "readiness-ruler"})
    form = alice.get(take).content.decode()
    assert "De 0 à 10, à quel point ce changement est-il important" in form
    assert "Skip this question" not in form and "Save and score" not in form
