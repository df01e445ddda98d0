"""A store's enrolment bundle: what an edge agent needs to reach head office as itself."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from common.errors import IdentityError
from common.files import write_private
from common.i18n import _

BUNDLE_VERSION = 1


@dataclass(frozen=True)
class EnrolmentBundle:
    store_code: str
    store_name: str
    headoffice_address: str
    ca_pem: str
    cert_pem: str
    key_pem: str
    version: int = BUNDLE_VERSION

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), indent=2).encode()

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "bundle") -> EnrolmentBundle:
        try:
            raw = json.loads(data)
            if isinstance(raw, dict) and raw.get("kind") == "staff":
                raise IdentityError(
                    _(
                        "{source} is staff user {user}'s identity file for hoctl, not a store's "
                        "enrolment bundle: edge-agent needs the bundle `hoctl store add` or "
                        "`hoctl store cert reissue` wrote"
                    ).format(source=source, user=raw.get("username", "?"))
                )
            bundle = cls(**raw)
        except (ValueError, TypeError) as exc:
            raise IdentityError(
                _("{source} is not a StoreLedger enrolment bundle").format(source=source)
            ) from exc
        if bundle.version != BUNDLE_VERSION:
            raise IdentityError(
                _("{source} has bundle version {version}; expected 1").format(
                    source=source, version=bundle.version
                )
            )
        return bundle


def write_secret(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (keys, bundles), whatever the umask: one
    secure writer for both sides (common.files.write_private)."""
    write_private(path, data)


@dataclass(frozen=True)
class StaffIdentity:
    """A staff user's credential file for hoctl: their certificate, key and head office's address."""

    username: str
    role: str
    headoffice_address: str
    ca_pem: str
    cert_pem: str
    key_pem: str
    kind: str = "staff"
    version: int = BUNDLE_VERSION

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), indent=2).encode()

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "identity file") -> StaffIdentity:
        try:
            raw = json.loads(data)
            if isinstance(raw, dict) and "store_code" in raw and "kind" not in raw:
                raise IdentityError(
                    _(
                        "{source} is store {store}'s enrolment bundle (for edge-agent), not a "
                        "staff identity: hoctl acts as a staff user with the identity file "
                        "`hoctl user add` or `hoctl user reissue` wrote"
                    ).format(source=source, store=raw.get("store_code"))
                )
            identity = cls(**raw)
        except (ValueError, TypeError) as exc:
            raise IdentityError(
                _("{source} is not a StoreLedger staff identity (from `hoctl user add`)").format(
                    source=source
                )
            ) from exc
        if identity.kind != "staff" or identity.version != BUNDLE_VERSION:
            raise IdentityError(
                _("{source} is not a version-1 staff identity").format(source=source)
            )
        return identity


@dataclass(frozen=True)
class ChannelIdentity:
    """An online channel's credential file for its integration (chanctl --bundle FILE):
    its certificate (OU "channel", CN its code), key, the chain's CA and head office's address."""

    channel: str
    headoffice_address: str
    ca_pem: str
    cert_pem: str
    key_pem: str
    kind: str = "channel"
    version: int = BUNDLE_VERSION

    def to_bytes(self) -> bytes:
        return json.dumps(asdict(self), indent=2).encode()

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "channel bundle") -> ChannelIdentity:
        try:
            identity = cls(**json.loads(data))
        except (ValueError, TypeError) as exc:
            raise IdentityError(
                _("{source} is not a StoreLedger channel bundle (from `hoctl channel add`)").format(
                    source=source
                )
            ) from exc
        if identity.kind != "channel" or identity.version != BUNDLE_VERSION:
            raise IdentityError(
                _("{source} is not a version-1 channel bundle").format(source=source)
            )
        return identity
