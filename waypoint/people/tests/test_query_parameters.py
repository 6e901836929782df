"""A query parameter the database cannot hold (a NUL byte) is ignored: every people page that reads one answers normally."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from waypoint.people.tests.factories import make_person, make_release
from waypoint.testing.routes import query_string_readers

NUL = "\x00"
# Every people view that reads request.GET: (persona, url from the sample record, parameters it reads).
WALKED = {
    "my_people": ("sam", lambda person, release: reverse("people:my_people"), ["scope"]),
    "find": ("alice", lambda person, release: reverse("people:find"), ["q", "legal_name"]),
    "release_print": (
        "alice",
        lambda person, release: reverse("people:release_print", args=[person.pk, release.pk]),
        ["lang"],
    ),
}


@pytest.mark.parametrize("view", sorted(WALKED))
def test_a_nul_byte_in_a_query_parameter_is_ignored_not_a_server_error(view, world, clients):
    person = make_person(world.agencies["harbour"], alias="Sample", team=[world.user("alice")])
    release = make_release(person)
    persona, url, names = WALKED[view]
    client = clients(persona)
    for name in names:
        for value in (NUL, f"all{NUL}", f"{person.case_number}{NUL}"):
            response = client.get(url(person, release), {name: value})
            assert response.status_code == 200, (view, name, response.status_code)


def test_every_people_view_that_reads_the_query_string_is_walked():
    readers = query_string_readers(Path(__file__).resolve().parents[1])
    assert readers <= set(WALKED), sorted(readers - set(WALKED))
