"""headoffice rebuild-report-rollups: the reports' roll-ups filled again from the journal.

The upgrade to 0024_sales_rollups does this once; an operator runs it again when the
four tables (sales_sku_daily, sales_hourly, stock_lots, po_receipts) no longer hold what
the journal says, say after restoring a table by hand. It refuses while head office
serves the data directory (apply_batch would add to the rows being rebuilt) and runs in
one transaction: interrupted, nothing changes. Progress on stderr (docs/reports.md). The
SKU rows' days are counted again at [counts] utc_offset_minutes: the command to run after
changing the shops' time zone (services/report_days.py).
"""

from __future__ import annotations

import argparse
import sys
import time

from common.cli.cells import safe_text
from common.cli.output import Output
from common.cli.values import seconds_text
from common.files import make_private_dir
from common.i18n import N_, _
from common.runlock import hold_run_lock
from headoffice.config import initialised_data_dir
from headoffice.domain.counts import count_policy
from headoffice.store.engine import create_engine, safe_url
from headoffice.store.report_rollups_rebuild import rebuild

PROGRESS_EVERY_ENTRIES = 100_000


class _Progress:
    """One line on stderr per PROGRESS_EVERY_ENTRIES journal entries, with the elapsed time."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0

    def __call__(self, store: str, read: int) -> None:
        if read - self.shown < PROGRESS_EVERY_ENTRIES:
            return
        self.shown = read
        elapsed = seconds_text(int((time.monotonic() - self.started) * 1000))
        line = _("  {entries} journal entries read, at store {store} ({seconds} s)").format(
            entries=read, store=store, seconds=elapsed
        )
        print(safe_text(line), file=sys.stderr, flush=True)


def cmd_rebuild_report_rollups(args: argparse.Namespace) -> int:
    data = initialised_data_dir(args.data_dir)
    config = data.load()
    url = data.database_url(config)
    # The SKU rows' days are counted in the shops' time zone, as every report's period.
    offset = count_policy(dict(config.get("counts", {}))).utc_offset_minutes
    make_private_dir(data.run)
    hold_run_lock(data.run / "serve.lock", N_("head office"))  # held until this process exits
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            read = rebuild(conn, progress=_Progress(), utc_offset_minutes=offset)
    finally:
        engine.dispose()
    Output().say(
        _(
            "rebuilt the sales, lot and purchase-order receipt roll-ups of {url} from "
            "{entries} journal entries"
        ).format(url=safe_url(url), entries=read)
    )
    return 0


def add_report_rollups_parser(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
) -> None:
    cmd = commands.add_parser(
        "rebuild-report-rollups",
        help=_("fill the reports' sales, lot and receipt roll-ups again from the journal"),
    )
    cmd.add_argument("--data-dir", required=True)
    cmd.set_defaults(handler=cmd_rebuild_report_rollups)
