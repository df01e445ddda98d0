"""Head-office errors; str() of each is a whole sentence for a person, in the language
current when it is raised (the caller's, in a call: common.rpc.language).

StoreLedgerError (common.errors)
├── InvalidInput
│   ├── InvalidEntry            a journal entry breaks a ledger rule (no SKU, zero qty, unknown reason);
│   │                           .code names the rule, .seq the entry (sync status, metrics)
│   │   ├── ConflictingEntry    a replayed entry differs from the committed entry of its sequence
│   │   └── LedgerDiverged      an entry's hash does not continue head office's chain (a restored copy)
│   ├── CatalogueRejected       a catalogue file has bad lines; .errors lists every (line_no, reason)
│   └── InvalidStoreRequest     a store code or name that cannot be used
├── IdentityError
│   ├── StoreIdentityMismatch   the certificate names another store, or is not a store's
│   ├── CertificateRefused      the certificate's serial is revoked or superseded (a sentence says when, by whom)
│   └── PermissionRefused       a staff user lacks the permission (or the store) a call needs
└── HeadOfficeError             head-office state refuses the request
    ├── UnknownStore            no store with that code
    ├── UnknownCertificate      no certificate with that serial was issued to the store
    ├── UnknownUser             no staff user with that name
    ├── UserAlreadyExists       a staff user with that name exists already
    ├── UnknownProduct          no SKU (or category) with that name in the catalogue
    ├── StoreAlreadyExists      a store with that code is already enrolled
    ├── StoreDisabled           the store was disabled by head office
    ├── StoreLedgerBehind       a store's ledger ends before what head office committed of it
    ├── LedgerInstanceRefused   a ledger instance other than the one the store is bound to
    ├── RebuildRefused          a store still bound to its ledger asked for its journal to rebuild one
    ├── SequenceGap             a batch does not continue the committed journal; .expected_seq
    ├── NotYetCommitted         asked about a sequence head office has not committed yet
    ├── StoreNotConnected       verify needs the store's open stream and there is none
    ├── StoreDidNotAnswer       the store did not answer a balance request in time
    └── DatabaseUnavailable     the database cannot be reached (names the URL, never a password)
"""

from __future__ import annotations

from common.errors import (
    AlreadyExists,
    IdentityError,
    InvalidInput,
    NotFound,
    PermissionDenied,
    Refused,
    TimedOut,
    Unavailable,
)
from common.i18n import _


class HeadOfficeError(Refused):
    """Head-office state refuses the request."""


class InvalidEntry(InvalidInput):
    """A store entry head office refuses; its batch is refused whole.

    `code` names the rule it breaks for metrics, sync status and alerts (a
    short word that never changes with the language: "invalid_entry" unless a
    rule names its own, such as "unknown_kind" or "wrong_sign"); `seq` is the
    refused entry's sequence (0 until known: plan_batch sets it) and
    `expected_seq` the sequence head office needs next.
    """

    code = "invalid_entry"

    def __init__(
        self, message: str, expected_seq: int = 0, *, code: str = "", seq: int = 0
    ) -> None:
        super().__init__(message)
        self.expected_seq = expected_seq
        if code:
            self.code = code
        self.seq = seq


class ConflictingEntry(InvalidEntry):
    """A store resent sequence `seq` with other content than head office committed for it.

    A resend after a lost acknowledgement repeats the entry byte for byte; a
    different entry under a committed sequence means two journals claim to be
    this store's (two edge agents running from copies of one data directory).
    """

    code = "conflicting_entry"

    def __init__(
        self,
        store_code: str,
        seq: int,
        committed_document_id: str,
        replayed_document_id: str,
        expected_seq: int,
    ) -> None:
        super().__init__(
            _(
                "store {store} sent journal entry {seq} (document {replayed}) but head office "
                "already committed a different entry {seq} (document {committed}); two edge "
                "agents may be using this store's identity; the batch was refused and nothing "
                "changed"
            ).format(
                store=store_code,
                seq=seq,
                replayed=replayed_document_id,
                committed=committed_document_id,
            ),
            expected_seq=expected_seq,
            seq=seq,
        )
        self.store_code = store_code
        self.committed_document_id = committed_document_id
        self.replayed_document_id = replayed_document_id


class LedgerDiverged(InvalidEntry):
    """The store's entry `seq` does not chain from head office's hash of the entry before it:
    the ledger sending it is not the journal head office committed (a restored older copy
    that went on selling, or a second ledger)."""

    code = "ledger_diverged"

    def __init__(self, store_code: str, seq: int, expected_seq: int) -> None:
        super().__init__(
            _(
                "store {store}'s entry {seq} does not continue the journal head office "
                "committed (its hash chain differs up to entry {last}): this ledger is a "
                "restored older copy or another ledger that went its own way; the batch was "
                "refused and nothing changed; `hoctl verify {store}` shows where the two part "
                "and `hoctl store reenrol {store}` starts the documented recovery"
            ).format(store=store_code, seq=seq, last=max(seq - 1, 0)),
            expected_seq=expected_seq,
            seq=seq,
        )
        self.store_code = store_code


class CatalogueRejected(InvalidInput):
    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = sorted(errors)
        first = self.errors[0] if self.errors else (0, _("no lines"))
        super().__init__(
            _(
                "catalogue refused, nothing was imported: {count} bad line(s); "
                "first: line {line_no}: {reason}"
            ).format(count=len(self.errors), line_no=first[0], reason=first[1])
        )


class InvalidStoreRequest(InvalidInput):
    pass


class StoreIdentityMismatch(IdentityError):
    pass


class CertificateRefused(IdentityError):
    """Head office revoked the caller's certificate or superseded it by a reissue."""


class PermissionRefused(IdentityError):
    """A staff user may not make this call; the sentence names the missing permission or store."""


class UnknownUser(HeadOfficeError, NotFound):
    def __init__(self, username: str) -> None:
        super().__init__(
            _("there is no staff user {username}; see `hoctl user list`").format(
                username=repr(username)
            )
        )
        self.username = username


class UserAlreadyExists(HeadOfficeError, AlreadyExists):
    def __init__(self, username: str) -> None:
        super().__init__(
            _("staff user {username} already exists; choose another name").format(
                username=repr(username)
            )
        )
        self.username = username


class UnknownStore(HeadOfficeError, NotFound):
    def __init__(self, store_code: str) -> None:
        super().__init__(_("store {store} is not enrolled at head office").format(store=store_code))
        self.store_code = store_code


class UnknownCertificate(HeadOfficeError, NotFound):
    def __init__(self, store_code: str, serial: str) -> None:
        super().__init__(
            _(
                "head office issued no certificate with serial {serial} to store {store}; "
                "`hoctl store cert list {store}` shows its serials"
            ).format(serial=serial, store=store_code)
        )
        self.store_code = store_code
        self.serial = serial


class UnknownProduct(HeadOfficeError, NotFound):
    """No such SKU (or SKUs, listed), or no such category, in the catalogue."""

    def __init__(self, *skus: str, category: str = "") -> None:
        if category:
            sentence = _("category {category} is not in head office's catalogue").format(
                category=repr(category)
            )
        else:
            sentence = _("SKU {sku} is not in head office's catalogue").format(sku=", ".join(skus))
        super().__init__(sentence)
        self.skus = skus
        self.category = category


class StoreAlreadyExists(HeadOfficeError, AlreadyExists):
    def __init__(self, store_code: str) -> None:
        super().__init__(
            _("store {store} is already enrolled; choose another code").format(store=store_code)
        )
        self.store_code = store_code


class StoreDisabled(HeadOfficeError, PermissionDenied):
    def __init__(self, store_code: str) -> None:
        super().__init__(
            _("store {store} is disabled at head office and may not sync").format(store=store_code)
        )
        self.store_code = store_code


class StoreLedgerBehind(HeadOfficeError):
    """The store's journal is shorter than what head office already committed: a
    re-initialised or restored ledger. Acknowledging it would hide its new entries
    (numbered from 1 again) as duplicates, so its sync is refused until resolved.
    `code` and `seq` (where the store's ledger ends) as InvalidEntry's, for sync status."""

    code = "ledger_behind"

    def __init__(self, store_code: str, store_newest_seq: int, committed_seq: int) -> None:
        super().__init__(
            _(
                "store {store}'s ledger ends at entry {newest} but head office has committed "
                "its journal up to entry {committed}: this is not the store's ledger "
                "(re-initialised or restored from an old copy); sync stays stopped until it is "
                "resolved"
            ).format(store=store_code, newest=store_newest_seq, committed=committed_seq)
        )
        self.store_code = store_code
        self.store_newest_seq = store_newest_seq
        self.committed_seq = committed_seq
        self.seq = store_newest_seq


class LedgerInstanceRefused(HeadOfficeError):
    """A ledger instance other than the one head office bound the store to (DESIGN invariant
    7): a second `edge-agent init` with the store's bundle, or a re-initialised ledger. `code`
    and `seq` (the ledger's newest entry) as InvalidEntry's, for sync status."""

    code = "instance_refused"

    def __init__(
        self, store_code: str, instance_id: str, bound_id: str, newest_seq: int = 0
    ) -> None:
        offered = instance_id or _("(none: an agent older than ledger instances)")
        super().__init__(
            _(
                "store {store} is bound to ledger instance {bound}, but this ledger is "
                "instance {offered}: a second ledger started with the store's bundle, or a "
                "re-initialised one; head office refuses it and keeps the store's journal as it "
                "is; stop this agent, or, if it is to replace the store's ledger, run "
                "`hoctl store reenrol {store}` and rebuild it with `edge-agent init "
                "--from-headoffice` (docs/runtime.md)"
            ).format(store=store_code, bound=bound_id, offered=offered)
        )
        self.store_code = store_code
        self.instance_id = instance_id
        self.bound_id = bound_id
        self.seq = newest_seq


class RebuildRefused(HeadOfficeError):
    """Head office hands a store's journal to a new ledger only once the store was re-enrolled."""

    def __init__(self, store_code: str, bound_id: str) -> None:
        super().__init__(
            _(
                "store {store} is bound to ledger instance {bound}, so head office does not hand "
                "its journal to another ledger; if that ledger is lost, run `hoctl store "
                "reenrol {store}` at head office first and init with the new bundle"
            ).format(store=store_code, bound=bound_id)
        )
        self.store_code = store_code


class SequenceGap(HeadOfficeError):
    """A batch does not continue the committed journal: `seq` (the entry sent) is not
    `expected_seq`. `code` as InvalidEntry's, for the same metrics and status."""

    code = "sequence_gap"

    def __init__(self, store_code: str, expected_seq: int, got_seq: int) -> None:
        super().__init__(
            _(
                "store {store} sent journal entry {got} but head office needs entry {expected} "
                "next; resend from {expected}"
            ).format(store=store_code, got=got_seq, expected=expected_seq)
        )
        self.store_code = store_code
        self.expected_seq = expected_seq
        self.got_seq = got_seq
        self.seq = got_seq


class NotYetCommitted(HeadOfficeError):
    def __init__(self, store_code: str, committed_seq: int, seq: int) -> None:
        super().__init__(
            _(
                "head office has committed store {store}'s journal only up to entry {last}, "
                "not {seq}; wait for the store to catch up and try again"
            ).format(store=store_code, last=committed_seq, seq=seq)
        )
        self.committed_seq = committed_seq


class StoreNotConnected(HeadOfficeError):
    def __init__(self, store_code: str) -> None:
        super().__init__(
            _(
                "store {store} has no open sync stream to this head-office server; "
                "start its edge agent and try again"
            ).format(store=store_code)
        )


class StoreDidNotAnswer(HeadOfficeError, TimedOut):
    def __init__(self, store_code: str, timeout_ms: int) -> None:
        super().__init__(
            _("store {store} did not report its balances within {timeout_ms} ms").format(
                store=store_code, timeout_ms=timeout_ms
            )
        )


class DatabaseUnavailable(HeadOfficeError, Unavailable):
    def __init__(self, url: str, detail: str) -> None:
        super().__init__(
            _("the head-office database at {url} cannot be reached: {detail}").format(
                url=url, detail=detail
            )
        )
        self.url = url
