"""What every hoctl command module shares: the clients, the error, argument types."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import grpc

from common.errors import StoreLedgerError
from common.ids import check_store_code
from common.pb.storeledger.v1 import admin_pb2_grpc

CALL_TIMEOUT_S = 30.0


class HoctlError(StoreLedgerError):
    """Something hoctl itself cannot do (no data directory, file exists); str() is the sentence."""


class Clients:
    """The open channel to head office and its Admin stub; other command modules make their stubs from .channel."""

    def __init__(self, channel: grpc.Channel) -> None:
        self.channel = channel
        self.admin = admin_pb2_grpc.AdminStub(channel)


BUNDLE_RESERVE_BYTES = 16 * 1024  # a bundle is ~2 KiB of PEM and JSON


def reserve_file(path: Path, size: int) -> int:
    """Create path (mode 0600, never an existing file) with size bytes allocated on disk."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise HoctlError(
            f"{path} already exists; hoctl never overwrites a bundle, choose another --out"
        ) from None
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as exc:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise HoctlError(
            f"cannot write {path}: {exc.strerror}; nothing was enrolled at head office"
        ) from exc
    return fd


def store_code_arg(text: str) -> str:
    try:
        return check_store_code(text)
    except StoreLedgerError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
