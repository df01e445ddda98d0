"""ThrottledLog: a repeated event is logged once per interval per key, and says how often."""

from __future__ import annotations

import logging

import pytest

from common import log_limits
from common.log_limits import ThrottledLog


class Clock:
    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def lines(caplog: pytest.LogCaptureFixture) -> list[tuple[str, dict[str, object]]]:
    return [(r.getMessage(), dict(r.fields)) for r in caplog.records]  # type: ignore[attr-defined]


def test_a_repeated_event_is_logged_once_a_minute_per_key_with_its_repeats(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.INFO, logger="test.throttle")
    clock = Clock()
    throttled = ThrottledLog(logging.getLogger("test.throttle"), 60.0, clock)
    assert throttled.event(("S001", "wrong_sign"), logging.WARNING, "batch refused", seq=2)
    for _ in range(29):  # a refused store resending every 2 s
        clock.now += 2
        assert not throttled.event(("S001", "wrong_sign"), logging.WARNING, "batch refused", seq=2)
    # Another store, or another reason, is another key: logged at once.
    assert throttled.event(("S002", "wrong_sign"), logging.WARNING, "batch refused", seq=5)
    assert throttled.event(("S001", "sequence_gap"), logging.WARNING, "batch refused", seq=3)
    clock.now += 2  # a minute since the first line
    assert throttled.event(("S001", "wrong_sign"), logging.WARNING, "batch refused", seq=2)
    assert lines(caplog) == [
        ("batch refused", {"seq": 2}),
        ("batch refused", {"seq": 5}),
        ("batch refused", {"seq": 3}),
        ("batch refused", {"seq": 2, "repeats": 30}),
    ]


def test_forgetting_a_key_logs_its_next_event_at_once_and_counts_what_was_quiet() -> None:
    clock = Clock()
    throttled = ThrottledLog(logging.getLogger("test.throttle"), 60.0, clock)
    throttled.event("k", logging.INFO, "e")
    throttled.event("k", logging.INFO, "e")
    throttled.event("k", logging.INFO, "e")
    assert throttled.forget("k") == 2 and throttled.forget("k") == 0
    assert throttled.event("k", logging.INFO, "e")


def test_it_remembers_a_bounded_number_of_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_limits, "MAX_KEYS", 3)
    clock = Clock()
    throttled = ThrottledLog(logging.getLogger("test.throttle"), 60.0, clock)
    for key in "abcd":
        assert throttled.event(key, logging.INFO, "e")
    assert throttled.event("a", logging.INFO, "e")  # forgotten first: logged again
    assert not throttled.event("d", logging.INFO, "e")
