"""Errors shared by both sides.

StoreLedgerError            every error we raise on purpose; str() is the sentence for a person
├── InvalidInput            a value a person typed or a file held is not acceptable
│   ├── InvalidBarcode      wrong length, non-digits or a wrong check digit
│   └── InvalidQuantity     zero, negative or fractional where whole units are needed
├── ConfigError             a configuration file or environment override is wrong
└── IdentityError           a certificate or bundle does not prove who is calling
"""


class StoreLedgerError(Exception):
    """Base of every deliberate error; the message is a whole sentence."""


class InvalidInput(StoreLedgerError):
    pass


class InvalidBarcode(InvalidInput):
    pass


class InvalidQuantity(InvalidInput):
    pass


class ConfigError(StoreLedgerError):
    pass


class IdentityError(StoreLedgerError):
    pass
