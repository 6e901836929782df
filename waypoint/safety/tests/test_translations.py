"""Every safety page renders in French, with the French words."""

from __future__ import annotations

import pytest
from django.urls import reverse

from waypoint.safety.tests.route_samples import samples

pytestmark = pytest.mark.django_db

PAGES = ["plan", "update", "compare", "print", "card_choose", "card", "check_in"]


def test_every_safety_page_renders_in_french(world, clients):
    kwargs = samples(world)
    alice = clients("alice")
    alice.cookies["waypoint_language"] = "fr"
    for name in PAGES:
        url = reverse(f"safety:{name}", kwargs=kwargs[f"safety:{name}"])
        html = alice.get(url).content.decode()
        assert '<html lang="fr">' in html, url
    plan = alice.get(reverse("safety:plan", kwargs=kwargs["safety:plan"])).content.decode()
    assert "Plan de sécurité" in plan and "Risk check-in" not in plan and "Versions" in plan
    update = alice.get(reverse("safety:update", kwargs=kwargs["safety:update"])).content.decode()
    assert "Personnes de confiance" in update and "In their words" not in update
