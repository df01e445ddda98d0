"""Errors shared by both sides, and the categories every error of ours falls into.

Each category decides the gRPC status code a caller sees (common.rpc.status holds
the one table); each side's own errors subclass one of them.

StoreLedgerError            every error we raise on purpose; str() is the sentence for a person
├── InvalidInput            a value a person typed, a file or a store sent is not acceptable
│   ├── InvalidBarcode      wrong length, non-digits or a wrong check digit
│   └── InvalidQuantity     zero, negative or fractional where whole units are needed
├── NotFound                the thing asked for does not exist (a SKU, a store, a sale)
├── AlreadyExists           the thing to be created exists already
├── Unauthenticated         nobody is signed in (at a till) to do this
├── PermissionDenied        the caller may not do this
│   └── IdentityError       a certificate or bundle does not prove who is calling
├── Unavailable             a database, a device or a peer cannot be reached now; retry later
├── Exhausted               a resource is used up (a full disk): nothing was done; retry once freed
├── TimedOut                a peer did not answer in time
└── (any other)             the state refuses the request (a closed order, no open shift):
    ├── Refused             named base for such refusals
    └── ConfigError         a configuration file or environment override is wrong

An exception that is not a StoreLedgerError is a bug: the caller gets INTERNAL with a
request id that appears, with the traceback, in the server's log (common.rpc.interceptors).
"""


class StoreLedgerError(Exception):
    """Base of every deliberate error; the message is a whole sentence."""


class InvalidInput(StoreLedgerError):
    pass


class InvalidBarcode(InvalidInput):
    pass


class InvalidQuantity(InvalidInput):
    pass


class NotFound(StoreLedgerError):
    pass


class AlreadyExists(StoreLedgerError):
    pass


class Unauthenticated(StoreLedgerError):
    pass


class PermissionDenied(StoreLedgerError):
    pass


class IdentityError(PermissionDenied):
    pass


class Unavailable(StoreLedgerError):
    pass


class Exhausted(StoreLedgerError):
    """A resource the request needs is used up (RESOURCE_EXHAUSTED): the disk is full, so
    nothing of the request was kept; the same request succeeds once space is freed."""


class TimedOut(StoreLedgerError):
    pass


class Refused(StoreLedgerError):
    """The current state refuses the request (FAILED_PRECONDITION)."""


class ConfigError(Refused):
    pass
