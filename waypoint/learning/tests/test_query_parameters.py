"""A query parameter the database cannot hold (a NUL byte) is ignored: every page that filters on one answers normally."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from waypoint.learning.models import ResourceLibraryPage
from waypoint.testing.routes import query_string_readers

NUL = "\x00"
# Every view of the learning hub that reads request.GET, with the parameters it reads.
WALKED = {
    "search": ("anonymous", lambda: reverse("learning:search"), ["q", "audience"]),
    "get_context": ("anonymous", lambda: ResourceLibraryPage.objects.live().get().url, ["type", "audience"]),
}


def walk(view: str, walked: dict, clients) -> None:
    persona, url, names = walked[view]
    client = clients(persona)
    for name in names:
        response = client.get(url(), {name: NUL})
        assert response.status_code == 200, (view, name, response.status_code)
        response = client.get(url(), {name: f"closed{NUL}"})
        assert response.status_code == 200, (view, name, response.status_code)


@pytest.mark.parametrize("view", sorted(WALKED))
def test_a_nul_byte_in_a_query_parameter_is_ignored_not_a_server_error(view, hub, clients):
    walk(view, WALKED, clients)


def test_every_learning_view_that_reads_the_query_string_is_walked():
    readers = query_string_readers(Path(__file__).resolve().parents[1])
    assert readers <= set(WALKED), sorted(readers - set(WALKED))
