"""Creating, editing, closing and reopening a record; revealing contacts; history for supervisors."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from waypoint.audit.models import Event
from waypoint.people import access
from waypoint.people.models import Person, Status
from waypoint.people.services import care, lifecycle, safe_contact
from waypoint.people.tests.factories import make_contact, make_person


def test_it_creates_a_record_with_only_an_alias_and_puts_the_creator_on_the_team(world, clients):
    response = clients("alice").post(reverse("people:person_create"), {"alias": "Meadow"})
    person = Person.objects.get(alias="Meadow")
    assert response.status_code == 302 and response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert person.case_number.startswith("WP-") and person.status == Status.ACTIVE
    assert list(person.care_team.values_list("user__email", flat=True)) == [world.user("alice").email]
    assert Event.objects.filter(action="person.created", target_id=str(person.pk)).count() == 1


def test_case_numbers_are_unique_within_an_agency(world):
    alice = world.user("alice")
    numbers = {
        lifecycle.person_create(actor=alice, agency=world.agencies["harbour"], alias=f"A{i}").case_number
        for i in range(5)
    }
    assert len(numbers) == 5


def test_an_alias_is_the_only_required_answer(world, clients):
    response = clients("alice").post(reverse("people:person_create"), {"alias": ""})
    assert response.status_code == 200 and not Person.objects.exists()


def test_prefer_not_to_say_is_recorded_and_clears_the_answer(world, clients):
    clients("alice").post(
        reverse("people:person_create"),
        {"alias": "Fern", "legal_name": "Typed By Mistake", "decline_legal_name": "on", "decline_gender": "on"},
    )
    person = Person.objects.get(alias="Fern")
    assert person.legal_name == "" and sorted(person.declined) == ["gender", "legal_name"]


def test_every_question_explains_why_it_is_asked(world, clients):
    from waypoint.people.forms import PersonForm

    form = PersonForm(agency=world.agencies["harbour"])
    for name, field in form.fields.items():
        if not name.startswith("decline_"):
            assert field.help_text, name


def test_a_possible_duplicate_is_flagged_without_revealing_the_other_record(world, clients):
    lifecycle.person_create(
        actor=world.user("bob"),
        agency=world.agencies["harbour"],
        alias="Secret Alias",
        details={"legal_name": "Sam Fictional", "date_of_birth": datetime.date(1990, 1, 1)},
    )
    data = {"alias": "New", "legal_name": "sam  FICTIONAL", "date_of_birth": "1990-01-01"}
    response = clients("alice").post(reverse("people:person_create"), data)
    body = response.content.decode()
    assert response.status_code == 200 and "may already exist" in body
    assert "Secret Alias" not in body and not Person.objects.filter(alias="New").exists()
    response = clients("alice").post(reverse("people:person_create"), {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302 and Person.objects.filter(alias="New").exists()


def test_closing_needs_a_supervisor_s_approval(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    clients("alice").post(reverse("people:person_close", args=[person.pk]), {"reason": "moved"})
    person.refresh_from_db()
    assert person.status == Status.ACTIVE and person.closure_pending
    with pytest.raises(ValidationError, match="needs a supervisor's approval"):
        lifecycle.person_close(actor=world.user("alice"), person=person)
    clients("sam").post(reverse("people:person_close_approve", args=[person.pk]))
    person.refresh_from_db()
    assert person.status == Status.CLOSED and person.closed_at is not None
    clients("sam").post(reverse("people:person_reopen", args=[person.pk]))
    person.refresh_from_db()
    assert person.status == Status.REOPENED


def test_a_closed_record_cannot_be_edited(world):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")], status="closed")
    with pytest.raises(ValidationError, match="This record is closed"):
        lifecycle.person_update(actor=world.user("alice"), person=person, alias="X", details={}, declined=[])


def test_opening_a_record_writes_a_read_event_with_its_purpose(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    clients("alice").get(reverse("people:person_detail", args=[person.pk]))
    event = Event.objects.filter(action="person.read", target_id=str(person.pk)).get()
    assert (event.purpose, event.actor_id) == ("view", world.user("alice").pk)


def test_person_for_answers_404_for_missing_and_hidden_alike(world):
    from django.http import Http404

    hidden = make_person(world.agencies["harbour"], team=[world.user("bob")])
    for person_id in [hidden.pk, "00000000-0000-0000-0000-000000000000", "not-a-uuid"]:
        with pytest.raises(Http404):
            access.person_for(world.user("alice"), person_id, purpose="view")


def test_non_clinical_roles_see_no_individual_record(world):
    make_person(world.agencies["harbour"], team=[world.user("alice")])
    for key in ["pat", "adam", "ines", "cora", "peter", "dora"]:
        assert not access.visible_people(world.user(key)).exists(), key


def test_contact_values_are_masked_until_revealed_and_revealing_is_logged(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    contact = make_contact(person, value="+1 555 0199", code_word="heron")
    client = clients("alice")
    body = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "555 0199" not in body and "heron" not in body
    url = reverse("people:contact_reveal", args=[person.pk, contact.pk])
    partial = client.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "+1 555 0199" in partial and "heron" in partial and "<html" not in partial
    assert Event.objects.filter(action="safe_contact.revealed", target_id=str(contact.pk)).count() == 1
    assert "+1 555 0199" in client.post(url).content.decode()


def test_it_adds_a_safe_contact_through_the_form(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    response = clients("alice").post(
        reverse("people:contact_create", args=[person.pk]),
        {
            "channel": "call",
            "value": "+1 555 0142",
            "safe_days": ["0", "2"],
            "safe_from": "10:00",
            "safe_until": "12:00",
            "verified_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    contact = person.safe_contacts.get()
    assert contact.safe_days == [0, 2] and contact.value == "+1 555 0142"


def test_supervisors_see_decrypted_history_and_who_viewed(world, clients):
    alice = world.user("alice")
    person = lifecycle.person_create(
        actor=alice, agency=world.agencies["harbour"], alias="Birch", details={"gender": "nonbinary"}
    )
    lifecycle.person_update(actor=alice, person=person, alias="Birch", details={"gender": "two-spirit"}, declined=[])
    clients("alice").get(reverse("people:person_detail", args=[person.pk]))
    sam = clients("sam")
    body = sam.get(reverse("people:person_history", args=[person.pk])).content.decode()
    assert "nonbinary" in body and "two-spirit" in body
    overview = sam.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "Who viewed this record" in overview and "Alice" in overview
    assert (
        "Who viewed this record"
        not in clients("alice").get(reverse("people:person_detail", args=[person.pk])).content.decode()
    )


def test_a_supervisor_assigns_and_reassigns_the_care_team(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    sam = clients("sam")
    sam.post(
        reverse("people:care_team", args=[person.pk]),
        {"user": world.user("bob").pk, "role": "advocate", "since": "2026-12-01"},
    )
    assert access.visible_people(world.user("bob")).filter(pk=person.pk).exists()
    alice_member = person.care_team.get(user=world.user("alice"))
    sam.post(reverse("people:care_team_end", args=[person.pk, alice_member.pk]))
    assert not access.visible_people(world.user("alice")).filter(pk=person.pk).exists()


def test_only_clinical_staff_of_the_agency_can_join_a_care_team(world):
    person = make_person(world.agencies["harbour"])
    for key in ["pat", "oscar", "adam"]:
        with pytest.raises(ValidationError, match="can join a care team"):
            care.care_team_add(actor=world.user("sam"), person=person, user=world.user(key))


def _person_with_contact_and_message(world):
    from waypoint.people.models import Channel, OutboundMessage

    alice = world.user("alice")
    person = lifecycle.person_create(actor=alice, agency=world.agencies["harbour"], alias="Wren")
    contact = safe_contact.safe_contact_create(
        actor=alice,
        person=person,
        channel=Channel.TEXT,
        value="+1 555 0100",
        safe_days=[0, 1, 2, 3, 4, 5, 6],
        safe_from=datetime.time(0, 0),
        safe_until=datetime.time(23, 59),
        code_word="bluebird",
    )
    OutboundMessage.objects.create(
        person=person, safe_contact=contact, channel=Channel.TEXT, body="Meet at the library", sent_by=alice
    )
    return person, contact


def test_the_history_masks_contact_values_code_words_and_message_bodies(world, clients):
    person, contact = _person_with_contact_and_message(world)
    response = clients("sam").get(reverse("people:person_history", args=[person.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "555 0100" not in body and "bluebird" not in body and "Meet at the library" not in body
    assert "•••" in body
    # What is masked can be shown only through the overview's own audited reveal.
    assert reverse("people:contact_reveal", args=[person.pk, contact.pk]) in body
    assert not Event.objects.filter(action="safe_contact.revealed").exists()


def test_a_masked_contact_in_the_history_is_shown_through_the_audited_reveal(world, clients):
    person, contact = _person_with_contact_and_message(world)
    sam = clients("sam")
    sam.get(reverse("people:person_history", args=[person.pk]))
    url = reverse("people:contact_reveal", args=[person.pk, contact.pk])
    partial = sam.post(url, HTTP_HX_REQUEST="true").content.decode()
    assert "+1 555 0100" in partial and "bluebird" in partial
    event = Event.objects.get(action="safe_contact.revealed", target_id=str(contact.pk))
    assert (event.actor_id, event.purpose) == (world.user("sam").pk, "reveal")
    assert Event.objects.filter(action="person.read", purpose="reveal", target_id=str(person.pk)).count() == 1
