"""The questionnaire pages with a person and the agency administrator's pages, through the HTTP client.

Who may reach what: an outsider gets the calm 404 on every person route, a role outside the route's class
a 403; queries stay constant in the number of responses. All wording is placeholder text.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from waypoint.audit.models import Event
from waypoint.casework.tests.factories import domain
from waypoint.core.templatetags.waypoint_dates import long_date
from waypoint.instruments import selectors, services
from waypoint.instruments.loader import shipped_definitions
from waypoint.instruments.models import InstrumentDefinition, InstrumentWording
from waypoint.instruments.placeholders import placeholder_wording
from waypoint.instruments.tests.factories import import_placeholder, record
from waypoint.people.models import Status, agency_today
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

pytestmark = pytest.mark.django_db

RULER = shipped_definitions()["readiness-ruler"]
AGENCY_LIST = reverse("instruments:agency_instruments")
UPLOAD = reverse("instruments:definition_upload")
# URICA's precontemplation items: the rest of the 32 (scored or not) are answered otherwise.
URICA_PC = (1, 5, 11, 13, 23, 26, 29)

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
    subscales:
      A: {score: sum}
    skips: {most: 1}
    total: A
    """)


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
    return make_person(harbour, alias="Instruments views", team=[world.user("alice"), world.user("hana")])


def questionnaires(person):
    return reverse("instruments:questionnaires", args=[person.pk])


def take(person, key):
    return reverse("instruments:take", args=[person.pk, key])


def result(response):
    return reverse("instruments:response", args=[response.person_id, response.pk])


def statements(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def suggestion_links(html: str) -> list[str]:
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', html) if "/stages/?" in href]


# --- the questionnaires page ------------------------------------------------------------------------


def test_the_page_lists_every_offer_for_the_role_and_says_which_need_their_wording(world, clients, person):
    html = clients("alice").get(questionnaires(person)).content.decode()
    for key in ("readiness-ruler", "stage-self-rating", "indicators", "urica", "vera-tvit-short"):
        assert f'href="{take(person, key)}"' in html, key
    assert "Trafficking Victim Identification Tool, short form (Vera TVIT)" in html
    assert html.count("Needs its wording: an agency administrator imports it before it can be used.") == 2
    assert "2 questions" in html  # the ruler
    assert "No questionnaire has been filled in with this person yet" in html
    assert '<form method="post"' not in html


def test_housing_staff_are_not_offered_what_is_not_for_their_role(world, clients, person):
    client = clients("hana")
    html = client.get(questionnaires(person)).content.decode()
    assert take(person, "readiness-ruler") in html and take(person, "vera-tvit-short") not in html
    assert client.get(take(person, "vera-tvit-short")).status_code == 404
    assert client.get(take(person, "no-such-questionnaire")).status_code == 404


def test_an_instrument_without_its_wording_explains_itself_and_has_no_form(world, clients, person):
    client = clients("alice")
    response = client.get(take(person, "vera-tvit-short"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Needs its wording" in html and "your agency adds them from its own copy" in html
    assert "Ask an agency administrator" in html
    assert shipped_definitions()["vera-tvit-short"].licence.source.split()[0] in html
    assert '<form method="post"' not in html and 'name="item_1"' not in html
    # Posting anyway saves nothing.
    assert client.post(take(person, "vera-tvit-short"), {"item_1": "1"}).status_code == 200
    assert not person.responses.exists()


# --- taking one -------------------------------------------------------------------------------------


def test_the_form_shows_each_item_its_skip_and_why_we_ask(world, clients, person):
    html = clients("alice").get(take(person, "readiness-ruler")).content.decode()
    assert '<form method="post"' in html
    for item in RULER.items:
        assert item.text.en in html and item.why.en in html
        assert f'name="item_{item.number}" value="skip"' in html
        assert all(f'name="item_{item.number}" value="{n}"' in html for n in range(11))
    assert html.count("Skip this question") == 2
    assert "0 – Not at all" in html and "10 – Very much" in html
    assert 'name="domain"' in html and domain(person.agency, "housing").label in html
    assert f'value="{agency_today(person.agency).isoformat()}"' in html


def test_the_domain_in_the_query_is_chosen_already(world, clients, person):
    housing = domain(person.agency, "housing")
    html = clients("alice").get(take(person, "readiness-ruler"), {"domain": str(housing.pk)}).content.decode()
    assert f'<option value="{housing.pk}" selected>' in html


def test_a_ruler_saved_opens_its_result_with_figures_and_a_stage_check_in_to_suggest(world, clients, person):
    client = clients("alice")
    housing = domain(person.agency, "housing")
    today = agency_today(person.agency)
    data = {"domain": str(housing.pk), "taken_on": today.isoformat(), "item_1": "7", "item_2": "4"}
    posted = client.post(take(person, "readiness-ruler"), data)
    saved = person.responses.get()
    assert posted.status_code == 302 and posted["Location"] == result(saved)
    assert saved.answer_map() == {1: 7, 2: 4} and saved.domain == housing and saved.author == world.user("alice")
    html = client.get(posted["Location"]).content.decode()
    assert "Saved and scored." in html
    assert "<div><dt>Importance</dt><dd>7</dd></div>" in html and "<div><dt>Confidence</dt><dd>4</dd></div>" in html
    assert "About: Housing." in html and "(version 1)" in html
    (link,) = suggestion_links(html)
    parts = urlsplit(link)
    assert parts.path == reverse("casework:stages", args=[person.pk]) and parts.fragment == "check-in"
    # The lower of 7 and 4 is in the 3–5 band.
    assert parse_qs(parts.query) == {"stage": ["contemplation"], "source": ["ruler"], "domain": [str(housing.pk)]}
    assert "Record a stage check-in: Contemplation (suggested by this result)" in html
    # The suggestion is a link: nothing recorded for the worker until they confirm.
    assert client.get(link).status_code == 200
    assert not person.stage_check_ins.exists()


def test_a_self_rating_suggests_the_stage_the_person_chose(world, clients, person):
    client = clients("alice")
    leaving = domain(person.agency, "leaving")
    data = {"domain": str(leaving.pk), "taken_on": agency_today(person.agency).isoformat(), "item_1": "4"}
    posted = client.post(take(person, "stage-self-rating"), data)
    assert posted.status_code == 302
    html = client.get(posted["Location"]).content.decode()
    (link,) = suggestion_links(html)
    query = parse_qs(urlsplit(link).query)
    assert query == {"stage": ["action"], "source": ["self_rating"], "domain": [str(leaving.pk)]}
    assert "I&#x27;ve started making this change" in html


def test_urica_after_its_wording_suggests_a_stage_from_readiness_without_a_part_of_life(
    world, clients, person, harbour
):
    import_placeholder(world.user("adam"), harbour, "urica")
    client = clients("alice")
    html = client.get(take(person, "urica")).content.decode()
    assert "Placeholder for item 32" in html and html.count("Skip this question") == 32
    assert 'name="domain"' not in html
    data = {"taken_on": agency_today(harbour).isoformat()}
    data |= {f"item_{n}": ("1" if n in URICA_PC else "4") for n in range(1, 33)}
    posted = client.post(take(person, "urica"), data)
    assert posted.status_code == 302
    html = client.get(posted["Location"]).content.decode()
    # PC 1, C = A = M = 4: readiness 4 + 4 + 4 - 1 = 11, short of 12.
    assert "<div><dt>Precontemplation (PC)</dt><dd>1</dd></div>" in html
    assert "<div><dt>Readiness (C + A + M − PC)</dt><dd>11</dd></div>" in html
    (link,) = suggestion_links(html)
    assert parse_qs(urlsplit(link).query) == {"stage": ["contemplation"], "source": ["urica"]}
    assert "1. Placeholder for item 1" in html and "4 – Agree" in html


def test_a_result_with_no_suggestion_has_no_suggestion_panel(world, clients, person):
    response = record(person, world.user("alice"), "indicators", {1: 1, 2: 0, 3: None})
    html = clients("alice").get(result(response)).content.decode()
    assert "What this may suggest" not in html and not suggestion_links(html)
    assert "<div><dt>Questions skipped</dt><dd>10</dd></div>" in html


def test_a_result_says_why_a_figure_has_no_score(world, clients, person, harbour):
    alice = world.user("alice")
    client = clients("alice")
    ruler = record(person, alice, "readiness-ruler", {1: 6, 2: None})
    html = client.get(result(ruler)).content.decode()
    assert "<div><dt>Confidence</dt><dd>no score</dd></div>" in html
    assert "Some figures have no score: no question of theirs was answered." in html
    assert "<td>Skipped</td>" in html
    import_placeholder(world.user("adam"), harbour, "urica")
    answers = {n: (None if n <= 5 else 3) for n in range(1, 33)}
    urica = record(person, alice, "urica", answers)
    html = client.get(result(urica)).content.decode()
    assert "5 questions were skipped; this questionnaire gives a score when at most 4 are." in html
    assert html.count("<dd>no score</dd>") == 5 and "<div><dt>Questions skipped</dt><dd>5</dd></div>" in html


def test_imported_wording_is_shown_as_text_never_as_markup(world, clients, person, harbour):
    lines = placeholder_wording(shipped_definitions()["vera-tvit-short"]).splitlines()
    lines[1] = "1\tPlaceholder <b>one</b>\tTexte <b>un</b>"
    services.import_wording(
        actor=world.user("adam"), agency=harbour, definition_key="vera-tvit-short", file_text="\n".join(lines)
    )
    html = clients("alice").get(take(person, "vera-tvit-short")).content.decode()
    assert "Placeholder &lt;b&gt;one&lt;/b&gt;" in html and "<b>one</b>" not in html


def test_missing_answers_re_render_with_errors_and_save_nothing(world, clients, person):
    client = clients("alice")
    response = client.post(take(person, "readiness-ruler"), {"item_1": "5"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Some answers need another look" in html
    assert 'id="id_domain_error"' in html and 'id="id_taken_on_error"' in html
    assert 'aria-describedby="id_domain_error id_domain_helptext"' in html
    assert not person.responses.exists()


@pytest.mark.parametrize("answer", ["11", "-1", "five"])
def test_an_answer_out_of_range_re_renders_with_its_error_and_saves_nothing(world, clients, person, answer):
    data = {
        "domain": str(domain(person.agency, "housing").pk),
        "taken_on": agency_today(person.agency).isoformat(),
        "item_1": answer,
        "item_2": "4",
    }
    response = clients("alice").post(take(person, "readiness-ruler"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_item_1_error"' in html and "Select a valid choice" in html
    assert 'id="id_item_2_error"' not in html
    assert not person.responses.exists()


def test_a_future_day_and_everything_skipped_are_refused(world, clients, person):
    client = clients("alice")
    housing = str(domain(person.agency, "housing").pk)
    tomorrow = agency_today(person.agency) + datetime.timedelta(days=1)
    future = client.post(
        take(person, "readiness-ruler"), {"domain": housing, "taken_on": tomorrow.isoformat(), "item_1": "3"}
    )
    assert future.status_code == 200 and "Choose today or an earlier date." in future.content.decode()
    skipped = client.post(
        take(person, "readiness-ruler"),
        {"domain": housing, "taken_on": agency_today(person.agency).isoformat(), "item_1": "skip", "item_2": "skip"},
    )
    html = skipped.content.decode()
    assert skipped.status_code == 200 and 'class="form-errors" role="alert"><p>Nothing was answered' in html
    assert not person.responses.exists()


def test_an_item_that_may_not_be_skipped_has_no_skip_and_needs_an_answer(world, clients, person, harbour):
    assert clients("adam").post(UPLOAD, {"text": OWN}).status_code == 302
    client = clients("alice")
    html = client.get(take(person, "placeholder-own")).content.decode()
    assert 'name="item_1" value="skip"' in html and 'name="item_2" value="skip"' not in html
    response = client.post(
        take(person, "placeholder-own"), {"taken_on": agency_today(harbour).isoformat(), "item_1": "2"}
    )
    assert response.status_code == 200
    assert "This question needs an answer: it cannot be skipped." in response.content.decode()
    assert not person.responses.exists()


def test_a_closed_record_redirects_with_a_message_and_saves_nothing(world, clients, harbour):
    closed = make_person(harbour, alias="Closed record", team=[world.user("alice")], status=Status.CLOSED)
    client = clients("alice")
    gone = client.get(take(closed, "readiness-ruler"))
    assert gone.status_code == 302 and gone["Location"] == questionnaires(closed)
    data = {
        "domain": str(domain(harbour, "housing").pk),
        "taken_on": agency_today(harbour).isoformat(),
        "item_1": "5",
        "item_2": "5",
    }
    posted = client.post(take(closed, "readiness-ruler"), data)
    assert posted.status_code == 302 and not closed.responses.exists()
    html = client.get(questionnaires(closed)).content.decode()
    assert html.count("This record is closed: questionnaires can be read but not added.") >= 2
    assert take(closed, "readiness-ruler") not in html and "Readiness ruler" in html


def test_a_closed_records_result_suggests_nothing(world, clients, person):
    response = record(person, world.user("alice"), "readiness-ruler", {1: 9, 2: 9})
    client = clients("alice")
    assert suggestion_links(client.get(result(response)).content.decode())
    person.status = Status.CLOSED
    person.save(update_fields=["status"])
    html = client.get(result(response)).content.decode()
    assert "<dd>9</dd>" in html and not suggestion_links(html)


# --- who may reach the person pages -----------------------------------------------------------------


def _person_routes(world, person, harbour):
    import_placeholder(world.user("adam"), harbour, "urica")
    response = record(person, world.user("alice"), "readiness-ruler", {1: 6, 2: 4})
    return [questionnaires(person), take(person, "readiness-ruler"), take(person, "urica"), result(response)]


def test_an_outsider_gets_the_calm_404_on_every_person_route(world, clients, person, harbour):
    client = clients("oscar")
    for url in _person_routes(world, person, harbour):
        for answer in (client.get(url), client.post(url, {"item_1": "5"})):
            assert answer.status_code == 404, url
            assert b"Instruments views" not in answer.content
    assert person.responses.count() == 1


def test_an_advocate_off_the_care_team_gets_404_and_the_supervisor_reads(world, clients, person, harbour):
    routes = _person_routes(world, person, harbour)
    for url in routes:
        assert clients("bob").get(url).status_code == 404, url
        assert clients("sam").get(url).status_code == 200, url


def test_roles_outside_clinical_work_get_403_and_a_stranger_the_sign_in(world, clients, person, harbour):
    routes = _person_routes(world, person, harbour)
    for url in routes:
        for who in ("pat", "ines", "cora", "adam", "peter"):
            assert clients(who).get(url).status_code == 403, (who, url)
        anonymous = clients("anonymous").get(url)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_a_result_is_only_found_under_its_own_person(world, clients, person, harbour):
    other = make_person(harbour, alias="Someone else", team=[world.user("alice")])
    response = record(other, world.user("alice"), "readiness-ruler", {1: 6, 2: 4})
    url = reverse("instruments:response", args=[person.pk, response.pk])
    assert clients("alice").get(url).status_code == 404


# --- results over time ------------------------------------------------------------------------------


def test_results_over_time_are_drawn_and_tabled(world, clients, person):
    alice = world.user("alice")
    housing = domain(person.agency, "housing")
    days = [datetime.date(2026, 3, 1), datetime.date(2026, 5, 1), datetime.date(2026, 7, 1)]
    for n, day in enumerate(days):
        record(person, alice, "readiness-ruler", {1: 3 + n, 2: 5 + n}, taken_on=day, domain=housing)
    record(person, alice, "readiness-ruler", {1: 1, 2: 1}, taken_on=days[0], domain=domain(person.agency, "leaving"))
    html = clients("alice").get(questionnaires(person)).content.decode()
    section = html[html.index(f'id="results-readiness-ruler-{housing.pk}"') :]
    section = section[: section.index("</section>")]
    assert "Readiness ruler · Housing" in section
    summary = re.search(r'-summary">([^<]+)</p>', section).group(1)
    assert summary.startswith(f"Taken 3 times from {long_date(days[0])} to {long_date(days[-1])}; the latest: ")
    assert "Importance 5" in summary and "Confidence 7" in summary
    assert section.count("<svg") == 1 and 'role="img"' in section and "<script" not in section
    assert "The 3 results as a table" in section
    headings = re.findall(r'<th scope="col">([^<]+)</th>', section)
    assert headings[0] == "Date" and sorted(headings[1:3]) == ["Confidence", "Importance"]
    table = section[section.index("<tbody>") : section.index("</tbody>")]
    assert table.count("<tr>") == 3
    # Newest first, each row's figures in the heading's order.
    assert table.index(long_date(days[-1])) < table.index(long_date(days[0]))
    for importance, confidence in ((5, 7), (3, 5)):
        values = {"Importance": importance, "Confidence": confidence}
        assert "".join(f"<td>{values[name]}</td>" for name in headings[1:3]) in table
    assert "Readiness ruler · Leaving the trafficking situation" in html
    assert html.count('class="instrument-history"') == 2
    assert " style=" not in html


def test_figures_are_shown_in_the_order_the_definition_lists_them(world, clients, person, harbour):
    import_placeholder(world.user("adam"), harbour, "urica")
    response = record(person, world.user("alice"), "urica", dict.fromkeys(range(1, 33), 3))
    ruler = record(person, world.user("alice"), "readiness-ruler", {1: 8, 2: 2})
    client = clients("alice")
    shown = re.findall(r"<dt>([^<]+)</dt>", client.get(result(response)).content.decode())
    assert shown[:5] == [
        "Precontemplation (PC)",
        "Contemplation (C)",
        "Action (A)",
        "Maintenance (M)",
        "Readiness (C + A + M − PC)",
    ]
    shown = re.findall(r"<dt>([^<]+)</dt>", client.get(result(ruler)).content.decode())
    assert shown[:2] == ["Importance", "Confidence"]


def test_the_questionnaires_page_costs_the_same_with_few_and_many_responses(world, clients, person, harbour):
    alice = world.user("alice")
    import_placeholder(world.user("adam"), harbour, "urica")
    urica = {n: (n % 5) + 1 for n in range(1, 33)}
    record(person, alice, "readiness-ruler", {1: 6, 2: 4})
    record(person, alice, "urica", urica)
    client = clients("alice")
    url = questionnaires(person)
    client.get(url)
    few = statements(client, url)
    for n in range(12):
        day = datetime.date(2026, 1, 1) + datetime.timedelta(days=n)
        record(person, alice, "readiness-ruler", {1: n % 11, 2: 4}, taken_on=day, domain=domain(harbour, "housing"))
        record(person, alice, "stage-self-rating", {1: n % 6 + 1}, taken_on=day, domain=domain(harbour, "health"))
        record(person, alice, "urica", urica, taken_on=day)
    many = statements(client, url)
    assert len(many) == len(few), (few, many)
    assert client.get(url).content.decode().count('class="instrument-history"') == 4


def test_a_result_page_costs_the_same_with_few_and_many_responses(world, clients, person, harbour):
    alice = world.user("alice")
    import_placeholder(world.user("adam"), harbour, "urica")
    urica = {n: (n % 5) + 1 for n in range(1, 33)}
    shown = record(person, alice, "urica", urica)
    client = clients("alice")
    client.get(result(shown))
    few = statements(client, result(shown))
    for n in range(15):
        record(person, alice, "urica", urica, taken_on=datetime.date(2026, 2, 1) + datetime.timedelta(days=n))
        record(person, alice, "readiness-ruler", {1: n % 11, 2: 3})
    many = statements(client, result(shown))
    assert len(many) == len(few), (few, many)


# --- the agency administrator's pages ---------------------------------------------------------------


def wording_url(key: str) -> str:
    return reverse("instruments:wording_import", args=[key])


def test_the_list_says_which_questionnaires_need_their_wording(world, clients):
    html = clients("adam").get(AGENCY_LIST).content.decode()
    assert html.count("<strong>Needs its wording</strong>") == 2
    assert f'href="{wording_url("vera-tvit-short")}"' in html and f'href="{wording_url("urica")}"' in html
    assert wording_url("readiness-ruler") not in html
    assert "None yet." in html and f'href="{UPLOAD}"' in html


def test_placeholder_wording_uploaded_as_a_file_is_imported(world, clients, harbour):
    client = clients("adam")
    page = client.get(wording_url("vera-tvit-short")).content.decode()
    assert "One line for each of the 16 questions" in page and 'enctype="multipart/form-data"' in page
    text = placeholder_wording(shipped_definitions()["vera-tvit-short"])
    upload = SimpleUploadedFile("tvit.txt", text.encode("utf-8"), content_type="text/plain")
    # A browser sends the empty text box alongside the file.
    response = client.post(wording_url("vera-tvit-short"), {"file": upload, "text": ""})
    assert response.status_code == 302 and response["Location"] == AGENCY_LIST
    html = client.get(AGENCY_LIST).content.decode()
    assert "Wording imported: staff can now use Trafficking Victim Identification Tool" in html
    assert "Ready: wording imported on" in html and html.count("<strong>Needs its wording</strong>") == 1
    assert not selectors.offer(harbour.pk, "vera-tvit-short").needs_wording
    assert Event.objects.filter(action="instrument.wording_imported").count() == 1


def test_a_spreadsheets_unicode_text_file_is_read(world, clients, harbour):
    text = placeholder_wording(shipped_definitions()["urica"])
    upload = SimpleUploadedFile("urica.txt", text.encode("utf-16"), content_type="text/plain")
    response = clients("adam").post(wording_url("urica"), {"file": upload, "text": ""})
    assert response.status_code == 302
    assert not selectors.offer(harbour.pk, "urica").needs_wording


def test_a_windows_excel_text_file_is_read_with_its_accents(world, clients, harbour):
    text = placeholder_wording(shipped_definitions()["vera-tvit-short"])
    upload = SimpleUploadedFile("tvit.txt", text.encode("cp1252"), content_type="text/plain")
    response = clients("adam").post(wording_url("vera-tvit-short"), {"file": upload, "text": ""})
    assert response.status_code == 302
    wording = InstrumentWording.objects.get()
    assert wording.items["1"]["fr"].startswith("Texte provisoire de l’énoncé 1")


def test_a_file_that_is_not_text_is_refused_with_what_to_do(world, clients, harbour):
    upload = SimpleUploadedFile("tvit.txt", b"1\t\x81\x8d\x8f\x90\x9d", content_type="text/plain")
    response = clients("adam").post(wording_url("vera-tvit-short"), {"file": upload, "text": ""})
    assert response.status_code == 200
    assert "The file could not be read as text. Save it as UTF-8 text" in response.content.decode()
    assert not InstrumentWording.objects.exists()


def test_a_broken_wording_file_shows_its_lines_and_saves_nothing(world, clients, harbour):
    lines = placeholder_wording(shipped_definitions()["vera-tvit-short"]).splitlines()
    lines[3] = "3\tPlaceholder with no French"
    lines[5] = "5\tPlaceholder five\tTexte cinq\textra"
    client = clients("adam")  # signing in is audited: count after it
    before = Event.objects.count()
    response = client.post(wording_url("vera-tvit-short"), {"text": "\n".join(lines)})
    html = response.content.decode()
    assert response.status_code == 200 and 'class="form-errors" role="alert"' in html
    assert "Line 4: expected 3 columns separated by tabs (number, English, French), found 2." in html
    assert "Line 6: expected 3 columns separated by tabs (number, English, French), found 4." in html
    assert "missing: 3, 5." in html
    assert not InstrumentWording.objects.exists() and Event.objects.count() == before
    assert selectors.offer(harbour.pk, "vera-tvit-short").needs_wording


def test_nothing_given_asks_for_a_file_or_its_text(world, clients):
    response = clients("adam").post(wording_url("urica"), {"text": "   "})
    assert response.status_code == 200 and "Choose a file, or paste its text." in response.content.decode()
    assert not InstrumentWording.objects.exists()


def test_an_instrument_that_comes_with_its_wording_has_no_wording_page(world, clients):
    client = clients("adam")
    assert client.get(wording_url("readiness-ruler")).status_code == 404
    assert client.get(wording_url("no-such-questionnaire")).status_code == 404


def test_a_broken_definition_names_line_and_field_and_saves_nothing(world, clients):
    text = OWN.replace("  min: 1\n  max: 5", "  min: 5\n  max: 1")
    line = text.splitlines().index("  min: 5") + 1
    client = clients("adam")
    before = (InstrumentDefinition.objects.count(), Event.objects.count())
    response = client.post(UPLOAD, {"text": text})
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<p>line {line}, scale.min: must be less than scale.max (1)</p>" in html
    assert (InstrumentDefinition.objects.count(), Event.objects.count()) == before


def test_a_valid_definition_file_is_saved_and_listed(world, clients, harbour):
    client = clients("adam")
    upload = SimpleUploadedFile("own.yaml", OWN.encode("utf-8"), content_type="application/yaml")
    response = client.post(UPLOAD, {"file": upload, "text": ""})
    assert response.status_code == 302 and response["Location"] == AGENCY_LIST
    row = InstrumentDefinition.objects.get(agency=harbour, key="placeholder-own")
    assert row.version == 1 and row.created_by == world.user("adam")
    html = client.get(AGENCY_LIST).content.decode()
    assert "Saved Placeholder check-in, version 1. Earlier responses keep their own version." in html
    assert "Placeholder check-in · version 1" in html and "None yet." not in html
    again = client.post(UPLOAD, {"text": OWN})
    assert again.status_code == 200 and "nothing new to save" in again.content.decode()
    assert InstrumentDefinition.objects.filter(agency=harbour).count() == 1


def test_another_agencys_definitions_and_wording_are_its_own(world, clients, harbour):
    ada, _secret = make_user("ada@test.waypoint.invalid", agency=world.agencies["elsewhere"], role="agency_admin")
    services.upload_definition(actor=ada, agency=world.agencies["elsewhere"], file_text=OWN)
    import_placeholder(ada, world.agencies["elsewhere"], "urica")
    theirs = Client()
    theirs.force_login(ada)
    assert "Placeholder check-in · version 1" in theirs.get(AGENCY_LIST).content.decode()
    html = clients("adam").get(AGENCY_LIST).content.decode()
    assert "Placeholder check-in" not in html and html.count("<strong>Needs its wording</strong>") == 2
    person = make_person(harbour, alias="Not theirs", team=[world.user("alice")])
    assert clients("alice").get(take(person, "placeholder-own")).status_code == 404


def test_the_list_costs_the_same_with_few_and_many_definitions(world, clients, harbour):
    client = clients("adam")
    client.get(AGENCY_LIST)
    few = statements(client, AGENCY_LIST)
    import_placeholder(world.user("adam"), harbour, "urica")
    for n in range(6):
        client.post(UPLOAD, {"text": OWN.replace("key: placeholder-own", f"key: placeholder-own-{n}")})
    many = statements(client, AGENCY_LIST)
    assert len(many) == len(few), (few, many)


@pytest.mark.parametrize("who", ["alice", "sam", "pat", "ines", "cora", "peter", "oscar"])
def test_only_an_agency_administrator_reaches_the_agency_pages(world, clients, who):
    client = clients(who)
    for url in (AGENCY_LIST, UPLOAD, wording_url("urica")):
        assert client.get(url).status_code == 403, url
    assert client.post(UPLOAD, {"text": OWN}).status_code == 403
    assert client.post(wording_url("urica"), {"text": "1\tx\ty"}).status_code == 403
    assert not InstrumentDefinition.objects.filter(agency__isnull=False).exists()
    assert not InstrumentWording.objects.exists()


def test_a_stranger_is_sent_to_sign_in_from_the_agency_pages(world, clients):
    for url in (AGENCY_LIST, UPLOAD, wording_url("urica")):
        response = clients("anonymous").get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
