"""Exports and terminals through hoctl and a real head office (issue 12, failure 6).

"=HYPERLINK(...), +cmd|..., @SUM in names go raw into catalogue CSV, live formulas into
XLSX, and into `hoctl po export --csv` (the file sent to suppliers) and `supplier list
--format csv`. Control characters and terminal escapes (ESC[2J, OSC, RLO) in names,
store names and --cashier print raw in every table ... one such name makes XLSX export
fail; a 100,000-character name is accepted and silently cut on export; an exported XLSX
does not re-import." hoctl as a process against head office on SQLite (the database
tests run the same import and export on PostgreSQL too).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from scripts.chain import HeadOffice

pytestmark = pytest.mark.timeout(240)

HEADER = "sku,name,barcodes,unit,price_minor,cost_minor,category"
NAMES = {
    "LINK": '=HYPERLINK("http://x","y")',
    "CMD": "+cmd|' /C calc'!A0",
    "SUM": "@SUM(1+1)",
    "MINUS": "-2+3",
}


def _csv_file(path: Path, names: dict[str, str]) -> Path:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER.split(","))
    for sku, name in names.items():
        writer.writerow([sku, name, "", "piece", "100", "50", "drinks"])
    path.write_text(out.getvalue())
    return path


def test_formula_names_leave_hoctl_harmless_and_come_back(tmp_path: Path) -> None:
    ho = HeadOffice(tmp_path / "ho")
    ho.init()
    ho.start()
    try:
        ho.hoctl("catalogue", "import", str(_csv_file(tmp_path / "in.csv", NAMES)))
        for name in ("catalogue.csv", "catalogue.xlsx"):
            exported = tmp_path / name
            ho.hoctl("catalogue", "export", str(exported))
            again = ho.hoctl("catalogue", "import", str(exported))
            assert "created 0, updated 0, unchanged 4" in again.stdout
        sheet = openpyxl.load_workbook(tmp_path / "catalogue.xlsx").worksheets[0]
        cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
        assert {c.data_type for c in cells.values()} == {"s"}  # no live formula
        assert {sku: c.value for sku, c in cells.items()} == {
            sku: "'" + name for sku, name in NAMES.items()
        }
        # The catalogue itself keeps the name as typed.
        assert ho.hoctl_json("catalogue", "show", "LINK")["name"] == NAMES["LINK"]

        ho.hoctl("supplier", "add", "EVIL", "--name", NAMES["CMD"])
        listed = ho.hoctl("supplier", "list", "--format", "csv").stdout
        assert "'+cmd|' /C calc'!A0" in listed and "\n+cmd" not in listed and ",+cmd" not in listed

        # Control characters never get in; over-long names are refused, not cut.
        evil = _csv_file(tmp_path / "evil.csv", {"ESC": "Cola\x1b[2J\x1b]0;pwn\x07\u202eevil"})
        refused = ho.hoctl("catalogue", "import", str(evil), check=False)
        assert refused.returncode == 1
        assert "name contains an invisible or control character (U+001B, character 5)" in (
            refused.stderr
        )
        long_file = _csv_file(tmp_path / "long.csv", {"LONG": "x" * 100_000})
        refused = ho.hoctl("catalogue", "import", str(long_file), check=False)
        assert refused.returncode == 1
        assert "name is 100000 characters long; at most 200 characters are allowed" in (
            refused.stderr
        )
        store = ho.hoctl("store", "add", "S009", "--name", "Shop\x1b[2J", "--out",
                         str(tmp_path / "S009.bundle"), check=False)  # fmt: skip
        assert store.returncode == 1 and "U+001B" in store.stderr and "\x1b" not in store.stderr
        assert all(row["store"] != "S009" for row in ho.hoctl_json("store", "list"))
    finally:
        ho.stop()
