"""gc_pause.paused: the cyclic collector off inside, back on after the last overlapping
pause ends (another thread's too), after an exception, and left off if it was off."""

from __future__ import annotations

import gc
import threading

import pytest

from common import gc_pause


def test_the_collector_is_off_inside_and_back_on_after_the_last_pause_in_any_thread() -> None:
    assert gc.isenabled()
    inside, leave = threading.Event(), threading.Event()

    def other() -> None:
        with gc_pause.paused():
            inside.set()
            leave.wait(5)

    worker = threading.Thread(target=other)
    with gc_pause.paused():
        assert not gc.isenabled()
        worker.start()
        assert inside.wait(5)
    assert not gc.isenabled()  # the other thread's pause still runs
    leave.set()
    worker.join(5)
    assert gc.isenabled()


def test_an_exception_inside_turns_it_back_on() -> None:
    with pytest.raises(ZeroDivisionError), gc_pause.paused():
        print(1 / 0)
    assert gc.isenabled()


def test_a_collector_turned_off_before_stays_off() -> None:
    gc.disable()
    try:
        with gc_pause.paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
