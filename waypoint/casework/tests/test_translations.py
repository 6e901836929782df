"""Every casework page a worker opens renders in French, with the French words (the catalogue's completeness is
core's test_translations)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.casework.tests.route_samples import samples

pytestmark = pytest.mark.django_db

# Pages a GET shows (the others only take a POST); alice wrote the sample, sam supervises.
PAGES = {
    "alice": ["engagement", "encounter_add", "encounter_correct", "goals", "goal_edit", "step_add", "timeline"],
    "sam": ["reassign"],
}
PLAIN = {"alice": ["people:my_people", "casework:tasks"], "sam": ["casework:team", "casework:domains"]}


@pytest.mark.parametrize("who", sorted(PAGES))
def test_every_casework_page_renders_in_french(world, clients, who):
    kwargs = samples(world)
    client = clients(who)
    client.cookies["waypoint_language"] = "fr"
    urls = [reverse(f"casework:{name}", kwargs=kwargs[f"casework:{name}"]) for name in PAGES[who]]
    urls += [reverse(name) for name in PLAIN[who]]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="fr">' in response.content.decode(), url


def test_the_caseload_and_the_log_speak_french(world, clients):
    kwargs = samples(world)
    alice = clients("alice")
    alice.cookies["waypoint_language"] = "fr"
    caseload = alice.get(reverse("people:my_people")).content.decode()
    assert "Dernier contact" in caseload and "Last contact" not in caseload
    log = alice.get(reverse("casework:engagement", kwargs=kwargs["casework:engagement"])).content.decode()
    assert "Journal d’engagement" in log and "Engagement log" not in log
