"""Goals the person sets, over HTTP: the page by part of life, adding and reviewing goals, steps and their toggle."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from waypoint.audit.models import Event
from waypoint.casework.models import Goal, GoalStatus, GoalStep, LifeDomain, StepWho, Task, TaskSource
from waypoint.casework.tests.factories import domain, make_goal, make_step
from waypoint.people import access
from waypoint.people.models import Person, Status
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

WORDS = "I want a key to my own door"


def goals_url(person):
    return reverse("casework:goals", kwargs={"person_id": person.pk})


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Willow", team=[world.user("alice")])


def test_the_empty_page_says_goals_are_the_persons_own_and_asks_for_none(clients, person):
    body = clients("alice").get(goals_url(person)).content.decode()
    assert "No goals yet. Goals are the person's own; add one when they name something they want." in body
    assert "no goal is required and none is scored" in body
    assert 'name="domain"' in body and 'name="words"' in body


def test_adding_a_goal_keeps_their_words_reviews_it_today_and_groups_it_by_part_of_life(world, clients, person):
    housing = domain(person.agency, "housing")
    response = clients("alice").post(goals_url(person), {"domain": str(housing.pk), "words": WORDS})
    goal = access.rows_of_person(person, Goal).get()
    assert response.status_code == 302 and response["Location"] == f"{goals_url(person)}#goal-{goal.pk}"
    assert goal.words == WORDS and goal.status == GoalStatus.WORKING
    assert goal.reviewed_on == access.agency_today(person.agency)
    body = clients("alice").get(goals_url(person)).content.decode()
    assert f'<h3 id="domain-{housing.pk}">Housing' in body
    assert WORDS in body and "Working on it" in body
    title = body.split("<title>")[1].split("</title>")[0]
    assert WORDS not in title and person.alias not in title
    event = Event.objects.get(action="goal.created")
    assert WORDS not in str(event.detail)


def test_a_goal_needs_words_and_a_part_of_life_from_the_agencys_list(world, clients, person):
    elsewhere = LifeDomain.objects.get(agency=world.agencies["elsewhere"], key="housing")
    response = clients("alice").post(goals_url(person), {"domain": str(elsewhere.pk), "words": "  "})
    body = response.content.decode()
    assert response.status_code == 200 and not access.rows_of_person(person, Goal).exists()
    assert 'id="id_words_error"' in body and 'id="id_domain_error"' in body


def test_reviewing_a_goal_changes_words_and_status_and_counts_as_a_review_today(world, clients, person):
    goal = make_goal(person, world.user("alice"), words="Find work")
    Goal.objects.filter(pk=goal.pk).update(reviewed_on=datetime.date(2024, 1, 1))
    url = reverse("casework:goal_edit", kwargs={"person_id": person.pk, "goal_id": goal.pk})
    client = clients("alice")
    page = client.get(url).content.decode()
    assert "Find work" in page and 'value="not_wanted"' in page
    response = client.post(url, {"words": "Find work I enjoy", "status": GoalStatus.NOT_WANTED})
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.words == "Find work I enjoy" and goal.status == GoalStatus.NOT_WANTED
    assert goal.reviewed_on == access.agency_today(person.agency)
    body = client.get(goals_url(person)).content.decode()
    # Shown as their choice: the status, not a failure mark.
    assert "No longer wanted" in body and "goal--not_wanted" in body
    assert "fail" not in body.lower()


def test_a_step_the_worker_takes_with_a_date_becomes_their_follow_up_and_the_toggle_moves_both(world, clients, person):
    alice = world.user("alice")
    goal = make_goal(person, alice)
    tomorrow = access.agency_today(person.agency) + datetime.timedelta(days=1)
    url = reverse("casework:step_add", kwargs={"person_id": person.pk, "goal_id": goal.pk})
    client = clients("alice")
    assert client.get(url).status_code == 200
    response = client.post(url, {"text": "Visit the housing office", "who": StepWho.TOGETHER, "due_on": tomorrow})
    assert response.status_code == 302
    step = GoalStep.objects.get(goal=goal)
    task = Task.objects.get(source=TaskSource.GOAL_STEP, source_id=step.pk)
    assert task.assignee == alice and task.due_on == tomorrow and "housing office" not in task.title
    body = client.get(goals_url(person)).content.decode()
    assert "Visit the housing office" in body and "Together" in body

    done_url = reverse("casework:step_done", kwargs={"person_id": person.pk, "goal_id": goal.pk, "step_id": step.pk})
    response = client.post(done_url, {"done": "1"})  # without JavaScript: back to the goal
    assert response.status_code == 302 and response["Location"].endswith(f"#goal-{goal.pk}")
    step.refresh_from_db()
    task.refresh_from_db()
    assert step.done_at is not None and task.done_at is not None
    partial = client.post(done_url, {"done": "0"}, HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and html.strip().startswith("<li") and "Mark done" in html
    step.refresh_from_db()
    task.refresh_from_db()
    assert step.done_at is None and task.done_at is None


def test_a_step_in_the_past_or_without_text_is_refused_at_the_field(world, clients, person):
    goal = make_goal(person, world.user("alice"))
    url = reverse("casework:step_add", kwargs={"person_id": person.pk, "goal_id": goal.pk})
    response = clients("alice").post(url, {"text": "", "who": StepWho.PERSON, "due_on": "2020-01-01"})
    body = response.content.decode()
    assert response.status_code == 200 and 'id="id_text_error"' in body and 'id="id_due_on_error"' in body
    assert not GoalStep.objects.filter(goal=goal).exists()


def test_a_retired_part_of_life_stays_on_old_goals_but_is_not_offered_for_new_ones(world, clients, person):
    goal = make_goal(person, world.user("alice"), key="immigration", words="Stay in the country")
    LifeDomain.objects.filter(pk=goal.domain_id).update(is_active=False)
    body = clients("alice").get(goals_url(person)).content.decode()
    assert "Stay in the country" in body and "no longer offered for new goals" in body
    assert f'<option value="{goal.domain_id}"' not in body
    assert f'<option value="{domain(person.agency, "housing").pk}"' in body


def test_a_closed_record_shows_its_goals_but_takes_no_change(world, clients, person):
    goal = make_goal(person, world.user("alice"))
    step = make_step(goal, world.user("alice"))
    Person.objects.filter(pk=person.pk).update(status=Status.CLOSED)
    client = clients("alice")
    body = client.get(goals_url(person)).content.decode()
    assert "A place of my own" in body and 'name="words"' not in body and "Mark done" not in body
    client.post(goals_url(person), {"domain": str(goal.domain_id), "words": "Another"})
    done_url = reverse("casework:step_done", kwargs={"person_id": person.pk, "goal_id": goal.pk, "step_id": step.pk})
    client.post(done_url, {"done": "1"})
    assert access.rows_of_person(person, Goal).count() == 1
    assert GoalStep.objects.get(pk=step.pk).done_at is None


@pytest.mark.parametrize("key", ["oscar", "bob"])
def test_someone_outside_the_care_team_gets_the_same_404_on_every_goal_address(world, clients, person, key):
    goal = make_goal(person, world.user("alice"))
    step = make_step(goal, world.user("alice"))
    p = {"person_id": person.pk}
    urls = [
        reverse("casework:goals", kwargs=p),
        reverse("casework:goal_edit", kwargs={**p, "goal_id": goal.pk}),
        reverse("casework:step_add", kwargs={**p, "goal_id": goal.pk}),
        reverse("casework:step_done", kwargs={**p, "goal_id": goal.pk, "step_id": step.pk}),
    ]
    client = clients(key)
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"done": "1", "words": "x", "text": "x", "status": "paused"}).status_code == 404, url
    assert GoalStep.objects.get(pk=step.pk).done_at is None
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.WORKING


@pytest.mark.parametrize("key", ["pat", "ines", "cora", "adam", "peter"])
def test_roles_without_records_get_no_goal_page(clients, person, key):
    assert clients(key).get(goals_url(person)).status_code in (403, 404)


def test_a_supervisor_sees_and_reviews_goals(world, clients, person):
    goal = make_goal(person, world.user("alice"))
    client = clients("sam")
    body = client.get(goals_url(person)).content.decode()
    assert "A place of my own" in body and reverse("casework:domains") in body
    url = reverse("casework:goal_edit", kwargs={"person_id": person.pk, "goal_id": goal.pk})
    assert client.post(url, {"words": "A place of my own", "status": GoalStatus.REACHED}).status_code == 302
    assert Goal.objects.get(pk=goal.pk).status == GoalStatus.REACHED


def test_a_goal_of_someone_else_is_not_found_under_this_persons_address(world, clients, person):
    other = make_person(world.agencies["harbour"], team=[world.user("alice")])
    goal = make_goal(other, world.user("alice"))
    url = reverse("casework:goal_edit", kwargs={"person_id": person.pk, "goal_id": goal.pk})
    assert clients("alice").get(url).status_code == 404


def test_the_goals_page_query_count_does_not_grow_with_goals_and_steps(
    world, clients, person, django_assert_max_num_queries
):
    alice = world.user("alice")
    make_goal(person, alice)
    client = clients("alice")
    # 13: session, user, membership, MFA check, the gate, the read event (lock, last hash, insert and the
    # test's savepoint pair), goals, their steps, the agency's parts of life.
    with django_assert_max_num_queries(13) as few:
        client.get(goals_url(person))
    for key in ("safety", "income", "health", "legal", "family"):
        for _ in range(3):
            goal = make_goal(person, alice, key=key)
            make_step(goal, alice)
            make_step(goal, alice, who=StepWho.PERSON)
    with django_assert_max_num_queries(len(few.captured_queries)) as many:
        body = client.get(goals_url(person)).content.decode()
    assert body.count('<li id="step-') == 30
    print("goals page queries:", len(few.captured_queries), len(many.captured_queries))
