"""Moving workshops and contact requests out of ``learning`` keeps every row, key and reference.

The database is taken back to the migration before the split (learning 0003), filled
through the historical models as the old code wrote it, and migrated forward again.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from waypoint.enquiries.models import ContactReply, ContactRequest
from waypoint.workshops.models import Feedback, Registration, Workshop, WorkshopSession

BEFORE_THE_SPLIT = [("learning", "0003_text_limits"), ("workshops", None), ("enquiries", None)]
OLD_REMINDER = "waypoint.learning.tasks.send_session_reminder"


def migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def fill_the_old_tables(executor: MigrationExecutor, world) -> dict:
    old = executor.loader.project_state([("learning", "0003_text_limits")]).apps
    harbour, ines = world.agencies["harbour"], world.user("ines")
    starts = timezone.now() + datetime.timedelta(days=9)
    workshop = old.get_model("learning", "Workshop").objects.create(
        agency_id=harbour.id, title="Old workshop", description="Before the split.", audiences=["health"]
    )
    session_model = old.get_model("learning", "WorkshopSession")
    session = session_model.objects.create(
        workshop=workshop, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2), capacity=2, place="Room 1"
    )
    registration_model = old.get_model("learning", "Registration")
    seated = [
        registration_model.objects.create(session=session, name=f"Person {n}", email=f"p{n}@example.org", state=state)
        for n, state in enumerate(["confirmed", "attended", "waitlisted"])
    ]
    old.get_model("learning", "Feedback").objects.create(
        registration=seated[1], session=session, usefulness=5, confidence=4, comments="Useful."
    )
    contact = old.get_model("learning", "ContactRequest").objects.create(
        agency_id=harbour.id,
        name="Dana",
        email="dana@example.org",
        topic="training",
        message="A session for our team?",
        due_at=timezone.now(),
    )
    old.get_model("learning", "ContactReply").objects.create(
        request=contact, author_id=ines.id, channel="email", body="Sent our dates."
    )
    # Editors hold the workshop permissions through their group; a reminder waits in the task queue.
    content_type = ContentType.objects.get(app_label="learning", model="workshop")
    group = Group.objects.create(name="Old editors")
    group.permissions.add(content_type.permission_set.get(codename="change_workshop"))
    from waypoint.workshops.tasks import send_session_reminder

    queued = send_session_reminder.using(run_after=starts - datetime.timedelta(days=2)).enqueue(
        str(seated[0].id), starts.isoformat()
    )
    with connection.cursor() as cursor:
        cursor.execute("UPDATE django_tasks_database_dbtaskresult SET task_path = %s", [OLD_REMINDER])
    return {
        "workshop": workshop.id,
        "session": session.id,
        "registrations": {r.id for r in seated},
        "contact": contact.id,
        "content_type": content_type.id,
        "group": group.id,
        "task": queued.id,
    }


@pytest.mark.django_db(transaction=True)
def test_the_split_keeps_every_workshop_booking_feedback_and_contact_request(world):
    executor = migrate(BEFORE_THE_SPLIT)
    ContentType.objects.clear_cache()
    try:
        before = fill_the_old_tables(executor, world)
    finally:
        executor = migrate(executor.loader.graph.leaf_nodes())
        ContentType.objects.clear_cache()

    workshop = Workshop.objects.get(id=before["workshop"])
    assert workshop.title == "Old workshop" and workshop.agency == world.agencies["harbour"]
    session = WorkshopSession.objects.get(id=before["session"])
    assert session.workshop == workshop and session.place == "Room 1"
    registrations = list(Registration.objects.filter(session=session))
    assert {r.id for r in registrations} == before["registrations"]
    assert sorted((r.name, r.email, r.state) for r in registrations) == [
        ("Person 0", "p0@example.org", "confirmed"),
        ("Person 1", "p1@example.org", "attended"),
        ("Person 2", "p2@example.org", "waitlisted"),
    ]
    assert Feedback.objects.get(session=session).comments == "Useful."
    contact = ContactRequest.objects.get(id=before["contact"])
    assert (contact.name, contact.message) == ("Dana", "A session for our team?")
    assert ContactReply.objects.get(request=contact).body == "Sent our dates."

    # The content type kept its id under the new app, so the group's permission still grants it.
    content_type = ContentType.objects.get_for_model(Workshop)
    assert content_type.id == before["content_type"] and content_type.app_label == "workshops"
    assert not ContentType.objects.filter(app_label="learning", model="workshop").exists()
    assert Group.objects.get(id=before["group"]).permissions.filter(content_type=content_type).exists()
    # The queued reminder now names the task's new module, and the tables carry the new apps' names.
    with connection.cursor() as cursor:
        cursor.execute("SELECT task_path FROM django_tasks_database_dbtaskresult WHERE id = %s", [before["task"]])
        assert cursor.fetchone() == ("waypoint.workshops.tasks.send_session_reminder",)
    assert {Workshop._meta.db_table, ContactRequest._meta.db_table} == {
        "workshops_workshop",
        "enquiries_contactrequest",
    }
    assert "learning_workshop" not in connection.introspection.table_names()
