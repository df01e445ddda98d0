"""Head office's journal entries, as sent for a rebuild, into what the ledger keeps."""

from __future__ import annotations

from collections.abc import Sequence

from common.journal_kinds import REASON_NAMES
from common.pb.storeledger.v1 import ledger_pb2
from edge_agent.domain.journal import Movement
from edge_agent.services.rebuild import RebuiltEntry

_REASONS = dict(REASON_NAMES)


def rebuilt_entries(messages: Sequence[ledger_pb2.JournalEntry]) -> list[RebuiltEntry]:
    return [
        RebuiltEntry(
            seq=m.seq,
            occurred_at_ms=m.occurred_at_ms,
            payload=m.SerializeToString(deterministic=True),
            document_type=m.document_type,
            document_id=m.document_id,
            movements=[
                Movement(
                    mv.sku,
                    mv.qty_base,
                    _REASONS[mv.reason],
                    mv.unit_cost_minor if mv.HasField("unit_cost_minor") else None,
                )
                for mv in m.movements
            ],
        )
        for m in messages
    ]
