"""Step-up re-authentication: sensitive actions need the password or a code from the last 5 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from allauth.account.internal.flows.login import record_authentication
from allauth.core.exceptions import ReauthenticationRequired
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from waypoint.accounts.decorators import step_up_required


@step_up_required
def sensitive(request):
    return HttpResponse("done")


@pytest.fixture
def request_for(world):
    from django.contrib.sessions.backends.db import SessionStore

    def build(key: str):
        request = RequestFactory().post("/sensitive/")
        request.user = world.user(key)
        request.session = SessionStore()
        return request

    return build


def call(request):
    try:
        return sensitive(request)
    except ReauthenticationRequired:
        return None


def test_a_fresh_authentication_lets_the_action_through(request_for):
    request = request_for("alice")
    record_authentication(request, request.user, method="password", reauthenticated=True)
    assert call(request).content == b"done"


def test_after_five_minutes_the_person_is_asked_again(request_for):
    request = request_for("alice")
    record_authentication(request, request.user, method="password", reauthenticated=True)
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert call(request) is None


def test_signing_in_alone_is_not_a_step_up(request_for):
    request = request_for("alice")
    record_authentication(request, request.user, method="password")
    assert call(request) is None


def test_get_requests_are_guarded_too(request_for):
    request = request_for("alice")
    request.method = "GET"
    assert call(request) is None
