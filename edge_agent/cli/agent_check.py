"""edge-agent check --data-dir E [--format table|json|csv]: does the ledger agree with itself?

Every sale's journal entry (what head office receives) is compared with its
rows in the sales tables (lines, tenders, totals), and every stock level with
the sum of its movements. Each mismatch is named (store, journal seq, sale
number, field, journal value vs table value); the exit code is 1 when there
is any, 0 when the ledger agrees. It reads one snapshot and writes nothing, so
it may run beside a serving agent.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from common.cli.options import add_format
from common.cli.output import Output
from common.cli.render import Column
from common.i18n import _, ngettext
from edge_agent.config import load_edge_config
from edge_agent.datadir import DataDir
from edge_agent.domain.ledger_check import Mismatch, describe
from edge_agent.services.context import StoreContext
from edge_agent.services.ledger_check import LedgerCheck, check_ledger


def add_check_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check", help="check that sales journal and tables, levels and movements agree"
    )
    check.add_argument("--data-dir", required=True)
    add_format(check)
    check.set_defaults(func=cmd_check)


MISMATCH_COLUMNS = [
    Column("seq", kind="int"),
    Column("sale_no", kind="int"),
    Column("sku"),
    Column("field"),
    Column("journal_value"),
    Column("table_value"),
]


def mismatch_json(m: Mismatch) -> dict[str, Any]:
    """A stock level's mismatch has no journal entry or sale: null, not 0 (docs/output.md)."""
    return {
        "store": m.store,
        "seq": m.seq or None,
        "sale_no": m.sale_no or None,
        "sku": m.sku,
        "field": m.field,
        # A mismatch's values are of any field (a name, an amount): text, one kind.
        "journal_value": str(m.journal_value),
        "table_value": str(m.table_value),
    }


def report_json(result: LedgerCheck) -> dict[str, Any]:
    return {
        "store": result.store,
        "agrees": result.agrees,
        "sales_checked": result.sales_checked,
        "stock_levels_checked": result.stock_levels_checked,
        "mismatches": [mismatch_json(m) for m in result.mismatches],
    }


def report_text(result: LedgerCheck) -> str:
    checked = _("{sales} sales and {levels} stock levels checked").format(
        sales=result.sales_checked, levels=result.stock_levels_checked
    )
    if result.agrees:
        return _("store {store}: the ledger agrees with itself ({checked})").format(
            store=result.store, checked=checked
        )
    lines = [describe(m) for m in result.mismatches]
    lines.append(
        ngettext(
            "store {store}: {count} mismatch ({checked})",
            "store {store}: {count} mismatches ({checked})",
            len(result.mismatches),
        ).format(store=result.store, count=len(result.mismatches), checked=checked)
    )
    return "\n".join(lines)


def cmd_check(args: argparse.Namespace) -> int:
    layout = DataDir(Path(args.data_dir).resolve())
    layout.require_initialised()
    store = load_edge_config(layout.root)["store"]
    ctx = StoreContext.open(layout.ledger, store["code"], store["name"], store["currency"])
    try:
        result = check_ledger(ctx)
    finally:
        ctx.close()
    Output(args.format).record(
        report_json(result),
        lambda: report_text(result),
        rows_key="mismatches",
        columns=MISMATCH_COLUMNS,
    )
    return 0 if result.agrees else 1
