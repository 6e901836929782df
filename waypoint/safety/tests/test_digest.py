"""The daily digest counts the safety plan reviews due on the worker's caseload, with a link, and nothing else."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from waypoint.casework import digest
from waypoint.people import access
from waypoint.people.tests.factories import make_person
from waypoint.safety.tests.factories import make_plan

pytestmark = pytest.mark.django_db


def test_a_review_due_alone_sends_a_digest_that_names_nobody(world, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://waypoint.example.org/"
    alice = world.user("alice")
    harbour = world.agencies["harbour"]
    today = access.agency_today(harbour)
    overdue = make_person(harbour, alias="Marigold Quill", team=[alice])
    make_plan(overdue, alice, made_on=today - datetime.timedelta(days=45))  # due 15 days ago
    recent = make_person(harbour, alias="Juniper Vale", team=[alice])
    make_plan(recent, alice, made_on=today - datetime.timedelta(days=2))
    make_plan(make_person(harbour, alias="Not hers"), world.user("bob"), made_on=today - datetime.timedelta(days=90))

    digest.send_daily_digests()

    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "1 safety plan review is due on your caseload:" in message.body
    assert "https://waypoint.example.org/people/?flag=safety_review" in message.body
    assert "follow-up" not in message.body.split("This e-mail")[0]  # no task line when no task is due
    text = (message.subject + message.body).lower()
    for secret in ("marigold", "juniper", "auntie may", "blue umbrella", str(overdue.pk), "new number"):
        assert secret not in text


def test_the_french_digest_says_it_in_french(world):
    alice = world.user("alice")
    alice.language = "fr"
    alice.save(update_fields=["language"])
    harbour = world.agencies["harbour"]
    person = make_person(harbour, alias="Marigold", team=[alice])
    make_plan(person, alice, made_on=access.agency_today(harbour) - datetime.timedelta(days=40))
    digest.send_daily_digests()
    [message] = [m for m in mail.outbox if m.to == [alice.email]]
    assert "safety plan review" not in message.body
