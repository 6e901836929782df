"""Follow-ups over HTTP: the worker's list by when, adding one, marking done (htmx and plain), who may, the panels."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from waypoint.casework.models import Task
from waypoint.casework.services import tasks
from waypoint.casework.tests.factories import make_goal, make_task
from waypoint.people import access
from waypoint.people.models import Person, Status
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

TASKS = "/casework/tasks/"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Juniper", team=[world.user("alice")])


def done_url(task):
    return reverse("casework:task_done", kwargs={"task_id": task.pk})


def section(body, heading_id):
    """The HTML of one section of the tasks page, from its heading to the next section."""
    return body.split(f'id="{heading_id}"')[1].split("<section")[0]


def test_the_list_sorts_follow_ups_into_overdue_today_coming_up_and_done(world, clients, person):
    alice = world.user("alice")
    today = access.agency_today(person.agency)
    make_task(alice, person=person, due_on=today - datetime.timedelta(days=2), title="Late one")
    make_task(alice, person=person, due_on=today, title="Today one")
    make_task(alice, due_on=today + datetime.timedelta(days=3), title="Later one")
    finished = make_task(alice, person=person, due_on=today, title="Finished one")
    Task.objects.filter(pk=finished.pk).update(done_at=timezone.now())
    make_task(world.user("bob"), due_on=today, title="Bob's own")
    assert reverse("casework:tasks") == TASKS
    body = clients("alice").get(TASKS).content.decode()
    assert "Late one" in section(body, "overdue-heading") and "overdue" in section(body, "overdue-heading")
    assert "Today one" in section(body, "today-heading")
    assert "Later one" in section(body, "coming-heading")
    assert "Finished one" in section(body, "done-heading") and "Undo" in section(body, "done-heading")
    assert "Bob" not in body.split("<main")[1].split("add-heading")[0]
    assert f'href="{reverse("people:person_detail", args=[person.pk])}">Juniper</a>' in body
    assert "Overdue: 1 · Today: 1 · Coming up: 1" in body


def test_a_worker_adds_a_follow_up_about_someone_on_their_caseload_or_no_one(world, clients, person):
    client = clients("alice")
    response = client.post(TASKS, {"title": "Call the clinic", "due_on": days(1), "person": str(person.pk)})
    assert response.status_code == 302
    task = Task.objects.get(title="Call the clinic")
    assert task.person == person and task.assignee == world.user("alice") and task.created_by == world.user("alice")
    client.post(TASKS, {"title": "Order forms", "due_on": days(0), "person": ""})
    assert Task.objects.get(title="Order forms").person is None


def test_a_follow_up_about_someone_not_on_the_caseload_or_in_the_past_is_refused(world, clients, person):
    stranger = make_person(world.agencies["harbour"], alias="Stranger", team=[world.user("bob")])
    client = clients("alice")
    body = client.get(TASKS).content.decode()
    assert "Juniper" in body and "Stranger" not in body
    response = client.post(TASKS, {"title": "Snoop", "due_on": days(1), "person": str(stranger.pk)})
    assert response.status_code == 200 and 'id="id_person_error"' in response.content.decode()
    response = client.post(TASKS, {"title": "Late", "due_on": days(-1)})
    assert 'id="id_due_on_error"' in response.content.decode()
    assert not Task.objects.filter(title__in=["Snoop", "Late"]).exists()


def test_no_new_follow_up_about_a_closed_record_but_an_old_one_can_still_be_marked_done(world, clients, person):
    alice = world.user("alice")
    left_over = make_task(alice, person=person, title="Left over")
    closed = make_person(world.agencies["harbour"], alias="Shut", team=[alice], status=Status.CLOSED)
    client = clients("alice")
    assert "Shut" not in client.get(TASKS).content.decode().split('id="add-heading"')[1]
    response = client.post(TASKS, {"title": "Call again", "due_on": days(1), "person": str(closed.pk)})
    assert response.status_code == 200 and 'id="id_person_error"' in response.content.decode()
    with pytest.raises(ValidationError, match="This record is closed"):
        tasks.task_create(
            actor=alice, assignee=alice, agency_id=closed.agency_id, person=closed, title="x", due_on=days(1)
        )
    assert not Task.objects.filter(person=closed).exists()
    Person.objects.filter(pk=person.pk).update(status=Status.CLOSED)
    assert client.post(done_url(left_over), {"done": "1"}).status_code == 302
    left_over.refresh_from_db()
    assert left_over.done_at is not None


def test_marking_done_by_htmx_swaps_the_row_and_without_javascript_returns_to_the_list(world, clients, person):
    task = make_task(world.user("alice"), person=person)
    client = clients("alice")
    response = client.post(done_url(task), {"done": "1"}, HTTP_HX_REQUEST="true")
    html = response.content.decode().strip()
    assert response.status_code == 200 and html.startswith("<tr")
    assert f'id="task-{task.pk}"' in html and "Undo" in html
    task.refresh_from_db()
    assert task.done_at is not None and task.done_by == world.user("alice")
    response = client.post(done_url(task), {"done": "0"})
    assert response.status_code == 302 and response["Location"] == TASKS
    task.refresh_from_db()
    assert task.done_at is None


def test_only_the_assignee_or_a_supervisor_of_the_person_may_mark_a_follow_up(world, clients, person):
    about_person = make_task(world.user("alice"), person=person)
    about_no_one = make_task(world.user("alice"))
    for key in ("bob", "oscar", "hana"):
        assert clients(key).post(done_url(about_person), {"done": "1"}).status_code == 404, key
    for key in ("pat", "ines", "adam", "cora", "peter"):
        assert clients(key).post(done_url(about_person), {"done": "1"}).status_code in (403, 404), key
    # A supervisor may close a follow-up about someone they supervise, not one about no one.
    assert clients("sam").post(done_url(about_no_one), {"done": "1"}).status_code == 404
    assert Task.objects.get(pk=about_person.pk).done_at is None
    assert clients("sam").post(done_url(about_person), {"done": "1"}).status_code == 302
    task = Task.objects.get(pk=about_person.pk)
    assert task.done_at is not None and task.done_by == world.user("sam")


@pytest.mark.parametrize("key", ["pat", "ines", "cora", "adam", "peter"])
def test_roles_without_records_have_no_follow_ups_page(clients, key):
    assert clients(key).get(TASKS).status_code == 403


def test_the_follow_ups_link_is_in_the_navigation_of_clinical_roles_only(clients):
    assert f'href="{TASKS}"' in clients("alice").get(TASKS).content.decode()
    assert f'href="{TASKS}"' not in clients("adam").get("/home/").content.decode()


def test_the_tasks_page_query_count_does_not_grow_with_tasks(world, clients, person, django_assert_max_num_queries):
    alice = world.user("alice")
    make_task(alice, person=person)
    client = clients("alice")
    with django_assert_max_num_queries(9) as few:
        client.get(TASKS)
    for n in range(-5, 10):
        other = make_person(world.agencies["harbour"], alias=f"P{n}", team=[alice])
        done = make_task(alice, person=other, due_on=days(max(n, 0)))
        make_task(alice, person=other, due_on=days(n))
        make_task(alice, due_on=days(abs(n)))
        Task.objects.filter(pk=done.pk).update(done_at=timezone.now())
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        body = client.get(TASKS).content.decode()
    assert body.count('<tr id="task-') == 46
    print("tasks page queries:", len(few.captured_queries), len(many.captured_queries))


def test_the_person_page_shows_open_goals_and_follow_ups_and_marks_one_done(world, clients, person):
    alice = world.user("alice")
    make_goal(person, alice, words="Learn to drive")
    task = make_task(alice, person=person, title="Book the lesson")
    url = reverse("people:person_detail", args=[person.pk])
    body = clients("alice").get(url).content.decode()
    goals_panel = body.split('id="panel-goals"')[1].split("</section>")[0]
    assert "Learn to drive" in goals_panel and reverse("casework:goals", args=[person.pk]) in goals_panel
    follow_ups = body.split('id="panel-follow-ups"')[1].split("</section>")[0]
    assert "Book the lesson" in follow_ups and alice.display_name in follow_ups
    assert body.index('id="panel-engagement"') < body.index('id="panel-goals"') < body.index('id="panel-follow-ups"')
    response = clients("alice").post(done_url(task), {"done": "1", "back": "person"})
    assert response.status_code == 302 and response["Location"] == url
    assert Task.objects.get(pk=task.pk).done_at is not None
    assert "Book the lesson" not in clients("alice").get(url).content.decode()


def test_the_person_page_panels_cost_the_same_with_many_goals_and_follow_ups(world, clients, person):
    from waypoint.people.tests.test_lists import statements

    alice = world.user("alice")
    url = reverse("people:person_detail", args=[person.pk])
    make_goal(person, alice)
    make_task(alice, person=person)
    client = clients("alice")
    client.get(url)  # the session's first page also reads the kind of contact last used
    _response, few = statements(client, url)
    for key in ("safety", "income", "health", "legal", "family", "community"):
        make_goal(person, alice, key=key)
        make_task(alice, person=person, title=f"Follow-up {key}")
    response, many = statements(client, url)
    assert len(many) == len(few)
    assert response.content.decode().count('id="follow-up-title-') == 7
