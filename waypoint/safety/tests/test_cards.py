"""The wallet card: words that could tell what it is, the lines it prints, and saving the person's choice."""

from __future__ import annotations

import copy

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from waypoint.audit.models import Event
from waypoint.people.tests.factories import make_person
from waypoint.safety import services
from waypoint.safety.cards import Line, offered_items, printable, revealing
from waypoint.safety.services import CARD
from waypoint.safety.tests.factories import make_plan, sample_sections

AGENCY = "Maison Étoile du Nord"
HELPLINE = Line("n1", "Helpline: 1-833-900-1010")
AUNTIE = Line("t1", "Auntie May · 555-0101 · blue umbrella")


# --- revealing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "found"),
    [
        ("Safety numbers", ["safety"]),
        ("safe", ["safe"]),
        ("Sécurité", ["securite"]),
        ("SECURITE", ["securite"]),
        ("Mes numéros sécuritaires", ["securitaires"]),
        ("Trafficking", ["trafficking"]),
        ("Human trafficker", ["trafficker"]),
        ("Traite des personnes", ["traite"]),
        ("TRAFIQUANT", ["trafiquant"]),
        ("Waypoint", ["waypoint"]),
        ("my WayPoint card", ["waypoint"]),
        ("Safe house, Sécurité", ["safe", "securite"]),
    ],
)
def test_it_catches_the_words_that_say_what_the_card_is_whatever_the_accents_and_case(heading, found):
    assert revealing(heading, AGENCY) == found


@pytest.mark.parametrize("heading", ["Maison", "ÉTOILE", "etoile", "nord", "Maison Étoile du Nord", "MAISON ETOILE"])
def test_it_catches_the_agencys_name_and_its_words_whatever_the_accents_and_case(heading):
    assert revealing(heading, AGENCY) != []


def test_the_whole_agency_name_is_caught_even_when_each_of_its_words_is_short():
    assert revealing("Call the ABC now", "ABC") == ["ABC"]
    assert revealing("Call Bea now", "ABC") == []


@pytest.mark.parametrize("heading", ["Tuesday", "Numbers", "Mardi", "Numéros", "Auntie May", "Du", ""])
def test_ordinary_headings_pass(heading):
    assert revealing(heading, AGENCY) == []


# --- printable ---------------------------------------------------------------------------------------


def test_only_the_chosen_items_still_in_the_version_are_printed():
    card = {"heading": "Tuesday", "items": ["n1", "t1", "gone-since"]}
    lines, left_off = printable(sample_sections(), card, AGENCY)
    assert lines == [AUNTIE, HELPLINE]  # in the plan's order, each said as on the card
    assert left_off == 0
    assert "911" not in str(lines) and "Comes to get me" not in str(lines)  # not chosen; the action never printed


def test_an_item_removed_by_a_later_version_is_simply_not_printed():
    sections = sample_sections()
    sections[1]["items"] = []
    assert printable(sections, {"heading": "Tuesday", "items": ["n1", "t1"]}, AGENCY) == ([HELPLINE], 0)


def test_a_line_whose_words_became_telling_is_left_off_and_counted():
    sections = copy.deepcopy(sample_sections())
    sections[2]["items"][0]["card_label"] = ""  # the card now falls back on "…Trafficking Hotline"
    sections[1]["items"][0]["name"] = "Étoile friend"  # a word of the agency's name
    lines, left_off = printable(sections, {"heading": "Tuesday", "items": ["n1", "n2", "t1"]}, AGENCY)
    assert lines == [Line("n2", "Emergency: 911")]
    assert left_off == 2


def test_the_card_offers_the_numbers_and_the_trusted_people_only():
    offered = offered_items(sample_sections())
    assert [(item["id"], item["line"]) for item in offered] == [
        ("t1", AUNTIE.text),
        ("n1", HELPLINE.text),
        ("n2", "Emergency: 911"),
    ]


# --- saving the card ---------------------------------------------------------------------------------


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Plover", team=[world.user("alice")])


@pytest.mark.django_db
def test_a_card_saved_is_a_new_version_with_the_same_sections(world, person):
    alice = world.user("alice")
    first = make_plan(person, alice)
    version = services.card_save(actor=alice, person=person, heading=" Tuesday ", item_ids=["n1", "t1", "nope"])
    assert version.number == 2 and version.changed == [CARD]
    assert version.sections == first.sections
    assert version.card_choice == {"heading": "Tuesday", "items": ["n1", "t1"]}
    event = Event.objects.get(action="safety_plan.card_saved")
    assert event.detail == {"person": str(person.pk), "number": 2, "printed": True}


@pytest.mark.django_db
@pytest.mark.parametrize("heading", ["Safety numbers", "Ma sécurité", "Harbour", "harbour test agency"])
def test_a_telling_heading_is_refused(world, person, heading):
    alice = world.user("alice")
    make_plan(person, alice)
    with pytest.raises(ValidationError, match="could tell someone what the card is"):
        services.card_save(actor=alice, person=person, heading=heading, item_ids=["n1"])
    assert person.plan_versions.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("item_ids", [[], ["not-in-the-plan"], ["r1"]])
def test_a_card_without_a_line_it_may_carry_is_refused(world, person, item_ids):
    alice = world.user("alice")
    make_plan(person, alice)
    with pytest.raises(ValidationError, match="Choose at least one line"):
        services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=item_ids)
    assert person.plan_versions.count() == 1


@pytest.mark.django_db
def test_a_person_without_a_plan_has_no_card(world, person):
    with pytest.raises(ValidationError, match="Make the plan first"):
        services.card_save(actor=world.user("alice"), person=person, heading="Tuesday", item_ids=["n1"])
    assert not person.safety_plans.exists()


@pytest.mark.django_db
def test_the_same_card_twice_is_saved_once(world, person):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    with pytest.raises(ValidationError, match="already like this"):
        services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    services.card_save(actor=alice, person=person, nothing_because="Her brother checks her bag")
    with pytest.raises(ValidationError, match="already like this"):
        services.card_save(actor=alice, person=person, nothing_because=" Her brother checks her bag ")
    assert list(person.plan_versions.values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.django_db
def test_nothing_printed_with_a_reason_is_saved_and_the_card_page_is_then_not_found(world, person, clients):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    client = clients("alice")
    card = reverse("safety:card", args=[person.pk])
    assert client.get(card).status_code == 200

    version = services.card_save(actor=alice, person=person, heading="Tuesday", nothing_because="He checks her bag")
    assert version.card_choice == {"none": "He checks her bag"}
    assert Event.objects.filter(action="safety_plan.card_saved").latest("sequence").detail["printed"] is False
    assert client.get(card).status_code == 404


@pytest.mark.django_db
def test_the_plan_page_says_nothing_is_printed_and_why(world, person, clients):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, nothing_because="He checks her bag")
    html = clients("alice").get(reverse("safety:plan", args=[person.pk])).content.decode()
    printing = html[html.index('id="print-heading"') : html.index('id="versions-heading"')]
    assert "Nothing printed: He checks her bag" in printing
    assert f'href="{reverse("safety:card", args=[person.pk])}"' not in printing
