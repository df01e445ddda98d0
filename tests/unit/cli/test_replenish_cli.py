"""hoctl replenish without a server: the min/max file (CSV and Excel), arguments, figures."""

from __future__ import annotations

import argparse
import io
from pathlib import Path

import pytest

from common import spreadsheets
from common.pb.storeledger.v1 import replenish_admin_pb2 as pb
from headoffice.cli.clients import HoctlError
from headoffice.cli.hoctl import build_parser
from headoffice.cli.hoctl_replenish import lines_arg, milli_text
from headoffice.cli.hoctl_replenish_settings import read_min_max, whole_arg
from headoffice.cli.replenish_progress import RunProgress, watched_run


def rows(path: Path) -> list[tuple[str, str, int, int]]:
    return [(r.store_code, r.sku, r.min_qty_base, r.max_qty_base) for r in read_min_max(path)]


def test_min_max_from_csv_and_excel(tmp_path: Path) -> None:
    table = [["store", "sku", "min", "max"], ["S001", "COLA-330", "60", "80"],
             ["S002", "COLA-330", "20", "30"]]  # fmt: skip
    csv_file = tmp_path / "minmax.csv"
    csv_file.write_text("\ufeff" + spreadsheets.csv_text(table))  # Excel's UTF-8 CSV has a BOM
    xlsx_file = tmp_path / "minmax.xlsx"
    spreadsheets.write_xlsx(xlsx_file, [table[0], ["S001", "COLA-330", 60, 80],
                                        ["S002", "COLA-330", 20, 30]])  # fmt: skip
    expected = [("S001", "COLA-330", 60, 80), ("S002", "COLA-330", 20, 30)]
    assert rows(csv_file) == rows(xlsx_file) == expected


def test_a_bad_file_is_refused_with_its_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("store,sku,min,max\nS001,COLA-330,60,80\nS001,TEA-500,ten,20\n")
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="line 3 of .*whole numbers"):
        read_min_max(bad)
    columns = tmp_path / "columns.csv"
    columns.write_text("store,sku,low,high\nS001,COLA-330,1,2\n")
    with pytest.raises(spreadsheets.SpreadsheetRefused, match="min, max missing"):
        read_min_max(columns)


def test_arguments_and_figures() -> None:
    assert lines_arg("1,3, 4") == [1, 3, 4]
    with pytest.raises(argparse.ArgumentTypeError, match="'x' is not a whole number"):
        whole_arg("x")
    assert [milli_text(v) for v in (1645, 1000, 5, 0, -250)] == [
        "1.645", "1.000", "0.005", "0.000", "-0.250"]  # fmt: skip
    args = build_parser().parse_args(["replenish", "approve", "R-2", "--lines", "1,2"])
    assert (args.run, args.lines) == ("R-2", [1, 2])
    args = build_parser().parse_args(["replenish", "run", "--dry-run", "--store", "S001"])
    assert (args.dry_run, args.store, args.category) == (True, "S001", None)


def test_run_progress_first_then_every_two_seconds_then_last() -> None:
    stream = io.StringIO()
    clock = iter([0.0, 0.1, 1.0, 2.5, 3.0, 3.1]).__next__
    progress = RunProgress(stream, clock)  # started at 0.0
    replies = [pb.ReplenishmentProgress(skus_done=n, sku_count=2000) for n in (0, 500, 1000, 1500)]
    replies += [pb.ReplenishmentProgress(skus_done=2000, sku_count=2000),
                pb.ReplenishmentProgress(run=pb.ReplenishRun(state="proposed"))]  # fmt: skip
    run = watched_run(replies, progress)
    assert run.state == "proposed"
    assert stream.getvalue().splitlines() == [
        "replenishment: 0 of 2000 SKUs computed (0.100 s)",
        "replenishment: 1000 of 2000 SKUs computed (2.500 s)",
        "replenishment: 2000 of 2000 SKUs computed (3.100 s)",
    ]


def test_a_stream_without_its_run_is_a_sentence() -> None:
    progress = RunProgress(io.StringIO(), iter([0.0, 0.0]).__next__)
    with pytest.raises(HoctlError, match="without its result"):
        watched_run([pb.ReplenishmentProgress(skus_done=0, sku_count=1)], progress)
