"""The safety plan pages through the HTTP client: the plan, the one-form update, comparing, printing, the wallet
card and risk check-ins; who reaches them, what a closed record allows, what the caseload, the team view and the
timeline say about plans, and query counts that do not grow with versions and check-ins."""

from __future__ import annotations

import datetime
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from waypoint.audit.models import Event
from waypoint.people.models import Person, Status, agency_today
from waypoint.people.tests.factories import make_person
from waypoint.safety import services
from waypoint.safety.models import PlanVersion
from waypoint.safety.risk import QUESTION_KEYS
from waypoint.safety.tests.factories import DAY, make_plan, sample_sections, strategy

pytestmark = pytest.mark.django_db

DAYS = datetime.timedelta(days=1)
ROUTES = ("plan", "update", "compare", "print", "card_choose", "card", "check_in")
WRITES = ("update", "card_choose", "check_in")
# Budgets from decision 0007 (statements other than savepoints).
BUDGETS = {"plan": 12, "update": 12, "compare": 10, "print": 10, "card": 10, "check_in": 10}
# What sample_sections() says, in words no id, hash or page furniture could hold by chance.
CONTENT = ("When he texts", "Screenshot, then block", "Auntie May", "555-0101", "blue umbrella", "Comes to get me")
TELLING = ("safety", "safe ", "sécurité", "securite", "trafficking", "traite", "trafiqu", "waypoint")


@pytest.fixture(autouse=True)
def _english_by_default():
    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def harbour(world):
    return world.agencies["harbour"]


@pytest.fixture
def person(world, harbour):
    return make_person(harbour, alias="Heron", team=[world.user("alice")])


def url(name: str, person: Person, query: str = "") -> str:
    return reverse(f"safety:{name}", args=[person.pk]) + query


def _today(person: Person) -> datetime.date:
    return agency_today(person.agency)


def _changed(sections: list[dict], words: str) -> list[dict]:
    sections[0]["words"] = words
    return sections


def _form_shaped(sections: list[dict]) -> list[dict]:
    """The sections as the form saves them: an empty field is not kept (the sample's second number has one)."""
    return [{**s, "items": [{k: v for k, v in item.items() if v} for item in s["items"]]} for s in sections]


def _close(person: Person) -> None:
    Person.objects.filter(pk=person.pk).update(
        status=Status.CLOSED, closed_at=timezone.now(), closure_reason="goals_reached"
    )


class _FormFields(HTMLParser):
    """What a browser would post from the page's plan form: every input and textarea with its value."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self.hidden: set[str] = set()
        self._in_form = False
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and "plan-form" in a.get("class", ""):
            self._in_form = True
        if not self._in_form:
            return
        if tag == "input" and a.get("name") and a.get("type") != "submit":
            if a.get("type") == "checkbox":
                if "checked" in a:
                    self.fields[a["name"]] = "on"
                return
            self.fields[a["name"]] = a.get("value", "")
            if a.get("type") == "hidden":
                self.hidden.add(a["name"])
        elif tag == "textarea":
            self._textarea = a["name"]
            self.fields[a["name"]] = ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._textarea:
            # Django starts a textarea's content with a newline the browser drops.
            self.fields[self._textarea] = self.fields[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _form(client, person: Person) -> _FormFields:
    response = client.get(url("update", person))
    assert response.status_code == 200
    parser = _FormFields()
    parser.feed(response.content.decode())
    assert "made_on" in parser.fields
    return parser


def _check_in_data(person: Person, **answers: str) -> dict[str, str]:
    data = {f"q-{key}": answers.get(key, "not_asked") for key in QUESTION_KEYS}
    return {"on": _today(person).isoformat(), "note": "", **data}


def _statements(client, target: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(target)
    assert response.status_code == 200, target
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _row(html: str, person: Person) -> str:
    row = html[html.index(f'id="row-{person.pk}"') :]
    return row[: row.index("</tr>")]


# --- the plan page -------------------------------------------------------------------------------------------


def test_the_plan_page_without_a_plan_offers_to_start_one(clients, person):
    html = clients("alice").get(url("plan", person)).content.decode()
    assert "<h1>Safety plan: Heron</h1>" in html
    assert "No safety plan yet" in html and f'href="{url("update", person)}"' in html
    assert "Start a plan with the person" in html and "No risk check-in yet." in html
    assert "Versions" not in html and f'href="{url("print", person)}"' not in html


def test_the_plan_page_shows_the_latest_version_its_review_versions_and_check_ins(world, clients, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY)
    make_plan(person, alice, _changed(sample_sections(), "He found my new number."), made_on=DAY + DAYS)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1", "t1"])
    services.risk_check_in(actor=alice, person=person, on=_today(person), answers={"court": "yes"}, note="Hearing")
    html = clients("alice").get(url("plan", person)).content.decode()
    assert "Version 3, from the conversation on" in html and "made with the person" in html
    assert "He found my new number." in html and "When he texts" not in html  # the latest words only
    assert "Auntie May · 555-0101 · blue umbrella · Comes to get me" in html
    assert "Review due since" in html  # 30 days after the second version, long past
    assert f'href="{url("compare", person)}?a=2&amp;b=3"' in html and "Compare with version 1" in html
    assert "Wallet card" in html and "Current risks and warning signs" in html  # what versions 3 and 2 changed
    assert f'href="{url("card", person)}"' in html and "(2 lines)" in html
    assert "changed: Is a court date coming up?" in html and "<blockquote>Hearing</blockquote>" in html


# --- the update form ------------------------------------------------------------------------------------------


def test_a_new_plan_starts_with_the_emergency_numbers_filled_in(clients, person):
    fields = _form(clients("alice"), person).fields
    assert fields["numbers-0-number"] == "1-833-900-1010" and fields["numbers-1-number"] == "911"
    assert re.fullmatch(r"[0-9a-f]{12}", fields["numbers-0-id"])
    assert fields["risks-0-text"] == "" and fields["made_on"] == _today(person).isoformat()


def test_the_update_form_holds_every_item_with_its_id_hidden_and_blank_rows_to_add(world, clients, person):
    make_plan(person, world.user("alice"))
    parsed = _form(clients("alice"), person)
    fields, hidden = parsed.fields, parsed.hidden
    assert fields["risks-words"] == "When he texts from a new number, I know."
    assert (fields["risks-0-id"], fields["risks-0-text"]) == ("r1", "Screenshot, then block")
    assert (fields["trusted-0-id"], fields["trusted-0-code_word"]) == ("t1", "blue umbrella")
    assert (fields["numbers-1-id"], fields["numbers-1-card_label"]) == ("n2", "")
    assert {"risks-0-id", "trusted-0-id", "numbers-0-id", "numbers-1-id"} <= hidden
    assert fields["risks-1-id"] == fields["risks-2-id"] == fields["risks-2-text"] == ""
    assert "risks-3-text" not in fields and "places-1-text" in fields and "places-2-text" not in fields
    assert fields["with_person"] == "on"


def test_saving_the_form_unchanged_saves_nothing_and_says_so(world, clients, person):
    make_plan(person, world.user("alice"), _form_shaped(sample_sections()))
    client = clients("alice")
    response = client.post(url("update", person), _form(client, person).fields)
    assert response.status_code == 200
    assert "Nothing changed since version 1: there is nothing new to save." in response.content.decode()
    assert person.plan_versions.count() == 1


def test_a_row_emptied_removes_its_item_and_the_others_keep_their_ids(world, clients, person):
    make_plan(person, world.user("alice"))
    client = clients("alice")
    fields = _form(client, person).fields
    fields["numbers-1-label"] = fields["numbers-1-number"] = ""
    fields["risks-1-text"] = "Keep the charger in my coat"
    response = client.post(url("update", person), fields, follow=True)
    assert "Saved as version 2." in response.content.decode()
    version = person.plan_versions.get(number=2)
    numbers = {s["key"]: s for s in version.sections}["numbers"]
    assert [item["id"] for item in numbers["items"]] == ["n1"]
    risks = {s["key"]: s for s in version.sections}["risks"]["items"]
    assert risks[0] == {"id": "r1", "text": "Screenshot, then block"}
    assert risks[1]["text"] == "Keep the charger in my coat" and re.fullmatch(r"[0-9a-f]{12}", risks[1]["id"])
    assert version.changed == ["risks", "numbers"]


def test_a_half_filled_row_shows_where_and_saves_nothing(world, clients, person):
    make_plan(person, world.user("alice"))
    client = clients("alice")
    fields = _form(client, person).fields
    fields["trusted-1-code_word"] = "green kettle"  # no name
    response = client.post(url("update", person), fields)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some entries need another look: see the sections marked below." in html
    assert "Fill this in, or empty the whole row to leave it out." in html
    assert 'value="green kettle"' in html  # what was typed is kept
    assert person.plan_versions.count() == 1


def test_not_with_the_person_needs_a_reason_on_the_form(world, clients, person):
    make_plan(person, world.user("alice"))
    client = clients("alice")
    fields = _form(client, person).fields
    del fields["with_person"]
    fields["risks-words"] = "New words"
    response = client.post(url("update", person), fields)
    assert "Say why the plan was not made with the person this time." in response.content.decode()
    assert person.plan_versions.count() == 1
    fields["why_not"] = "By phone with her counsellor"
    client.post(url("update", person), fields)
    version = person.plan_versions.get(number=2)
    assert not version.with_person and version.why_not == "By phone with her counsellor"


def test_a_hidden_id_moved_from_another_section_or_repeated_makes_a_new_item(world, clients, person):
    make_plan(person, world.user("alice"), _form_shaped(sample_sections()))
    client = clients("alice")
    fields = _form(client, person).fields
    fields["risks-1-id"], fields["risks-1-text"] = "t1", "Moved in from trusted people"
    fields["risks-2-id"], fields["risks-2-text"] = "r1", "The same id twice"
    client.post(url("update", person), fields)
    sections = {s["key"]: s for s in person.plan_versions.get(number=2).sections}
    ids = [item["id"] for item in sections["risks"]["items"]]
    assert ids[0] == "r1" and len(set(ids)) == 3 and "t1" not in ids
    assert [item["id"] for item in sections["trusted"]["items"]] == ["t1"]
    assert person.plan_versions.get(number=2).changed == ["risks"]


# --- comparing -----------------------------------------------------------------------------------------------


@pytest.fixture
def three_versions(world, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY)
    second = sample_sections()
    second[0]["items"].append(strategy("r2", "Keep the charger in my coat"))
    make_plan(person, alice, second, made_on=DAY + DAYS)
    make_plan(person, alice, _changed(second, "Third words"), made_on=DAY + 2 * DAYS)
    return person


def _heading(html: str) -> str:
    return unescape(re.search(r"<h1>(.*?)</h1>", html).group(1))


def test_compare_shows_the_latest_two_by_default(clients, three_versions):
    html = clients("alice").get(url("compare", three_versions)).content.decode()
    assert _heading(html) == "Version 2 and version 3"
    assert "Third words" in html and "Keep the charger in my coat" in html


def test_compare_shows_the_two_versions_chosen_in_either_order(clients, three_versions):
    client = clients("alice")
    for query in ("?a=1&b=2", "?a=2&b=1"):
        html = client.get(url("compare", three_versions, query)).content.decode()
        assert _heading(html) == "Version 1 and version 2"
        assert "<ins>Keep the charger in my coat</ins>" in html and "Third words" not in html


@pytest.mark.parametrize("query", ["?a=x&b=3", "?a=1&b=9", "?a=2&b=2", "?a=-1&b=1", "?a=0001000000&b=1", "?b=1"])
def test_compare_falls_back_to_the_latest_two_on_anything_else(clients, three_versions, query):
    response = clients("alice").get(url("compare", three_versions, query))
    assert response.status_code == 200
    assert _heading(response.content.decode()) == "Version 2 and version 3"


def test_compare_with_one_version_or_none_sends_back_to_the_plan_with_a_message(world, clients, person):
    client = clients("alice")
    response = client.get(url("compare", person))
    assert response.status_code == 302 and response["Location"] == url("plan", person)
    make_plan(person, world.user("alice"))
    response = client.get(url("compare", person), follow=True)
    assert response.redirect_chain == [(url("plan", person), 302)]
    assert "There is only one version so far: nothing to compare yet." in response.content.decode()


# --- printing and the wallet card -----------------------------------------------------------------------------


def test_print_and_card_are_reads_for_printing_with_no_content_in_the_event(world, clients, person):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    client = clients("alice")
    for name in ("print", "card"):
        before = Event.objects.count()
        assert client.get(url(name, person)).status_code == 200
        [read] = Event.objects.filter(sequence__gt=before, action="person.read").values()
        assert read["purpose"] == "print" and read["target_id"] == str(person.pk)
        leaked = [word for word in (*CONTENT, "Tuesday") if word.lower() in str(read).lower()]
        assert leaked == [], name


def test_the_full_printout_has_every_section(world, clients, person):
    make_plan(person, world.user("alice"), with_person=False, why_not="By phone")
    html = clients("alice").get(url("print", person)).content.decode()
    assert "not made with the person: By phone" in html
    for words in ("When he texts from a new number, I know.", "Auntie May", "Emergency · 911", "blue umbrella"):
        assert words in html


def test_without_a_plan_or_a_card_the_print_pages_are_not_found(world, clients, person):
    client = clients("alice")
    assert client.get(url("print", person)).status_code == 404
    assert client.get(url("card", person)).status_code == 404
    make_plan(person, world.user("alice"))
    assert client.get(url("print", person)).status_code == 200
    assert client.get(url("card", person)).status_code == 404  # no card chosen yet


@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_card_page_says_nothing_about_what_it_is(world, clients, harbour, person, language):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, heading="Mardi", item_ids=["n1", "t1"])
    client = clients("alice")
    client.cookies["waypoint_language"] = language
    html = client.get(url("card", person)).content.decode()
    assert f'<html lang="{language}">' in html
    assert "<title>Mardi</title>" in html and "<h1>Mardi</h1>" in html
    assert "Helpline: 1-833-900-1010" in html and "Auntie May · 555-0101 · blue umbrella" in html
    card = html.split('<div class="card">')[1].split("</div>")[0]  # the lines alone (the back link holds an id)
    assert "911" not in card and "Comes to get me" not in html and "Trafficking Hotline" not in html
    lowered = html.lower()
    for word in (*TELLING, harbour.name.lower(), "harbour", "plan"):
        assert word not in lowered, f"the card ({language}) says {word!r}"


def test_a_line_renamed_so_it_tells_is_left_off_the_card_and_the_page_says_so(world, clients, person):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1", "t1"])
    renamed = sample_sections()
    renamed[2]["items"][0]["card_label"] = "Safe line"
    make_plan(person, alice, renamed)  # the card carries over to the new version
    html = clients("alice").get(url("card", person)).content.decode()
    assert "Auntie May" in html and "1-833-900-1010" not in html and "Safe line" not in html
    assert "1 chosen line was left off" in html


def test_choosing_the_card_offers_the_lines_and_saves_the_choice(world, clients, person):
    make_plan(person, world.user("alice"))
    client = clients("alice")
    html = client.get(url("card_choose", person)).content.decode()
    for line in ("Helpline: 1-833-900-1010", "Emergency: 911", "Auntie May · 555-0101 · blue umbrella"):
        assert line in html
    response = client.post(url("card_choose", person), {"heading": "Safety", "items": ["n1"]})
    assert "could tell someone what the card is (safety)" in response.content.decode()
    response = client.post(url("card_choose", person), {"heading": "Tuesday", "items": ["n1"]}, follow=True)
    assert "The card is saved." in response.content.decode()
    assert person.plan_versions.get(number=2).card_choice == {"heading": "Tuesday", "items": ["n1"]}


def test_choosing_a_card_before_the_plan_sends_back_to_it(clients, person):
    response = clients("alice").get(url("card_choose", person), follow=True)
    assert response.redirect_chain == [(url("plan", person), 302)]
    assert "Make the plan first: the card carries lines from it." in response.content.decode()


# --- risk check-ins -------------------------------------------------------------------------------------------


def test_a_check_in_with_a_yes_sends_to_the_update_and_one_without_to_the_plan(world, clients, person):
    make_plan(person, world.user("alice"), made_on=_today(person))
    client = clients("alice")
    response = client.post(url("check_in", person), _check_in_data(person), follow=True)
    assert response.redirect_chain == [(url("plan", person), 302)]
    assert "Check-in recorded. Nothing new this time." in response.content.decode()
    response = client.post(url("check_in", person), _check_in_data(person, located="yes"), follow=True)
    assert response.redirect_chain == [(url("update", person), 302)]
    assert "Something changed: review the plan together." in response.content.decode()
    assert person.safety_plans.get().review_due_on == _today(person)


def test_a_check_in_dated_tomorrow_is_refused_on_the_form(clients, person):
    data = _check_in_data(person, contact="yes") | {"on": (_today(person) + DAYS).isoformat()}
    response = clients("alice").post(url("check_in", person), data)
    assert "Choose today or an earlier date." in response.content.decode()
    assert not person.risk_check_ins.exists()


# --- a closed record -------------------------------------------------------------------------------------------


def test_a_closed_record_keeps_its_plan_readable_and_printable_but_unchangeable(world, clients, person):
    alice = world.user("alice")
    make_plan(person, alice)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    _close(person)
    client = clients("alice")
    for name in WRITES:
        for method in (client.get, client.post):
            response = method(url(name, person), follow=True)
            assert response.redirect_chain == [(url("plan", person), 302)], name
            assert "This record is closed: its safety plan can be read and printed but not changed." in (
                response.content.decode()
            )
    html = client.get(url("plan", person)).content.decode()
    assert "Screenshot, then block" in html
    assert f'href="{url("update", person)}"' not in html and f'href="{url("check_in", person)}"' not in html
    assert client.get(url("print", person)).status_code == 200
    assert client.get(url("card", person)).status_code == 200
    assert person.plan_versions.count() == 2 and not person.risk_check_ins.exists()


# --- who reaches what -----------------------------------------------------------------------------------------


@pytest.fixture
def full_plan(world, person):
    alice = world.user("alice")
    make_plan(person, alice)
    make_plan(person, alice, _changed(sample_sections(), "Second words"))
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    return person


@pytest.mark.parametrize("who", ["oscar", "bob"])
@pytest.mark.parametrize("name", ROUTES)
def test_someone_outside_the_record_gets_the_same_not_found_on_every_route(clients, full_plan, who, name):
    client = clients(who)
    for response in (client.get(url(name, full_plan)), client.post(url(name, full_plan), {"heading": "x"})):
        assert response.status_code == 404
        assert "This record is not open to you" in response.content.decode()
        assert "Tuesday" not in response.content.decode()
    assert full_plan.plan_versions.count() == 3


@pytest.mark.parametrize("who", ["pat", "ines", "adam", "cora"])
@pytest.mark.parametrize("name", ROUTES)
def test_a_role_without_case_work_reaches_no_route_and_writes_nothing(clients, full_plan, who, name):
    client = clients(who)
    assert client.get(url(name, full_plan)).status_code == 403
    assert client.post(url(name, full_plan), _check_in_data(full_plan, contact="yes")).status_code == 403
    assert full_plan.plan_versions.count() == 3 and not full_plan.risk_check_ins.exists()


@pytest.mark.parametrize("name", ["plan", "compare", "print", "card"])
def test_the_supervisor_reads_every_page(clients, full_plan, name):
    assert clients("sam").get(url(name, full_plan)).status_code == 200


def test_an_anonymous_visitor_is_sent_to_sign_in(clients, full_plan):
    response = clients("anonymous").get(url("card", full_plan))
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Event.objects.filter(action="person.read").exists()


# --- the caseload, the team view and the timeline --------------------------------------------------------------


def test_the_caseload_flags_a_review_due_until_a_new_version(world, clients, person):
    alice = world.user("alice")
    client = clients("alice")
    calm = make_person(person.agency, alias="Calm", team=[alice])
    make_plan(calm, alice, made_on=_today(person))
    make_plan(person, alice, made_on=DAY)  # due 30 days later, long past
    html = client.get(reverse("people:my_people")).content.decode()
    assert "Safety plan review due" in _row(html, person)
    assert "Safety plan review due" not in _row(html, calm)

    make_plan(person, alice, _changed(sample_sections(), "After the review"), made_on=_today(person))
    assert "Safety plan review due" not in _row(client.get(reverse("people:my_people")).content.decode(), person)


def test_the_caseload_flags_a_risk_check_in_with_a_yes_and_its_review(world, clients, person):
    alice = world.user("alice")
    calm = make_person(person.agency, alias="Calm", team=[alice])
    for someone in (person, calm):
        make_plan(someone, alice, made_on=_today(person))
    services.risk_check_in(actor=alice, person=person, on=_today(person), answers={"contact": "yes"})
    services.risk_check_in(actor=alice, person=calm, on=_today(person), answers={"contact": "no"})
    html = clients("alice").get(reverse("people:my_people")).content.decode()
    assert "Risk check-in: review the plan" in _row(html, person)
    assert "Safety plan review due" in _row(html, person)  # the yes made it due today
    assert "Risk check-in" not in _row(html, calm) and "Safety plan review due" not in _row(html, calm)


def test_a_new_version_after_the_risk_check_in_clears_its_flag(world, clients, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=_today(person))
    services.risk_check_in(actor=alice, person=person, on=_today(person), answers={"contact": "yes"})
    make_plan(person, alice, _changed(sample_sections(), "After the check-in"), made_on=_today(person))
    row = _row(clients("alice").get(reverse("people:my_people")).content.decode(), person)
    assert "Safety plan review due" not in row
    assert "Risk check-in: review the plan" not in row


def test_a_risk_check_in_with_a_yes_and_no_plan_is_flagged(world, clients, person):
    services.risk_check_in(actor=world.user("alice"), person=person, on=_today(person), answers={"court": "yes"})
    html = clients("alice").get(reverse("people:my_people")).content.decode()
    assert "Risk check-in: review the plan" in _row(html, person)


def test_the_team_view_counts_the_reviews_due_per_worker(world, clients, harbour):
    alice, bob = world.user("alice"), world.user("bob")
    today = agency_today(harbour)
    for alias, team, made_on in [
        ("Due A", [alice], DAY),
        ("Due AB", [alice, bob], DAY),
        ("Not due", [alice], today),
        ("Due B", [bob], DAY),
    ]:
        make_plan(make_person(harbour, alias=alias, team=team), alice if alice in team else bob, made_on=made_on)
    closed = make_person(harbour, alias="Closed due", team=[alice])
    make_plan(closed, alice, made_on=DAY)
    _close(closed)
    html = clients("sam").get(reverse("casework:team")).content.decode()
    assert '<th scope="col">Safety plan reviews due</th>' in html
    assert f'<th scope="row">{alice}</th><td>3</td><td>0</td><td><strong>2</strong></td>' in html
    assert f'<th scope="row">{bob}</th><td>2</td><td>0</td><td><strong>2</strong></td>' in html
    assert f'<th scope="row">{world.user("sam")}</th><td>0</td><td>0</td><td>0</td>' in html


def test_the_timeline_says_a_version_was_saved_or_a_check_in_made_never_what_they_say(world, clients, person):
    alice = world.user("alice")
    make_plan(person, alice, made_on=DAY)
    second = _changed(sample_sections(), "Words for version two")
    make_plan(person, alice, second, made_on=DAY + DAYS)
    services.card_save(actor=alice, person=person, heading="Tuesday", item_ids=["n1"])
    make_plan(person, alice, second, made_on=DAY + 2 * DAYS, review_days=14)  # the cadence alone
    services.risk_check_in(actor=alice, person=person, on=DAY + 3 * DAYS, answers={"court": "yes"}, note="Hearing")
    services.risk_check_in(actor=alice, person=person, on=DAY + 4 * DAYS, answers={"court": "no"})
    html = clients("alice").get(reverse("casework:timeline", args=[person.pk])).content.decode()
    assert "Safety plan · made" in html and "Safety plan · version 2" in html
    assert "Changed: Current risks and warning signs" in html
    assert "Changed: Wallet card" in html and "Changed: The review cadence" in html
    assert "Risk check-in · something changed" in html and "Risk check-in · nothing new" in html
    assert f'href="{url("compare", person)}?a=1&amp;b=2"' in html
    for words in (*CONTENT, "Words for version two", "Tuesday", "Hearing", "court date"):
        assert words not in html, words


# --- query counts -------------------------------------------------------------------------------------------


def _grow(person: Person, alice, versions: int, check_ins: int) -> None:
    start = person.plan_versions.count()
    for n in range(start, start + versions):
        sections = sample_sections()
        sections[0]["words"] = f"Version words {n}"
        sections[0]["items"] += [strategy(f"x{n}-{i}", f"Strategy {n}.{i}") for i in range(n % 4)]
        make_plan(person, alice, sections, made_on=_today(person))
    for n in range(check_ins):
        answers = {"contact": "yes" if n % 2 else "no"}
        services.risk_check_in(actor=alice, person=person, on=_today(person), answers=answers, note=f"Note {n}")
    services.card_save(actor=alice, person=person, heading=f"Tuesday {start}", item_ids=["n1", "t1"])


@pytest.mark.parametrize("name", list(BUDGETS))
def test_each_page_keeps_its_query_count_with_many_versions_and_check_ins(world, clients, person, name):
    alice = world.user("alice")
    client = clients("alice")
    _grow(person, alice, versions=2, check_ins=1)
    client.get(url(name, person))  # the session and the language settle on the first request
    few = _statements(client, url(name, person))
    _grow(person, alice, versions=25, check_ins=12)
    assert person.plan_versions.count() == 29 and person.risk_check_ins.count() == 13
    many = _statements(client, url(name, person))
    assert len(many) == len(few), (few, many)
    assert len(many) <= BUDGETS[name], f"{name}: {len(many)} queries, budget {BUDGETS[name]}: {many}"


def test_the_pages_show_every_version_and_only_the_latest_check_ins(world, clients, person):
    _grow(person, world.user("alice"), versions=12, check_ins=8)
    html = clients("alice").get(url("plan", person)).content.decode()
    assert html.count("Compare with version") == PlanVersion.objects.filter(person=person).count() - 1 == 12
    assert html.count("<blockquote>Note ") == 5  # the five latest check-ins
    assert "Note 7" in html and "Note 2" not in html
