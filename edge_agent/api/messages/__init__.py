"""Protobuf <-> domain for the agent's gRPC services and the downstream feed.

Servicers unpack a request with these, call one service, and pack its domain
result with these. Ledger documents (sales, returns, deliveries, shift events,
reports, transfer orders ...) travel in the same messages the journal stores,
so their translation is the journal's own (edge_agent.store.journal_codec),
reused here: each document has one translation.

    catalogue      products and catalogue changes
    till           selling, returns, printing, stock and status (the Till service)
    shifts         shifts, closes, X and Z reports
    purchasing     expected orders, receiving against one, supplier returns
    transfers      store transfers and head office's orders
    write_offs     the store's write-offs and head office's decisions
"""
