"""Chain-wide alerts on both databases: a chain with a SKU below zero, a count with too much
variance, a burst of write-offs and a silent store; the evaluation job's per-store counts on
/metrics; hoctl alerts over a real server; refusals with their sentence."""

from __future__ import annotations

import asyncio
import json
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry, generate_latest
from sqlalchemy.engine import Engine

from common.certs import KeyPair
from common.clock import now_ms
from common.errors import ConfigError, InvalidInput
from common.pb.storeledger.v1 import ledger_pb2, sync_pb2_grpc, write_offs_pb2
from headoffice.api.alert_metrics import AlertCountsCollector
from headoffice.api.server import RunningServer, serve_headoffice
from headoffice.cli.hoctl import main as hoctl
from headoffice.config import DEFAULTS
from headoffice.domain import alerts as rules
from headoffice.domain.alerts import AlertPolicy
from headoffice.domain.errors import PermissionRefused, UnknownStore
from headoffice.domain.roles import Staff
from headoffice.services.alerts import alert_counts, evaluate_alerts_job, list_alerts
from headoffice.services.stores import add_store
from headoffice.services.sync import apply_batch
from headoffice.store.unit_of_work import UnitOfWork
from tests.db.test_count_accuracy import at, posted
from tests.db.test_headoffice_cli import ENV, HEADOFFICE, headoffice
from tests.db.test_sync_server import Chain, batch, channel, hello, read, run
from tests.db.test_sync_server import chain as chain  # noqa: F401 - the module fixture
from tests.journal_entries import delivery, sale

pytestmark = pytest.mark.timeout(120)
UoW = Callable[[], UnitOfWork]
ADMIN = Staff("admin", "admin")
POLICY = AlertPolicy()
NOW = 1_700_000_000_000  # in the past: the server's clock (hoctl) is after it
DAY = rules.DAY_MS


def write_off(seq: int, qty: int, when: int) -> ledger_pb2.JournalEntry:
    """A store's own small write-off of COLA (below the approval threshold: done at once)."""
    return ledger_pb2.JournalEntry(
        seq=seq,
        occurred_at_ms=when,
        actor="mia",
        document_type="write_off",
        document_id=f"wo-{seq}",
        movements=[
            ledger_pb2.Movement(
                sku="COLA", qty_base=-qty, reason=ledger_pb2.MOVEMENT_REASON_WRITE_OFF
            )
        ],
        write_off=write_offs_pb2.WriteOff(
            write_off_id=f"wo-{seq}",
            reason="damaged",
            lines=[write_offs_pb2.WriteOffLine(sku="COLA", qty_base=qty, unit_cost_minor=200)],
            value_minor=qty * 200,
            origin="store",
        ),
    )


@pytest.fixture
def troubled(uow: UoW, store: str, ca: KeyPair) -> UoW:
    """S001: TEA sold below zero, a fresh count with every SKU outside tolerance (and an old
    one), write-offs of 12,000 in the last week against 2,000 over the 8 weeks before; S002:
    silent for two hours. The write-offs are valued at the average cost head office keeps."""
    add_store(uow(), ca, "S002", "Riverside", "127.0.0.1:1", now_ms=1_000)
    entries = [delivery(1, [("COLA", 200, 200), ("SKU1", 50, 100)])]
    entries.append(at(sale(2, "TEA", 3), NOW - 3_600_000))
    entries.append(write_off(3, 10, NOW - 30 * DAY))  # baseline: 2,000
    entries.append(write_off(4, 60, NOW - DAY))  # recent: 12,000
    entries += posted(5, "cs-old", [("SKU1", 50, 40, 100)], NOW - 10 * DAY)
    entries += posted(9, "cs-new", [("SKU1", 40, 30, 100)], NOW - 2 * DAY)
    apply_batch(uow(), "S001", entries, now_ms=NOW - 60_000)
    with uow() as u:
        u.stores.update_sync("S001", last_contact_ms=NOW - 1_000)
        u.stores.update_sync("S002", last_contact_ms=NOW - 2 * 3_600_000)
        u.commit()
    return uow


def keys(found: list[rules.Alert]) -> list[tuple[str, str, str, str, int, int, int, int]]:
    return [
        (a.kind, a.store_code, a.sku, a.session_id, a.qty_base, a.value_minor, a.normal_minor,
         a.outside_bp)
        for a in found
    ]  # fmt: skip


EXPECTED = [
    (rules.STORE_SILENT, "S002", "", "", 0, 0, 0, 0),
    (rules.NEGATIVE_STOCK, "S001", "TEA", "", -3, 0, 0, 0),
    (rules.STOCKTAKE_VARIANCE, "S001", "", "cs-new", 0, -1_000, 0, 10_000),
    # 2,000 over 56 days is 250 for 7; 12,000 is above twice that and above the 10,000 floor
    (rules.WRITE_OFFS_ABOVE_NORMAL, "S001", "", "", 0, 12_000, 250, 0),
]


def test_every_kind_is_found_with_what_it_is_about(troubled: UoW) -> None:
    found = list_alerts(troubled(), ADMIN, POLICY, NOW)
    assert keys(found) == EXPECTED
    assert [a.severity for a in found] == ["critical", "warning", "warning", "warning"]
    # Looser thresholds: the variance and the write-offs no longer alert.
    lenient = AlertPolicy(
        variance_outside_bp=10_000, variance_loss_minor=1_000, write_off_factor_pct=5_000
    )
    assert [a.kind for a in list_alerts(troubled(), ADMIN, lenient, NOW)] == [
        rules.STORE_SILENT, rules.NEGATIVE_STOCK,
    ]  # fmt: skip
    # One store, one kind; a store manager sees their own stores only.
    assert keys(list_alerts(troubled(), ADMIN, POLICY, NOW, "S001", rules.NEGATIVE_STOCK)) == [
        EXPECTED[1]
    ]
    manager = Staff("sam", "store_manager", frozenset({"S002"}))
    assert keys(list_alerts(troubled(), manager, POLICY, NOW)) == [EXPECTED[0]]


def test_bad_input_is_refused_with_a_sentence(troubled: UoW) -> None:
    with pytest.raises(UnknownStore, match="store S404 is not enrolled at head office"):
        list_alerts(troubled(), ADMIN, POLICY, NOW, "S404")
    with pytest.raises(InvalidInput, match="alert kind 'low' is not one of negative_stock, "):
        list_alerts(troubled(), ADMIN, POLICY, NOW, "", "low")
    manager = Staff("sam", "store_manager", frozenset({"S002"}))
    with pytest.raises(PermissionRefused, match="manages store\\(s\\) S002, not S001"):
        list_alerts(troubled(), manager, POLICY, NOW, "S001")


def metric_lines(uow: UoW) -> list[str]:
    registry = CollectorRegistry()
    registry.register(AlertCountsCollector(lambda: alert_counts(uow())))
    return [
        line
        for line in generate_latest(registry).decode().splitlines()
        if line.startswith("storeledger_alerts_")
    ]


def test_the_job_leaves_per_store_counts_for_metrics(troubled: UoW) -> None:
    # Before any evaluation: no series, no evaluation time.
    assert metric_lines(troubled) == []
    done = evaluate_alerts_job(troubled, POLICY, NOW)
    assert (done.stores, done.alerts) == (2, 4)
    assert done.by_kind[rules.NEGATIVE_STOCK] == 1
    lines = metric_lines(troubled)
    for kind, n in [
        (rules.NEGATIVE_STOCK, 1), (rules.STOCKTAKE_VARIANCE, 1),
        (rules.WRITE_OFFS_ABOVE_NORMAL, 1), (rules.SYNC_LAGGING, 0), (rules.STORE_SILENT, 0),
    ]:  # fmt: skip
        assert f'storeledger_alerts_active{{kind="{kind}",store="S001"}} {n}.0' in lines
    assert f'storeledger_alerts_active{{kind="{rules.STORE_SILENT}",store="S002"}} 1.0' in lines
    assert len([x for x in lines if x.startswith("storeledger_alerts_active{")]) == 10
    assert "storeledger_alerts_evaluated_timestamp_seconds 1.7e+09" in lines
    # TEA arrives: the next evaluation puts S001's negative stock back to 0 (the series stays).
    apply_batch(troubled(), "S001", [delivery(13, [("TEA", 10, 50)])], now_ms=NOW)
    evaluate_alerts_job(troubled, POLICY, NOW + 60_000)
    lines = metric_lines(troubled)
    assert f'storeledger_alerts_active{{kind="{rules.NEGATIVE_STOCK}",store="S001"}} 0.0' in lines
    assert "storeledger_alerts_evaluated_timestamp_seconds 1.70000006e+09" in lines


def _data_dir(tmp_path: Path, chain: Chain) -> Path:  # noqa: F811
    tls = tmp_path / "ho" / "tls"
    tls.mkdir(parents=True)
    (tls / "ca.pem").write_bytes(chain.tls.ca.cert_pem)
    (tls / "admin.pem").write_bytes(chain.staff.cert_pem)
    (tls / "admin.key").write_bytes(chain.staff.key_pem)
    return tmp_path / "ho"


def test_hoctl_alerts_over_a_real_server(
    engine: Engine,
    troubled: UoW,
    chain: Chain,  # noqa: F811
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = _data_dir(tmp_path, chain)
    with troubled() as u:  # both stores spoke just now
        for code in ("S001", "S002"):
            u.stores.update_sync(code, last_contact_ms=now_ms())
        u.commit()

    registry = CollectorRegistry()

    async def main() -> None:
        async with serve_headoffice(
            engine, chain.tls, "127.0.0.1:0", metrics_registry=registry, grace_s=0.5
        ) as running:
            # The server's /metrics registry reads what the evaluation job left.
            await asyncio.to_thread(evaluate_alerts_job, troubled, POLICY, now_ms())
            scraped = generate_latest(registry).decode()
            assert 'storeledger_alerts_active{kind="negative_stock",store="S001"} 1.0' in scraped
            base = ["--data-dir", str(data), "--address", running.address, "alerts"]
            done = await asyncio.to_thread(hoctl, [*base, "--store", "S001", "--format", "json"])
            assert done == 0
            rows = json.loads(capsys.readouterr().out)
            # The server evaluates at its own clock: the sessions and write-offs are years away.
            assert [(r["kind"], r["store"], r["sku"], r["qty_base"]) for r in rows] == [
                (rules.NEGATIVE_STOCK, "S001", "TEA", -3),
            ]
            assert rows[0]["severity"] == "warning" and rows[0]["currency"] == "CNY"
            assert rows[0]["message"] == "TEA is below zero in store S001: -3"
            refused = await asyncio.to_thread(hoctl, [*base, "--store", "S404"])
            assert refused != 0
            assert capsys.readouterr().err.strip() == (
                "hoctl alerts: store S404 is not enrolled at head office"
            )
            kind = await asyncio.to_thread(hoctl, [*base, "--kind", "low"])
            assert kind != 0
            assert "alert kind 'low' is not one of negative_stock" in capsys.readouterr().err

    asyncio.run(main())


def test_sales_applied_counts_new_sales_only(engine: Engine, chain: Chain) -> None:  # noqa: F811
    """storeledger_sales_applied_total{store}: a batch's sales once, not its deliveries, not a
    duplicate resent after the acknowledgement (a real server and store stream)."""
    registry = CollectorRegistry()

    def sales() -> list[str]:
        return [
            line
            for line in generate_latest(registry).decode().splitlines()
            if line.startswith('storeledger_sales_applied_total{store="S001"}')
        ]

    async def scenario(running: RunningServer) -> None:
        entries = [delivery(1, [("COLA", 10, 200)]), sale(2, "COLA", 1), sale(3, "COLA", 2)]
        async with channel(chain, running.port, chain.stores["S001"]) as ch:
            call = sync_pb2_grpc.StoreSyncStub(ch).Upstream()
            await call.write(hello("S001", newest=4))
            await read(call)
            await call.write(batch(1, *entries))
            assert (await read(call)).ack.applied == 3
            # Resent with one new sale: the two already committed are duplicates.
            await call.write(batch(2, *entries[1:], sale(4, "COLA", 1)))
            reply = await read(call)
            assert (reply.ack.applied, reply.ack.duplicates) == (1, 2)
            await call.done_writing()
        assert sales() == ['storeledger_sales_applied_total{store="S001"} 3.0']

    run(engine, chain, scenario, registry)


def test_thresholds_out_of_range_stop_the_start(engine: Engine, chain: Chain) -> None:  # noqa: F811
    config = {**DEFAULTS, "alerts": {**DEFAULTS["alerts"], "write_off_factor_pct": 50}}

    async def main() -> None:
        async with serve_headoffice(engine, chain.tls, "127.0.0.1:0", config=config):
            raise AssertionError("head office started with write_off_factor_pct = 50")

    with pytest.raises(
        ConfigError, match="^alerts.write_off_factor_pct must be a whole number from 101 to 10000"
    ):
        asyncio.run(main())


def test_headoffice_serve_refuses_a_threshold_out_of_range_with_a_sentence(
    db_url: str, tmp_path: Path
) -> None:
    """The real command: one line on stderr naming the setting and its range, no traceback,
    nothing served."""
    data = tmp_path / "ho"
    assert headoffice("init", "--data-dir", str(data), "--db", db_url).returncode == 0
    config = data / "headoffice.toml"
    written = config.read_text()  # init writes every section with its defaults
    assert "silent_s = 600" in written
    config.write_text(written.replace("silent_s = 600", "silent_s = 5"))
    done = subprocess.run(
        [*HEADOFFICE, "serve", "--data-dir", str(data), "--listen", "127.0.0.1:0",
         "--metrics-listen", "127.0.0.1:0"],
        capture_output=True, text=True, env=ENV, timeout=60,
    )  # fmt: skip
    assert done.returncode != 0
    assert "alerts.silent_s must be a whole number from 60 to 2592000, got 5" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (data / "run" / "serve.json").exists()
