"""A database outage gives the calm 503 page everywhere, signed in or not, not a 500.

The session, the user and the membership are read by middlewares before any view runs,
and the session is written after it: an outage at any of those points must end in the
same calm page, with Retry-After and no caching.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from unittest import mock

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, connection
from django.test import Client


def assert_calm_503(response) -> None:
    assert response.status_code == 503, response.status_code
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert b"briefly unavailable" in response.content


def tolerant(client: Client) -> Client:
    # The test client re-raises any exception a request met; a real server sends the response.
    client.raise_request_exception = False
    return client


@contextlib.contextmanager
def database_down(error: type[Exception] = OperationalError) -> Iterator[None]:
    """Every query fails as it does when the server is gone (savepoints still work, for the test's transaction)."""

    def refuse(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            return execute(sql, params, many, context)
        raise error("connection to server on socket failed: No such file or directory")

    with connection.execute_wrapper(refuse):
        yield


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_signed_in_user_whose_session_cannot_be_read_gets_the_calm_503(clients, error):
    client = tolerant(clients("alice"))
    with mock.patch.object(SessionStore, "load", side_effect=error("server closed the connection unexpectedly")):
        response = client.get("/home/")
    assert_calm_503(response)


def test_a_signed_in_user_gets_the_calm_503_when_no_query_succeeds(clients):
    client = tolerant(clients("sam"))
    with database_down():
        response = client.get("/home/")
    assert_calm_503(response)


def test_the_session_write_after_the_view_failing_gives_the_calm_503_too(clients):
    client = tolerant(clients("alice"))
    # "Stay signed in" records activity in the session, which is written after the view.
    with mock.patch.object(SessionStore, "save", side_effect=OperationalError("server closed the connection")):
        response = client.post("/session/keepalive/")
    assert_calm_503(response)


@pytest.mark.django_db
def test_an_anonymous_visitor_with_a_session_gets_the_calm_503():
    client = tolerant(Client())
    session = client.session  # a visitor who has a session (a message, a language choice) but no sign-in
    session["seen"] = True
    session.save()
    client.cookies["sessionid"] = session.session_key
    with database_down():
        response = client.get("/accounts/login/")
    assert_calm_503(response)


@pytest.mark.django_db
def test_an_anonymous_visitor_of_a_public_page_gets_the_calm_503():
    client = tolerant(Client())
    with database_down():
        response = client.get("/")
    assert_calm_503(response)


def test_other_failures_in_a_middleware_stay_a_500(clients, settings):
    settings.DEBUG = False
    client = tolerant(clients("alice"))
    with mock.patch.object(SessionStore, "load", side_effect=RuntimeError("a bug, not an outage")):
        response = client.get("/home/")
    assert response.status_code == 500
    assert b"went wrong on our side" in response.content


def test_an_outage_is_logged_as_a_warning_with_its_cause_not_an_internal_server_error(clients, caplog):
    client = tolerant(clients("alice"))
    with (
        caplog.at_level("WARNING", logger="django.request"),
        mock.patch.object(SessionStore, "load", side_effect=OperationalError("server closed the connection\nmore")),
    ):
        assert_calm_503(client.get("/home/"))
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records, "the outage must still be logged"
    assert {r.levelname for r in records} == {"WARNING"}
    assert not any(r.exc_info for r in records)
    assert "Database unavailable: /home/ (server closed the connection)" in caplog.text
    assert "Internal Server Error" not in caplog.text


def test_a_defect_is_still_logged_as_an_error_with_its_traceback(clients, settings, caplog):
    settings.DEBUG = False
    client = tolerant(clients("alice"))
    with (
        caplog.at_level("WARNING", logger="django.request"),
        mock.patch.object(SessionStore, "load", side_effect=RuntimeError("a bug, not an outage")),
    ):
        assert client.get("/home/").status_code == 500
    errors = [r for r in caplog.records if r.name == "django.request" and r.levelname == "ERROR"]
    assert errors and errors[0].exc_info and "Internal Server Error" in errors[0].getMessage()
