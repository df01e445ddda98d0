"""edge-agent backup FILE / edge-agent restore FILE: the store's ledger, checked both ways;
and the ledger rebuilt from head office's journal (`edge-agent init --from-headoffice`).

backup copies E/ledger.db with SQLite's online backup API while the agent
keeps selling, checks the copy (common.sqlite_backup: restored into a scratch
directory, integrity, schema revision, counts) and writes FILE 0600. restore
refuses while an agent serves E, checks FILE the same way, then installs it.

A restored ledger is the ledger instance it was backed up from, as of its
newest entry; it is never silently the store's journal again (DESIGN
invariant 7): head office takes it back only when it has committed no entry
past the backup's newest one. Otherwise head office refuses it (ledger behind,
or diverged by its entry hashes once it sells) and the recovery is `hoctl
store reenrol S` then `edge-agent init --from-headoffice`; restore says which
it is as far as it can tell, and how to recover.
"""

from __future__ import annotations

import argparse
import sqlite3
from contextlib import closing
from pathlib import Path

from common.bundle import EnrolmentBundle
from common.cli.output import Output
from common.files import make_private_dir
from common.i18n import N_, _
from common.runlock import hold_run_lock
from common.sqlite_backup import TenthsProgress, check_copy, install_copy, write_backup
from edge_agent.datadir import DataDir
from edge_agent.services.context import StoreContext
from edge_agent.services.rebuild import install_journal
from edge_agent.sync.rebuild_client import fetch_journal

# What a ledger backup is checked for (counted in the scratch copy).
LEDGER_TABLES = ("journal", "stock_levels", "sales", "ledger_instance")


def _ledger_facts(path: Path) -> tuple[str, int, int]:
    """(instance id, newest entry, newest entry head office had committed) of a ledger file."""
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        (instance,) = conn.execute(
            "SELECT instance_id FROM ledger_instance WHERE id = 1"
        ).fetchone()
        (newest,) = conn.execute("SELECT coalesce(max(seq), 0) FROM journal").fetchone()
        (committed,) = conn.execute("SELECT committed_seq FROM sync_state WHERE id = 1").fetchone()
    return str(instance), int(newest), int(committed)


def cmd_backup(args: argparse.Namespace) -> int:
    layout = DataDir(Path(args.data_dir))
    layout.require_initialised()
    target = Path(args.file)
    out = Output()
    checked = write_backup(
        layout.ledger, target, LEDGER_TABLES, TenthsProgress(out.warn, _("copying the ledger"))
    )
    instance, newest, committed = _ledger_facts(target)
    out.say(
        _(
            "backed up the ledger of {directory} to {file} (0600): instance {instance}, "
            "entries up to {newest} ({committed} committed at head office); checked in a "
            "scratch copy: integrity {integrity}, schema {revision}, {sales} sale(s), "
            "{levels} stock level(s)"
        ).format(
            directory=layout.root,
            file=target,
            instance=instance,
            newest=newest,
            committed=committed,
            integrity=checked.integrity,
            revision=checked.revision,
            sales=checked.counts["sales"],
            levels=checked.counts["stock_levels"],
        )  # fmt: skip
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    layout = DataDir(Path(args.data_dir))
    layout.require_initialised()
    make_private_dir(layout.run)
    # Held until this process exits: no agent may serve E while its ledger is replaced.
    hold_run_lock(layout.run / "agent.lock", N_("edge agent"))
    backup = Path(args.file)
    out = Output()
    checked = check_copy(backup, LEDGER_TABLES)
    instance, newest, committed = _ledger_facts(backup)
    install_copy(backup, layout.ledger, TenthsProgress(out.warn, _("restoring the ledger")))
    out.say(
        _(
            "restored the ledger of {directory} from {file} (schema {revision}): instance "
            "{instance}, entries up to {newest}, of which head office had committed {committed} "
            "when it was backed up.\nHead office takes this ledger back only if it has committed "
            "no entry after {newest}; otherwise it refuses it (`hoctl sync status` says "
            "ledger_behind, or ledger_diverged once it sells), and the sales it made after the "
            "backup stay in head office's journal. Then recover as docs/runtime.md says: "
            "`hoctl store reenrol STORE` at head office, and `edge-agent init --from-headoffice "
            "--bundle NEW.bundle` in an empty data directory."
        ).format(
            directory=layout.root,
            file=backup,
            revision=checked.revision,
            instance=instance,
            newest=newest,
            committed=committed,
        )  # fmt: skip
    )
    return 0


class RebuildSeed:
    """Fetch head office's journal of the bundle's store now (before anything is written),
    then, called with the new ledger's path, write it there; `said` tells what was done."""

    def __init__(self, bundle: EnrolmentBundle) -> None:
        self._bundle = bundle
        self._journal = fetch_journal(bundle)
        self.said = ""

    def __call__(self, ledger: Path) -> None:
        ctx = StoreContext.open(ledger, self._bundle.store_code, self._bundle.store_name)
        try:
            journal = self._journal
            newest = install_journal(
                ctx, journal.entries, journal.hashes, journal.committed_seq, journal.channel_orders
            )
            with ctx.db.read() as uow:
                instance = uow.journal.instance_id()
        finally:
            ctx.close()
        self.said = _(
            "rebuilt the ledger from head office's journal: {count} entries, stock levels from "
            "their movements; new ledger instance {instance}; the store continues at entry "
            "{next}. Start the agent (`edge-agent serve`): its first sync binds the store to "
            "this ledger."
        ).format(count=newest, instance=instance, next=newest + 1)


def add_backup_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = sub.add_parser(
        "backup", help=_("copy the ledger to FILE (0600) while the agent runs, and check it")
    )
    backup.add_argument("file", metavar="FILE")
    backup.add_argument("--data-dir", required=True)
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser(
        "restore", help=_("replace the ledger with a checked backup (the agent stopped)")
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--data-dir", required=True)
    restore.set_defaults(func=cmd_restore)
