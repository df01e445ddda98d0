"""The journal's wire format: domain documents to protobuf and back.

The journal keeps each entry as the protobuf bytes head office receives
(ledger_pb2.JournalEntry), so this is where a domain document (a RecordedSale,
a SupplierDelivery, a ShiftEvent ...) becomes its entry body, and where a
stored entry is read back. The api layer's replies carry the same ledger
messages and use the same functions, so each document has one translation.

    sales      sales, returns, tenders, cart voids
    till       shift events, till reports, approvals, no-sales
    stock      deliveries, supplier returns, transfers, write-offs
    counts     stocktake: count session events, count lines, postings
    entries    the body table (document type -> body field) and whole entries
"""
