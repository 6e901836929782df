"""The instruments services: recording and rescoring a response, importing wording, uploading a definition.

Every refusal saves nothing and writes no audit event; every write leaves exactly one event, whose detail
names ids, keys and versions only. All wording here is placeholder text.
"""

from __future__ import annotations

import datetime
import textwrap

import pytest
from django.core.exceptions import ValidationError

from waypoint.audit.models import Event
from waypoint.casework.tests.factories import domain
from waypoint.instruments import selectors, services
from waypoint.instruments.loader import shipped_definitions
from waypoint.instruments.models import InstrumentDefinition, InstrumentWording
from waypoint.instruments.placeholders import placeholder_wording
from waypoint.instruments.tests.factories import import_placeholder, record
from waypoint.people.models import Status, agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

pytestmark = pytest.mark.django_db

# An agency's own definition, placeholder wording: item 2 may not be skipped; the total is A.
OWN = textwrap.dedent("""\
    key: placeholder-own
    version: 1
    title: {en: Placeholder check-in, fr: Bilan fictif}
    licence:
      kind: agency_supplied
      attribution: Placeholder attribution
      source: Placeholder source
    roles: [advocate]
    scale:
      min: 1
      max: 5
    items:
      - number: 1
        subscale: A
        text: {en: Placeholder item 1, fr: Énoncé fictif 1}
      - number: 2
        subscale: A
        may_skip: false
        text: {en: Placeholder item 2, fr: Énoncé fictif 2}
      - number: 3
        subscale: A
        text: {en: Placeholder item 3, fr: Énoncé fictif 3}
    subscales:
      A: {score: sum}
    skips: {most: 1}
    total: A
    """)
# The same key with item 2 reversed: answers 1, 2, 3 give A = 6 under version 1 and 1 + 4 + 3 = 8 under this one.
OWN_REVERSED = OWN.replace("    may_skip: false\n", "    may_skip: false\n    reverse: true\n", 1)
assert OWN_REVERSED != OWN


def events(action: str) -> int:
    return Event.objects.filter(action=action).count()


@pytest.fixture
def harbour(world):
    return world.agencies["harbour"]


@pytest.fixture
def person(world, harbour):
    return make_person(harbour, alias="Instruments services", team=[world.user("alice"), world.user("hana")])


def ruler_row(agency):
    offer = selectors.offer(agency.pk, "readiness-ruler")
    assert offer is not None
    return offer.row


def own_row(world, text: str = OWN) -> InstrumentDefinition:
    return services.upload_definition(actor=world.user("adam"), agency=world.agencies["harbour"], file_text=text)


# --- record_response --------------------------------------------------------------------------------


def test_it_records_a_scored_response_with_one_audit_event_naming_no_answer_score_or_text(world, person):
    alice = world.user("alice")
    housing = domain(person.agency, "housing")
    before = Event.objects.count()
    response = services.record_response(
        actor=alice,
        person=person,
        definition=ruler_row(person.agency),
        answers={1: 7, 2: 3},
        taken_on=agency_today(person.agency),
        domain=housing,
    )
    response.refresh_from_db()
    assert response.answer_map() == {1: 7, 2: 3}
    assert response.scores == {
        "subscales": {"importance": 7.0, "confidence": 3.0},
        "total": None,
        "skipped": 0,
        "complete": True,
    }
    assert response.author == alice and response.domain == housing and response.agency_id == person.agency_id
    assert list(person.responses.all()) == [response]
    assert Event.objects.count() == before + 1
    event = Event.objects.get(action="instrument_response.recorded")
    assert event.target_id == str(response.pk) and event.actor_id == alice.pk
    assert event.detail == {"person": str(person.pk), "key": "readiness-ruler", "version": 1, "domain": str(housing.pk)}
    # Exactly these keys: no answer, no score, no subscale name and no item text.
    ruler = shipped_definitions()["readiness-ruler"]
    assert "importance" not in str(event.detail)
    assert all(item.text.en not in str(event.detail) for item in ruler.items if item.text)


def test_skipped_questions_are_kept_as_skips(world, person):
    response = record(person, world.user("alice"), "readiness-ruler", {1: 9, 2: None})
    assert response.answer_map() == {1: 9, 2: None}
    assert response.scores["skipped"] == 1 and response.scores["subscales"]["confidence"] is None


def _refused(world, person, expect: str, **overrides):
    values = {
        "actor": world.user("alice"),
        "person": person,
        "definition": ruler_row(person.agency),
        "answers": {1: 5, 2: 5},
        "taken_on": agency_today(person.agency),
        "domain": domain(person.agency, "housing"),
        **overrides,
    }
    before = Event.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.record_response(**values)
    assert any(expect in message for message in caught.value.messages), caught.value.messages
    assert not person.responses.exists()
    assert Event.objects.count() == before


def test_it_refuses_a_closed_record(world, harbour):
    closed = make_person(harbour, alias="Closed one", team=[world.user("alice")], status=Status.CLOSED)
    _refused(world, closed, "This record is closed")


@pytest.mark.parametrize("who", ["oscar", "pat", "cora", "adam"])
def test_it_refuses_someone_who_is_not_a_clinical_member_of_the_agency(world, person, who):
    _refused(world, person, "Only advocates, housing staff and supervisors of this agency", actor=world.user(who))


def test_it_refuses_a_role_the_definition_is_not_for(world, person, harbour):
    # The Vera TVIT is for advocates, intake and supervisors; this agency's own one for advocates only.
    tvit = selectors.offer(harbour.pk, "vera-tvit-short")
    assert tvit is not None
    hana = world.user("hana")
    _refused(world, person, "Your role is not one of", actor=hana, definition=tvit.row, answers={1: 1}, domain=None)
    _refused(
        world, person, "Your role is not one of", actor=hana, definition=own_row(world), answers={2: 3}, domain=None
    )


def test_it_refuses_another_agencys_definition(world, person):
    elsewhere_admin, _secret = make_user(
        "ada@test.waypoint.invalid", agency=world.agencies["elsewhere"], role="agency_admin"
    )
    theirs = services.upload_definition(actor=elsewhere_admin, agency=world.agencies["elsewhere"], file_text=OWN)
    _refused(world, person, "not one of this agency's", definition=theirs, answers={2: 3}, domain=None)


def test_a_needs_wording_instrument_is_refused_until_its_wording_is_imported(world, person, harbour):
    urica = selectors.offer(harbour.pk, "urica")
    assert urica is not None and urica.needs_wording
    answers = dict.fromkeys(range(1, 33), 3)
    _refused(world, person, "needs its wording", definition=urica.row, answers=answers, domain=None)
    import_placeholder(world.user("adam"), harbour, "urica")
    response = services.record_response(
        actor=world.user("alice"),
        person=person,
        definition=urica.row,
        answers=answers,
        taken_on=agency_today(harbour),
    )
    # All 3s: each subscale mean is 3 and readiness is 3 + 3 + 3 - 3.
    assert response.scores["subscales"] == {"PC": 3.0, "C": 3.0, "A": 3.0, "M": 3.0}
    assert response.scores["total"] == 6.0


@pytest.mark.parametrize("answer", [11, -1, True, "5", 4.5])
def test_it_refuses_an_answer_outside_the_scale(world, person, answer):
    _refused(world, person, "Question 1: choose one of the answers offered (0 to 10)", answers={1: answer, 2: 5})


def test_it_refuses_an_item_the_questionnaire_does_not_have(world, person):
    _refused(world, person, "There is no question 3 in this questionnaire.", answers={1: 5, 2: 5, 3: 5})


def test_it_refuses_nothing_answered(world, person):
    _refused(world, person, "Nothing was answered", answers={1: None, 2: None})


def test_it_refuses_a_skip_of_an_item_that_may_not_be_skipped(world, person):
    row = own_row(world)
    _refused(world, person, "Question 2 needs an answer", definition=row, answers={1: 3, 2: None, 3: 4}, domain=None)
    _refused(world, person, "Question 2 needs an answer", definition=row, answers={1: 3, 3: 4}, domain=None)
    response = services.record_response(
        actor=world.user("alice"), person=person, definition=row, answers={2: 4}, taken_on=agency_today(person.agency)
    )
    assert response.answer_map() == {1: None, 2: 4, 3: None}


def test_a_per_domain_questionnaire_needs_a_part_of_life_of_this_agency(world, person):
    _refused(world, person, "Choose the part of life", domain=None)
    _refused(world, person, "Choose a part of life from this agency's list", domain=domain(world.agencies["elsewhere"]))
    retired = domain(person.agency, "housing")
    retired.is_active = False
    retired.save(update_fields=["is_active"])
    _refused(world, person, "Choose a part of life from this agency's list", domain=retired)


def test_a_questionnaire_not_about_one_part_of_life_refuses_one(world, person, harbour):
    indicators = selectors.offer(harbour.pk, "indicators")
    assert indicators is not None and not indicators.definition.per_domain
    _refused(world, person, "leave the part of life out", definition=indicators.row, answers={1: 1})


def test_it_refuses_a_day_in_the_future_but_takes_today(world, person):
    today = agency_today(person.agency)
    _refused(world, person, "cannot be in the future", taken_on=today + datetime.timedelta(days=1))
    assert record(person, world.user("alice"), "readiness-ruler", {1: 1, 2: 1}, taken_on=today).taken_on == today


# --- rescore ----------------------------------------------------------------------------------------


def test_rescore_uses_the_responses_own_version_not_the_newest(world, person):
    first = own_row(world)
    response = services.record_response(
        actor=world.user("alice"),
        person=person,
        definition=first,
        answers={1: 1, 2: 2, 3: 3},
        taken_on=agency_today(person.agency),
    )
    second = own_row(world, OWN_REVERSED)
    assert second.version == 2
    assert services.scores_json(second.definition, response.answer_map())["total"] == 8.0
    response.scores = {"subscales": {"A": None}, "total": None, "skipped": 0, "complete": False}
    before = Event.objects.count()
    services.rescore(response, actor=world.user("sam"))
    response.refresh_from_db()
    assert response.definition_id == first.pk
    assert response.scores == {"subscales": {"A": 6.0}, "total": 6.0, "skipped": 0, "complete": True}
    assert Event.objects.count() == before + 1
    event = Event.objects.get(action="instrument_response.rescored")
    assert event.detail == {"key": "placeholder-own", "version": 1} and event.target_id == str(response.pk)


# --- import_wording ---------------------------------------------------------------------------------


def tvit_lines(numbers=range(1, 17)) -> list[str]:
    return [f"{n}\tPlaceholder question {n}\tQuestion fictive {n}" for n in numbers]


def test_it_imports_placeholder_wording_and_the_questionnaire_becomes_usable(world, harbour):
    assert selectors.offer(harbour.pk, "urica").needs_wording
    before = Event.objects.count()
    wording = import_placeholder(world.user("adam"), harbour, "urica")
    assert sorted(wording.items, key=int) == [str(n) for n in range(1, 33)]
    assert wording.items["4"]["en"].startswith("Placeholder for item 4")
    assert wording.items["4"]["fr"].startswith("Texte provisoire de l’énoncé 4")
    offer = selectors.offer(harbour.pk, "urica")
    assert not offer.needs_wording and offer.definition.items[3].text.en.startswith("Placeholder for item 4")
    # Another agency still needs its own copy.
    assert selectors.offer(world.agencies["elsewhere"].pk, "urica").needs_wording
    assert Event.objects.count() == before + 1
    event = Event.objects.get(action="instrument.wording_imported")
    assert event.detail == {"key": "urica", "version": 1} and event.target_id == str(wording.pk)
    assert "Placeholder" not in str(event.detail)


def test_the_header_line_blank_lines_and_comments_are_ignored(world, harbour):
    text = "\n".join(
        ["\ufeff# Our agency's copy, placeholder text", "Number\tEnglish\tFrench", "", *tvit_lines(), "   # the end"]
    )
    wording = services.import_wording(
        actor=world.user("adam"), agency=harbour, definition_key="vera-tvit-short", file_text=text
    )
    assert wording.items["1"] == {"en": "Placeholder question 1", "fr": "Question fictive 1"}
    assert len(wording.items) == 16 and not selectors.offer(harbour.pk, "vera-tvit-short").needs_wording


def test_a_header_only_counts_on_the_first_line(world, harbour):
    text = "\n".join([*tvit_lines(), "number\tEnglish\tFrench"])
    with pytest.raises(ValidationError) as caught:
        services.import_wording(
            actor=world.user("adam"), agency=harbour, definition_key="vera-tvit-short", file_text=text
        )
    assert caught.value.messages == ["Line 17: the first column must be the item's number, not “number”."]


def test_a_broken_wording_file_names_every_bad_line_at_once_and_saves_nothing(world, harbour):
    lines = [
        "number\tEnglish\tFrench",  # 1
        "1\tPlaceholder question 1",  # 2: two columns
        "two\tPlaceholder question 2\tQuestion fictive 2",  # 3: not a number
        "99\tPlaceholder question 99\tQuestion fictive 99",  # 4: no such item
        "3\tPlaceholder question 3\tQuestion fictive 3",  # 5
        "3\tPlaceholder question 3 again\tQuestion fictive 3 encore",  # 6: a second time
        "4\tPlaceholder question 4\t",  # 7: no French
        *tvit_lines(range(5, 15)),  # 8-17: items 5 to 14; 15 and 16 are missing
    ]
    before = (InstrumentWording.objects.count(), Event.objects.count())
    with pytest.raises(ValidationError) as caught:
        services.import_wording(
            actor=world.user("adam"), agency=harbour, definition_key="vera-tvit-short", file_text="\n".join(lines)
        )
    assert caught.value.messages == [
        "Line 2: expected 3 columns separated by tabs (number, English, French), found 2.",
        "Line 3: the first column must be the item's number, not “two”.",
        "Line 4: this questionnaire has no item 99 (its items are 1 to 16).",
        "Line 6: item 3 appears a second time.",
        "Line 7: item 4 needs its wording in both English and French.",
        "Every item needs its wording; missing: 1, 2, 4, 15, 16.",
    ]
    assert (InstrumentWording.objects.count(), Event.objects.count()) == before
    assert selectors.offer(harbour.pk, "vera-tvit-short").needs_wording


def test_a_too_long_item_is_refused(world, harbour):
    lines = tvit_lines()
    lines[0] = "1\t" + "x" * (services.MAX_ITEM_TEXT + 1) + "\tQuestion fictive 1"
    with pytest.raises(ValidationError) as caught:
        services.import_wording(
            actor=world.user("adam"), agency=harbour, definition_key="vera-tvit-short", file_text="\n".join(lines)
        )
    assert caught.value.messages == [
        f"Line 1: item 1 is longer than {services.MAX_ITEM_TEXT} characters.",
        "Every item needs its wording; missing: 1.",
    ]


def test_only_this_agencys_administrator_imports_wording(world, harbour):
    text = placeholder_wording(shipped_definitions()["urica"])
    for who in ("alice", "sam", "cora", "oscar"):
        with pytest.raises(ValidationError, match="Only an administrator of this agency"):
            services.import_wording(actor=world.user(who), agency=harbour, definition_key="urica", file_text=text)
    assert not InstrumentWording.objects.exists()
    assert events("instrument.wording_imported") == 0


def test_wording_is_only_for_a_known_scoring_key_only_instrument(world, harbour):
    adam = world.user("adam")
    ruler = placeholder_wording(shipped_definitions()["readiness-ruler"])
    with pytest.raises(ValidationError, match="comes with its wording"):
        services.import_wording(actor=adam, agency=harbour, definition_key="readiness-ruler", file_text=ruler)
    with pytest.raises(ValidationError, match="no questionnaire with that key"):
        services.import_wording(actor=adam, agency=harbour, definition_key="no-such-thing", file_text=ruler)
    assert not InstrumentWording.objects.exists()


# --- upload_definition ------------------------------------------------------------------------------


def test_an_uploaded_definition_is_version_1_with_one_audit_event(world, harbour):
    before = Event.objects.count()
    row = own_row(world)
    assert (row.agency, row.key, row.version, row.created_by) == (harbour, "placeholder-own", 1, world.user("adam"))
    assert row.body["version"] == 1 and row.definition.items[1].may_skip is False
    assert Event.objects.count() == before + 1
    event = Event.objects.get(action="instrument.definition_uploaded")
    assert event.detail == {"key": "placeholder-own", "version": 1} and event.target_id == str(row.pk)
    assert selectors.offer(harbour.pk, "placeholder-own").row == row


def test_the_same_key_changed_becomes_version_2_and_version_1_stays(world, harbour):
    first = own_row(world)
    body = dict(first.body)
    second = own_row(world, OWN_REVERSED)
    assert (second.key, second.version, second.body["version"]) == ("placeholder-own", 2, 2)
    first.refresh_from_db()
    assert first.body == body and first.version == 1
    assert selectors.offer(harbour.pk, "placeholder-own").row == second
    assert events("instrument.definition_uploaded") == 2


def test_the_same_file_again_is_refused_whatever_version_it_says(world):
    own_row(world)
    for text in (OWN, OWN.replace("version: 1", "version: 7")):
        with pytest.raises(ValidationError, match="the same as version 1: nothing new to save"):
            own_row(world, text)
    assert InstrumentDefinition.objects.filter(key="placeholder-own").count() == 1
    assert events("instrument.definition_uploaded") == 1


def test_a_shipped_key_is_refused_naming_its_line(world):
    text = "# Our copy\n# of the ruler\n" + OWN.replace("key: placeholder-own", "key: readiness-ruler")
    before = (InstrumentDefinition.objects.count(), Event.objects.count())
    with pytest.raises(ValidationError) as caught:
        own_row(world, text)
    assert caught.value.messages == [
        "line 3, key: “readiness-ruler” is a questionnaire Waypoint ships and cannot be replaced; choose another key."
    ]
    assert (InstrumentDefinition.objects.count(), Event.objects.count()) == before


def test_a_broken_definition_names_each_line_and_field_and_saves_nothing(world):
    text = OWN.replace("  min: 1\n  max: 5", "  min: 5\n  max: 1").replace(
        "roles: [advocate]", "roles: [advocate, nobody]"
    )
    lines = text.splitlines()
    roles_line = lines.index("roles: [advocate, nobody]") + 1
    min_line = lines.index("  min: 5") + 1
    before = (InstrumentDefinition.objects.count(), Event.objects.count())
    with pytest.raises(ValidationError) as caught:
        own_row(world, text)
    messages = caught.value.messages
    assert len(messages) == 2
    assert messages[0].startswith(f"line {roles_line}, roles[1]: unknown role 'nobody'")
    assert messages[1] == f"line {min_line}, scale.min: must be less than scale.max (1)"
    assert (InstrumentDefinition.objects.count(), Event.objects.count()) == before


def test_a_file_that_is_not_yaml_names_its_line(world):
    text = OWN.replace("scale:\n", "scale: [\n")
    with pytest.raises(ValidationError) as caught:
        own_row(world, text)
    (message,) = caught.value.messages
    assert message.startswith("line ") and "not valid YAML or JSON" in message
    assert not InstrumentDefinition.objects.filter(agency__isnull=False).exists()


def test_only_this_agencys_administrator_uploads(world, harbour):
    before = (InstrumentDefinition.objects.count(), Event.objects.count())
    for who in ("alice", "sam", "pat", "cora", "oscar"):
        with pytest.raises(ValidationError, match="Only an administrator of this agency"):
            services.upload_definition(actor=world.user(who), agency=harbour, file_text=OWN)
    with pytest.raises(ValidationError, match="Only an administrator of this agency"):
        services.upload_definition(actor=world.user("adam"), agency=world.agencies["elsewhere"], file_text=OWN)
    assert (InstrumentDefinition.objects.count(), Event.objects.count()) == before
