"""hoctl catalogue import FILE [--dry-run]: a catalogue file sent to head office in chunks.

Progress on stderr for a long file, and a Ctrl-C that never breaks the call: what it
means depends on how far the upload got (interrupted_import). The rows are read by
catalogue_files.py; head office checks and imports them in one transaction.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

from common.cli.cells import safe_text
from common.cli.output import Output
from common.cli.values import seconds_text
from common.i18n import N_, _, ngettext
from common.pb.storeledger.v1 import catalogue_admin_pb2 as pb
from common.pb.storeledger.v1 import catalogue_admin_pb2_grpc
from headoffice.cli.catalogue_files import read_rows
from headoffice.cli.clients import Clients, HoctlError

CHUNK_ROWS = 2_000
PROGRESS_EVERY_ROWS = 10_000
# A 100,000-line file takes seconds; the bound only stops a hung call.
IMPORT_TIMEOUT_S = 900
# What head office is doing with an import, as it says in its progress messages.
STAGES = {"received": N_("received"), "checking": N_("checking")}


def _stub(clients: Clients) -> catalogue_admin_pb2_grpc.CatalogueAdminStub:
    return catalogue_admin_pb2_grpc.CatalogueAdminStub(clients.channel)


class _Progress:
    """One line on stderr per PROGRESS_EVERY_ROWS rows, with the elapsed time."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = 0

    def say(self, text: str) -> None:
        elapsed = seconds_text(int((time.monotonic() - self.started) * 1000))
        line = _("  {progress} ({seconds} s)").format(progress=text, seconds=elapsed)
        print(safe_text(line), file=sys.stderr, flush=True)


class _Upload:
    """How far an import got: whether head office has the whole file, and its answer."""

    def __init__(self) -> None:
        self.file_sent = False
        self.result: pb.CatalogueImportResult | None = None


def _chunks(
    path: Path, dry_run: bool, progress: _Progress, upload: _Upload
) -> Iterator[pb.CatalogueImportChunk]:
    chunk = pb.CatalogueImportChunk(dry_run=dry_run, source=path.name)
    sent = 0
    for line_no, cells in read_rows(path):
        chunk.rows.append(pb.CatalogueRow(line_no=line_no, cells=cells))
        if len(chunk.rows) >= CHUNK_ROWS:
            sent += len(chunk.rows)
            yield chunk
            chunk = pb.CatalogueImportChunk()
            if sent - progress.shown >= PROGRESS_EVERY_ROWS:
                progress.shown = sent
                progress.say(
                    _("read and sent {rows} rows of {file}").format(rows=sent, file=path.name)
                )
    yield chunk
    upload.file_sent = True


def interrupted_import(path: Path, dry_run: bool, upload: _Upload) -> str | None:
    """What a Ctrl-C during an import means; None when head office had already answered (the
    answer stands and is reported as usual: an import it committed is not "interrupted")."""
    if upload.result is not None:
        return None
    if not upload.file_sent or dry_run:
        return _("interrupted; {file} was not imported, nothing was changed").format(file=path)
    # Head office checks and imports in one transaction it does not abandon when the caller
    # goes: once it has the whole file, the import may have committed or may still.
    return _(
        "interrupted after head office received all of {file}: it finishes checking it and, if "
        "every line is good, imports it; see `hoctl catalogue show SKU` or `hoctl audit list` "
        "before importing it again"
    ).format(file=path)


def cmd_import(args: argparse.Namespace, clients: Clients, out: Output) -> int:
    path = Path(args.file)
    progress = _Progress()
    with closing(read_rows(path)) as rows:  # fails here, before any call, when the file
        next(rows, None)  # cannot be read (an .xlsx file is opened by its first row)
    upload = _Upload()
    # The replies are read on a thread so that Ctrl-C lands here, never inside a gRPC call
    # (which it would break): the call goes on and its answer can still be read. A Ctrl-C
    # while the call and its reader start (a small file may be sent and checked by then)
    # is held until both are running, then said like any other.
    with _ctrl_c_held() as pressed:
        replies = _stub(clients).ImportCatalogue(
            _chunks(path, args.dry_run, progress, upload), timeout=IMPORT_TIMEOUT_S
        )
        reader = _Reader(replies, progress, upload)
        reader.start()
    try:
        if pressed:
            raise KeyboardInterrupt
        reader.wait()
    except KeyboardInterrupt:
        sentence = interrupted_import(path, args.dry_run, upload)
        if sentence is None:
            reader.wait()  # head office had answered: report what it did
        elif not upload.file_sent or args.dry_run:
            replies.cancel()
            raise HoctlError(sentence) from None
        else:
            # Head office goes on with the whole file whatever happens here: wait for what it
            # did rather than say "interrupted" about an import that commits.
            out.warn(
                _(
                    "head office has all of {file} and finishes the import whatever happens "
                    "here; waiting for its answer (Ctrl-C again to stop waiting)"
                ).format(file=path)
            )
            try:
                reader.wait()
            except KeyboardInterrupt:
                replies.cancel()
                raise HoctlError(sentence) from None
    if reader.error is not None:
        raise reader.error
    if upload.result is None:
        raise HoctlError(_("head office ended the import without a result"))
    return _report(path, args.dry_run, upload.result, out)


@contextmanager
def _ctrl_c_held() -> Iterator[list[int]]:
    """Record a Ctrl-C (SIGINT) instead of raising it, for the block's length (main thread
    only: elsewhere Python delivers no signal anyway)."""
    pressed: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield pressed
        return
    previous = signal.signal(signal.SIGINT, lambda signum, _frame: pressed.append(signum))
    try:
        yield pressed
    finally:
        signal.signal(signal.SIGINT, previous)


class _Reader(threading.Thread):
    """Reads an import's replies; the error that ended them, if any, for the caller to raise."""

    def __init__(self, replies: Any, progress: _Progress, upload: _Upload) -> None:
        super().__init__(name="catalogue-import-replies", daemon=True)
        self._replies = replies
        self._progress = progress
        self._upload = upload
        self.error: Exception | None = None
        self.done = threading.Event()

    def run(self) -> None:
        big = False
        try:
            for reply in self._replies:
                big = big or reply.rows >= PROGRESS_EVERY_ROWS
                if reply.HasField("result"):
                    self._upload.result = reply.result
                elif big:
                    stage = _(STAGES[reply.stage]) if reply.stage in STAGES else reply.stage
                    self._progress.say(
                        _("head office: {stage} {rows} rows").format(stage=stage, rows=reply.rows)
                    )
        except Exception as exc:  # raised again by cmd_import on the main thread
            self.error = exc
        finally:
            self.done.set()

    def wait(self) -> None:
        # A sleep, not join(): a join that Ctrl-C interrupts can leave is_alive() False while
        # the thread still runs (CPython gh-90882), and the answer would be lost.
        while not self.done.is_set():
            time.sleep(0.05)


def _report(path: Path, dry_run: bool, result: pb.CatalogueImportResult, out: Output) -> int:
    if result.errors:
        for err in result.errors:
            out.warn(_("line {line_no}: {reason}").format(line_no=err.line_no, reason=err.reason))
        count = len({err.line_no for err in result.errors})
        out.warn(
            ngettext(
                "{file} was not imported: {count} line refused; nothing was changed",
                "{file} was not imported: {count} lines refused; nothing was changed",
                count,
            ).format(file=path, count=count)
        )
        return 1
    counts = {
        "file": path,
        "created": result.products_created,
        "updated": result.products_updated,
        "unchanged": result.products_unchanged,
    }
    if dry_run:
        out.say(
            _(
                "dry run of {file}: would have created {created}, updated {updated}, "
                "unchanged {unchanged}; nothing was changed"
            ).format(**counts)
        )
    else:
        out.say(
            _(
                "imported {file}: created {created}, updated {updated}, unchanged {unchanged}"
            ).format(**counts)
        )
    return 0
