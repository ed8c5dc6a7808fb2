"""The aggregate cache: answers are reused within the TTL and dropped on writes."""

from __future__ import annotations

import pytest

from polemos.api.cache import TTLCache


def test_cache_reuses_an_answer_within_its_time(monkeypatch: pytest.MonkeyPatch) -> None:
    cache = TTLCache(seconds=5)
    calls: list[int] = []
    now = [100.0]
    monkeypatch.setattr("polemos.api.cache.time.monotonic", lambda: now[0])
    assert cache.get_or_compute("k", lambda: calls.append(1) or len(calls)) == 1
    assert cache.get_or_compute("k", lambda: calls.append(1) or len(calls)) == 1
    now[0] += 6
    assert cache.get_or_compute("k", lambda: calls.append(1) or len(calls)) == 2


def test_cache_clear_and_zero_seconds_recompute() -> None:
    cache = TTLCache(seconds=5)
    assert cache.get_or_compute("k", lambda: "a") == "a"
    cache.clear()
    assert cache.get_or_compute("k", lambda: "b") == "b"
    off = TTLCache(seconds=0)
    assert off.get_or_compute("k", lambda: "a") == "a"
    assert off.get_or_compute("k", lambda: "b") == "b"


def test_cache_keeps_at_most_max_entries() -> None:
    cache = TTLCache(seconds=60, max_entries=2)
    for key in ("a", "b", "c"):
        cache.get_or_compute(key, lambda key=key: key)
    assert cache.get_or_compute("a", lambda: "recomputed") == "recomputed"
    assert cache.get_or_compute("c", lambda: "recomputed") == "c"
