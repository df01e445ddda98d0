"""One function per use case, each inside one ledger transaction."""
