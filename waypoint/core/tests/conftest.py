"""Tables for the core app's test-only models.

The core app has migrations (0001 creates the PostgreSQL extensions), so the test database
is built by migrating, and migrations know nothing of models that only tests define (such as
``Secret`` in test_crypto.py). This adds their tables once per test database, after the
usual set-up; every test still rolls back its rows.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        existing = set(connection.introspection.table_names())
        missing = [
            model
            for model in apps.get_app_config("core").get_models()
            if model._meta.managed and model._meta.db_table not in existing
        ]
        if missing:
            with connection.schema_editor() as editor:
                for model in missing:
                    editor.create_model(model)
