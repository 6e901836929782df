"""No input breaks the public forms (hub, workshops, enquiries): whatever is typed, the answer is a page or a redirect, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

text = st.text(max_size=300)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def no_limit(settings):
    settings.WAYPOINT_LEARNING_CONTACT_PER_HOUR = 10_000


@FUZZ
@given(name=text, email=text, topic=text, message=text, channel=text, website=st.sampled_from(["", "x"]))
def test_the_contact_form_never_errors(world, no_limit, name, email, topic, message, channel, website):
    response = Client().post(
        reverse("enquiries:contact"),
        {
            "name": name,
            "email": email,
            "topic": topic,
            "message": message,
            "preferred_channel": channel,
            "website": website,
        },
    )
    assert response.status_code in (200, 302)


@FUZZ
@given(name=text, email=text, profession=text, needs=text)
def test_the_booking_form_never_errors(session, name, email, profession, needs):
    response = Client().post(
        reverse("workshops:session_register", args=[session.id]),
        {"name": name, "email": email, "profession": profession, "accessibility_needs": needs},
    )
    # 429 once the per-address booking limit is reached: an answer, not an error.
    assert response.status_code in (200, 302, 429)


@FUZZ
@given(q=text, audience=text)
def test_search_never_errors(hub, q, audience):
    assert Client().get(reverse("learning:search"), {"q": q, "audience": audience}).status_code == 200


@FUZZ
@given(
    token=st.text(
        alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]), min_size=1, max_size=120
    )
)
def test_a_made_up_booking_link_answers_404(db, token):
    from django.urls import NoReverseMatch

    try:
        url = reverse("workshops:registration_manage", kwargs={"token": token})
    except NoReverseMatch:
        return
    assert Client().get(url).status_code == 404


def test_every_text_field_of_every_hub_workshop_and_enquiry_form_has_a_maximum_length():
    import inspect

    from django import forms

    from waypoint.enquiries import forms as enquiries_forms
    from waypoint.learning import forms as learning_forms
    from waypoint.learning.models import Resource
    from waypoint.workshops import forms as workshops_forms
    from waypoint.workshops.models import Workshop

    classes = [
        obj
        for module in (learning_forms, workshops_forms, enquiries_forms)
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__
    ]
    # The editors' forms in the Wagtail admin, generated from the snippet models (and a workshop's sessions).
    for model in (Workshop, Resource):
        admin_form = model.snippet_viewset.get_edit_handler().get_form_class()  # type: ignore[attr-defined]
        classes.append(admin_form)
        classes.extend(formset.form for formset in getattr(admin_form, "formsets", {}).values())
    assert len(classes) >= 12
    unlimited = [
        f"{cls.__name__}.{name}"
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and field.max_length is None
    ]
    assert unlimited == []
