"""Plan versions: numbered one after another, nothing saved when nothing changed, and the database itself refuses
to change or delete one, except the retention purge of its person, which removes the whole plan."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction

from waypoint.audit.models import Event
from waypoint.people.models import Person
from waypoint.people.services import retention
from waypoint.people.tests.factories import make_person
from waypoint.people.tests.test_purge import rows_mentioning
from waypoint.safety import services
from waypoint.safety.tests.factories import DAY, make_plan, sample_sections

pytestmark = pytest.mark.django_db

UPDATE = "UPDATE safety_planversion SET number = 9 WHERE id = %s"
DELETE = "DELETE FROM safety_planversion WHERE id = %s"


@pytest.fixture
def person(world):
    return make_person(world.agencies["harbour"], alias="Kestrel", team=[world.user("alice")])


def test_the_first_save_makes_the_plan_and_each_later_one_the_next_version(world, person):
    alice = world.user("alice")
    first = make_plan(person, alice)
    sections = sample_sections()
    sections[0]["words"] = "New numbers mean he is looking again."
    second = make_plan(person, alice, sections, made_on=DAY + datetime.timedelta(days=3))
    assert (first.number, second.number) == (1, 2)
    assert second.changed == ["risks"]
    plan = person.safety_plans.get()
    assert plan.review_due_on == DAY + datetime.timedelta(days=33)  # the agency's 30 days from the latest
    events = Event.objects.filter(action="safety_plan.version_saved").order_by("sequence")
    assert [e.detail["number"] for e in events] == [1, 2]
    assert "looking again" not in str([e.detail for e in events])


def test_saving_the_same_plan_again_saves_nothing(world, person):
    alice = world.user("alice")
    make_plan(person, alice)
    with pytest.raises(ValidationError, match="Nothing changed since version 1"):
        make_plan(person, alice)
    assert person.plan_versions.count() == 1


def test_not_made_with_the_person_needs_a_reason(world, person):
    with pytest.raises(ValidationError, match="why the plan was not made with the person"):
        make_plan(person, world.user("alice"), with_person=False)
    version = make_plan(person, world.user("alice"), with_person=False, why_not="By phone with her counsellor")
    assert not version.with_person and version.why_not == "By phone with her counsellor"


def test_a_closed_record_or_a_stranger_cannot_save(world, person):
    with pytest.raises(ValidationError):
        make_plan(person, world.user("oscar"))
    Person.objects.filter(pk=person.pk).update(status="closed")
    with pytest.raises(ValidationError, match="closed"):
        make_plan(Person.objects.get(pk=person.pk), world.user("alice"))


def _refused(sql: str, params: list) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def test_the_database_refuses_to_update_or_delete_a_version(world, person):
    version = make_plan(person, world.user("alice"))
    assert "never changed or deleted (UPDATE refused)" in _refused(UPDATE, [version.pk])
    assert "DELETE refused" in _refused(DELETE, [version.pk])
    # Not even with the purge's setting for somebody else.
    other = make_person(world.agencies["harbour"], alias="Other")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('waypoint.purging_person', %s, true)", [str(other.pk)])
        assert "DELETE refused" in _refused(DELETE, [version.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        person.plan_versions.update(number=5)
    assert person.plan_versions.get().number == 1


def test_the_purge_removes_the_whole_plan_with_every_version_and_ciphertext(world, person):
    alice = world.user("alice")
    make_plan(person, alice)
    sections = sample_sections()
    sections[0]["items"].append({"id": "r2", "text": "Keep the charger in my coat"})
    make_plan(person, alice, sections)
    services.risk_check_in(actor=alice, person=person, on=DAY, answers={"contact": "yes"}, note="He called twice")
    ciphertexts = {
        v
        for _t, row in rows_mentioning({str(person.pk)}, skip={Event._meta.db_table})
        for v in row
        if v.startswith("wp1:")
    }
    assert len(ciphertexts) == 3  # two versions' sections, the check-in's note

    retention.person_purge(person=person)

    assert rows_mentioning({str(person.pk)}, skip={Event._meta.db_table}) == []
    assert rows_mentioning(ciphertexts) == []
    assert rows_mentioning({"Auntie May", "blue umbrella", "He called twice"}) == []
