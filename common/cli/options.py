"""Options every tool spells the same way: --format, --till, --cashier, --actor, times.

`add_format` goes on every command that prints what it read or did (docs/output.md
is the contract of each format). The till, cashier and actor default from the
environment so a till's scripts name them once:

  STORELEDGER_TILL_ID   the till (default T1)
  STORELEDGER_CASHIER   who is at it (default: nobody named). A till acts only as the
                        person signed in there (`pos login`); --cashier/--actor, when
                        given, must name that person or the agent refuses the command
"""

from __future__ import annotations

import argparse
import os

from common.cli.values import moment_ms
from common.errors import StoreLedgerError

FORMATS = ("table", "json", "csv")
TILL_ENV = "STORELEDGER_TILL_ID"
CASHIER_ENV = "STORELEDGER_CASHIER"


def add_format(parser: argparse.ArgumentParser) -> None:
    """--format table|json|csv: a table or text for people (default), JSON or CSV for scripts."""
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (for people, the default), json or csv (for scripts; docs/output.md)",
    )


def _person() -> str:
    return os.environ.get(CASHIER_ENV, "")


def add_till(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--till", default=os.environ.get(TILL_ENV, "T1"), help=f"till id (default ${TILL_ENV}, T1)"
    )


def add_cashier(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--cashier",
        default=_person(),
        help=f"must be the person signed in at the till (default ${CASHIER_ENV}, else them)",
    )


def add_actor(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actor",
        default=_person(),
        help=f"must be the person signed in at the till (default ${CASHIER_ENV}, else them)",
    )


def till_options() -> argparse.ArgumentParser:
    """A parent parser with --till and --cashier, for the commands a cashier runs at a till."""
    parent = argparse.ArgumentParser(add_help=False)
    add_till(parent)
    add_cashier(parent)
    return parent


def moment_arg(text: str) -> int:
    """argparse type: a date or time (UTC unless it says otherwise) as epoch ms."""
    try:
        return moment_ms(text)
    except StoreLedgerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
