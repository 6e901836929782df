"""A query parameter the database cannot hold (a NUL byte) is ignored on every workshop page that reads one."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from waypoint.learning.tests.test_query_parameters import walk
from waypoint.testing.routes import query_string_readers

WALKED = {
    "workshop_list": ("anonymous", lambda: reverse("workshops:workshop_list"), ["audience"]),
    "intake_sessions": ("ines", lambda: reverse("workshops:intake_sessions"), ["show"]),
}


@pytest.mark.parametrize("view", sorted(WALKED))
def test_a_nul_byte_in_a_query_parameter_is_ignored_not_a_server_error(view, hub, clients):
    walk(view, WALKED, clients)


def test_every_workshops_view_that_reads_the_query_string_is_walked():
    readers = query_string_readers(Path(__file__).resolve().parents[1])
    assert readers <= set(WALKED), sorted(readers - set(WALKED))
