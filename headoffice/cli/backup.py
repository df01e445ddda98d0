"""headoffice backup FILE / headoffice restore FILE (docs/runtime.md, "Backup and restore").

backup runs beside a serving head office (SQLite's online backup, or pg_dump's
snapshot) and writes FILE 0600 only after checking it in a scratch copy.
restore refuses while head office serves the data directory, checks FILE the
same way, replaces the database's content, brings its schema up to date, and
sets the audit checkpoint aside: the next start writes it again from the
restored log and records that it did, so `hoctl audit verify` says the log was
rewound to a backup instead of calling it tampered, and says so for ever after.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from common.cli.output import Output
from common.clock import now_ms
from common.files import make_private_dir
from common.i18n import N_, _
from common.runlock import hold_run_lock
from common.sqlite_backup import CheckedCopy
from headoffice.config import DataDir, initialised_data_dir
from headoffice.store.backup import backup_database, restore_database
from headoffice.store.engine import create_engine, safe_url
from headoffice.store.migrations import current_revisions, migrate_engine


def _data(args: argparse.Namespace) -> tuple[DataDir, str]:
    data = initialised_data_dir(args.data_dir)
    return data, data.database_url(data.load())


def _counts(checked: CheckedCopy) -> str:
    return _(
        "{stores} store(s), {entries} journal entries, {movements} movements, "
        "{audit} audit records"
    ).format(
        stores=checked.counts["stores"], entries=checked.counts["journal_entries"],
        movements=checked.counts["movements"], audit=checked.counts["audit_log"],
    )  # fmt: skip


def cmd_backup(args: argparse.Namespace) -> int:
    data, url = _data(args)
    out = Output()
    target = Path(args.file)
    checked = backup_database(url, target, out.warn)
    out.say(
        _(
            "backed up {url} to {file} (0600); checked in a scratch copy: integrity "
            "{integrity}, schema {revision}, {counts}"
        ).format(
            url=safe_url(url),
            file=target,
            integrity=checked.integrity,
            revision=checked.revision,
            counts=_counts(checked),
        )  # fmt: skip
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    data, url = _data(args)
    make_private_dir(data.run)
    hold_run_lock(data.run / "serve.lock", N_("head office"))  # held until this process exits
    out = Output()
    checked = restore_database(url, Path(args.file), out.warn)
    engine = create_engine(url)
    try:
        migrate_engine(engine)
        revision = ", ".join(sorted(current_revisions(engine)))
    finally:
        engine.dispose()
    checkpoint = data.audit / "checkpoint.json"
    aside = ""
    if checkpoint.exists():
        aside_path = checkpoint.with_name(f"checkpoint.before-restore-{now_ms()}.json")
        os.replace(checkpoint, aside_path)
        aside = str(aside_path)
    out.say(
        _(
            "restored {url} from {file} ({counts}); schema now at {revision}.\n"
            "The audit checkpoint was set aside ({aside}): the next start writes it again from "
            "the restored log and records that it did.\nStores resend every entry head office "
            "committed after the backup from their own journals when they reconnect; "
            "`hoctl sync status` shows them catching up."
        ).format(
            url=safe_url(url),
            file=args.file,
            counts=_counts(checked),
            revision=revision,
            aside=aside or _("there was none"),
        )  # fmt: skip
    )
    return 0


def add_backup_parsers(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    backup = commands.add_parser(
        "backup", help=_("back up the database to FILE (0600) while head office serves; checked")
    )
    backup.add_argument("file", metavar="FILE")
    backup.add_argument("--data-dir", required=True)
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser(
        "restore", help=_("replace the database with a checked backup (head office stopped)")
    )
    restore.add_argument("file", metavar="FILE")
    restore.add_argument("--data-dir", required=True)
    restore.set_defaults(handler=cmd_restore)
