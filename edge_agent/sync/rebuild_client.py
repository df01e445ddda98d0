"""Fetching a re-enrolled store's committed journal from head office (StoreSync.Rebuild)."""

from __future__ import annotations

from dataclasses import dataclass

import grpc

from common.bundle import EnrolmentBundle
from common.errors import Refused, Unavailable
from common.ho_address import secure_channel
from common.i18n import _
from common.pb.storeledger.v1 import channels_pb2, ledger_pb2, sync_pb2, sync_pb2_grpc
from common.tls import channel_credentials
from edge_agent.api.messages.channel_orders import sent_order
from edge_agent.api.messages.rebuild import rebuilt_entries
from edge_agent.domain.channel_orders import SentOrder
from edge_agent.services.rebuild import RebuiltEntry

REBUILD_TIMEOUT_S = 300.0


@dataclass(frozen=True)
class HeadOfficeJournal:
    """What head office sends for a rebuilt ledger (StoreSync.Rebuild)."""

    entries: list[RebuiltEntry]
    hashes: list[bytes]
    committed_seq: int  # head office's newest committed entry of the store
    channel_orders: list[SentOrder]  # still to hand over, as the store was sent them


def fetch_journal(
    bundle: EnrolmentBundle, timeout_s: float = REBUILD_TIMEOUT_S
) -> HeadOfficeJournal:
    """The bundle's store's journal as head office committed it, and its open online orders."""
    credentials = channel_credentials(
        bundle.ca_pem.encode(), bundle.cert_pem.encode(), bundle.key_pem.encode()
    )
    entries: list[ledger_pb2.JournalEntry] = []
    hashes: list[bytes] = []
    committed = 0
    orders: list[channels_pb2.ChannelOrder] = []
    with secure_channel(bundle.headoffice_address, credentials) as channel:
        stub = sync_pb2_grpc.StoreSyncStub(channel)
        request = sync_pb2.RebuildRequest(store_code=bundle.store_code)
        try:
            for chunk in stub.Rebuild(request, timeout=timeout_s):
                entries.extend(chunk.entries)
                hashes.extend(chunk.entry_hashes)
                committed = chunk.committed_seq
                orders.extend(chunk.channel_orders)
        except grpc.RpcError as exc:
            code = exc.code()  # type: ignore[attr-defined]
            details = exc.details() or code.name  # type: ignore[attr-defined]
            if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                raise Unavailable(
                    _(
                        "head office at {address} could not be reached to rebuild the ledger "
                        "from its journal ({problem}); nothing was written, try again"
                    ).format(address=bundle.headoffice_address, problem=details)
                ) from None
            raise Refused(
                _("head office refused to rebuild store {store}'s ledger: {problem}").format(
                    store=bundle.store_code, problem=details
                )
            ) from None
    return HeadOfficeJournal(
        rebuilt_entries(entries), hashes, committed, [sent_order(m) for m in orders]
    )
