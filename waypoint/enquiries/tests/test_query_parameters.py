"""A query parameter the database cannot hold (a NUL byte) is ignored: the inbox answers normally."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from waypoint.enquiries import services
from waypoint.learning.tests.test_query_parameters import walk
from waypoint.testing.routes import query_string_readers

WALKED = {
    "contact_inbox": ("ines", lambda: reverse("enquiries:contact_inbox"), ["status"]),
}


@pytest.mark.parametrize("view", sorted(WALKED))
def test_a_nul_byte_in_a_query_parameter_is_ignored_not_a_server_error(view, hub, clients):
    walk(view, WALKED, clients)


def test_the_inbox_still_filters_on_a_valid_status(world, clients):
    services.contact_request_create(
        agency=world.agencies["harbour"],
        name="Robin Sample",
        email="robin@example.invalid",
        topic="training",
        message="We would like a workshop.",
    )
    ines = clients("ines")
    assert "Robin Sample" in ines.get(reverse("enquiries:contact_inbox")).content.decode()
    assert "Robin Sample" not in ines.get(reverse("enquiries:contact_inbox"), {"status": "closed"}).content.decode()
    assert "Robin Sample" in ines.get(reverse("enquiries:contact_inbox"), {"status": "new"}).content.decode()


def test_every_enquiries_view_that_reads_the_query_string_is_walked():
    readers = query_string_readers(Path(__file__).resolve().parents[1])
    assert readers <= set(WALKED), sorted(readers - set(WALKED))
