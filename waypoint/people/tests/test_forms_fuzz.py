"""No input to a people form breaks it: random answers never cause a server error."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from waypoint.people.tests.factories import make_person
from waypoint.people.tests.helpers import rolled_back, stepped_up

text = st.text(max_size=300)
answer = st.one_of(text, st.sampled_from(["", "2026-02-30", "1990-01-01", "25:99", "on", "999999", "<script>"]))

FORMS = {
    "person_create": [
        "alias",
        "legal_name",
        "date_of_birth",
        "age_band",
        "gender",
        "indigenous_identity",
        "decline_gender",
    ],
    "person_edit": ["alias", "status", "date_of_birth", "interpreter", "decline_legal_name"],
    "contact_create": ["channel", "value", "safe_days", "safe_from", "safe_until", "verified_on", "code_word"],
    "release_create": [
        "recipient_agency",
        "recipient_name",
        "purpose",
        "categories",
        "given_on",
        "how_given",
        "witness",
        "expires_on",
    ],
    "break_glass": ["reason"],
    "person_close": ["reason"],
}

PERSON_FREE = {"person_create"}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_random_answers_never_break_the_form(name, world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    actor = "bob" if name == "break_glass" else "alice"
    client = stepped_up(clients(actor), world.user(actor))
    url = reverse(f"people:{name}") if name in PERSON_FREE else reverse(f"people:{name}", args=[person.pk])

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(data=st.fixed_dictionaries({field: answer for field in FORMS[name]}))
    def check(data):
        response = rolled_back(client, "POST", url, data)
        assert response.status_code < 500

    check()


def test_every_text_field_of_every_people_form_has_a_maximum_length():
    import inspect

    from django import forms

    from waypoint.people import forms as people_forms

    classes = [
        obj
        for obj in vars(people_forms).values()
        if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == people_forms.__name__
    ]
    assert len(classes) >= 10
    unlimited = [
        f"{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()  # type: ignore[attr-defined]
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unlimited == []
