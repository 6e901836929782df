"""Sessions know their user: deactivation ends that user's sessions only, in constant time (decision 0003)."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from waypoint.accounts import services
from waypoint.sessions.backend import SessionStore
from waypoint.sessions.models import UserSession

OTHERS = ["hana", "sam", "pat", "ines", "oscar"]


def others_sessions(world, count: int) -> None:
    """``count`` live sessions of other people, and a few nobody has signed in to."""
    users = [world.user(key) for key in OTHERS]
    for n in range(count):
        store = SessionStore()
        store[SESSION_KEY] = str(users[n % len(users)].pk)
        store.create()
    for _ in range(3):
        store = SessionStore()
        store["django_language"] = "fr"
        store.create()


def signed_in(world, key: str) -> Client:
    client = Client()
    client.force_login(world.user(key))
    assert client.get("/home/").status_code == 200
    return client


def test_a_session_row_names_its_user_and_an_anonymous_one_none(world):
    signed_in(world, "alice")
    others_sessions(world, 1)
    assert UserSession.objects.filter(user=world.user("alice")).count() == 1
    assert UserSession.objects.filter(user__isnull=True).count() == 3


def deactivate_and_count(world, key: str) -> int:
    membership = world.user(key).memberships.get()
    with CaptureQueriesContext(connection) as queries:
        services.membership_deactivate(actor=world.user("adam"), membership=membership)
    return len(queries)


def test_deactivation_ends_only_that_users_sessions_in_constant_queries(world):
    alice_phone, alice_laptop = signed_in(world, "alice"), signed_in(world, "alice")
    others_sessions(world, 5)
    others_before = UserSession.objects.exclude(user=world.user("alice")).count()
    with_5 = deactivate_and_count(world, "alice")
    for client in (alice_phone, alice_laptop):
        response = client.get("/home/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not UserSession.objects.filter(user=world.user("alice")).exists()
    assert UserSession.objects.exclude(user=world.user("alice")).count() == others_before

    # Bob is set up as Alice was (an advocate at the same agency, two sessions), among 200 other sessions.
    signed_in(world, "bob"), signed_in(world, "bob")
    others_sessions(world, 195)
    assert UserSession.objects.exclude(user=world.user("bob")).count() >= 200
    with_200 = deactivate_and_count(world, "bob")
    assert with_200 == with_5


@pytest.mark.django_db
def test_ending_a_users_sessions_is_one_statement():
    from waypoint.sessions.backend import end_sessions_of

    with CaptureQueriesContext(connection) as queries:
        assert end_sessions_of("00000000-0000-0000-0000-000000000001") == 0
    assert len(queries) == 1
    assert queries[0]["sql"].startswith('DELETE FROM "waypoint_session" WHERE')
