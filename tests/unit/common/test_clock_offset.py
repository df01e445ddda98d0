"""STORELEDGER_CLOCK_OFFSET_MS moves common.clock.now_ms (the simulator's wrong-clock fault)."""

from __future__ import annotations

import time

import pytest

from common import clock


@pytest.fixture(autouse=True)
def _fresh_offset():
    clock._offset_ms.cache_clear()
    yield
    clock._offset_ms.cache_clear()


def test_no_offset_is_the_wall_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(clock.OFFSET_ENV, raising=False)
    assert abs(clock.now_ms() - time.time_ns() // 1_000_000) < 1000


def test_an_offset_moves_the_clock_hours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.OFFSET_ENV, str(-5 * 3_600_000))
    assert abs(clock.now_ms() - (time.time_ns() // 1_000_000 - 5 * 3_600_000)) < 1000


def test_a_bad_offset_says_what_it_wants(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(clock.OFFSET_ENV, "5h")
    with pytest.raises(ValueError, match="whole number of milliseconds, got '5h'"):
        clock.now_ms()
