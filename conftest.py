"""Fixtures shared by every test: fast hashing, the personas, signed-in clients."""

from __future__ import annotations

import os

import pytest
from django.test import Client

from waypoint.testing.personas import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django's ORM is still used synchronously there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in accounts); tests need not pay for it on every user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _no_demo_mode(settings):
    settings.DEMO_MODE = False


@pytest.fixture(autouse=True)
def _each_test_starts_in_english():
    # A request in French leaves French active in the thread (LocaleMiddleware activates, nothing resets):
    # a later test on the same worker would read its messages in French.
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _no_guide_address_kept_from_another_test():
    from waypoint.learning import selectors

    selectors.forget_guide_urls()


@pytest.fixture(autouse=True, scope="session")
def _flush_past_the_audit_trigger():
    """Django empties the database after a transactional test with TRUNCATE, which the audit table refuses.

    Tests connect as a superuser, who may run that one flush in replica mode, where
    ordinary triggers do not fire. Production code has no such way round the trigger.
    """
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        return original(self, ["SET LOCAL session_replication_role = replica", *sql_list])

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture
def world(db) -> World:
    return build_world()


def client_for(world: World, key: str) -> Client:
    client = Client()
    persona = world[key]
    if persona.user is not None:
        client.force_login(persona.user)
    return client


@pytest.fixture
def clients(world):
    """A signed-in test client per persona: ``clients("alice")``."""
    return lambda key: client_for(world, key)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Let several suite runs share one server: WAYPOINT_TEST_DB_SUFFIX names this run's test databases."""
    from django.conf import settings

    suffix = os.environ.get("WAYPOINT_TEST_DB_SUFFIX")
    if suffix:
        test = settings.DATABASES["default"].setdefault("TEST", {})
        base = test.get("NAME") or "test_" + settings.DATABASES["default"]["NAME"]
        test["NAME"] = f"{base}_{suffix}"


pytest_plugins = ["waypoint.testing.browser"]
