"""The caseload home (/people/): columns, sorts, every registered flag as a filter, and a constant query count."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from waypoint.casework import flags, selectors
from waypoint.casework.tests.factories import make_encounter, make_goal, make_task
from waypoint.people import access
from waypoint.people.models import Person
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

URL = reverse("people:my_people")
BUDGET = 10


def statements(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]
    return response, sql


def long_ago(person, days):
    """Make a record older than it is, so 'no contact in 30 days' can apply to it."""
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))


def aliases_in_order(body):
    return re.findall(r'<a id="alias-[0-9a-f-]+" href="[^"]+">([^<]+)</a>', body)


def busy_person(world, alias, *, with_work=True):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias=alias, team=[alice])
    if with_work:
        today = access.agency_today(person.agency)
        for days in (40, 20, 3):
            make_encounter(person, alice, occurred_at=timezone.now() - datetime.timedelta(days=days))
        make_task(alice, person=person, due_on=today + datetime.timedelta(days=2))
        make_task(alice, person=person, due_on=today + datetime.timedelta(days=9))
        make_goal(person, alice)
    return person


def test_the_caseload_query_count_is_constant_in_people_encounters_and_tasks(world, clients):
    client = clients("alice")
    for i in range(2):
        busy_person(world, f"Person {i:03d}")
    _response, few = statements(client, URL)
    assert len(few) <= BUDGET, few
    for i in range(2, 30):
        busy_person(world, f"Person {i:03d}")
    response, many = statements(client, URL)
    assert len(many) == len(few), (few, many)
    assert len(aliases_in_order(response.content.decode())) == 30


def test_each_column_shows_last_contact_next_follow_up_open_goals_and_flags(world, clients):
    from waypoint.core.templatetags.waypoint_dates import long_date

    alice = world.user("alice")
    person = busy_person(world, "Kestrel")
    silent = make_person(world.agencies["harbour"], alias="Silent", team=[alice])
    long_ago(silent, 60)
    body = clients("alice").get(URL).content.decode()
    row = body[body.index(f'id="row-{person.pk}"') :]
    row = row[: row.index("</tr>")]
    today = access.agency_today(person.agency)
    assert long_date(today + datetime.timedelta(days=2)) in row
    assert 'data-label="Open goals">1</td>' in row and person.case_number in row
    silent_row = body[body.index(f'id="row-{silent.pk}"') :]
    silent_row = silent_row[: silent_row.index("</tr>")]
    assert "never" in silent_row
    assert f'<li class="flag-tag flag-tag--no_contact">{flags.NO_RECENT_CONTACT.label}</li>' in silent_row
    # Flags are words, never colour alone; a flag not raised is not shown.
    assert "flag-tag" not in row


def test_the_rows_escape_what_people_typed_and_speak_french(world, clients):
    # The rows are written in Python (views/caseload.row_html), not by the template engine: escaping is tested here.
    alice = world.user("alice")
    make_person(world.agencies["harbour"], alias='<img src=x onerror="alert(1)">', team=[alice])
    body = clients("alice").get(URL).content.decode()
    assert "<img src=x" not in body and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in body
    french = clients("alice")
    french.cookies["waypoint_language"] = "fr"
    body = french.get(URL).content.decode()
    assert 'data-label="Dernier contact"' in body and "jamais" in body and "Consigner un contact" in body


def test_it_sorts_by_last_contact_next_follow_up_and_alias(world, clients):
    alice = world.user("alice")
    today = access.agency_today(world.agencies["harbour"])
    recent = make_person(world.agencies["harbour"], alias="Alder", team=[alice])
    make_encounter(recent, alice, occurred_at=timezone.now() - datetime.timedelta(days=1))
    make_task(alice, person=recent, due_on=today + datetime.timedelta(days=10))
    older = make_person(world.agencies["harbour"], alias="Birch", team=[alice])
    make_encounter(older, alice, occurred_at=timezone.now() - datetime.timedelta(days=9))
    make_task(alice, person=older, due_on=today + datetime.timedelta(days=1))
    never = make_person(world.agencies["harbour"], alias="Cedar", team=[alice])
    client = clients("alice")
    by = {sort: aliases_in_order(client.get(URL, {"sort": sort}).content.decode()) for sort in selectors.CASELOAD_SORTS}
    assert by["last_contact"] == ["Cedar", "Birch", "Alder"]
    assert by["next_follow_up"] == ["Birch", "Alder", "Cedar"]
    assert by["alias"] == ["Alder", "Birch", "Cedar"]
    assert aliases_in_order(client.get(URL).content.decode()) == by["last_contact"]
    assert never.pk


def flagged_people(world):
    """One person per registered flag today, and one with none."""
    alice = world.user("alice")
    agency = world.agencies["harbour"]
    today = access.agency_today(agency)
    silent = make_person(agency, alias="Silent", team=[alice])
    long_ago(silent, 60)
    late = make_person(agency, alias="Late", team=[alice])
    make_encounter(late, alice)
    task = make_task(alice, person=late, due_on=today)
    type(task).objects.filter(pk=task.pk).update(due_on=today - datetime.timedelta(days=3))
    closing = make_person(agency, alias="Closing", team=[alice], closure_requested_at=timezone.now())
    make_encounter(closing, alice)
    calm = make_person(agency, alias="Calm", team=[alice])
    make_encounter(calm, alice)
    return {"no_contact": "Silent", "overdue": "Late", "closure": "Closing"}


def test_every_registered_flag_is_a_filter_with_its_registry_label(world, clients):
    expected = flagged_people(world)
    client = clients("alice")
    body = client.get(URL).content.decode()
    for key, flag in flags.REGISTRY.items():
        assert f'<option value="{key}">{flag.label}</option>' in body, key
    assert set(expected) <= set(flags.REGISTRY)
    for key in flags.REGISTRY:
        shown = aliases_in_order(client.get(URL, {"flag": key}).content.decode())
        assert "Calm" not in shown, key
        if key in expected:
            assert shown == [expected[key]], key


def test_it_filters_by_status_and_an_empty_filter_offers_to_clear_it(world, clients):
    alice = world.user("alice")
    make_person(world.agencies["harbour"], alias="Active One", team=[alice])
    make_person(world.agencies["harbour"], alias="Dormant One", team=[alice], status="dormant")
    client = clients("alice")
    assert aliases_in_order(client.get(URL, {"status": "dormant"}).content.decode()) == ["Dormant One"]
    body = client.get(URL, {"flag": "closure"}).content.decode()
    assert "No one matches this filter." in body and "Clear the filter" in body
    assert aliases_in_order(body) == []


def test_with_nobody_yet_the_page_says_to_add_a_person_once(world, clients):
    body = clients("alice").get(URL).content.decode()
    assert "Nobody here yet" in body
    assert body.count(reverse("people:person_create")) == 1


def test_a_filter_it_does_not_know_shows_the_whole_list(world, clients):
    make_person(world.agencies["harbour"], alias="Anyone", team=[world.user("alice")])
    client = clients("alice")
    for params in ({"flag": "nope"}, {"sort": "\x00"}, {"status": "all\x00"}, {"page": "\x00"}):
        response = client.get(URL, params)
        assert response.status_code == 200 and aliases_in_order(response.content.decode()) == ["Anyone"], params


def test_it_pages_at_50_and_keeps_the_filters_in_the_page_links(world, clients):
    alice = world.user("alice")
    for i in range(51):
        make_person(world.agencies["harbour"], alias=f"P{i:03d}", team=[alice])
    client = clients("alice")
    body = client.get(URL, {"sort": "alias"}).content.decode()
    assert len(aliases_in_order(body)) == selectors.CASELOAD_PAGE_SIZE == 50
    assert "sort=alias&amp;page=2" in body
    assert aliases_in_order(client.get(URL, {"sort": "alias", "page": 2}).content.decode()) == ["P050"]


def test_a_supervisor_still_sees_everyone_with_scope_all_and_keeps_it_when_filtering(world, clients):
    make_person(world.agencies["harbour"], alias="Bobs", team=[world.user("bob")])
    make_person(world.agencies["elsewhere"], alias="Far", team=[world.user("oscar")])
    client = clients("sam")
    body = client.get(URL, {"scope": "all"}).content.decode()
    assert aliases_in_order(body) == ["Bobs"] and '<input type="hidden" name="scope" value="all">' in body
    assert reverse("people:break_glass_list") in body
    assert aliases_in_order(client.get(URL).content.decode()) == []


def test_each_row_opens_a_quick_add_that_swaps_the_row(world, clients):
    person = make_person(world.agencies["harbour"], alias="Quick", team=[world.user("alice")])
    client = clients("alice")
    add = reverse("casework:encounter_add", args=[person.pk])
    body = client.get(URL).content.decode()
    # The page holds no form per row: the disclosure fetches one when it first opens, and without
    # JavaScript it offers the full form instead.
    assert 'name="quick"' not in body and "Log a contact" in body
    assert f'hx-get="{add}?quick=caseload" hx-trigger="toggle once"' in body and f'href="{add}"' in body
    form = client.get(add, {"quick": "caseload"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in form and 'name="quick" value="caseload"' in form and " autofocus" in form
    assert f'hx-target="#row-{person.pk}"' in form and 'hx-swap="outerHTML"' in form
    assert "<html" in client.get(add, {"quick": "caseload"}).content.decode()  # no htmx: the full form page


def test_a_closed_record_answers_the_rows_form_request_in_words(world, clients):
    person = make_person(world.agencies["harbour"], alias="Shut", team=[world.user("alice")], status="closed")
    form = clients("alice").get(
        reverse("casework:encounter_add", args=[person.pk]), {"quick": "caseload"}, HTTP_HX_REQUEST="true"
    )
    assert form.status_code == 200 and "closed" in form.content.decode() and "<form" not in form.content.decode()
