"""The voucher simulator's flows and faults over its HTTP API (a server in a thread)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from voucher_sim.codes import luhn_digit, new_code, well_formed
from voucher_sim.server import running


def call(url: str, path: str, body: dict | None = None, timeout: float = 5) -> tuple[int, dict]:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def sim():
    with running() as (server, url):
        yield server, url


def load(url: str, platform: str = "meituan", uses: int = 2, **extra) -> str:
    _s, got = call(url, "/admin/vouchers", {
        "platform": platform, "vouchers": [{"product_id": "P1", "title": "Wash", "uses": uses,
                                            "price_minor": 3900, **extra}]})  # fmt: skip
    return got["data"]["vouchers"][0]["code"]


def test_codes_carry_a_check_digit_that_catches_a_typo():
    code = new_code(12)
    assert well_formed(code, 12)
    typo = code[:3] + str((int(code[3]) + 1) % 10) + code[4:]
    assert not well_formed(typo, 12)
    assert luhn_digit("7992739871") == "3"


def test_prepare_verify_replay_cancel_and_the_days_list(sim):
    _server, url = sim
    code = load(url)
    status, got = call(url, "/meituan/prepare", {"code": code})
    assert status == 200 and got["data"]["uses_left"] == 2
    assert got["data"]["cancel_window_ms"] == 3_600_000
    status, first = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "r1"})
    assert status == 200 and not first["replayed"]
    status, again = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "r1"})
    assert again["replayed"] and again["data"]["verify_id"] == first["data"]["verify_id"]
    assert call(url, f"/admin/state?platform=meituan&code={code}")[1]["data"]["merchant_uses"] == 1
    status, other = call(url, "/meituan/verify", {"code": code, "count": 2, "request_id": "r1"})
    assert status == 409 and other["error"]["code"] == "REQUEST_MISMATCH"
    vid = first["data"]["verify_id"]
    status, _c = call(url, "/meituan/cancel", {"verify_id": vid, "request_id": "c1"})
    assert status == 200
    import datetime as dt

    day = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    _s, listed = call(url, f"/meituan/redeemed?day={day}")
    assert [(r["code"], r["state"]) for r in listed["data"]["redeemed"]] == [(code, "cancelled")]


def test_refusals_name_what_is_wrong(sim):
    _server, url = sim
    code = load(url, uses=1)
    bad = code[:-1] + str((int(code[-1]) + 1) % 10)
    assert call(url, "/meituan/prepare", {"code": bad})[1]["error"]["code"] == "BAD_CODE"
    assert call(url, "/meituan/prepare", {"code": new_code(12)})[1]["error"]["code"] == (
        "UNKNOWN_CODE"
    )
    expired = load(url, valid_until_ms=1)
    assert call(url, "/meituan/prepare", {"code": expired})[1]["error"]["code"] == "EXPIRED"
    call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "a"})
    got = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "b"})[1]
    assert got["error"]["code"] == "ALREADY_USED"


def test_cancel_after_the_window_is_refused(sim):
    _server, url = sim
    code = load(url)
    vid = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "r"})[1]["data"][
        "verify_id"
    ]
    call(url, "/admin/clock", {"platform": "meituan", "advance_ms": 3_600_001})
    status, got = call(url, "/meituan/cancel", {"verify_id": vid, "request_id": "c"})
    assert status == 409 and got["error"]["code"] == "WINDOW_PASSED"
    # douyin keeps its 60 days
    dcode = load(url, platform="douyin")
    assert len(dcode) == 15
    dvid = call(url, "/douyin/verify", {"code": dcode, "count": 1, "request_id": "r"})[1]["data"][
        "verify_id"
    ]
    call(url, "/admin/clock", {"platform": "douyin", "advance_ms": 59 * 86_400_000})
    assert call(url, "/douyin/cancel", {"verify_id": dvid, "request_id": "c"})[0] == 200


@pytest.mark.parametrize(
    ("kind", "error"),
    [("used", "ALREADY_USED"), ("cancelled", "CODE_CANCELLED"), ("busy", "SYSTEM_BUSY")],
)
def test_faults_on_verify(sim, kind, error):
    _server, url = sim
    code = load(url, uses=1)
    call(url, "/admin/faults", {"platform": "meituan", "op": "verify", "kind": kind})
    got = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "r"})[1]
    assert got["error"]["code"] == error


def test_duplicate_and_timeout_redeem_once(sim):
    _server, url = sim
    code = load(url, uses=3)
    call(url, "/admin/faults", {"platform": "meituan", "op": "verify", "kind": "duplicate"})
    got = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "d"})[1]
    assert got["ok"] and got["replayed"]
    call(url, "/admin/faults",
         {"platform": "meituan", "op": "verify", "kind": "timeout", "delay_ms": 1500})  # fmt: skip
    with pytest.raises(TimeoutError):
        call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "t"}, timeout=0.3)
    got = call(url, "/meituan/verify", {"code": code, "count": 1, "request_id": "t"})[1]
    assert got["replayed"]
    assert call(url, f"/admin/state?platform=meituan&code={code}")[1]["data"]["merchant_uses"] == 2


def test_a_redemption_made_on_the_platform_shows_in_the_list(sim):
    _server, url = sim
    code = load(url, uses=2)
    call(url, "/admin/faults", {"platform": "meituan", "op": "prepare", "kind": "elsewhere"})
    got = call(url, "/meituan/prepare", {"code": code})[1]
    assert got["data"]["uses_left"] == 1
    import datetime as dt

    day = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    listed = call(url, f"/meituan/redeemed?day={day}")[1]["data"]["redeemed"]
    assert [r["source"] for r in listed] == ["platform"]


def test_the_console_script_loads_a_file_of_vouchers(tmp_path):
    import subprocess
    import sys
    import time

    from voucher_sim.cli import main

    code = new_code(15)
    vouchers = tmp_path / "vouchers.json"
    vouchers.write_text(json.dumps({"douyin": [{"code": code, "product_id": "D1", "uses": 3}]}))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"douyin": [{"code": code[:-1] + "x", "product_id": "D1"}]}))
    assert main(["--vouchers", str(bad), "--listen", "127.0.0.1:0"]) == 2
    ready = tmp_path / "url"
    proc = subprocess.Popen(
        [sys.executable, "-m", "voucher_sim", "--listen", "127.0.0.1:0", "--vouchers",
         str(vouchers), "--ready-file", str(ready)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 20
        while not (ready.exists() and ready.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)  # waiting for the file the server writes once it listens
        status, got = call(ready.read_text(), "/douyin/prepare", {"code": code})
        assert status == 200 and got["data"]["uses_left"] == 3
    finally:
        proc.terminate()
        proc.wait(10)
