"""Service rules for casework: encounters and their corrections, goals and steps, tasks, reassignment."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from waypoint.audit.models import Event
from waypoint.casework import flags, selectors, timeline
from waypoint.casework.models import Encounter, GoalStatus, StepWho, Task, TaskSource
from waypoint.casework.services import encounters, goals, reassign, tasks
from waypoint.casework.services.encounters import EncounterDetails
from waypoint.casework.tests.factories import domain, make_encounter, make_goal, make_step, make_task
from waypoint.people import access
from waypoint.people.models import Channel
from waypoint.people.selectors import person_history
from waypoint.people.services import lifecycle, retention, safe_contact
from waypoint.people.tests.factories import make_contact, make_person

pytestmark = pytest.mark.django_db

SECRET = "She said the landlord threatened her"


def test_an_encounter_with_a_follow_up_makes_a_task_whose_title_holds_no_detail(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    tomorrow = access.agency_today(person.agency) + datetime.timedelta(days=1)
    encounter, task = make_encounter(person, alice, summary=SECRET, own_words="I want out", follow_up_on=tomorrow)
    assert task is not None and task.assignee == alice and task.due_on == tomorrow
    assert task.source == TaskSource.ENCOUNTER and task.source_id == encounter.pk
    assert "landlord" not in task.title and person.alias not in task.title
    assert list(encounter.staff_present.values_list("user_id", flat=True)) == [alice.pk]
    events = Event.objects.filter(action__in=["encounter.created", "task.created"])
    assert events.count() == 2
    assert all(SECRET not in str(e.detail) and "I want out" not in str(e.detail) for e in events)


def test_an_encounter_refuses_the_future_a_closed_record_and_staff_of_another_agency(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    later = timezone.now() + datetime.timedelta(hours=2)
    with pytest.raises(ValidationError, match="not in the future"):
        make_encounter(person, alice, occurred_at=later)
    details = EncounterDetails(kind="drop_in", staff=[world.user("oscar")])
    with pytest.raises(ValidationError, match="Staff present must be staff of this agency"):
        encounters.encounter_create(actor=alice, person=person, details=details)
    closed = make_person(world.agencies["harbour"], team=[alice], status="closed")
    with pytest.raises(ValidationError, match="closed"):
        make_encounter(closed, alice)


def test_a_correction_after_a_day_needs_a_reason_and_the_earlier_text_stays_in_history(world):
    alice, sam = world.user("alice"), world.user("sam")
    person = make_person(world.agencies["harbour"], team=[alice])
    encounter, _ = make_encounter(person, alice, summary="First version")
    Encounter.objects.filter(pk=encounter.pk).update(created_at=timezone.now() - datetime.timedelta(hours=25))
    encounter.refresh_from_db()
    new = EncounterDetails(kind="phone", summary="Second version")
    with pytest.raises(ValidationError, match="more than a day old"):
        encounters.encounter_correct(actor=alice, encounter=encounter, details=new)
    with pytest.raises(ValidationError, match="Only the person who wrote"):
        encounters.encounter_correct(actor=sam, encounter=encounter, details=new, reason="wrong kind")
    encounters.encounter_correct(actor=alice, encounter=encounter, details=new, reason="It was a phone call")
    encounter.refresh_from_db()
    assert encounter.summary == "Second version" and encounter.corrected_at is not None
    shown = [str(c) for entry in person_history(person) for c in entry.changes]
    assert any("First version" in c for c in shown) and any("Second version" in c for c in shown)


def test_a_correction_within_a_day_needs_no_reason(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    encounter, _ = make_encounter(person, alice)
    encounters.encounter_correct(actor=alice, encounter=encounter, details=EncounterDetails(kind="outreach"))
    assert Encounter.objects.get(pk=encounter.pk).kind == "outreach"


def test_goal_and_step_lifecycle_with_the_step_task_following_the_step(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    goal = make_goal(person, alice)
    assert goal.status == GoalStatus.WORKING and goal.reviewed_on == access.agency_today(person.agency)
    step = make_step(goal, alice, who=StepWho.TOGETHER, due_on=access.agency_today(person.agency))
    task = Task.objects.get(source=TaskSource.GOAL_STEP, source_id=step.pk)
    assert task.assignee == alice and not task.is_done
    goals.step_set_done(actor=alice, step=step)
    task.refresh_from_db()
    assert task.is_done
    goals.goal_update(actor=alice, goal=goal, status=GoalStatus.NOT_WANTED)
    assert not goal.is_open
    with pytest.raises(ValidationError, match="status"):
        goals.goal_update(actor=alice, goal=goal, status="failed")
    # A step the person takes makes no task for the worker.
    make_step(goal, alice, who=StepWho.PERSON, due_on=access.agency_today(person.agency))
    assert Task.objects.filter(source=TaskSource.GOAL_STEP).count() == 1


def test_a_goal_needs_a_domain_of_the_persons_agency(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    other = domain(world.agencies["elsewhere"])
    with pytest.raises(ValidationError, match="this agency's list"):
        goals.goal_create(actor=alice, person=person, domain=other, words="Somewhere safe")


def test_only_the_assignee_or_a_supervisor_marks_a_task_done(world):
    alice, bob, sam = world.user("alice"), world.user("bob"), world.user("sam")
    task = make_task(alice)
    with pytest.raises(ValidationError):
        tasks.task_set_done(actor=bob, task=task)
    tasks.task_set_done(actor=sam, task=task)
    assert task.is_done and task.done_by == sam
    tasks.task_set_done(actor=alice, task=task, done=False)
    assert not task.is_done


def test_a_call_recorded_for_staff_to_make_becomes_the_senders_task(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    make_contact(person, channel=Channel.CALL)
    result = safe_contact.send(person, Channel.CALL, "Call about Tuesday", actor=alice)
    assert result.sent
    task = Task.objects.get(source=TaskSource.MESSAGE)
    assert task.assignee == alice and task.person == person and "Tuesday" not in task.title


def test_reassigning_ends_one_place_starts_the_other_and_moves_open_follow_ups(world):
    alice, bob, sam = world.user("alice"), world.user("bob"), world.user("sam")
    person = make_person(world.agencies["harbour"], team=[alice])
    make_task(alice, person=person)
    member = person.care_team.get()
    with pytest.raises(ValidationError, match="Only a supervisor"):
        reassign.reassign(actor=alice, person=person, member=member, to_user=bob)
    result = reassign.reassign(actor=sam, person=person, member=member, to_user=bob)
    assert result.tasks_moved == 1 and result.started.user == bob
    assert Task.objects.get(person=person).assignee == bob
    assert Event.objects.filter(action="care_team.reassigned").count() == 1


def test_the_flags_are_raised_in_one_query(world, django_assert_num_queries):
    alice = world.user("alice")
    old = timezone.now() - datetime.timedelta(days=90)
    silent = make_person(world.agencies["harbour"], alias="Silent", team=[alice])
    seen = make_person(world.agencies["harbour"], alias="Seen", team=[alice])
    from waypoint.people.models import Person

    Person.objects.filter(pk__in=[silent.pk, seen.pk]).update(created_at=old)
    make_encounter(seen, alice)
    make_task(alice, person=seen, due_on=access.agency_today(seen.agency) - datetime.timedelta(days=2))
    lifecycle.person_request_closure(actor=alice, person=silent, reason="moved")
    today = access.agency_today(seen.agency)
    with django_assert_num_queries(1):
        rows = {p.alias: p for p in selectors.caseload(alice, today)}
    assert flags.raised_keys(rows["Silent"]) == ["no_contact", "closure"]
    assert flags.raised_keys(rows["Seen"]) == ["overdue"]
    assert rows["Seen"].last_contact_at is not None and rows["Seen"].next_follow_up_on is not None


def test_the_timeline_mixes_kinds_newest_first(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    make_encounter(person, alice, occurred_at=timezone.now() - datetime.timedelta(days=3))
    goal = make_goal(person, alice)
    goals.goal_update(actor=alice, goal=goal, status=GoalStatus.REACHED)
    task = make_task(alice, person=person)
    tasks.task_set_done(actor=alice, task=task)
    _page, entries = timeline.page_for(person)
    assert [e.kind for e in entries] == ["task", "goal", "goal", "encounter"]
    _, only = timeline.page_for(person, kinds=["encounter"])
    assert [e.kind for e in only] == ["encounter"]


def test_a_purge_deletes_casework_and_its_history(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], team=[alice])
    make_encounter(person, alice, summary=SECRET)
    make_step(make_goal(person, alice), alice)
    make_task(alice, person=person)
    retention.person_purge(person=person)
    assert Encounter.objects.count() == 0 and Task.objects.count() == 0
    assert Encounter.pgh_event_model.objects.count() == 0
