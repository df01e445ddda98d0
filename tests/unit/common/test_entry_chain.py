"""Entry hashes chained over the previous entry's (common.domain.entry_chain)."""

from __future__ import annotations

from common.domain.entry_chain import chain_hash, first_break, first_difference, probe_points


def chain(payloads: list[bytes], previous: bytes = b"") -> list[bytes]:
    hashes = []
    for payload in payloads:
        previous = chain_hash(previous, payload)
        hashes.append(previous)
    return hashes


def test_a_chain_that_continues_has_no_break_and_an_edited_entry_breaks_it() -> None:
    payloads = [b"a", b"b", b"c"]
    hashes = chain(payloads)
    assert first_break(b"", payloads, hashes) == -1
    assert first_break(b"", [b"a", b"X", b"c"], hashes) == 1
    # From another start (a restored copy's own history) the first entry already breaks.
    assert first_break(chain([b"z"])[0], payloads, hashes) == 0


def test_an_unknown_previous_hash_takes_the_first_entry_as_it_comes() -> None:
    hashes = chain([b"b", b"c"], previous=b"lost")
    assert first_break(None, [b"b", b"c"], hashes) == -1
    assert first_break(None, [b"b", b"X"], hashes) == 1


def test_probe_points_spread_over_the_range_and_end_at_its_top() -> None:
    assert probe_points(0, 5, 64) == [1, 2, 3, 4, 5]
    points = probe_points(0, 1_000, 10)
    assert points[-1] == 1_000 and len(points) == 10 and points == sorted(points)
    assert probe_points(7, 7, 10) == []


def test_first_difference_finds_where_two_journals_part() -> None:
    common = [f"e{i}".encode() for i in range(1, 3001)]
    ours = dict(enumerate(chain(common), start=1))
    theirs = dict(enumerate(chain(common[:1234] + [b"other"] * (3000 - 1234)), start=1))
    asked: list[int] = []

    def ask_theirs(seqs: list[int]) -> dict[int, bytes]:
        asked.append(len(seqs))
        return {s: theirs[s] for s in seqs}

    found = first_difference(0, 3000, lambda seqs: {s: ours[s] for s in seqs}, ask_theirs)
    assert found == 1235
    assert len(asked) <= 3  # a few rounds, not one question per entry
