"""The contrib extensions Waypoint uses are there, on the embedded server and on any PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from django.db import IntegrityError, connection, transaction

pytestmark = pytest.mark.django_db


def test_the_migration_created_the_extensions():
    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname IN ('btree_gist', 'pg_trgm', 'unaccent')")
        assert {name for (name,) in cursor.fetchall()} == {"btree_gist", "pg_trgm", "unaccent"}


def test_an_exclusion_constraint_refuses_a_double_booked_bed():
    bed, other_bed = uuid.uuid4(), uuid.uuid4()
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE stay_probe (bed_id uuid NOT NULL, during tstzrange NOT NULL,"
            " EXCLUDE USING gist (bed_id WITH =, during WITH &&))"
        )
        insert = "INSERT INTO stay_probe (bed_id, during) VALUES (%s, tstzrange(%s, %s, '[)'))"
        cursor.execute(insert, [bed, "2026-03-01 12:00+00", "2026-03-08 12:00+00"])
        # The next stay may start the moment the last one ends, and another bed is free that week.
        cursor.execute(insert, [bed, "2026-03-08 12:00+00", "2026-03-10 12:00+00"])
        cursor.execute(insert, [other_bed, "2026-03-02 12:00+00", "2026-03-05 12:00+00"])
        with pytest.raises(IntegrityError, match="stay_probe_bed_id_during_excl"), transaction.atomic():
            cursor.execute(insert, [bed, "2026-03-07 12:00+00", "2026-03-09 12:00+00"])
        cursor.execute("SELECT count(*) FROM stay_probe WHERE bed_id = %s", [bed])
        assert cursor.fetchone() == (2,)


def test_trigram_similarity_and_unaccent_work():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT similarity(%s, %s) > 0.5, %s %% %s, similarity(%s, %s) < 0.2, unaccent(%s)",
            [
                *("transitional housing", "transitionel housing") * 2,
                *("housing", "workshop"),
                "Hélène Côté, Montréal",
            ],
        )
        assert cursor.fetchone() == (True, True, True, "Helene Cote, Montreal")
