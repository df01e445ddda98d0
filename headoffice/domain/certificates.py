"""The certificates head office issued, and which of them it still accepts (by serial).

Head office records every certificate it issues (a store's enrolment bundle, a
staff user's identity) with its serial. A certificate stops being accepted at
its record's `revoked_at_ms`:

- `hoctl store cert revoke S [--serial N]` revokes at once;
- `hoctl store cert reissue S` supersedes the store's earlier certificates at the
  end of a grace period (STORE_GRACE_DAYS unless `--grace-days` says otherwise),
  so the store keeps syncing until its new bundle is installed;
- `hoctl user reissue NAME` supersedes the user's earlier certificates at once
  (the new identity file is handed over at the same moment).

A certificate head office has no record of (issued before it kept the register,
or by a copy of its CA key) is judged by its subject's *blanket* records: a
reissue or a revoke also writes a record without a serial that covers every
certificate of the subject issued before it, so no earlier certificate escapes.
The records that stop a certificate form the revocation list, which head
office's caller-identity interceptor holds in memory (headoffice.api.revocations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace

from common.certs import ROLE_STAFF, ROLE_STORE, Identity
from common.i18n import _
from headoffice.domain.errors import InvalidStoreRequest

REVOKED = "revoked"
SUPERSEDED = "superseded"
DAY_MS = 86_400_000
STORE_GRACE_DAYS = 7
MAX_GRACE_DAYS = 90

# States a record is listed with (hoctl store cert list).
CURRENT = "current"
RETIRING = "retiring"  # superseded; still accepted until the grace period ends
EXPIRED = "expired"


def utc_text(ms: int) -> str:
    """A moment in a sentence: 2026-03-01 09:30 UTC."""
    return dt.datetime.fromtimestamp(ms / 1000, tz=dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True, slots=True)
class CertificateRecord:
    """One certificate head office issued, or a blanket record (serial None) for every
    certificate of the subject issued before `issued_at_ms` that the register lacks."""

    role: str  # "store" or "staff"
    subject: str  # the store code or user name the certificate names
    serial: str | None  # common.certs.serial_text form
    issued_at_ms: int
    not_after_ms: int | None
    issued_by: str
    revoked_at_ms: int | None = None  # from when it is refused (may lie ahead: a grace period)
    revoked_by: str | None = None
    revoked_reason: str | None = None  # REVOKED or SUPERSEDED
    replaced_by: str | None = None  # the serial of the certificate that superseded it
    record_id: int = 0

    def refused_at(self, now_ms: int) -> bool:
        return self.revoked_at_ms is not None and self.revoked_at_ms <= now_ms

    def state(self, now_ms: int) -> str:
        if self.revoked_at_ms is not None:
            if self.revoked_at_ms > now_ms:
                return RETIRING
            return self.revoked_reason or REVOKED
        if self.not_after_ms is not None and self.not_after_ms < now_ms:
            return EXPIRED
        return CURRENT

    def live(self, now_ms: int) -> bool:
        """Not yet refused by a revoke or a supersede (an expired one is refused by TLS)."""
        return self.revoked_at_ms is None or self.revoked_at_ms > now_ms

    def stopped(
        self, at_ms: int, by: str, reason: str, replaced_by: str | None = None
    ) -> CertificateRecord:
        """This record refused from at_ms (never later than an earlier decision said)."""
        if self.revoked_at_ms is not None and self.revoked_at_ms <= at_ms:
            return self
        return replace(
            self, revoked_at_ms=at_ms, revoked_by=by, revoked_reason=reason, replaced_by=replaced_by
        )


def blanket(
    role: str,
    subject: str,
    issued_before_ms: int,
    by: str,
    refused_from_ms: int,
    reason: str,
    replaced_by: str | None = None,
) -> CertificateRecord:
    """Refuse, from refused_from_ms, every certificate of the subject issued before
    issued_before_ms that the register does not know."""
    return CertificateRecord(
        role, subject, None, issued_before_ms, None, by, refused_from_ms, by, reason, replaced_by
    )


def grace_ms(days: int) -> int:
    if not 0 <= days <= MAX_GRACE_DAYS:
        raise InvalidStoreRequest(
            _("the grace period is 0 to {max} days, got {days}").format(
                max=MAX_GRACE_DAYS, days=days
            )
        )
    return days * DAY_MS


@dataclass(frozen=True)
class RevocationList:
    """The records that refuse a certificate (now or later), for lookups per call.

    `registered` holds the serials on the register of every subject that has a
    blanket record: a blanket covers only the certificates the register lacks.
    """

    by_serial: dict[str, CertificateRecord]
    blankets: dict[tuple[str, str], tuple[CertificateRecord, ...]]
    registered: frozenset[str] = frozenset()

    @classmethod
    def of(
        cls, records: Iterable[CertificateRecord], registered: Iterable[str] = ()
    ) -> RevocationList:
        by_serial: dict[str, CertificateRecord] = {}
        blankets: dict[tuple[str, str], list[CertificateRecord]] = {}
        for record in records:
            if record.revoked_at_ms is None:
                continue
            if record.serial is None:
                blankets.setdefault((record.role, record.subject), []).append(record)
            else:
                by_serial[record.serial] = record
        return cls(
            by_serial,
            {key: tuple(rows) for key, rows in blankets.items()},
            frozenset(registered) | frozenset(by_serial),
        )

    @property
    def blanketed(self) -> set[tuple[str, str]]:
        """The (role, subject) pairs whose registered serials the list must know."""
        return set(self.blankets)

    def refusal(self, identity: Identity, now_ms: int) -> CertificateRecord | None:
        """The record that refuses this certificate now, or None when it is accepted."""
        serial = identity.serial_text
        record = self.by_serial.get(serial)
        if record is not None:
            return record if record.refused_at(now_ms) else None
        if serial in self.registered:
            return None
        for cover in self.blankets.get((identity.role, identity.name), ()):
            if cover.refused_at(now_ms) and identity.not_before_ms < cover.issued_at_ms:
                return cover
        return None


def refusal_sentence(identity: Identity, record: CertificateRecord) -> str:
    """Why head office refuses this certificate, and what to do, for the one who holds it."""
    when = utc_text(record.revoked_at_ms or 0)
    serial = identity.serial_text
    by = record.revoked_by or "?"
    if identity.role == ROLE_STORE:
        if record.revoked_reason == SUPERSEDED:
            return _(
                "store {store}'s certificate (serial {serial}) was replaced by a reissued one "
                "(serial {new}, by {by}) and is no longer accepted since {when}; install the "
                "new bundle with `edge-agent renew --bundle FILE`"
            ).format(
                store=identity.name, serial=serial, new=record.replaced_by or "?", by=by, when=when
            )
        return _(
            "store {store}'s certificate (serial {serial}) was revoked on {when} by {by}; enrol "
            "the store again with the bundle from `hoctl store cert reissue {store}` "
            "(`edge-agent renew --bundle FILE`)"
        ).format(store=identity.name, serial=serial, when=when, by=by)
    if identity.role == ROLE_STAFF:
        if record.revoked_reason == SUPERSEDED:
            return _(
                "staff user {user}'s certificate (serial {serial}) was replaced on {when} by "
                "{by} (`hoctl user reissue {user}`); use the new identity file it wrote"
            ).format(user=identity.name, serial=serial, when=when, by=by)
        return _(
            "staff user {user}'s certificate (serial {serial}) was revoked on {when} by {by}; "
            "ask an administrator for a new identity (`hoctl user reissue {user}`)"
        ).format(user=identity.name, serial=serial, when=when, by=by)
    return _("the certificate (serial {serial}) was revoked on {when} by {by}").format(
        serial=serial, when=when, by=by
    )
