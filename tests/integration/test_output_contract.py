"""Every read command of pos, hoctl and edge-agent, on a real chain, against docs/output.md.

The commands come from the tools' own argparse definitions: each must be
listed here as a read command (run with an example) or as one that only does
something, so a new command fails this test until it is classified, and a new
read command fails until it prints JSON that keeps the contract: field names
from the glossary, money and quantities as JSON integers (never strings or
floats), money beside its currency, times RFC 3339 with a zone. Each read
command also runs as a table and as CSV, which must not fail (pos and hoctl by their
main() in this process: the same code but the process, a third of the test's time).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from common.cli.cells import display_width
from edge_agent.cli import agent as edge_agent_cli
from edge_agent.cli import pos as pos_cli
from headoffice.cli import hoctl as hoctl_cli
from headoffice.cli import server as headoffice_cli
from headoffice.store.engine import create_engine
from scripts.chain import BIN, wait_caught_up, wait_for
from tests.chain_fixtures import Chain, start_chain
from tests.channel_rows import insert_reservation
from tests.channel_seed import headoffice_url, queue_confirmed_order
from tests.integration.voucher_demo import voucher_chain

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY_ROW = re.compile(r"^\| `(?P<field>[a-z][a-z0-9_]*)` \| (?P<kind>[a-z]+) \|", re.M)
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# Read commands and the arguments to run each with on the chain built below.
HOCTL_READS: dict[str, list[str]] = {
    "store list": [],
    "store cert list": ["S001"],
    "sync status": [],
    "verify": ["--store", "S001"],
    "whoami": [],
    "user list": [],
    "staff list": [],
    "audit list": [],
    "audit verify": [],
    "catalogue show": ["SKU0000"],
    "catalogue categories": [],
    "catalogue prices": [],
    "stock": [],
    "stock card": ["--store", "S001", "--sku", "SKU0000"],
    "supplier list": [],
    "supplier returns": [],
    "po list": [],
    "po show": ["PO-1"],
    "transfer list": [],
    "transfer show": ["TR000001"],
    "transfer in-transit": [],
    "writeoff list": [],
    "writeoff show": ["{write_off_id}"],
    "count list": [],
    "count show": ["{count_session_id}"],
    "count variance": ["{count_session_id}", "--by", "category"],
    "count plan": [],
    "count key-items show": ["--store", "S001"],
    "report accuracy": ["--by", "day"],
    "report sales": ["--by", "sku"],
    "report margin": ["--by", "day"],
    "report cashiers": [],
    "report turnover": [],
    "report shrink": [],
    "report slow-movers": [],
    "report no-sale": [],
    "report near-expiry": ["--within-days", "60"],
    "report suppliers": [],
    "jobs list": [],
    "jobs history": [],
    "price-cart": ["--store", "S001", "SKU0000=2"],
    "replenish list": [],
    "replenish show": ["R-1"],
    "replenish minmax show": [],
    "replenish cost list": [],
    "replenish supplier list": [],
    "alerts": [],
    "member show": ["M000001"],
    "member list": [],
    "member export": ["M000001"],
    "member ledger": ["M000001"],
    "member cards": ["M000001"],
    "member points": ["M000001"],
    "member reward list": [],
    "report liability": [],
    "report members": [],
    "report offline-debits": [],
    "report points": [],
    "report uplift": ["--promo", "TEA10"],
    "promo list": [],
    "promo show": ["TEA10"],
    "coupon list": [],
    "coupon show": ["{coupon_code}"],
    "channel list": [],
    "channel quotas": [],
    "channel reservations": [],
    "channel conflicts": ["--state", "all"],
    "voucher packages": [],
    "voucher redemptions": [],
    "voucher reconcile": [],
    "voucher differences": [],
}
HOCTL_WRITES = {
    "replenish run", "replenish approve", "replenish minmax set", "replenish minmax clear",
    "replenish minmax import", "replenish cost set", "replenish supplier set",
    "store add", "store disable", "store cert reissue", "store cert revoke", "store reenrol",
    "user add",
    "user disable", "user enable", "user reissue", "catalogue import",
    "catalogue export", "catalogue price", "supplier add", "po create", "po add-line",
    "po remove-line", "po send", "po cancel", "po close", "po export", "transfer create",
    "transfer cancel", "transfer resolve", "writeoff request", "writeoff approve",
    "writeoff reject", "staff add", "staff disable", "staff enable", "staff set-role",
    "staff reset-pin", "count create", "count cancel", "count approve", "count key-items set",
    "jobs run", "member add", "member merge", "member erase", "member levels", "member topup",
    "member cash-out", "member card-sell", "member card-refund", "member reward set",
    "member reward end", "promo create", "promo import", "promo end", "coupon issue",
    "channel add", "channel allow", "channel quota set", "channel cancel", "stock state set",
    "channel resolve",
    "voucher package set",
}  # fmt: skip
POS_READS: dict[str, list[str]] = {
    "whoami": [],
    "stock": [],
    "status": [],
    "po": ["--all"],
    "transfer list": ["--all"],
    "writeoffs": [],
    "shift show": [],
    "x-report": [],
    "count sessions": [],
    "count list": ["{session_id}"],
    "count show": ["{session_id}"],
    "count key-items show": [],
    "member show": ["M000001"],
    "orders": [],
    "orders list": ["--state", "handed_over"],
    "orders show": ["{reservation_id}"],
}
POS_WRITES = {
    "sell", "receive", "return", "void", "shift open", "shift cash-in", "shift cash-out",
    "shift close", "shift handover", "z-report", "reprint", "no-sale", "transfer ship",
    "transfer receive", "supplier-return", "writeoff", "login", "logout", "redeem",
    "count start", "count scan", "count add", "count submit", "count zero", "count approve",
    "count cancel", "count sheet", "count import", "count report", "count key-items set",
    "member add", "topup", "card sell", "reward", "orders pick", "orders handover",
    "voucher redeem", "voucher cancel",
    # A read, but it needs a platform behind head office (tests/edge/test_pos_voucher_processes
    # checks its JSON against this contract).
    "voucher scan",
}  # fmt: skip
EDGE_AGENT_READS = {"manager list": [], "check": []}
EDGE_AGENT_WRITES = {
    "init", "renew", "serve", "manager add", "manager set-pin", "manager disable", "backup",
    "restore",
}  # fmt: skip
HEADOFFICE_WRITES = {"init", "serve", "migrate", "backup", "restore", "rebuild-report-rollups"}


def glossary() -> dict[str, str]:
    """The field table under '## Glossary' in docs/output.md: field name -> kind."""
    text = (ROOT / "docs" / "output.md").read_text()
    section = text.split("\n## Glossary\n", 1)[1].split("\n## ", 1)[0]
    return {m["field"]: m["kind"] for m in GLOSSARY_ROW.finditer(section)}


def commands(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, Any]]:
    """(command path, its parser) for every command: a parser without subcommands, or
    one whose subcommands are optional (`hoctl stock` and `hoctl stock card`)."""
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if path and (not subs or not subs[0].required):
        yield path, parser
    for action in subs:
        for name, child in action.choices.items():
            yield from commands(child, f"{path} {name}".strip())


def _format_choices(parser: argparse.ArgumentParser) -> list[str]:
    for action in parser._actions:
        if "--format" in action.option_strings:
            return list(action.choices or [])
    return []


@pytest.mark.parametrize(
    ("parser", "reads", "writes"),
    [
        (hoctl_cli.build_parser(), HOCTL_READS, HOCTL_WRITES),
        (pos_cli.build_parser(), POS_READS, POS_WRITES),
        (edge_agent_cli.build_parser(), EDGE_AGENT_READS, EDGE_AGENT_WRITES),
        (headoffice_cli.build_parser(), {}, HEADOFFICE_WRITES),
    ],
    ids=["hoctl", "pos", "edge-agent", "headoffice"],
)
def test_every_command_is_classified_and_every_read_command_speaks_json(
    parser, reads, writes
) -> None:
    found = dict(commands(parser))
    unclassified = set(found) - set(reads) - writes
    assert not unclassified, (
        f"classify these commands as read (with an example) or write: {unclassified}"
    )
    assert not (set(reads) | writes) - set(found), "listed here but no longer a command"
    for name in reads:
        assert _format_choices(found[name]) == ["table", "json", "csv"], name


def test_the_glossary_follows_its_own_naming_rules() -> None:
    for field, kind in glossary().items():
        if field.endswith("_minor"):
            assert kind == "money", field
        if field.endswith("qty_base"):
            assert kind == "quantity", field
        if field.endswith("_at"):
            assert kind == "time", field
        if field == "seq" or field.endswith("_seq"):
            assert kind == "seq", field
        if field.endswith("_bp"):
            assert kind == "share", field
        assert kind in {"text", "flag", "count", "money", "quantity", "seq", "time", "date",
                        "list", "object", "share", "days"}, field  # fmt: skip


def contract_problems(document: Any, kinds: dict[str, str]) -> list[str]:
    """Every way `document` breaks docs/output.md, as 'where: what' lines."""
    problems: list[str] = []

    def walk(value: Any, where: str, currency: bool) -> None:
        if isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{where}[{i}]", currency)
            return
        if not isinstance(value, dict):
            if not isinstance(value, str):
                problems.append(f"{where}: a list element {value!r} is neither object nor text")
            return
        currency = currency or isinstance(value.get("currency"), str) and bool(value["currency"])
        for key, item in value.items():
            here = f"{where}.{key}"
            kind = kinds.get(key)
            if kind is None:
                problems.append(f"{here}: field not in the glossary of docs/output.md")
                continue
            whole = isinstance(item, int) and not isinstance(item, bool)
            if kind in ("money", "quantity", "count") and not whole:
                problems.append(f"{here}: {kind} must be a JSON integer, got {item!r}")
            elif kind == "money" and not currency:
                problems.append(f"{here}: money without a currency in its object or above")
            elif kind == "seq" and not (item is None or whole):
                problems.append(f"{here}: a sequence number must be an integer or null")
            elif kind == "share" and not (item is None or whole):
                problems.append(f"{here}: a share must be integer basis points or null")
            elif kind == "time" and item is not None and not _is_rfc3339(item):
                problems.append(f"{here}: {item!r} is not RFC 3339 with a zone")
            elif kind == "days" and not (item is None or whole):
                problems.append(f"{here}: days must be a whole number or null")
            elif (
                kind == "date"
                and item is not None
                and not (isinstance(item, str) and DATE.match(item))
            ):
                problems.append(f"{here}: {item!r} is not YYYY-MM-DD")
            elif kind == "text" and not isinstance(item, str):
                problems.append(f"{here}: text must be a string, got {item!r}")
            elif kind == "flag" and not isinstance(item, bool):
                problems.append(f"{here}: a flag must be true or false, got {item!r}")
            elif kind == "list":
                if not isinstance(item, list):
                    problems.append(f"{here}: must be a list")
                else:
                    walk(item, here, currency)
            elif kind == "object":
                if not isinstance(item, dict):
                    problems.append(f"{here}: must be an object")
                else:
                    walk(item, here, currency)

    walk(document, "$", False)
    return problems


def _is_rfc3339(text: Any) -> bool:
    if not isinstance(text, str) or not RFC3339.match(text):
        return False
    return dt.datetime.fromisoformat(text).tzinfo is not None


def test_the_checker_finds_each_kind_of_break() -> None:
    kinds = glossary()
    good = [{"sku": "A", "qty_base": 3, "value_minor": 5, "currency": "CNY", "done_seq": None,
             "created_at": "2026-11-24T19:45:00.542Z"}]  # fmt: skip
    assert contract_problems(good, kinds) == []
    bad = {
        "sales_minor": "5000",  # MessageToDict's int64
        "qty_base": 1.5,
        "lag_seconds": 1.234,
        "created_at": "2026-11-24 19:45:00",
        "lines": [{"amount_minor": 5}],
        "quantity": 3,
    }
    found = "\n".join(contract_problems(bad, kinds))
    assert "$.sales_minor: money must be a JSON integer" in found
    assert "$.qty_base: quantity must be a JSON integer" in found
    assert "$.lag_seconds: field not in the glossary" in found
    assert "$.quantity: field not in the glossary" in found
    assert "$.created_at: '2026-11-24 19:45:00' is not RFC 3339" in found
    assert "$.lines[0].amount_minor: money without a currency" in found


def _run(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)


IN_PROCESS = {"hoctl": hoctl_cli.main, "pos": pos_cli.main}


def _shown(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A read command as a table or CSV: hoctl's and pos's by their main() in this process
    (the same code as the console script's; starting ~180 processes was a third of this
    test), anything else as a process. The JSON runs are always real processes."""
    main = IN_PROCESS.get(Path(argv[0]).name)
    if main is None:
        return _run(argv, env)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv[1:])
        except SystemExit as exc:  # argparse
            code = exc.code if isinstance(exc.code, int) else 2
        except Exception as exc:  # noqa: BLE001 - a failure to report, with the command
            code = 99
            err.write(f"Traceback: {exc!r}")
    return subprocess.CompletedProcess(argv, code, out.getvalue(), err.getvalue())


def _build(chain: Chain, tmp_path: Path) -> tuple[dict[str, str], dict[str, Any]]:
    """Documents of every kind, so every read command has something to show; returns the
    ids the examples need and the JSON each command that did something printed."""
    ho, s1, s2 = chain.headoffice, chain.edges["S001"], chain.edges["S002"]
    chinese = tmp_path / "chinese.csv"
    chinese.write_text(
        "sku,name,barcodes,unit,price_minor,cost_minor,category\n"
        "TEA-CN,绿茶 Green tea,,piece,350,200,饮料/茶\n"
    )
    ho.hoctl("catalogue", "import", str(chinese))
    ho.add_user("sam", "store_manager", tmp_path, ("S001",))
    done_staff = json.loads(
        ho.hoctl("staff", "add", "ann", "--store", "S001", "--role", "cashier", "--name",
                 "Ann Li", "--format", "json", stdin="246913\n").stdout
    )  # fmt: skip
    ho.hoctl("catalogue", "price", "--store", "S002", "--sku", "SKU0000", "--price", "999")
    ho.hoctl("supplier", "add", "BEV", "--name", "Beverage Co")
    ho.hoctl("member", "add", "--phone", "13812345678", "--name", "张三", "--card", "CARD0001")
    ho.hoctl("member", "topup", "M000001", "--paid", "50000", "--key", "contract-1")
    ho.hoctl("member", "card-sell", "M000001", "--kind", "punch_card", "--covers", "SKU0000",
             "--uses", "10", "--paid", "30000", "--key", "contract-card-1")  # fmt: skip
    ho.hoctl("member", "reward", "set", "SKU0001", "--points", "50")
    ho.hoctl("promo", "create", "--id", "TEA10", "--name", "Tea 10% off", "--kind",
             "percent_off", "--skus", "SKU0000", "--percent-bp", "1000", "--weekdays", "Sat,Sun",
             "--stores", "S001")  # fmt: skip
    done = {
        "pos receive": s1.pos_json(
            "receive", "--supplier-ref", "DN-1", "SKU0000=30@100", "SKU0001=10@50", "SKU0002=5@80"
        ),
        "pos shift open": s1.pos_json("shift", "open", "--float", "20000"),
        "pos shift cash-in": s1.pos_json("shift", "cash-in", "500", "--reason", "change"),
        "pos sell": s1.pos_json("sell", "SKU0000=2", "--pay", "cash:100000"),
        # never received: below zero, so hoctl alerts has something to show
        "pos sell below zero": s1.pos_json("sell", "SKU0005=1", "--pay", "cash:100000"),
        "pos return": s1.pos_json("return", "--sale", "1", "SKU0000=1:write_off"),
        "pos writeoff": s1.pos_json(
            "writeoff", "SKU0001=1", "--reason", "damaged", "--confirm-negative"
        ),
        "pos supplier-return": s1.pos_json(
            "supplier-return", "--supplier", "BEV", "SKU0002=1", "--reason", "dented"
        ),
        "hoctl po create": ho.hoctl_json(
            "po", "create", "--store", "S001", "--supplier", "BEV", "SKU0002=5@100"
        ),
    }
    ho.hoctl("po", "send", "PO-1")
    done["hoctl jobs run"] = ho.hoctl_json("jobs", "run", "prune_job_runs")
    wait_for("PO-1 at S001", lambda: "PO-1" in s1.pos("po").stdout, 30, 0.2)
    done["hoctl staff add"] = done_staff
    done["pos receive --po"] = s1.pos_json("receive", "--po", "PO-1", "SKU0002=2")
    done["hoctl transfer create"] = ho.hoctl_json(
        "transfer", "create", "--from", "S001", "--to", "S002", "SKU0000=3"
    )
    wait_for("TR000001 at S001", lambda: "TR000001" in s1.pos("transfer", "list").stdout, 30, 0.2)
    done["pos transfer ship"] = s1.pos_json("transfer", "ship", "TR000001")
    # A count the store opens itself: head office applies its entries before the chain
    # counts as caught up (and hoctl verify checks S001 with them).
    done["pos count start"] = s1.pos_json("count", "start", "--scope", "skus", "--sku", "SKU0000")
    session_id = done["pos count start"]["session_id"]
    done["pos count add"] = s1.pos_json("count", "add", session_id, "SKU0000", "26")
    # An online order head office confirmed for S001, picked and handed over there.
    order = queue_confirmed_order(headoffice_url(ho.data_dir, None), "S001", [("SKU0001", 1)])
    wait_for(f"{order} at S001", lambda: order in s1.pos("orders").stdout, 30, 0.2)
    done["pos orders pick"] = s1.pos_json("orders", "pick", order)
    done["pos orders handover"] = s1.pos_json("orders", "handover", order)
    run = [str(BIN / "edge-agent"), "manager", "add", "meg", "--pin-stdin", "--data-dir"]
    subprocess.run([*run, str(s1.data_dir)], input="246813\n", text=True, check=True, timeout=60)
    # An online order for S001's 9 SKU0001, then the till sells one: an oversell conflict.
    engine = create_engine(f"sqlite:///{ho.data_dir / 'headoffice.db'}")
    with engine.begin() as conn:
        insert_reservation(conn, "S001", "SKU0001", 9, at_ms=1_000)
    engine.dispose()
    done["pos sell reserved"] = s1.pos_json("sell", "SKU0001=1", "--pay", "cash:100000")
    wait_caught_up(ho, [s1, s2])
    done["hoctl channel resolve"] = ho.hoctl_json(
        "channel", "resolve", "CC000001", "--cancel", "--reason", "sold at the till"
    )
    done["hoctl writeoff request"] = ho.hoctl_json(
        "writeoff", "request", "--store", "S001", "--reason", "sample", "SKU0000=1"
    )
    [write_off] = [w for w in ho.hoctl_json("writeoff", "list") if w["origin"] == "store"]
    done["hoctl count create"] = ho.hoctl_json(
        "count", "create", "--store", "S001", "--scope", "skus", "--sku", "SKU0003"
    )
    # A replenishment run with a purchase line for every field of a line (docs/replenishment.md).
    ho.hoctl("replenish", "supplier", "set", "SKU0000", "BEV", "--pack", "12", "--cost", "90")
    ho.hoctl("replenish", "minmax", "set", "--store", "S001", "--sku", "SKU0000", "--min", "100",
             "--max", "120")  # fmt: skip
    ho.hoctl("replenish", "cost", "set", "S002", "S001", "250")
    done["hoctl replenish run"] = ho.hoctl_json("replenish", "run")
    ho.hoctl("promo", "create", "--id", "WELCOME", "--kind", "amount_off", "--amount", "100",
             "--coupon", "WELCOME")  # fmt: skip
    done["hoctl coupon issue"] = ho.hoctl_json("coupon", "issue", "--promo", "WELCOME",
                                               "--count", "2", "--valid-until", "2099-12-31")  # fmt: skip
    # An online channel with a quota and a reservation; stock by state with every channel.
    bundle = tmp_path / "mall.channel"
    ho.hoctl("channel", "add", "mall", "--name", "Mall", "--kind", "mall", "--store", "S001",
             "--out", str(bundle))  # fmt: skip
    ho.hoctl("channel", "quota", "set", "mall", "--sku", "SKU0001", "--percent", "50")
    chanctl = [str(BIN / "python"), "-m", "headoffice.cli.chanctl", "--bundle", str(bundle)]
    for action in (["reserve", "--store", "S001", "--line", "SKU0000:2", "--key", "o-1",
                    "--order-ref", "M-1"], ["confirm", "--key", "o-1"],
                   ["atp", "--store", "S001"]):  # fmt: skip
        done[f"chanctl {action[0]}"] = json.loads(
            _run([*chanctl, *action, "--format", "json"], ho.env).stdout
        )
    done["hoctl stock --states"] = ho.hoctl_json(
        "stock", "--states", "--store", "S001", "--channel", "*"
    )
    names = {
        "coupon_code": done["hoctl coupon issue"][0]["coupon"],
        "write_off_id": write_off["write_off_id"],
        "count_session_id": done["hoctl count create"]["session_id"],
        "session_id": session_id,
        "reservation_id": order,
    }
    return names, done


@pytest.mark.timeout(600)
def test_every_read_command_keeps_the_json_contract_on_a_real_chain(tmp_path: Path) -> None:
    kinds = glossary()
    chain = start_chain(tmp_path, None, ["S001", "S002"], products=6)
    sim = None
    try:
        names, done = _build(chain, tmp_path)
        ho, s1 = chain.headoffice, chain.edges["S001"]
        sim = voucher_chain(ho, tmp_path / "S001.bundle", tmp_path, "SKU0000")
        tools = [
            (f"hoctl {name}", [str(BIN / "hoctl"), "--data-dir", str(ho.data_dir), *name.split(), *args])
            for name, args in HOCTL_READS.items()
        ] + [
            (f"pos {name}", [str(BIN / "pos"), "--data-dir", str(s1.data_dir), *name.split(), *args])
            for name, args in POS_READS.items()
        ] + [
        ] + [
            (f"edge-agent {name}",
             [str(BIN / "edge-agent"), *name.split(), "--data-dir", str(s1.data_dir), *args])
            for name, args in EDGE_AGENT_READS.items()
        ]  # fmt: skip
        failures = [
            f"{title}: {problem}"
            for title, document in done.items()
            for problem in contract_problems(document, kinds)
        ]
        for title, argv in tools:
            argv = [arg.format(**names) for arg in argv]
            done = _run([*argv, "--format", "json"], ho.env)
            if done.returncode != 0:
                failures.append(f"{title}: exit {done.returncode}: {done.stderr.strip()}")
                continue
            document = json.loads(done.stdout)
            if not document:
                failures.append(f"{title}: printed an empty document; the chain shows nothing")
            failures += [f"{title}: {p}" for p in contract_problems(document, kinds)]
            for fmt in ("table", "csv"):
                shown = _shown([*argv, "--format", fmt], ho.env)
                if shown.returncode != 0 or "Traceback" in shown.stderr or not shown.stdout:
                    failures.append(f"{title} --format {fmt}: {shown.stderr.strip()}")
        assert not failures, "\n".join(failures)

        # Chinese names line up in a table (display width, not characters).
        tree = ho.hoctl("catalogue", "categories").stdout.splitlines()
        assert any("茶" in line for line in tree)
        ends = {display_width(line) for line in tree[2:] if line.rstrip()[-1:].isdigit()}
        assert len(ends) == 1, tree
    finally:
        chain.stop()
        if sim is not None:
            sim.stop()
