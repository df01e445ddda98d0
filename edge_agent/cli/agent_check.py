"""edge-agent check --data-dir E [--format json]: does the ledger agree with itself?

Every sale's journal entry (what head office receives) is compared with its
rows in the sales tables (lines, tenders, totals), and every stock level with
the sum of its movements. Each mismatch is named (store, journal seq, sale
number, field, journal value vs table value); the exit code is 1 when there
is any, 0 when the ledger agrees. It reads one snapshot and writes nothing, so
it may run beside a serving agent.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from edge_agent.config import load_edge_config
from edge_agent.datadir import DataDir
from edge_agent.domain.ledger_check import describe
from edge_agent.services.context import StoreContext
from edge_agent.services.ledger_check import LedgerCheck, check_ledger


def add_check_parser(sub: argparse._SubParsersAction) -> None:
    check = sub.add_parser(
        "check", help="check that sales journal and tables, levels and movements agree"
    )
    check.add_argument("--data-dir", required=True)
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.set_defaults(func=cmd_check)


def report_json(result: LedgerCheck) -> str:
    return json.dumps(
        {
            "store": result.store,
            "agrees": result.agrees,
            "sales_checked": result.sales_checked,
            "stock_levels_checked": result.stock_levels_checked,
            "mismatches": [dataclasses.asdict(m) for m in result.mismatches],
        },
        indent=2,
        ensure_ascii=False,
    )


def report_text(result: LedgerCheck) -> str:
    checked = f"{result.sales_checked} sales and {result.stock_levels_checked} stock levels checked"
    if result.agrees:
        return f"store {result.store}: the ledger agrees with itself ({checked})"
    lines = [describe(m) for m in result.mismatches]
    lines.append(f"store {result.store}: {len(result.mismatches)} mismatches ({checked})")
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
    print(report_json(result) if args.format == "json" else report_text(result))
    return 0 if result.agrees else 1
