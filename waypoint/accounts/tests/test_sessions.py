"""Session limits: 15 minutes idle, 12 hours in all, keep-alive, deactivation ends sessions at once."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.test import Client
from django.utils import timezone

from waypoint.accounts import services


def signed_in(world, key: str = "alice") -> Client:
    client = Client()
    client.force_login(world.user(key))
    assert client.get("/home/").status_code == 200
    return client


def test_fourteen_idle_minutes_keep_the_session(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(world)
        traveller.shift(timedelta(minutes=14))
        assert client.get("/home/").status_code == 200


def test_sixteen_idle_minutes_sign_the_person_out(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(world)
        traveller.shift(timedelta(minutes=16))
        response = client.get("/home/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert client.get("/home/").status_code == 302


def test_keepalive_counts_as_activity(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(world)
        traveller.shift(timedelta(minutes=14))
        assert client.post("/session/keepalive/").status_code == 200
        traveller.shift(timedelta(minutes=14))
        assert client.get("/home/").status_code == 200


def test_twelve_hours_end_the_session_however_active(world):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        client = signed_in(world)
        for _ in range(12 * 6 - 1):
            traveller.shift(timedelta(minutes=10))
            assert client.get("/home/").status_code == 200
        traveller.shift(timedelta(minutes=11))
        response = client.get("/home/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_warning_dialog_is_on_signed_in_pages(world, settings):
    response = signed_in(world).get("/home/")
    assert b'class="session-warning"' in response.content
    assert f'data-idle-seconds="{settings.SESSION_IDLE_SECONDS}"'.encode() in response.content


def test_deactivating_a_user_ends_their_sessions_at_once(world):
    victim_client = signed_in(world, "bob")
    membership = world.user("bob").memberships.get()
    services.membership_deactivate(actor=world.user("adam"), membership=membership)
    response = victim_client.get("/home/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_times_are_shown_in_the_agencys_time_zone(world, clients):
    from unittest import mock

    from django.shortcuts import render
    from django.utils import timezone as tz

    harbour = world.agencies["harbour"]
    harbour.time_zone = "America/Vancouver"
    harbour.save(update_fields=["time_zone"])
    seen: list[str] = []

    def recording_render(*args, **kwargs):
        seen.append(tz.get_current_timezone_name())
        return render(*args, **kwargs)

    with mock.patch("waypoint.core.views.render", recording_render):
        assert clients("alice").get("/home/").status_code == 200
    assert seen == ["America/Vancouver"]
    # Reset after the request, so the next one starts from the site default.
    assert tz.get_current_timezone_name() == "America/Toronto"
