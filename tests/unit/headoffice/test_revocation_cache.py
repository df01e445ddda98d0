"""The revocation list in memory: a call costs no query; a revoke is seen at once."""

from __future__ import annotations

import asyncio

import pytest

from headoffice.api.revocations import RevocationCache
from headoffice.domain.certificates import RevocationList
from headoffice.domain.errors import DatabaseUnavailable


class Loads:
    def __init__(self) -> None:
        self.count = 0
        self.fail = False

    def __call__(self) -> RevocationList:
        self.count += 1
        if self.fail:
            raise DatabaseUnavailable("sqlite:///x", "down")
        return RevocationList.of([])


class Clock:
    now = 100.0

    def __call__(self) -> float:
        return self.now


def test_many_calls_read_the_list_once_until_it_is_old_or_invalidated() -> None:
    loads, clock = Loads(), Clock()
    cache = RevocationCache(loads, max_age_s=10, clock=clock)

    async def scenario() -> list[int]:
        counts = []
        for step in ("start", "9 s later", "invalidated", "11 s later"):
            if step == "9 s later":
                clock.now += 9
            elif step == "invalidated":
                cache.invalidate()  # a revoke on this server
            elif step == "11 s later":
                clock.now += 11
            await asyncio.gather(*(cache.current() for _i in range(20)))
            counts.append(loads.count)
        return counts

    assert asyncio.run(scenario()) == [1, 1, 2, 3]


def test_a_failed_reload_keeps_the_last_list_and_a_first_one_fails_the_call() -> None:
    loads, clock = Loads(), Clock()
    cache = RevocationCache(loads, max_age_s=10, clock=clock)

    async def scenario() -> None:
        loads.fail = True
        with pytest.raises(DatabaseUnavailable):
            await cache.current()
        loads.fail = False
        first = await cache.current()
        loads.fail = True
        clock.now += 11
        assert await cache.current() is first
        count = loads.count
        assert await cache.current() is first and loads.count == count  # again in 1 s
        clock.now += 1
        await cache.current()
        assert loads.count == count + 1

    asyncio.run(scenario())
