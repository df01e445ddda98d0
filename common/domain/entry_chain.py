"""Entry hashes: each journal entry's hash chains over the previous entry's (DESIGN invariant 7).

hash(n) = sha256(hash(n-1) || bytes of entry n), hash(0) = b"": the edge computes it
when it commits an entry and head office keeps it with the committed entry. Two
journals that agree at entry n agree on every entry up to n, so comparing one
hash tells whether two ledgers are the same up to there, and the first
differing hash is where they parted (hoctl verify).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence

HASH_BYTES = 32


def chain_hash(previous: bytes, payload: bytes) -> bytes:
    """The entry's hash: over the previous entry's hash (b"" before the first) and its bytes."""
    return hashlib.sha256(previous + payload).digest()


def first_break(previous: bytes | None, payloads: Sequence[bytes], hashes: Sequence[bytes]) -> int:
    """Index of the first hash that does not continue the chain from `previous`; -1 if all do.

    `previous` is b"" before the first entry; None when the hash of the entry before
    is not known (a journal older than entry hashes): the first hash is then taken
    as it is and the chain checked from there.
    """
    for index, (payload, given) in enumerate(zip(payloads, hashes, strict=True)):
        if previous is not None and chain_hash(previous, payload) != given:
            return index
        previous = given
    return -1


def probe_points(low: int, high: int, count: int) -> list[int]:
    """Up to `count` sequences spread over (low, high], ending at high, ascending."""
    span = high - low
    if span <= 0:
        return []
    if span <= count:
        return list(range(low + 1, high + 1))
    return sorted({low + (span * i) // count for i in range(1, count + 1)})


def first_difference(
    low: int,
    high: int,
    ours: Callable[[list[int]], dict[int, bytes]],
    theirs: Callable[[list[int]], dict[int, bytes]],
    probes_per_round: int = 64,
) -> int:
    """The first sequence in (low, high] whose hashes differ, given they agree at low (or
    low is 0) and differ at high; each round asks both sides for a few points, so a
    journal of a million entries is searched in four rounds."""
    while high - low > 1:
        points = probe_points(low, high - 1, probes_per_round)
        mine, other = ours(points), theirs(points)
        for seq in points:
            if mine.get(seq, b"") and mine.get(seq) == other.get(seq):
                low = seq
            else:
                high = seq
                break
    return high
