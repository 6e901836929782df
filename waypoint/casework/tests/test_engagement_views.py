"""The engagement log over HTTP: the full form, the quick add (plain and htmx), corrections, who sees what."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.casework.models import Encounter, EncounterKind, Task, TaskSource
from waypoint.casework.tests.factories import domain, make_encounter
from waypoint.people import access
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

SECRET = "Said the landlord kept her passport"
OWN = "I am not going back there"
HTMX = {"HTTP_HX_REQUEST": "true"}
QUICK_ADD_BUDGET = 20


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Wren", team=[world.user("alice")])


def local_now(person, delta=datetime.timedelta(0)):
    zone = datetime.datetime.now(tz=datetime.UTC).astimezone(__import__("zoneinfo").ZoneInfo(person.agency.time_zone))
    return (zone + delta).strftime("%Y-%m-%dT%H:%M")


def tomorrow(person):
    return (access.agency_today(person.agency) + datetime.timedelta(days=1)).isoformat()


def add_url(person):
    return reverse("casework:encounter_add", args=[person.pk])


def statements(captured):
    """Queries a request ran, without the savepoints that exist only because each test runs in a transaction."""
    return [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


# --- the full form ---------------------------------------------------------------------------------


def test_the_full_form_defaults_to_now_and_the_kind_used_last(world, clients, person):
    make_encounter(person, world.user("alice"), kind=EncounterKind.PHONE)
    body = clients("alice").get(add_url(person)).content.decode()
    assert 'type="datetime-local"' in body and f'value="{local_now(person)[:13]}' in body
    assert '<option value="phone" selected>' in body
    # Staff of the agency are offered, the author is counted without a box; the agency's needs are listed.
    assert world.user("bob").display_name in body and world.user("oscar").display_name not in body
    assert f'value="{world.user("alice").pk}"' not in body
    assert str(domain(person.agency).pk) in body


def test_a_plain_post_creates_the_encounter_with_a_follow_up_and_redirects(world, clients, person):
    bob = world.user("bob")
    housing = domain(person.agency)
    client = clients("alice")
    response = client.post(
        add_url(person),
        {
            "kind": "outreach",
            "occurred_at": local_now(person),
            "duration_minutes": "25",
            "place_kind": "street",
            "staff": [str(bob.pk)],
            "summary": SECRET,
            "own_words": OWN,
            "needs": [str(housing.pk)],
            "follow_up_on": tomorrow(person),
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("casework:engagement", args=[person.pk])
    encounter = access.rows_of_person(person, Encounter).get()
    assert encounter.summary == SECRET and encounter.own_words == OWN and encounter.needs == [housing.pk]
    assert set(encounter.staff_present.values_list("user_id", flat=True)) == {world.user("alice").pk, bob.pk}
    task = access.rows_of_person(person, Task).get()
    assert task.source == TaskSource.ENCOUNTER and task.assignee == world.user("alice")
    assert SECRET not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert "Contact logged." in page and SECRET in page
    assert "In their words" in page and f"<blockquote>{OWN}</blockquote>" in page
    assert housing.label in page and "Street" in page and bob.display_name in page


def test_validation_errors_are_shown_at_their_fields_and_nothing_typed_is_lost(world, clients, person):
    response = clients("alice").post(
        add_url(person),
        {
            "kind": "phone",
            "occurred_at": local_now(person, datetime.timedelta(days=2)),
            "duration_minutes": "5000",
            "summary": SECRET,
            "own_words": OWN,
            "follow_up_on": "2001-01-01",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200 and not access.rows_of_person(person, Encounter).exists()
    assert 'id="id_occurred_at_error"' in body and "not in the future" in body
    assert 'id="id_duration_minutes_error"' in body and 'id="id_follow_up_on_error"' in body
    assert SECRET in body and OWN in body and 'value="5000"' in body and '<option value="phone" selected>' in body


# --- the quick add ----------------------------------------------------------------------------------


def test_a_quick_add_without_javascript_posts_and_comes_back_to_where_it_started(world, clients, person):
    client = clients("alice")
    response = client.post(add_url(person), {"quick": "caseload", "kind": "drop_in", "occurred_at": local_now(person)})
    assert response.status_code == 302 and response["Location"] == reverse("people:my_people")
    response = client.post(add_url(person), {"quick": "panel", "kind": "drop_in", "occurred_at": local_now(person)})
    assert response["Location"] == reverse("people:person_detail", args=[person.pk])
    assert access.rows_of_person(person, Encounter).count() == 2


def test_a_quick_add_with_an_error_and_no_javascript_opens_the_full_form_with_what_was_typed(world, clients, person):
    response = clients("alice").post(
        add_url(person),
        {"quick": "caseload", "kind": "phone", "occurred_at": "", "summary": SECRET, "follow_up_on": tomorrow(person)},
    )
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_occurred_at_error"' in body
    assert SECRET in body and tomorrow(person) in body and 'name="own_words"' in body


def test_a_quick_add_from_the_caseload_row_returns_the_row_with_last_contact_and_follow_up(world, clients, person):
    client = clients("alice")
    before = client.get(reverse("people:my_people")).content.decode()
    assert "never" in before
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            add_url(person),
            {
                "quick": "caseload",
                "kind": "phone",
                "occurred_at": local_now(person),
                "summary": SECRET,
                "follow_up_on": tomorrow(person),
            },
            **HTMX,
        )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith(f'<tr id="row-{person.pk}"') and "<html" not in body
    assert "never" not in body and "Contact logged." in body
    from waypoint.core.templatetags.waypoint_dates import long_date

    assert long_date(access.agency_today(person.agency) + datetime.timedelta(days=1)) in body
    next_form = client.get(add_url(person), {"quick": "caseload"}, **HTMX).content.decode()
    assert '<option value="phone" selected>' in next_form  # the next quick add starts from the kind just used
    assert SECRET not in body  # the row never shows a summary
    # 20 statements, whatever the caseload holds (next test): the session, user, membership and MFA check (4);
    # the gate and its read event (1 + 3: each hash-chained audit event is a lock, a read and an insert);
    # the service's membership checks (2: the worker, the follow-up's assignee), the encounter and its staff
    # row (2), its audit event (3); the follow-up task (1) and its audit event (3); the row (1). The plan's 12
    # did not count the audit chain: 9 of the 20 are its three events.
    sql = statements(captured)
    assert len(sql) <= QUICK_ADD_BUDGET, sql
    assert not [m for m in response.wsgi_request._messages]  # no message left for the next full page


def test_the_quick_add_query_count_does_not_grow_with_the_caseload(world, clients, person):
    alice = world.user("alice")
    client = clients("alice")
    data = {"quick": "caseload", "kind": "phone", "occurred_at": local_now(person), "follow_up_on": tomorrow(person)}

    def quick_add():
        with CaptureQueriesContext(connection) as captured:
            assert client.post(add_url(person), data, **HTMX).status_code == 200
        return statements(captured)

    quick_add()  # the first one keeps the kind in the session (one write); the next ones find it there
    few = quick_add()
    for i in range(10):
        other = make_person(world.agencies["harbour"], alias=f"Other {i}", team=[alice])
        make_encounter(other, alice, follow_up_on=access.agency_today(person.agency))
        make_encounter(person, alice, follow_up_on=access.agency_today(person.agency))
    many = quick_add()
    assert len(many) == len(few) <= QUICK_ADD_BUDGET


def test_a_quick_add_from_the_person_page_returns_the_panel(world, clients, person):
    response = clients("alice").post(
        add_url(person),
        {"quick": "panel", "kind": "text_online", "occurred_at": local_now(person), "summary": SECRET},
        **HTMX,
    )
    body = response.content.decode()
    assert body.lstrip().startswith('<section class="panel" id="panel-engagement"')
    assert "Contact logged." in body and "Text or online" in body and SECRET in body


def test_an_htmx_quick_add_with_an_error_keeps_what_was_typed_in_the_partial(world, clients, person):
    response = clients("alice").post(
        add_url(person),
        {"quick": "caseload", "kind": "phone", "occurred_at": "", "summary": SECRET, "follow_up_on": "2001-01-01"},
        **HTMX,
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith(f'<tr id="row-{person.pk}"')
    assert f"-{person.pk}-when_error" in body and f"-{person.pk}-follow_error" in body
    assert SECRET in body and 'value="2001-01-01"' in body and "<details" in body and " open>" in body
    assert not access.rows_of_person(person, Encounter).exists()


def test_summaries_and_own_words_never_reach_the_audit_trail(world, clients, person):
    client = clients("alice")
    client.post(
        add_url(person),
        {"kind": "phone", "occurred_at": local_now(person), "summary": SECRET, "own_words": OWN},
    )
    encounter = access.rows_of_person(person, Encounter).get()
    client.post(
        reverse("casework:encounter_correct", args=[person.pk, encounter.pk]),
        {"kind": "phone", "occurred_at": local_now(person), "summary": SECRET + " (fixed)", "own_words": OWN},
    )
    for event in Event.objects.all():
        text = f"{event.action} {event.target_id} {event.purpose} {event.detail}"
        assert SECRET not in text and OWN not in text and "landlord" not in text


# --- the log and corrections ---------------------------------------------------------------------------


def test_the_log_shows_the_newest_first_and_offers_correct_only_on_the_viewer_s_own_entries(world, clients, person):
    alice, sam = world.user("alice"), world.user("sam")
    mine, _ = make_encounter(person, alice, summary="Older", occurred_at=timezone.now() - datetime.timedelta(days=3))
    theirs, _ = make_encounter(person, sam, summary="Newer")
    body = clients("alice").get(reverse("casework:engagement", args=[person.pk])).content.decode()
    assert body.index("Newer") < body.index("Older")
    assert reverse("casework:encounter_correct", args=[person.pk, mine.pk]) in body
    assert reverse("casework:encounter_correct", args=[person.pk, theirs.pk]) not in body


def test_only_the_author_may_correct_an_entry_others_get_the_calm_not_found(world, clients, person):
    alice, sam = world.user("alice"), world.user("sam")
    encounter, _ = make_encounter(person, alice)
    url = reverse("casework:encounter_correct", args=[person.pk, encounter.pk])
    assert clients("alice").get(url).status_code == 200
    for key in ("sam", "bob", "oscar"):
        response = clients(key).get(url)
        assert response.status_code == 404 and "This record is not open to you" in response.content.decode(), key
    response = clients("sam").post(url, {"kind": "phone", "occurred_at": local_now(person), "summary": "Changed"})
    assert response.status_code == 404
    encounter.refresh_from_db()
    assert encounter.summary == "Talked about the week." and sam.pk != encounter.author_id


def test_a_correction_within_a_day_needs_no_reason_and_keeps_the_form_prefilled(world, clients, person):
    encounter, _ = make_encounter(person, world.user("alice"), summary="First words", kind=EncounterKind.GROUP)
    url = reverse("casework:encounter_correct", args=[person.pk, encounter.pk])
    client = clients("alice")
    body = client.get(url).content.decode()
    assert "First words" in body and '<option value="group" selected>' in body and "needs a reason" not in body
    response = client.post(url, {"kind": "group", "occurred_at": local_now(person), "summary": "Better words"})
    assert response.status_code == 302
    encounter.refresh_from_db()
    assert encounter.summary == "Better words" and encounter.corrected_at is not None
    assert "Corrected on" in client.get(reverse("casework:engagement", args=[person.pk])).content.decode()


def test_after_24_hours_a_correction_says_why_and_the_page_says_so_before_typing(world, clients, person):
    encounter, _ = make_encounter(person, world.user("alice"), summary="Old words")
    Encounter.objects.filter(pk=encounter.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    url = reverse("casework:encounter_correct", args=[person.pk, encounter.pk])
    client = clients("alice")
    assert "needs a reason" in client.get(url).content.decode()
    data = {"kind": "phone", "occurred_at": local_now(person, -datetime.timedelta(days=1)), "summary": "New words"}
    response = client.post(url, data)
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_reason_error"' in body and "New words" in body
    encounter.refresh_from_db()
    assert encounter.summary == "Old words"
    response = client.post(url, {**data, "reason": "Wrong day written down"})
    assert response.status_code == 302
    encounter.refresh_from_db()
    assert encounter.summary == "New words" and encounter.correction_reason == "Wrong day written down"
    # The reason is for the author and supervisors; the earlier text stays in history.
    assert "Wrong day written down" in client.get(reverse("casework:engagement", args=[person.pk])).content.decode()
    assert "Old words" in [v.summary for v in access.history_of_person(person, Encounter)]


def test_another_agency_and_other_caseloads_get_404_on_every_engagement_page(world, clients, person):
    encounter, _ = make_encounter(person, world.user("alice"))
    urls = [
        reverse("casework:engagement", args=[person.pk]),
        add_url(person),
        reverse("casework:encounter_correct", args=[person.pk, encounter.pk]),
    ]
    for key in ("oscar", "bob"):
        client = clients(key)
        for url in urls:
            assert client.get(url).status_code == 404, (key, url)
        response = client.post(add_url(person), {"kind": "phone", "occurred_at": local_now(person)}, **HTMX)
        assert response.status_code == 404
    for key in ("pat", "ines", "peter", "cora", "adam"):
        assert clients(key).get(urls[0]).status_code in (403, 404), key
    assert access.rows_of_person(person, Encounter).count() == 1


def test_a_closed_record_shows_its_log_read_only(world, clients):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias="Closed One", team=[alice])
    encounter, _ = make_encounter(person, alice, summary="Before closing")
    type(person).objects.filter(pk=person.pk).update(status="closed", closed_at=timezone.now())
    client = clients("alice")
    body = client.get(reverse("casework:engagement", args=[person.pk])).content.decode()
    assert "Before closing" in body and "can be read but not added to" in body
    assert (
        'name="kind"' not in body and reverse("casework:encounter_correct", args=[person.pk, encounter.pk]) not in body
    )
    response = client.post(add_url(person), {"kind": "phone", "occurred_at": local_now(person)})
    assert response.status_code == 302 and access.rows_of_person(person, Encounter).count() == 1
    assert client.get(reverse("casework:encounter_correct", args=[person.pk, encounter.pk])).status_code == 302
    overview = client.get(reverse("people:person_detail", args=[person.pk])).content.decode()
    assert "Before closing" in overview and 'name="quick"' not in overview


# --- the person page's panel --------------------------------------------------------------------------


def test_the_panel_shows_the_last_five_contacts_the_quick_add_and_the_links(world, clients, person):
    alice = world.user("alice")
    for i in range(7):
        make_encounter(person, alice, summary=f"Visit {i}", occurred_at=timezone.now() - datetime.timedelta(days=i))
    body = clients("alice").get(reverse("people:person_detail", args=[person.pk])).content.decode()
    panel = body[body.index('id="panel-engagement"') :]
    panel = panel[: panel.index("</section>")]
    assert [f"Visit {i}" in panel for i in range(7)] == [True] * 5 + [False] * 2
    assert reverse("casework:engagement", args=[person.pk]) in panel and "All contacts" in panel
    assert 'name="quick" value="panel"' in panel and 'hx-target="#panel-engagement"' in panel
    assert "More details" in panel


def test_the_person_page_query_count_does_not_grow_with_contacts(world, clients, person):
    alice = world.user("alice")
    client = clients("sam")
    url = reverse("people:person_detail", args=[person.pk])
    make_encounter(person, alice)
    client.get(url)  # the session's first page reads the kind last used; later ones find it in the session
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        make_encounter(person, alice, follow_up_on=access.agency_today(person.agency))
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    # The panel's one query (the last five contacts with their authors) does not grow with contacts; the
    # people test counts the overview's own budget.
    few_sql, many_sql = statements(few), statements(many)
    assert len(many_sql) == len(few_sql)
    mine = [q for q in many_sql if 'FROM "casework_encounter' in q]
    assert len(mine) == 1, mine
