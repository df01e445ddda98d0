"""Where a transfer stands, in one set of names for head office and the stores.

A transfer is `open` when head office creates it, `shipped` when the sending
store's shipment is applied, then `received` (the receiving store booked what
was shipped) or `discrepancy` (it did not). A manager resolves a discrepancy as
a transit loss (`resolved` at once) or a correction (`correcting` until the
sender's correction entry arrives, then `resolved`). Only an `open` transfer
can be `cancelled`. Head office decides the state and sends it down
(TransferOrder.state); a store shows what it did before head office has seen
it (edge_agent.domain.transfers.local_state). The strings are stored in both
databases and sent on the wire: they never change.
"""

from __future__ import annotations

OPEN = "open"
CANCELLED = "cancelled"
SHIPPED = "shipped"
RECEIVED = "received"
DISCREPANCY = "discrepancy"
CORRECTING = "correcting"
RESOLVED = "resolved"
STATES = (OPEN, CANCELLED, SHIPPED, RECEIVED, DISCREPANCY, CORRECTING, RESOLVED)
# While in these states shipped goods have not all been booked in anywhere.
IN_TRANSIT_STATES = (SHIPPED, DISCREPANCY, CORRECTING)
# Before these the receiving store has booked nothing in, so no line has a difference yet.
NOT_RECEIVED_STATES = (OPEN, CANCELLED, SHIPPED)

# How a discrepancy is resolved (TransferOrder.resolution).
TRANSIT_LOSS = "transit_loss"
CORRECTION = "correction"
RESOLUTIONS = (TRANSIT_LOSS, CORRECTION)

# What a TransferShipment journal body books (TransferShipment.kind): the sender's
# shipment, or the correction head office asked for after a discrepancy.
SHIPMENT = "shipment"
SHIPMENT_KINDS = (SHIPMENT, CORRECTION)
