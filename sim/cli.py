"""storeledger-sim: run a simulated trading period on a real chain with faults, then check it.

    storeledger-sim --stores 5 --days 1 --faults all --seed 42 [--db URL | --private-pg]
                    [--headoffices 2] [--format json]
    storeledger-sim check --workdir D

Exit codes: 0 the checker is clean, 1 it found a violation, 2 the run could not be made,
130 interrupted (Ctrl-C, SIGTERM: the chain and a private cluster are stopped first).
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
from pathlib import Path

from common.i18n import _, set_default_language, user_language
from sim import report
from sim.processes import ChainError
from sim.runner import Settings, check_workdir, proxy_class, simulate
from sim.scenario import fault_kinds, make_plan

EXIT_CLEAN, EXIT_VIOLATION, EXIT_FAILED = 0, 1, 2
EXIT_INTERRUPTED = 130  # Ctrl-C or SIGTERM, as a shell reports SIGINT


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="storeledger-sim",
        description=_(
            "Run head office and N edge agents as processes through a simulated trading "
            "period with faults, then check every ledger against the ground truth."
        ),
    )
    p.add_argument("command", nargs="?", choices=["run", "check"], default="run",
                   help=_("run a trading period (default), or check the work directory of "
                          "an earlier run again"))  # fmt: skip
    p.add_argument("--stores", type=int, default=3, help=_("stores in the chain (default 3)"))
    p.add_argument("--days", type=int, default=1, help=_("trading days (default 1)"))
    p.add_argument("--sales-per-day", type=int, default=150,
                   help=_("sales a store makes in a day (default 150)"))  # fmt: skip
    p.add_argument("--products", type=int, default=30,
                   help=_("products in the catalogue (default 30)"))  # fmt: skip
    p.add_argument("--faults", default="all",
                   help=_("all, none, or fault kinds separated by commas"))  # fmt: skip
    p.add_argument("--seed", type=int, default=1,
                   help=_("the same seed makes the same plan (default 1)"))  # fmt: skip
    p.add_argument("--db", default=None,
                   help=_("postgresql+psycopg://... (an empty database); default: SQLite "
                          "under the work directory"))  # fmt: skip
    p.add_argument("--private-pg", action="store_true",
                   help=_("run head office on a PostgreSQL cluster of the run's own (initdb in "
                          "a temporary directory, a free loopback port), restarted by the "
                          "pg_restart fault and removed at the end"))  # fmt: skip
    p.add_argument("--allow-pg-restart", action="store_true",
                   help=_("restart the PostgreSQL server (disrupts its other users)"))  # fmt: skip
    p.add_argument("--headoffices", type=int, default=1,
                   help=_("head-office processes serving the one PostgreSQL database "
                          "(default 1); the stores are given every address"))  # fmt: skip
    p.add_argument("--speed", type=float, default=0.0,
                   help=_("simulated seconds per real second (0: as fast as the chain goes)"))  # fmt: skip
    p.add_argument("--workdir", type=Path, default=None,
                   help=_("where the chain, its logs and the ground truth are kept (default: "
                          "a new temporary directory)"))  # fmt: skip
    p.add_argument("--format", choices=["table", "json"], default="table",
                   help=_("the report as text (table) or JSON (docs/output.md)"))  # fmt: skip
    return p


def _stop_on_sigterm(_signum: int, _frame: object) -> None:
    # As Ctrl-C: the run's finally blocks stop the chain and remove a private cluster.
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    set_default_language(user_language())
    args = parser().parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    try:
        if args.command == "check":
            if args.workdir is None:
                print(_("storeledger-sim check needs --workdir, the directory of a run"),
                      file=sys.stderr)  # fmt: skip
                return EXIT_FAILED
            truth, violations, figures = check_workdir(args.workdir)
            report.write(sys.stdout, args.format, truth, violations, figures)
            return EXIT_VIOLATION if violations else EXIT_CLEAN
        return _run(args)
    except (ChainError, ValueError, OSError) as exc:
        print(_("storeledger-sim: {error}").format(error=exc), file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(_("storeledger-sim: interrupted; the chain is stopped"), file=sys.stderr)
        return EXIT_INTERRUPTED


def _run(args: argparse.Namespace) -> int:
    if args.stores < 1 or args.days < 1 or args.sales_per_day < 1 or args.headoffices < 1:
        raise ValueError(
            _("--stores, --days, --sales-per-day and --headoffices must be at least 1")
        )
    if args.private_pg and args.db:
        raise ValueError(_("give --db or --private-pg, not both"))
    if args.headoffices > 1 and not (args.db or args.private_pg):
        raise ValueError(
            _(
                "several head-office processes share one PostgreSQL database: give --db or "
                "--private-pg"
            )  # fmt: skip
        )
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="storeledger-sim-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if any(workdir.iterdir()):
        raise ValueError(
            _("the work directory {path} is not empty; a run starts in an empty one").format(
                path=workdir
            )
        )
    kinds = fault_kinds(
        args.faults,
        bool(args.db) or args.private_pg,
        args.allow_pg_restart or args.private_pg,  # its own cluster: restart it at will
        proxy_class() is not None,
    )
    plan = make_plan(args.seed, args.stores, args.days, args.sales_per_day, kinds, args.products)
    print(_("work directory {path}").format(path=workdir), file=sys.stderr)
    settings = Settings(workdir, args.db, args.speed, kinds, args.headoffices, args.private_pg)
    truth, violations, figures = simulate(plan, settings)
    report.write(sys.stdout, args.format, truth, violations, figures)
    return EXIT_VIOLATION if violations else EXIT_CLEAN


if __name__ == "__main__":
    sys.exit(main())
