"""The supervisor's team view, deciding approvals in place, and reassigning a person from one worker to another."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.casework.models import Task
from waypoint.casework.tests.factories import make_encounter, make_task
from waypoint.people.models import CareTeamMember, Person, Status
from waypoint.people.services import lifecycle
from waypoint.people.tests.factories import make_person
from waypoint.testing.personas import make_user

pytestmark = pytest.mark.django_db

TEAM = reverse("casework:team")


def _decide(person):
    return reverse("casework:approval_decide", args=["closure", person.pk])


def _reassign(person, member):
    return reverse("casework:reassign", args=[person.pk, member.pk])


def _old(person, days: int = 60) -> Person:
    Person.objects.filter(pk=person.pk).update(created_at=timezone.now() - datetime.timedelta(days=days))
    return person


# --- the team view --------------------------------------------------------------------------------------


def test_the_team_view_shows_caseloads_overdue_silence_no_team_and_the_queue(world, clients):
    harbour = world.agencies["harbour"]
    alice, bob = world.user("alice"), world.user("bob")
    quiet = _old(make_person(harbour, alias="Quiet One", team=[alice]))
    make_person(harbour, alias="Busy One", team=[alice, bob])
    _old(make_person(harbour, alias="Alone One"))
    closing = make_person(harbour, alias="Closing One", team=[bob])
    lifecycle.person_request_closure(actor=bob, person=closing, reason="goals_reached")
    make_task(alice, person=quiet, due_on=timezone.localdate() - datetime.timedelta(days=3))
    make_person(world.agencies["elsewhere"], alias="Elsewhere One", team=[world.user("oscar")])

    response = clients("sam").get(TEAM)
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Team at Harbour Test Agency</h1>" in html
    # alice holds Quiet and Busy, bob Busy and Closing; alice has one overdue follow-up.
    assert f'<th scope="row">{alice}</th><td>2</td><td><strong>1</strong></td>' in html
    assert f'<th scope="row">{bob}</th><td>2</td><td>0</td>' in html
    silent = html[html.index('id="silent-heading"') : html.index('id="no-team-heading"')]
    assert "Quiet One" in silent and reverse("people:person_detail", args=[quiet.pk]) in silent
    assert "Busy One" not in silent
    alone = html[html.index('id="no-team-heading"') : html.index('id="approvals-heading"')]
    assert "Alone One" in alone and "Quiet One" not in alone
    queue = html[html.index('id="approvals-heading"') :]
    assert "Closure requests" in queue and "Closing One" in queue and "Reached the goals they set" in queue
    assert f'action="{_decide(closing)}"' in queue
    assert 'value="approve"' in queue and "Close the record" in queue and "Keep it open" in queue
    assert "Elsewhere One" not in html


def test_an_empty_team_view_says_so(world, clients):
    html = clients("sam").get(TEAM).content.decode()
    assert "Everyone with an open record has been in contact recently." in html
    assert "Every open record has someone on its care team." in html and "Nothing waiting." in html


@pytest.mark.parametrize("who", ["alice", "hana", "pat", "ines", "cora", "adam", "oscar"])
def test_nobody_but_a_supervisor_reaches_the_team_view(world, clients, who):
    assert clients(who).get(TEAM).status_code in (403, 404)


def _populate(world, n_people: int, n_workers: int) -> None:
    harbour = world.agencies["harbour"]
    workers = [world.user("alice"), world.user("bob")]
    for i in range(n_workers):
        workers.append(make_user(f"worker{n_people}-{i}@test.waypoint.invalid", agency=harbour, role="advocate")[0])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for i in range(n_people):
        worker = workers[i % len(workers)]
        person = _old(make_person(harbour, alias=f"P{n_people}-{i}", team=[worker] if i % 4 else []))
        Task.objects.create(agency=harbour, person=person, assignee=worker, title="Call", due_on=yesterday)
        if i % 3 == 0:
            make_encounter(person, worker)
        if i % 5 == 0:
            lifecycle.person_request_closure(actor=world.user("sam"), person=person, reason="moved")
    assert Task.objects.count() >= n_people


def test_the_team_view_query_count_does_not_grow(world, clients, django_assert_max_num_queries):
    client = clients("sam")
    _populate(world, 3, 1)
    client.get(TEAM)
    with django_assert_max_num_queries(12) as few:
        assert client.get(TEAM).status_code == 200
    _populate(world, 60, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(TEAM).content.decode()
    assert html.count("P60-") > 60


# --- deciding in place ------------------------------------------------------------------------------------


def test_a_supervisor_closes_a_record_from_the_queue(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    lifecycle.person_request_closure(actor=world.user("bob"), person=person, reason="goals_reached")
    response = clients("sam").post(_decide(person), {"decision": "approve"}, follow=True)
    person.refresh_from_db()
    assert person.status == Status.CLOSED
    assert response.redirect_chain[-1][0] == TEAM and "Done: Close the record." in response.content.decode()
    assert Event.objects.filter(action="person.closed", target_id=str(person.pk)).exists()


def test_a_supervisor_keeps_a_record_open_from_the_queue(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    lifecycle.person_request_closure(actor=world.user("bob"), person=person, reason="moved")
    clients("sam").post(_decide(person), {"decision": "decline"})
    person.refresh_from_db()
    assert person.status != Status.CLOSED and person.closure_requested_at is None


def test_a_refused_decision_comes_back_as_a_message(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")], status=Status.CLOSED)
    response = clients("sam").post(_decide(person), {"decision": "approve"}, follow=True)
    assert response.redirect_chain[-1][0] == TEAM
    assert 'class="message message--error"' in response.content.decode()


def test_an_unknown_kind_another_agency_or_a_bad_decision_change_nothing(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("bob")])
    lifecycle.person_request_closure(actor=world.user("bob"), person=person, reason="moved")
    sam = clients("sam")
    unknown = reverse("casework:approval_decide", args=["stays", person.pk])
    assert sam.post(unknown, {"decision": "approve"}).status_code == 404
    assert sam.get(_decide(person)).status_code == 405
    assert sam.post(_decide(person), {"decision": "maybe"}).status_code == 302
    elsewhere = make_person(world.agencies["elsewhere"], team=[world.user("oscar")])
    lifecycle.person_request_closure(actor=world.user("oscar"), person=elsewhere, reason="moved")
    assert sam.post(_decide(elsewhere), {"decision": "approve"}).status_code == 404
    for who in ("alice", "bob", "oscar", "pat", "adam"):
        assert clients(who).post(_decide(person), {"decision": "approve"}).status_code in (403, 404), who
    person.refresh_from_db()
    elsewhere.refresh_from_db()
    assert person.status != Status.CLOSED and elsewhere.status != Status.CLOSED


# --- reassigning -------------------------------------------------------------------------------------------


def test_a_supervisor_reassigns_a_person_and_the_open_follow_ups_move(world, clients):
    alice, bob = world.user("alice"), world.user("bob")
    person = make_person(world.agencies["harbour"], alias="Moving One", team=[alice])
    make_task(alice, person=person)
    make_task(alice, person=person, title="Second call")
    member = person.care_team.get()
    sam = clients("sam")

    page = sam.get(_reassign(person, member)).content.decode()
    assert f"<h1>Reassign Moving One from {alice} to…</h1>" in page
    options = page[page.index('name="to_user"') : page.index("</select>")]
    assert str(bob) in options and f">{alice}<" not in options and str(world.user("oscar")) not in options
    assert str(world.user("pat")) not in options  # not a clinical role

    response = sam.post(_reassign(person, member), {"to_user": bob.pk}, follow=True)
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("people:care_team", args=[person.pk])
    assert f"{bob} now holds the place on the care team. 2 open follow-ups moved to them." in html
    current = [m for m in CareTeamMember.objects.filter(person=person) if m.is_current(timezone.localdate())]
    assert sorted(m.user_id for m in current) == sorted([alice.pk, bob.pk])  # alice keeps it until tonight
    assert set(Task.objects.filter(person=person).values_list("assignee", flat=True)) == {bob.pk}
    event = Event.objects.get(action="care_team.reassigned", target_id=str(person.pk))
    assert "Moving One" not in str(event.detail)


def test_the_care_team_page_links_each_current_member_to_reassign(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    member = person.care_team.get()
    html = clients("sam").get(reverse("people:care_team", args=[person.pk])).content.decode()
    assert f'href="{_reassign(person, member)}"' in html and f"Reassign from {world.user('alice')}" in html


def test_reassigning_to_someone_already_on_the_team_is_refused_at_the_field(world, clients):
    alice, bob = world.user("alice"), world.user("bob")
    person = make_person(world.agencies["harbour"], team=[alice, bob])
    member = person.care_team.get(user=alice)
    response = clients("sam").post(_reassign(person, member), {"to_user": bob.pk})
    assert response.status_code == 200 and 'id="id_to_user_error"' in response.content.decode()
    assert not Event.objects.filter(action="care_team.reassigned").exists()


def test_only_the_agencys_supervisor_reaches_reassign(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    member = person.care_team.get()
    for who in ("alice", "bob", "hana", "pat", "ines", "adam", "oscar"):
        assert clients(who).get(_reassign(person, member)).status_code in (403, 404), who
        clients(who).post(_reassign(person, member), {"to_user": world.user("bob").pk})
    assert not Event.objects.filter(action="care_team.reassigned").exists()
    elsewhere = make_person(world.agencies["elsewhere"], team=[world.user("oscar")])
    assert clients("sam").get(_reassign(elsewhere, elsewhere.care_team.get())).status_code == 404
    # A member of another record's team under this record's address is not found either.
    assert clients("sam").get(_reassign(person, elsewhere.care_team.get())).status_code == 404


def test_only_a_supervisor_has_team_in_the_navigation(world, clients):
    assert f'href="{TEAM}"' in clients("sam").get(reverse("people:my_people")).content.decode()
    assert f'href="{TEAM}"' not in clients("alice").get(reverse("people:my_people")).content.decode()
