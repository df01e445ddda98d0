"""Channel orders through real processes (issue 16, item 2 and its tests), on both databases.

- 50 concurrent orders from two channels, each over its own mTLS connection with the
  channel's certificate from `hoctl channel add`, race for the last 3 units of S001:
  exactly 3 are reserved, no state is below zero, the 47 losers are refused with
  FAILED_PRECONDITION and a sentence naming the SKU, asked and promisable.
- the same race with two tills of S001 (T1, T2) each selling one of the 3 units over the
  agent's till socket, released together with the 50 orders. A till never refuses a sale
  and head office judges available-to-promise from the sales that have reached it, so which
  side is first varies: what "exactly 3 units leave" means here is that the units leaving
  (the 2 till sales head office applied plus the units reservations hold) exceed the 3 on
  hand only by the shortfall of a flagged conflict (`hoctl channel conflicts`: reservations
  promised before the sales arrived), never by a state below zero; every order beyond what
  was available when it came is refused with the sentence; resolving the conflicts as
  proposed (cancelling the newest orders) leaves exactly 3 units out and available 0;
  `hoctl verify` matches.
- head office SIGKILLed after a Reserve committed and before its reply reached the channel
  (a relay holds the server's bytes back): after the restart the retry with the same key
  finds that one reservation (replayed), GetReservation finds it by the key, and reserved
  counts it once.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from pathlib import Path

import grpc
import pytest
import sqlalchemy as sa

from common.bundle import ChannelIdentity, EnrolmentBundle
from common.pb.storeledger.v1 import channels_pb2, channels_pb2_grpc, till_pb2
from common.tls import channel_credentials, channel_options
from scripts.chain import BIN, HeadOffice, run, wait_caught_up, wait_for
from tests.chain_fixtures import start_chain, till_stub

pytestmark = pytest.mark.timeout(300)
SKU = "SKU0000"


def _stub(
    ho: HeadOffice, bundle: Path, address: str = ""
) -> tuple[grpc.Channel, channels_pb2_grpc.ChannelOrdersStub]:
    identity = ChannelIdentity.from_bytes(bundle.read_bytes())
    creds = channel_credentials(
        identity.ca_pem.encode(), identity.cert_pem.encode(), identity.key_pem.encode()
    )
    channel = grpc.secure_channel(address or ho.grpc_address, creds, options=channel_options())
    return channel, channels_pb2_grpc.ChannelOrdersStub(channel)


def _add_channel(ho: HeadOffice, code: str, kind: str, out: Path) -> Path:
    bundle = out / f"{code}.channel"
    ho.hoctl("channel", "add", code, "--name", code.title(), "--kind", kind, "--store", "S001",
             "--out", str(bundle))  # fmt: skip
    return bundle


def _states(ho: HeadOffice) -> dict[str, int]:
    rows = ho.hoctl_json("stock", "--states", "--store", "S001", "--sku", SKU, "--channel", "*")
    assert len(rows) == 1
    return rows[0]


def test_fifty_orders_race_for_the_last_three_units(tmp_path: Path, ho_db: str | None) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    try:
        s1.pos("receive", "--supplier-ref", "DN-1", f"{SKU}=3@100")
        wait_caught_up(ho, [s1])
        bundles = [_add_channel(ho, "mall", "mall", tmp_path),
                   _add_channel(ho, "meituan", "delivery", tmp_path)]  # fmt: skip
        stubs = [_stub(ho, b) for b in bundles]
        start = threading.Barrier(50)
        won: list[str] = []
        refused: list[tuple[grpc.StatusCode, str]] = []
        lock = threading.Lock()

        def order(n: int) -> None:
            _channel, stub = stubs[n % 2]
            request = channels_pb2.ReserveRequest(
                store_code="S001", idempotency_key=f"order-{n}",
                lines=[channels_pb2.ReservationLine(sku=SKU, qty_base=1)],
            )  # fmt: skip
            start.wait()
            try:
                reply = stub.Reserve(request, timeout=60)
                with lock:
                    won.append(reply.reservation_id)
            except grpc.RpcError as exc:
                with lock:
                    refused.append((exc.code(), exc.details()))

        threads = [threading.Thread(target=order, args=(n,)) for n in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for open_channel, _unused in stubs:
            open_channel.close()
        assert len(won) == 3 and len(set(won)) == 3
        assert len(refused) == 47
        assert {code for code, _text in refused} == {grpc.StatusCode.FAILED_PRECONDITION}
        assert all(f"{SKU}: asked 1, promisable 0" in text for _code, text in refused)
        states = _states(ho)
        assert (states["on_hand_qty_base"], states["available_qty_base"],
                states["reserved_qty_base"]) == (3, 0, 3)  # fmt: skip
        assert min(v for k, v in states.items() if k.endswith("qty_base")) >= 0
        assert {c["channel"] for c in states["channels"]} == {"mall", "meituan"}
        assert all(c["promisable_qty_base"] == 0 for c in states["channels"])
        listed = ho.hoctl_json("channel", "reservations", "--store", "S001")
        assert sorted(r["reservation_id"] for r in listed) == sorted(won)

        # The channel's own client: chanctl with the credential file, a refusal said.
        chanctl = [str(BIN / "python"), "-m", "headoffice.cli.chanctl", "--bundle",
                   str(bundles[0])]  # fmt: skip
        late = run([*chanctl, "reserve", "--store", "S001", "--line", f"{SKU}:1", "--key",
                    "late"], env=ho.env, check=False)  # fmt: skip
        assert late.returncode != 0 and f"{SKU}: asked 1, promisable 0" in late.stderr
        other = run([*chanctl, "reserve", "--store", "S002", "--line", f"{SKU}:1", "--key",
                     "other"], env=ho.env, check=False)  # fmt: skip
        assert other.returncode != 0 and "may not act for store S002" in other.stderr
        # A store's certificate is no channel's: refused before anything is read.
        store = EnrolmentBundle.from_bytes((tmp_path / "S001.bundle").read_bytes())
        creds = channel_credentials(
            store.ca_pem.encode(), store.cert_pem.encode(), store.key_pem.encode()
        )
        as_store = grpc.secure_channel(ho.grpc_address, creds, options=channel_options())
        with as_store, pytest.raises(grpc.RpcError) as refused_store:
            channels_pb2_grpc.ChannelOrdersStub(as_store).Reserve(
                _request("from-a-store"), timeout=30
            )
        assert refused_store.value.code() == grpc.StatusCode.PERMISSION_DENIED
        assert "need a channel's certificate" in (refused_store.value.details() or "")
    finally:
        chain.stop()


def _stock_state_rows(db: sa.Engine) -> list[dict[str, int]]:
    with db.connect() as conn:
        rows = conn.execute(
            sa.text(
                "SELECT reserved_base, committed_base, damaged_base, safety_base FROM stock_states"
            )
        ).mappings()
        return [dict(row) for row in rows]


def test_fifty_orders_and_two_tills_race_for_the_last_three_units(
    tmp_path: Path, ho_db: str | None
) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    product = chain.products[0]
    assert product["sku"] == SKU
    db = sa.create_engine(ho_db or f"sqlite:///{tmp_path / 'ho' / 'headoffice.db'}")
    try:
        s1.pos("receive", "--supplier-ref", "DN-1", f"{SKU}=3@100")
        s1.sign_in(code="tina", till="T2")  # T1 has the chain's demo manager already
        wait_caught_up(ho, [s1])
        bundles = [_add_channel(ho, "mall", "mall", tmp_path),
                   _add_channel(ho, "meituan", "delivery", tmp_path)]  # fmt: skip
        stubs = [_stub(ho, b) for b in bundles]
        tills = [till_stub(s1) for _till in ("T1", "T2")]
        start = threading.Barrier(52)
        won: list[str] = []
        refused: list[tuple[grpc.StatusCode, str]] = []
        sold: list[int] = []  # the tills' journal entries
        failed: list[str] = []
        lock = threading.Lock()

        def order(n: int) -> None:
            _channel, stub = stubs[n % 2]
            request = _request(f"order-{n}")
            start.wait()
            try:
                reply = stub.Reserve(request, timeout=60)
                with lock:
                    won.append(reply.reservation_id)
            except grpc.RpcError as exc:
                with lock:
                    refused.append((exc.code(), exc.details()))

        def sell(n: int) -> None:
            till_id = ("T1", "T2")[n]
            request = till_pb2.SellRequest(
                till_id=till_id, idempotency_key=f"till-{till_id}",
                items=[till_pb2.SellItem(code=product["barcodes"], qty_base=1)],
                tenders=[till_pb2.TenderRequest(method="cash",
                                                amount_minor=int(product["price_minor"]))],
            )  # fmt: skip
            start.wait()
            try:
                reply = tills[n][1].Sell(request, timeout=60)
                with lock:
                    sold.append(reply.seq)
            except grpc.RpcError as exc:
                with lock:
                    failed.append(f"{till_id}: {exc.code().name}: {exc.details()}")

        threads = [threading.Thread(target=order, args=(n,)) for n in range(50)]
        threads += [threading.Thread(target=sell, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for open_channel, _unused in [*stubs, *tills]:
            open_channel.close()

        # The tills never refuse; head office refuses what it cannot promise, with the sentence.
        assert failed == [] and len(sold) == 2
        assert 1 <= len(won) <= 3 and len(set(won)) == len(won)
        assert len(refused) == 50 - len(won)
        assert {code for code, _text in refused} <= {grpc.StatusCode.FAILED_PRECONDITION}
        assert all(f"{SKU}: asked 1, promisable 0" in text for _code, text in refused)

        # Both sales reach head office: the units leaving exceed the 3 on hand only by the
        # shortfall of a flagged conflict (orders promised before the sales arrived).
        wait_caught_up(ho, [s1])
        states = _states(ho)
        assert (states["on_hand_qty_base"], states["reserved_qty_base"]) == (1, len(won))
        flagged = ho.hoctl_json("channel", "conflicts", "--store", "S001")
        short = sum(c["short_qty_base"] for c in flagged if c["sku"] == SKU)
        assert len(sold) + len(won) == 3 + short
        assert states["available_qty_base"] == -short  # below zero only as the conflict says
        assert [c["proposal"] for c in flagged] == (["cancel"] if short else [])
        rows = _stock_state_rows(db)
        assert rows and all(v >= 0 for row in rows for v in row.values())
        verify = ho.hoctl("verify", "--store", "S001", check=False)
        assert verify.returncode == 0 and "matches" in verify.stdout, verify.stdout

        # Resolved as proposed (one order at a time, newest first): exactly 3 units leave.
        for _attempt in range(short):
            [open_one] = ho.hoctl_json("channel", "conflicts", "--store", "S001")
            ho.hoctl("channel", "resolve", open_one["conflict_id"], "--cancel", "--reason",
                     "sold at the till before the order reached head office")  # fmt: skip
        assert ho.hoctl_json("channel", "conflicts", "--store", "S001") == []
        states = _states(ho)
        assert (states["on_hand_qty_base"], states["reserved_qty_base"],
                states["available_qty_base"]) == (1, 1, 0)  # fmt: skip
        assert len(sold) + states["reserved_qty_base"] == 3
        assert all(v >= 0 for row in _stock_state_rows(db) for v in row.values())
    finally:
        db.dispose()
        chain.stop()


def _request(key: str) -> channels_pb2.ReserveRequest:
    return channels_pb2.ReserveRequest(
        store_code="S001", idempotency_key=key,
        lines=[channels_pb2.ReservationLine(sku=SKU, qty_base=1)],
    )  # fmt: skip


class HoldingProxy:
    """A TCP relay between a client and head office that can stop passing the server's
    bytes on (`hold`): the call reaches head office, its reply never reaches the client."""

    def __init__(self, upstream: str) -> None:
        host, port = upstream.rsplit(":", 1)
        self._upstream = (host, int(port))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        self.hold = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _addr = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self._upstream)
            except OSError:  # head office is down (killed by the test): refuse this client
                client.close()
                continue
            threading.Thread(target=self._pump, args=(client, server, None), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, self.hold),
                             daemon=True).start()  # fmt: skip

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket, hold: threading.Event | None) -> None:
        try:
            while data := src.recv(65536):
                if hold is None or not hold.is_set():
                    dst.sendall(data)
        except OSError:
            pass
        finally:
            # shutdown, not only close: the other pump is blocked reading `dst`, and a close
            # alone would wait for that read, so the peer would never see the end
            with contextlib.suppress(OSError):
                dst.shutdown(socket.SHUT_RDWR)
            dst.close()

    def close(self) -> None:
        self._listener.close()


def _reservations_with_key(db: sa.Engine, key: str) -> int:
    with db.connect() as conn:
        return int(
            conn.execute(
                sa.text("SELECT count(*) FROM channel_reservations WHERE idempotency_key = :k"),
                {"k": key},
            ).scalar_one()
        )


def test_a_kill_between_reserve_and_reply_leaves_one_reservation_found_by_its_key(
    tmp_path: Path, ho_db: str | None
) -> None:
    chain = start_chain(tmp_path, ho_db, ["S001"], products=4)
    ho, s1 = chain.headoffice, chain.edges["S001"]
    db = sa.create_engine(ho_db or f"sqlite:///{tmp_path / 'ho' / 'headoffice.db'}")
    proxy = HoldingProxy(ho.grpc_address)
    try:
        s1.pos("receive", "--supplier-ref", "DN-1", f"{SKU}=10@100")
        wait_caught_up(ho, [s1])
        bundle = _add_channel(ho, "mall", "mall", tmp_path)
        channel, stub = _stub(ho, bundle, proxy.address)
        ready = stub.AvailableToPromise(
            channels_pb2.AvailabilityRequest(store_code="S001", skus=[SKU]), timeout=30
        )
        assert ready.skus[0].promisable_qty_base == 10
        proxy.hold.set()  # from here head office's replies go nowhere
        call = stub.Reserve.future(_request("order-1"), timeout=60)
        wait_for("the reservation committed", lambda: _reservations_with_key(db, "order-1"), 30)
        ho.kill()  # SIGKILL after the commit, before the reply reached the channel
        with pytest.raises(grpc.RpcError):
            call.result()
        channel.close()

        ho.start()
        channel, stub = _stub(ho, bundle)
        try:
            again = stub.Reserve(_request("order-1"), timeout=30)
            found = stub.GetReservation(
                channels_pb2.ReservationRequest(idempotency_key="order-1"), timeout=30
            )
        finally:
            channel.close()
        assert again.replayed and again.state == "held"
        assert found.reservation_id == again.reservation_id
        assert _reservations_with_key(db, "order-1") == 1
        listed = ho.hoctl_json("channel", "reservations", "--store", "S001")
        assert [r["reservation_id"] for r in listed] == [again.reservation_id]
        states = _states(ho)
        assert (states["reserved_qty_base"], states["available_qty_base"]) == (1, 9)
    finally:
        proxy.close()
        db.dispose()
        chain.stop()
