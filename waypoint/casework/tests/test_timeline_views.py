"""The journey timeline page: through the gate, newest first, filtered by kind, paginated, constant queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from waypoint.casework import timeline
from waypoint.casework.models import Encounter, EncounterStaff, Goal, GoalStatus, Task
from waypoint.casework.services import goals, tasks
from waypoint.casework.tests.factories import domain, make_encounter, make_goal, make_task
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db


def url(person):
    return reverse("casework:timeline", args=[person.pk])


def test_it_shows_contacts_goal_changes_and_done_follow_ups_newest_first(world, clients):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    earlier = timezone.now() - datetime.timedelta(days=3)
    make_encounter(person, alice, occurred_at=earlier, summary="Met at the drop-in", own_words="I want my own place")
    goal = make_goal(person, alice, words="A room with a lock")
    # A test runs in one transaction, where every history row gets the same moment: date the first one back.
    Goal.pgh_event_model.objects.filter(pgh_obj=goal).update(pgh_created_at=earlier + datetime.timedelta(days=1))
    goals.goal_update(actor=alice, goal=goal, status=GoalStatus.REACHED)
    task = make_task(alice, person=person, title="Phone the clinic")
    tasks.task_set_done(actor=alice, task=task)

    response = clients("alice").get(url(person))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>Timeline of {person.alias}</h1>" in html
    assert "Met at the drop-in" in html and "<blockquote>I want my own place</blockquote>" in html
    assert "Goal added" in html and "Goal changed · status: Reached" in html and "A room with a lock" in html
    assert domain(person.agency).label in html
    assert "Follow-up done" in html and "Phone the clinic" in html and f"by {alice}" in html
    # Newest first: the task was done last, the contact happened three days ago.
    assert (
        html.index("Follow-up done")
        < html.index("Goal changed")
        < html.index("Goal added")
        < html.index("Met at the drop-in")
    )
    # The summary and own words never reach the title.
    title = html[html.index("<title>") : html.index("</title>")]
    assert "drop-in" not in title and "own place" not in title


def test_only_a_supervisor_reads_a_goals_earlier_words(world, clients):
    # A worker who takes a detail out of a goal takes it out for everyone but the supervisor (as on History).
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    goal = make_goal(person, alice, words="A room near Elm Street")
    goals.goal_update(actor=alice, goal=goal, words="A room of my own")
    worker = clients("alice").get(url(person)).content.decode()
    assert "Elm Street" not in worker and worker.count("A room of my own") == 2
    assert "The goal as it reads now" in worker
    supervisor = clients("sam").get(url(person)).content.decode()
    assert "Elm Street" in supervisor and "A room of my own" in supervisor


def test_every_registered_source_is_a_filter_and_filtering_narrows_the_page(world, clients):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    make_encounter(person, alice, summary="Only a contact")
    make_goal(person, alice, words="Only a goal")
    html = clients("alice").get(url(person)).content.decode()
    for source in timeline.REGISTRY.values():
        assert f'value="{source.kind}"' in html and str(source.label) in html
    narrowed = clients("alice").get(url(person), {"kind": "goal"}).content.decode()
    assert "Only a goal" in narrowed and "Only a contact" not in narrowed
    assert narrowed.count("checked") == 1
    assert "Show everything" in narrowed
    # An unknown kind is ignored by the registry and refused by the form: the page shows everything.
    everything = clients("alice").get(url(person), {"kind": "nonsense"}).content.decode()
    assert "Only a goal" in everything and "Only a contact" in everything


def test_an_empty_timeline_says_so(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    html = clients("alice").get(url(person)).content.decode()
    assert "Nothing on the timeline yet" in html
    assert "Nothing of these kinds yet" in clients("alice").get(url(person), {"kind": "task"}).content.decode()


def test_another_agency_gets_the_calm_404_and_a_stranger_the_sign_in(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    make_encounter(person, world.user("alice"), summary="Private")
    response = clients("oscar").get(url(person))
    assert response.status_code == 404 and b"Private" not in response.content
    anonymous = clients("anonymous").get(url(person))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")


def test_an_advocate_off_the_care_team_gets_404_and_the_supervisor_reads_it(world, clients):
    person = make_person(world.agencies["harbour"], team=[world.user("alice")])
    assert clients("bob").get(url(person)).status_code == 404
    assert clients("sam").get(url(person)).status_code == 200
    for role in ("pat", "ines", "cora", "adam"):
        assert clients(role).get(url(person)).status_code in (403, 404), role


def _events(person, author, n: int) -> None:
    """``n`` events of the three kinds interleaved in time, written in bulk (the service path is tested above)."""
    now = timezone.now()
    third = n // 3
    made = Encounter.objects.bulk_create(
        Encounter(
            person=person,
            agency=person.agency,
            kind="drop_in",
            occurred_at=now - datetime.timedelta(minutes=3 * i + 1),
            summary=f"Contact {i}",
            author=author,
        )
        for i in range(third)
    )
    EncounterStaff.objects.bulk_create(EncounterStaff(encounter=e, user=author) for e in made)
    made_goals = Goal.objects.bulk_create(
        Goal(person=person, agency=person.agency, domain=domain(person.agency), words=f"Goal {i}", created_by=author)
        for i in range(third)
    )
    history = Goal.pgh_event_model.objects
    for i, goal in enumerate(made_goals):
        history.filter(pgh_obj=goal).update(pgh_created_at=now - datetime.timedelta(minutes=3 * i + 3))
    Task.objects.bulk_create(
        Task(
            person=person,
            agency=person.agency,
            assignee=author,
            title=f"Task {i}",
            due_on=now.date(),
            done_at=now - datetime.timedelta(minutes=3 * i + 2),
            done_by=author,
        )
        for i in range(n - 2 * third)
    )


# Every signed-in person page pays these whatever it shows: session, user, membership, the MFA check,
# the gate's read of the person and its audit event (savepoint, lock, chain head, insert, release).
REQUEST_OVERHEAD = 10
# The timeline's own budget (decision 0005): the page count, the UNION page, one fetch per kind (+ staff present).
TIMELINE_BUDGET = 10


def _timeline_queries(world, clients, django_assert_max_num_queries, n: int, limit: int):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias=f"Many {n}", team=[alice])
    _events(person, alice, n)
    client = clients("alice")
    client.get(url(person))  # the first request's one-off lookups
    with django_assert_max_num_queries(limit) as counted:
        response = client.get(url(person))
    assert response.status_code == 200
    assert response.content.decode().count('class="panel timeline-entry') == min(n, timeline.PAGE_SIZE)
    return len(counted.captured_queries)


def test_the_query_count_does_not_grow_with_the_events(world, clients, django_assert_max_num_queries):
    few = _timeline_queries(world, clients, django_assert_max_num_queries, 5, REQUEST_OVERHEAD + TIMELINE_BUDGET)
    many = _timeline_queries(world, clients, django_assert_max_num_queries, 300, few)
    assert many == few


def test_pages_keep_the_chosen_kinds(world, clients):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    _events(person, alice, 160)
    html = clients("alice").get(url(person), {"kind": "task"}).content.decode()
    assert "Page 1 of 2" in html and "?kind=task&amp;page=2" in html
    second = clients("alice").get(url(person), {"kind": "task", "page": 2}).content.decode()
    # 160 events: 53 contacts, 53 goals, 54 follow-ups done.
    assert second.count('class="panel timeline-entry') == 54 - timeline.PAGE_SIZE
    assert "Contact 1" not in second and "Goal 1" not in second
