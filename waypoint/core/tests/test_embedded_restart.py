"""The embedded server comes back by itself after its postmaster is killed (the demo's watchdog)."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from waypoint.database import embedded_server, ensure_embedded_running, postmaster_pid, stop_embedded

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="DATABASE_URL is set: there is no embedded server to restart"
)


@pytest.fixture
def scratch_pgdata() -> Iterator[Path]:
    """A server of its own in a short temporary path (not var/pgdata, which the suite is using)."""
    root = Path(tempfile.mkdtemp(prefix="wp-pg-"))
    pgdata = root / "pgdata"
    try:
        yield pgdata
    finally:
        stop_embedded(pgdata)
        shutil.rmtree(root, ignore_errors=True)


def answers(url: str) -> bool:
    try:
        with psycopg.connect(url, connect_timeout=2) as connection:
            return connection.execute("SELECT 1").fetchone() == (1,)
    except psycopg.OperationalError:
        return False


def test_a_killed_postmaster_is_restarted_and_answers_again(scratch_pgdata):
    url = embedded_server(scratch_pgdata).get_uri()
    assert answers(url)
    assert ensure_embedded_running(scratch_pgdata) is False  # running: nothing to do

    killed = postmaster_pid(scratch_pgdata)
    assert killed is not None
    os.kill(killed, signal.SIGKILL)
    started = time.monotonic()
    restarted = False
    while time.monotonic() - started < 10:  # what the demo's watchdog does, only more often
        restarted = ensure_embedded_running(scratch_pgdata) or restarted
        if restarted and answers(url):
            break
        time.sleep(0.1)
    assert restarted
    assert answers(url), "the embedded server did not answer within 10 s of its postmaster being killed"
    assert postmaster_pid(scratch_pgdata) != killed
