"""What every hoctl command module shares: the clients, the error, argument types."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import grpc

from common.cli.cells import display_width
from common.cli.render import Column
from common.errors import StoreLedgerError
from common.files import PRIVATE_FILE_MODE
from common.i18n import _
from common.ids import check_store_code
from common.rpc.language import ACCEPT_LANGUAGE, language_metadata

if TYPE_CHECKING:
    from common.pb.storeledger.v1 import admin_pb2_grpc

CALL_TIMEOUT_S = 30.0


class HoctlError(StoreLedgerError):
    """Something hoctl itself cannot do (no data directory, file exists); str() is the sentence."""


class _Details(NamedTuple):
    method: str
    timeout: float | None
    metadata: Any
    credentials: Any
    wait_for_ready: bool | None
    compression: Any


class _CallDetails(_Details, grpc.ClientCallDetails):
    """grpc.ClientCallDetails as a value (grpc's interceptor examples build it the same way)."""


class SendsLanguage(
    grpc.UnaryUnaryClientInterceptor,
    grpc.UnaryStreamClientInterceptor,
    grpc.StreamUnaryClientInterceptor,
    grpc.StreamStreamClientInterceptor,
):
    """Adds hoctl's language (the current one, at call time) to every call that does not
    name one, so head office answers in it (common.rpc.language; this is send_language()
    for grpc's blocking channels, which hoctl uses)."""

    @staticmethod
    def _details(details: grpc.ClientCallDetails) -> grpc.ClientCallDetails:
        metadata = list(details.metadata or ())
        if not any(key == ACCEPT_LANGUAGE for key, _value in metadata):
            metadata.extend(language_metadata())
        return _CallDetails(
            details.method,
            details.timeout,
            metadata,
            details.credentials,
            getattr(details, "wait_for_ready", None),
            getattr(details, "compression", None),
        )

    def intercept_unary_unary(
        self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, request: Any
    ) -> Any:
        return continuation(self._details(details), request)

    def intercept_unary_stream(
        self, continuation: Callable[..., Any], details: grpc.ClientCallDetails, request: Any
    ) -> Any:
        return continuation(self._details(details), request)

    def intercept_stream_unary(
        self,
        continuation: Callable[..., Any],
        details: grpc.ClientCallDetails,
        request_iterator: Iterator[Any],
    ) -> Any:
        return continuation(self._details(details), request_iterator)

    def intercept_stream_stream(
        self,
        continuation: Callable[..., Any],
        details: grpc.ClientCallDetails,
        request_iterator: Iterator[Any],
    ) -> Any:
        return continuation(self._details(details), request_iterator)


class Clients:
    """The open channel to head office and its Admin stub; other command modules make their stubs from .channel."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.channel = channel

    @cached_property
    def admin(self) -> admin_pb2_grpc.AdminStub:
        # Made when a command first uses it: the Admin messages are the largest of the
        # generated modules, and `hoctl stock` never loads them.
        from common.pb.storeledger.v1 import admin_pb2_grpc

        return admin_pb2_grpc.AdminStub(self.channel)


BUNDLE_RESERVE_BYTES = 16 * 1024  # a bundle is ~2 KiB of PEM and JSON


def reserve_file(path: Path, size: int) -> int:
    """Create path (mode 0600, never an existing file) with size bytes allocated on disk."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
        os.fchmod(
            fd, PRIVATE_FILE_MODE
        )  # a key inside: only its owner reads it, whatever the umask
    except FileExistsError:
        raise HoctlError(
            _(
                "{path} already exists; hoctl never overwrites a bundle, choose another --out"
            ).format(path=path)
        ) from None
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise HoctlError(
            _("cannot write {path}: {problem}; nothing was enrolled at head office").format(
                path=path, problem=exc.strerror
            )
        ) from exc
    return fd


R = TypeVar("R")


def write_credential(path: Path, call: Callable[[], R], content: Callable[[R], bytes]) -> R:
    """Make the call that issues a credential and write what it returns to path (mode 0600).

    The file and its space are claimed before the call: a credential head office
    has issued but hoctl could not write would be lost (and a store's code used up).
    """
    if path.exists():
        raise HoctlError(
            _(
                "{path} already exists; hoctl never overwrites a bundle, choose another --out"
            ).format(path=path)
        )
    if not path.parent.is_dir():
        raise HoctlError(
            _("cannot write {path}: directory {directory} does not exist").format(
                path=path, directory=path.parent
            )
        )
    fd = reserve_file(path, BUNDLE_RESERVE_BYTES)
    try:
        reply = call()
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    data = content(reply)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.truncate(len(data))
        fh.flush()
        os.fsync(fh.fileno())
    return reply


def store_code_arg(text: str) -> str:
    try:
        return check_store_code(text)
    except StoreLedgerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def headings(columns: Sequence[Column]) -> list[Column]:
    """The columns with their headings in the reader's language, for a table.

    Headings are marked with N_() where the columns are defined (before any
    language is known) and translated here, when a table is shown; JSON and
    CSV name each field by its key, which never changes with the language.
    """
    return [replace(column, header=_(column.title)) for column in columns]


def labelled(pairs: Sequence[tuple[str, str]], indent: str = "  ", width: int = 12) -> list[str]:
    """`label value` lines with the values lined up by display width (a Chinese label's
    characters take two columns each), at least `width` columns in."""
    column = max([width, *(display_width(label) + 1 for label, _value in pairs)])
    return [
        f"{indent}{label}{' ' * (column - display_width(label))}{value}".rstrip()
        for label, value in pairs
    ]


def write_new(path: Path, data: bytes) -> None:
    """Write a new file (an export); an existing one is never overwritten."""
    if not path.parent.is_dir():
        raise HoctlError(
            _("cannot write {path}: directory {directory} does not exist").format(
                path=path, directory=path.parent
            )
        )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise HoctlError(
            _("{path} already exists; hoctl never overwrites an export").format(path=path)
        ) from None
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def write_chart_files(
    args: argparse.Namespace, png: bytes, html: str, say: Callable[[str], None]
) -> None:
    """A report's --png and --html files, as head office drew them (never overwriting)."""
    if args.png:
        write_new(Path(args.png), png)
        say(_("wrote the chart to {file}").format(file=args.png))
    if args.html:
        write_new(Path(args.html), html.encode("utf-8"))
        say(_("wrote the page to {file}").format(file=args.html))
