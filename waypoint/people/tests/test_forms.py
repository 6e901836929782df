"""People forms: one "prefer not to say" per question beside its label, real prompts in lists, errors by their field."""

from __future__ import annotations

import re

from django.urls import reverse
from django.utils import translation

from waypoint.people.forms import DECLINE_BOXES, DECLINE_CHOICES, CareTeamForm, PersonForm, ReleaseForm
from waypoint.people.models import PREFER_NOT, Person
from waypoint.people.rules import OPTIONAL_FIELDS
from waypoint.people.tests.factories import make_person


def test_each_question_offers_prefer_not_to_say_exactly_once(world, clients):
    body = clients("alice").get(reverse("people:person_create")).content.decode()
    # A box for each written answer, the list's own choice for each select: never both, never a sentence after it.
    assert body.count('name="decline_') == len(DECLINE_BOXES)
    for name in DECLINE_CHOICES:
        select = re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)
        assert select.count("Prefer not to say") == 1 and f'name="decline_{name}"' not in body
    assert set(DECLINE_BOXES) | set(DECLINE_CHOICES) == set(OPTIONAL_FIELDS)
    assert "Prefer not to say (" not in body.replace('<span class="visually-hidden"> (', "")


def test_the_box_sits_beside_the_label_of_its_own_question(world, clients):
    body = clients("alice").get(reverse("people:person_create")).content.decode()
    head = re.search(r'<div class="question__head">\s*<label for="id_legal_name">.*?</div>', body, re.S).group(0)
    assert 'id="id_decline_legal_name"' in head and "(Legal name)" in head


def test_choosing_prefer_not_to_say_in_a_list_records_the_question_as_declined(world, clients):
    clients("alice").post(reverse("people:person_create"), {"alias": "Wren", "interpreter": PREFER_NOT})
    person = Person.objects.get(alias="Wren")
    assert person.declined == ["interpreter"] and person.interpreter == ""
    form = PersonForm(agency=person.agency, initial=PersonForm.initial_for(person))
    assert form["interpreter"].value() == PREFER_NOT  # shown as declined when edited, not as "not asked"


def test_select_lists_start_with_a_real_prompt_in_both_languages(world):
    harbour = world.agencies["harbour"]
    forms = [
        PersonForm(agency=harbour),
        CareTeamForm(staff=harbour.memberships.none(), agency=harbour),
        ReleaseForm(agency=harbour, witnesses=harbour.memberships.none()),
    ]
    for language, prompt in (("en", "Choose…"), ("fr", "Choisir…")):
        with translation.override(language):
            for form in forms:
                for name, field in form.fields.items():
                    if hasattr(field, "choices") and not field.widget.allow_multiple_selected:
                        html = str(form[name])
                        first = re.search(r"<option[^>]*>([^<]*)</option>", html).group(1)
                        assert first == prompt, (language, name, first)
                        assert "---------" not in html


def test_an_error_is_shown_beside_its_field_and_named_by_the_input(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    body = (
        clients("alice")
        .post(reverse("people:contact_create", args=[person.pk]), {"channel": "text", "value": ""})
        .content.decode()
    )
    error = re.search(r'<p class="error" id="id_value_error">([^<]+)</p>\s*<input[^>]*name="value"[^>]*>', body)
    assert error, "the error sits right before its input"
    described = re.search(r'<input[^>]*name="value"[^>]*aria-describedby="([^"]+)"', body).group(1).split()
    assert "id_value_error" in described and "id_value_helptext" in described
    assert 'aria-invalid="true"' in error.group(0)
