"""Head office's audit key and checkpoint: files in the data directory, outside the database.

  D/audit/key               the key that seals audit records: 32 random bytes as hex (0600)
  D/audit/checkpoint.json   the newest committed record's id and seal, the key's id and the
                            first sealed record (0600, replaced atomically)
  D/audit/checkpoint.lock   held while the checkpoint moves, so it only ever moves forward

Someone who can write the database but not these files (a database administrator, a
stolen database password, a copy of the database) cannot seal a record, and cannot
delete the newest records without the checkpoint naming one the log no longer has.
Someone who can write these files as head office's user can do both: they are
protected by the file modes (common.files), and docs/security.md says so.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

from common.errors import ConfigError
from common.files import PRIVATE_FILE_MODE, make_private_dir, sync_directory, write_private
from common.i18n import _
from common.logs import log_event
from headoffice.domain.audit_chain import KEY_BYTES, AuditKey, Checkpoint

log = logging.getLogger(__name__)

KEY_FILE = "key"
CHECKPOINT_FILE = "checkpoint.json"
LOCK_FILE = "checkpoint.lock"


class AuditSeal:
    """AuditSealPort on the files of one data directory's `audit/` directory."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._key = _read_key(directory / KEY_FILE)

    @property
    def key(self) -> AuditKey | None:
        return self._key

    @property
    def where(self) -> str:
        return str(self.directory)

    @property
    def key_file(self) -> Path:
        return self.directory / KEY_FILE

    @property
    def checkpoint_file(self) -> Path:
        return self.directory / CHECKPOINT_FILE

    def create_key(self) -> AuditKey:
        """Write a new random key; never over an existing one."""
        make_private_dir(self.directory)
        secret = secrets.token_bytes(KEY_BYTES)
        try:
            fd = os.open(
                self.key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW,
                PRIVATE_FILE_MODE,
            )  # fmt: skip
        except FileExistsError:
            raise ConfigError(
                _("{path} exists already; head office never replaces its audit key").format(
                    path=self.key_file
                )
            ) from None
        with os.fdopen(fd, "w") as out:
            os.fchmod(out.fileno(), PRIVATE_FILE_MODE)
            out.write(secret.hex() + "\n")
            out.flush()
            os.fsync(out.fileno())
        sync_directory(self.directory)
        self._key = AuditKey(secret)
        return self._key

    def checkpoint(self) -> Checkpoint | None:
        try:
            text = self.checkpoint_file.read_text()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ConfigError(
                _("the audit checkpoint {path} cannot be read: {problem}").format(
                    path=self.checkpoint_file, problem=exc.strerror
                )
            ) from exc
        try:
            data = json.loads(text)
            return Checkpoint(
                str(data["key_id"]), int(data["keyed_from"]), int(data["seq"]), str(data["mac"])
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(
                _("the audit checkpoint {path} is not a checkpoint head office wrote").format(
                    path=self.checkpoint_file
                )
            ) from exc

    def start_checkpoint(self, checkpoint: Checkpoint) -> None:
        make_private_dir(self.directory)
        with self._locked():
            self._write(checkpoint)

    def advance(self, seq: int, mac: str) -> None:
        """Called after a commit, which stands whatever happens here: a checkpoint that
        cannot move is logged, and verify reports it behind the newest record."""
        try:
            with self._locked():
                current = self.checkpoint()
                if current is None:
                    # Never created here: a checkpoint that vanished is reported by verify
                    # and written again, with a record saying so, at head office's next start.
                    log_event(
                        log, logging.ERROR, "audit checkpoint missing; not moved",
                        path=str(self.checkpoint_file), seq=seq,
                    )  # fmt: skip
                    return
                if self._key is not None and current.key_id != self._key.key_id:
                    log_event(
                        log, logging.ERROR, "audit checkpoint names another key; not moved",
                        path=str(self.checkpoint_file), seq=seq,
                    )  # fmt: skip
                    return
                moved = current.advanced(seq, mac)
                if moved != current:
                    self._write(moved)
        except (OSError, ConfigError) as exc:
            log_event(
                log, logging.ERROR, "audit checkpoint not moved", path=str(self.checkpoint_file),
                seq=seq, problem=str(exc),
            )  # fmt: skip

    def _write(self, checkpoint: Checkpoint) -> None:
        data = {
            "key_id": checkpoint.key_id,
            "keyed_from": checkpoint.keyed_from,
            "seq": checkpoint.seq,
            "mac": checkpoint.mac,
        }
        write_private(self.checkpoint_file, (json.dumps(data, indent=2) + "\n").encode())

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        fd = os.open(self.directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def _read_key(path: Path) -> AuditKey | None:
    try:
        text = path.read_text().strip()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(
            _("head office's audit key {path} cannot be read: {problem}").format(
                path=path, problem=exc.strerror
            )
        ) from exc
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != KEY_BYTES:
        raise ConfigError(
            _("{path} is not an audit key: it must hold {count} random bytes as hex").format(
                path=path, count=KEY_BYTES
            )
        )
    return AuditKey(secret)
