"""The caseload's row links are the overview's URL, exactly as the resolver gives it."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse, set_script_prefix

from waypoint.people.templatetags.people_links import overview_url


@pytest.mark.parametrize("prefix", ["/", "/waypoint/"])
def test_the_row_link_is_the_reversed_overview_url(prefix):
    ids = [uuid.uuid4() for _ in range(3)]
    try:
        set_script_prefix(prefix)
        for person_id in ids:
            assert overview_url(person_id) == reverse("people:person_detail", args=[person_id])
            assert overview_url(str(person_id)) == reverse("people:person_detail", args=[person_id])
    finally:
        set_script_prefix("/")


def test_something_that_is_not_an_id_is_refused():
    with pytest.raises(ValueError, match="badly formed"):
        overview_url("../../admin")
