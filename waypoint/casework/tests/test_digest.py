"""The daily digest: counts of follow-ups and a link, in the worker's language, and nothing about any person."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone, translation

from waypoint.casework import digest
from waypoint.casework.models import Task
from waypoint.casework.tests.factories import make_encounter, make_goal, make_step, make_task
from waypoint.core.templatetags.waypoint_dates import format_long
from waypoint.people import access
from waypoint.people.tests.factories import make_person

pytestmark = pytest.mark.django_db

ALIAS = "Marigold Quill"
SUMMARY = "She met the recruiter at the bus station"
OWN_WORDS = "I never want to go back there"
GOAL_WORDS = "Get my passport back from him"
TITLES = ["Ring the shelter about Marigold", "Court letter for the hearing", "Chase the passport office"]


@pytest.fixture
def worker_with_people(world):
    alice = world.user("alice")
    person = make_person(world.agencies["harbour"], alias=ALIAS, team=[alice])
    today = access.agency_today(person.agency)
    make_encounter(person, alice, summary=SUMMARY, own_words=OWN_WORDS)
    goal = make_goal(person, alice, key="documents", words=GOAL_WORDS)
    make_step(goal, alice, due_on=today)  # a step alice takes today: one of her follow-ups, titled by the system
    make_task(alice, person=person, due_on=today, title=TITLES[0])
    make_task(alice, person=person, due_on=today - datetime.timedelta(days=3), title=TITLES[1])
    make_task(alice, due_on=today + datetime.timedelta(days=2), title=TITLES[2])  # not due yet: not counted
    done = make_task(alice, person=person, due_on=today, title="Already done")
    Task.objects.filter(pk=done.pk).update(done_at=timezone.now())
    return alice, person


def mails_to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_the_digest_counts_and_links_and_holds_nothing_about_the_people(world, worker_with_people, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://waypoint.example.org/"
    alice, person = worker_with_people
    digest.send_daily_digests()
    [message] = mails_to(alice)
    text = message.subject + "\n" + message.body
    assert "You have 2 follow-ups due today and 1 overdue." in message.body
    assert "https://waypoint.example.org/casework/tasks/" in message.body
    assert "https://waypoint.example.org/profile/" in message.body
    secrets = [ALIAS, "Marigold", person.case_number, SUMMARY, OWN_WORDS, GOAL_WORDS, "passport", *TITLES]
    secrets += [str(person.pk), "Call the housing office", "step towards"]
    found = [s for s in secrets if s.lower() in text.lower()]
    assert found == []


def test_nobody_with_nothing_due_or_who_turned_it_off_gets_one(world, worker_with_people):
    alice, _person = worker_with_people
    bob = world.user("bob")
    make_task(bob, due_on=access.agency_today(world.agencies["harbour"]) + datetime.timedelta(days=1))
    digest.send_daily_digests()
    assert len(mails_to(alice)) == 1 and mails_to(bob) == []
    assert {m.to[0] for m in mail.outbox} == {alice.email}  # pat, ines, adam… hold no tasks and get nothing
    mail.outbox.clear()
    alice.daily_digest = False
    alice.save(update_fields=["daily_digest"])
    digest.send_daily_digests()
    assert mail.outbox == []


def test_an_inactive_worker_or_one_without_a_clinical_role_gets_none(world, worker_with_people):
    alice, _person = worker_with_people
    assert alice in list(digest.recipients())
    alice.memberships.update(role="program_manager")
    assert alice not in list(digest.recipients()) and digest.digest_for(alice) is None
    alice.memberships.update(role="advocate")
    alice.is_active = False
    alice.save(update_fields=["is_active"])
    assert alice not in list(digest.recipients())


def test_one_overdue_alone_reads_well(world):
    bob = world.user("bob")
    make_task(bob, due_on=access.agency_today(world.agencies["harbour"]) - datetime.timedelta(days=1))
    digest.send_daily_digests()
    [message] = mails_to(bob)
    assert "You have 1 overdue follow-up." in message.body


def test_a_french_speaking_worker_gets_it_in_french(world, worker_with_people):
    alice, person = worker_with_people
    alice.language = "fr"
    alice.save(update_fields=["language"])
    digest.send_daily_digests()
    [message] = mails_to(alice)
    today = access.agency_today(person.agency)
    with translation.override("fr"):
        french_date = format_long(today, "DATE_FORMAT")
    with translation.override("en"):
        english_date = format_long(today, "DATE_FORMAT")
    assert french_date != english_date
    assert message.body.startswith(french_date) and english_date not in message.body
    assert translation.get_language() == "en"  # the worker's language did not leak into the caller


def test_the_command_sends_or_queues(world, worker_with_people, capsys):
    call_command("casework_digest")
    assert "Sent 1 digest(s)" in capsys.readouterr().out and len(mail.outbox) == 1
    call_command("casework_digest", "--enqueue")
    assert "Queued digest task" in capsys.readouterr().out


def test_the_task_sends_them(world, worker_with_people):
    from waypoint.casework.tasks import send_daily_digests

    assert send_daily_digests.call() == {"sent": 1, "failed": 0}


def test_the_profile_turns_the_digest_off_and_on(world, clients):
    from waypoint.audit.models import Event

    client = clients("alice")
    name = world.user("alice").display_name
    assert 'name="no_daily_digest"' in client.get("/profile/").content.decode()
    client.post("/profile/", {"display_name": name, "language": "", "no_daily_digest": "on"})
    alice = world.user("alice")
    alice.refresh_from_db()
    assert alice.daily_digest is False
    assert Event.objects.filter(action="user.profile_updated").latest("sequence").detail == {"fields": "daily_digest"}
    assert "checked" in client.get("/profile/").content.decode().split('name="no_daily_digest"')[1].split(">")[0]
    client.post("/profile/", {"display_name": name, "language": ""})
    alice.refresh_from_db()
    assert alice.daily_digest is True
