"""Every housing page renders in French, with the French words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.housing.tests.route_samples import samples

pytestmark = pytest.mark.django_db


def test_every_housing_page_renders_in_french(world, clients):
    kwargs = samples(world)
    pages = {"hana": ["board", "bed", "waitlist", "person", "review"], "pat": ["review"]}
    for persona, names in pages.items():
        client = clients(persona)
        client.cookies["waypoint_language"] = "fr"
        for name in names:
            html = client.get(reverse(f"housing:{name}", kwargs=kwargs[f"housing:{name}"])).content.decode()
            assert '<html lang="fr">' in html, name
        client.get(reverse("housing:programs"))
    hana = clients("hana")
    hana.cookies["waypoint_language"] = "fr"
    board = hana.get(reverse("housing:board", kwargs=kwargs["housing:board"])).content.decode()
    assert "Tableau des lits" in board and "Vacant and available" not in board and "occupé" in board
    review = hana.get(reverse("housing:review", kwargs=kwargs["housing:review"])).content.decode()
    assert "People served" not in review and "Bed occupancy" not in review
    assert ">Du " in review and "Provenance" not in review  # the period's "From", not a questionnaire's
