"""The voucher screen (F12, v) against a real agent whose head office is a fake VoucherTill
over mTLS: the cashier scans a code and sees the deal, its uses left and what a use takes;
types 2 and the uses are redeemed (the slip shows the code masked, the stock moved); a
code head office refuses is its sentence with nothing written."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from textual.widgets import Input, Label, Static

from common.certs import ROLE_SERVER, ROLE_STORE, create_ca, issue_certificate
from tests.edge.conftest import Pki, make_bundle
from tests.edge.fake_voucher_till import USED, WASH, FakeVoucherTill, voucher_head_office
from tests.tui.agent import Agent, load_catalogue, serve, stop_agent
from tests.tui.conftest import till_app, until
from tests.tui.pilot import log_in, type_text
from tools.till_rig import CASHIER_PIN, REPO, TILL_STAFF, add_staff

SIZE = (120, 40)


@pytest.fixture(scope="module")
def online(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Agent, FakeVoucherTill]]:
    ca = create_ca("Voucher chain")
    pki = Pki(
        ca,
        issue_certificate(
            ca, "storeledger-headoffice", ROLE_SERVER, hosts=["storeledger-headoffice", "127.0.0.1"]
        ),
        issue_certificate(ca, "S001", ROLE_STORE),
    )
    tmp = tmp_path_factory.mktemp("voucher-till")
    with voucher_head_office(pki) as (fake, _client, address):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        env.pop("STORELEDGER_EDGE_DATA_DIR", None)
        data, bundle = tmp / "E", tmp / "bundle.json"
        bundle.write_bytes(make_bundle(pki, address).to_bytes())
        subprocess.run(
            [sys.executable, "-m", "edge_agent.cli.agent", "init", "--data-dir", str(data),
             "--bundle", str(bundle)],
            capture_output=True, text=True, env=env, timeout=60, check=True,
        )  # fmt: skip
        load_catalogue(data / "ledger.db")
        for code, role in TILL_STAFF:
            add_staff(data / "ledger.db", code, role, CASHIER_PIN)
        env["STORELEDGER_EDGE_DATA_DIR"] = str(data)
        agent = serve(Agent(data, env, None))
        try:
            yield agent, fake
        finally:
            stop_agent(agent)


def said(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#voucher-message", Label).content)


def shown(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#voucher-info", Static).content)


async def enter(pilot, app, selector: str, value: str) -> None:  # type: ignore[no-untyped-def]
    field = app.screen.query_one(selector, Input)
    await until(pilot, lambda: not field.disabled, f"{selector} enabled")
    field.focus()
    field.value = ""
    await type_text(pilot, value)
    await pilot.press("enter")


def test_scan_and_redeem_a_voucher_on_the_voucher_screen(
    online: tuple[Agent, FakeVoucherTill],
) -> None:
    agent, fake = online

    async def scenario() -> None:
        app = till_app(agent, "T1")
        async with app.run_test(size=SIZE) as pilot:
            await log_in(pilot, app, "100")
            before = await app.client.status()
            await pilot.press("f12", "v")
            await until(pilot, lambda: app.screen.query("#voucher-code"), "the voucher screen")

            await enter(pilot, app, "#voucher-code", USED)
            await until(pilot, lambda: "already used" in said(app), "head office's refusal", 20)
            assert (await app.client.status()).newest_seq == before.newest_seq

            await enter(pilot, app, "#voucher-code", WASH)
            await until(pilot, lambda: "3 uses left" in said(app), "the voucher", 20)
            info = shown(app)
            assert "洗车套餐 Car wash" in info and "MT******78" in info and WASH not in info
            assert "Cola 330ml" in info  # what one use takes, by name

            await enter(pilot, app, "#voucher-count", "2")
            await until(
                pilot, lambda: "redeemed as" in said(app) or "uses" not in said(app), "redeem", 20
            )
            assert "redeemed as VR000001" in said(app), said(app)
            slip = shown(app)
            assert "MT******78" in slip and WASH not in slip and "Voucher redeemed" in slip
            after = await app.client.status()
            assert after.newest_seq == before.newest_seq + 1
            assert fake.codes[WASH].uses_left == 1
            await pilot.press("escape")

    asyncio.run(scenario())
