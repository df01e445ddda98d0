"""Issue 12 failure 5 at the till's drawer, on a real SQLite ledger and through pos's
arguments: a float, cash movement or handover beyond MAX_CASH_MINOR is refused with a
sentence and writes nothing, so X, close and handover keep working."""

from __future__ import annotations

import pytest

from common.errors import InvalidInput
from edge_agent.cli.pos import build_parser
from edge_agent.services.context import StoreContext
from edge_agent.services.shifts import cash_in_out, close_shift, handover, open_shift, x_report
from tests.edge.conftest import newest_seq

INT64_MAX = 9223372036854775807


def test_failure_5_shift_open_with_float_int64_max_refused_and_the_day_goes_on(
    store: StoreContext,
) -> None:
    with pytest.raises(InvalidInput) as refused:
        open_shift(store, "T1", "ann", INT64_MAX)
    assert str(refused.value) == (
        "the opening float is 9223372036854775807 minor units, "
        "more than the limit of 100000000 minor units"
    )
    assert newest_seq(store) == 0
    open_shift(store, "T1", "ann", 100_000_000)
    for direction in ("in", "out"):
        with pytest.raises(InvalidInput, match=f"cash {direction} is 100000001 minor units"):
            cash_in_out(store, "T1", "ann", direction, 100_000_001, "bank")
    seq = newest_seq(store)
    with pytest.raises(InvalidInput, match="the count of ¥100.00 is 10000000000000000 minor units"):
        handover(store, "T1", "ann", "bob", [(10_000, 10**12)])
    with pytest.raises(InvalidInput, match="the float handed over is 100010000 minor units"):
        handover(store, "T1", "ann", "bob", [(10_000, 10_001)])
    assert newest_seq(store) == seq
    assert x_report(store, "T1", "ann").totals.expected_cash_minor == 100_000_000
    assert close_shift(store, "T1", "ann", [(10_000, 10_000)]).event.over_short_minor == 0


def test_failure_5_pos_shift_open_float_int64_max_is_a_usage_sentence(capsys) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args(["shift", "open", "--till", "T1", "--float", str(INT64_MAX)])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "the opening float is 9223372036854775807 minor units" in err
    assert "Traceback" not in err
    parsed = build_parser().parse_args(["shift", "open", "--till", "T1", "--float", "20000"])
    assert parsed.float == 20_000
