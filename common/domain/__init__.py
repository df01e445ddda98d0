"""The rules both sides share: money, units, barcodes, the balance checksum, write-off
rules, transfer states and the pricing engine (pricing, cash_rounding, product, labels).
Pure functions and values: no I/O, no grpc, no SQL."""
