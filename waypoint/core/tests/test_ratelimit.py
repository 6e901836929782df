"""The shared hourly counters: every hit counts, simultaneous hits too, and an expired window starts over."""

from __future__ import annotations

import threading

import pytest

from waypoint.core import ratelimit


@pytest.fixture(autouse=True)
def _locmem_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"}}
    from django.core.cache import cache

    cache.clear()


def test_the_rate_limit_counts_every_hit_in_a_loop(settings):
    assert [ratelimit.over_limit("t", "1.2.3.4", 3) for _ in range(6)] == [False] * 3 + [True] * 3


def test_the_rate_limit_holds_under_simultaneous_hits():
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def hit() -> None:
        start.wait()
        over = ratelimit.over_limit("race", "5.6.7.8", 5)
        with lock:
            results.append(over)

    threads = [threading.Thread(target=hit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(False) == 5 and results.count(True) == 15


def test_an_expired_counter_starts_a_new_window_instead_of_letting_everyone_through():
    from django.core.cache import caches

    backend = caches["default"]
    real_incr = backend.incr
    calls = {"n": 0}

    def incr_once_missing(key, delta=1, version=None):
        calls["n"] += 1
        if calls["n"] == 1:
            backend.delete(key)  # the window ended between add and incr
        return real_incr(key, delta, version)

    backend.incr = incr_once_missing
    try:
        assert ratelimit.over_limit("expiry", "9.9.9.9", 1) is False
    finally:
        del backend.incr
    assert calls["n"] == 2
    assert ratelimit.over_limit("expiry", "9.9.9.9", 1) is True
