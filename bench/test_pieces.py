"""The figures of `make load` and `make faults`, computed from small made-up request logs.

Not part of `make test` (its test paths are under waypoint/): run with
``.venv/bin/pytest bench/test_pieces.py``. The scripts themselves need a server and
minutes; these check the arithmetic they report.
"""

from __future__ import annotations

from typing import Any

from bench.faults import outage_figures
from bench.load.run import analyse, percentile


def entry(t: float, status: int, name: str = "person overview", ms: float = 10.0, **extra: Any) -> dict[str, Any]:
    return {"t": t, "name": name, "status": status, "ms": ms, "server_ms": ms, "lock_ms": 0.0, **extra}


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.95) == 95
    assert percentile([7.0], 0.95) == 7


def test_analyse_counts_errors_by_what_each_page_should_answer() -> None:
    log = [
        entry(0.0, 200),
        entry(0.1, 503),
        entry(0.2, 302, name="write: verify contact"),
        entry(0.3, 200, name="write: verify contact"),  # a write should redirect
        entry(0.4, 302, name="caseload"),  # signed out: an error for a page
        entry(1.0, 200, name="caseload"),
    ]
    result = analyse(log)
    assert result["errors"] == 3
    assert result["statuses"] == {"503": 1, "200": 1, "302": 1}
    assert result["pages"]["person overview"]["count"] == 2
    assert result["requests"] == 6
    assert 5.9 < result["rps"] < 6.0  # 6 requests from 0.0 to 1.01 s
    assert analyse(log, since=0.35)["requests"] == 2


def test_outage_service_back_at_once_when_failures_stop_before_the_database_returns() -> None:
    down, up = 100.0, 104.0
    log = [entry(99.0, 200)]
    log += [entry(100.0 + k / 10, 503, title="Waypoint is briefly unavailable · Waypoint") for k in range(35)]
    log += [entry(104.05, 200), entry(104.2, 302, name="write: new contact"), entry(120.0, 200)]
    figures = outage_figures(log, down, up)
    assert figures["http_503"] == 35
    assert figures["http_500"] == 0
    assert figures["titles"] == {"Waypoint is briefly unavailable · Waypoint": 35}
    assert figures["back_after_s"] == 0.0
    assert abs(figures["first_success_after_up_s"] - 0.06) < 1e-6
    assert figures["failures_later"] == 0


def test_outage_counts_500s_and_late_recovery() -> None:
    down, up = 100.0, 104.0
    calm = "Waypoint is briefly unavailable · Waypoint"
    log = [
        entry(101.0, 503, title=calm),
        entry(102.0, 500, title="Server error"),
        entry(106.0, 503, ms=500.0, title=calm),
    ]
    log += [entry(107.0, 200), entry(130.0, 0, name="finder")]  # a connection error long after
    figures = outage_figures(log, down, up)
    assert figures["http_500"] == 1
    assert figures["titles"] == {calm: 2, "Server error": 1}
    assert abs(figures["back_after_s"] - 2.5) < 1e-6  # the last failure ended at 106.5
    assert figures["failures_later"] == 1


def test_outage_never_back_when_nothing_succeeds_after_the_last_failure() -> None:
    figures = outage_figures([entry(101.0, 503), entry(110.0, 503)], 100.0, 104.0)
    assert figures["back_after_s"] is None
