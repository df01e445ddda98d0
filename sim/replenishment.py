"""Replenishment in the simulated chain, the way a buyer works it (docs/replenishment.md): at
the day's close a buyer raises the min/max of a few SKUs at a store above what it holds, runs
replenishment for that store once head office has every store's day, approves the lines of
those SKUs (the rest stay proposed), and the documents approval created are acted out: each
transfer shipped by its sender and received in full, each draft purchase order sent and
received in full. A second approval of the same lines must be refused and create nothing.

What the chain did is kept in the ground truth (`truth.replenishments`), the transfers among
the other transfers, so the checker's stock, journal and transfer invariants cover them; the
checker adds that every approved line got its document and the second approval was refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sim.processes import wait_caught_up
from sim.scenario import Event

if TYPE_CHECKING:
    from sim.backoffice import BackOffice

PACK = 6  # the simulated supplier's pack for every SKU
CATCH_UP_S = 180.0


def supply_terms(office: BackOffice, supplier: str) -> None:
    """Every SKU comes from the chain's supplier in packs (replenishment rounds purchases)."""
    for p in office.products:
        office.ho.hoctl("replenish", "supplier", "set", p.sku, supplier, "--pack", str(PACK),
                        "--cost", str(p.cost_minor))  # fmt: skip


def replenish(office: BackOffice, event: Event) -> None:
    store, data = event.store, event.data
    ho = office.ho
    for sku, low, high in data["minmax"]:
        ho.hoctl("replenish", "minmax", "set", "--store", store, "--sku", sku,
                 "--min", str(low), "--max", str(high))  # fmt: skip
    # The run reads every store's stock: a batch still on its way would change it before
    # the approval, which would then be refused (docs/replenishment.md, Approval).
    wait_caught_up(ho, list(office.edges.values()), CATCH_UP_S)
    run = ho.hoctl_json("replenish", "run", "--store", store)
    wanted = {sku for sku, _low, _high in data["minmax"]}
    chosen = [ln["line_no"] for ln in run["lines"]
              if ln["sku"] in wanted and ln["kind"] in ("transfer", "purchase")]  # fmt: skip
    record: dict[str, Any] = {
        "run_id": run["replenishment_run_id"], "store": store, "approved_lines": chosen,
        "documents": {}, "second_approval_refused": None,
    }  # fmt: skip
    office.truth.replenishments.append(record)
    if not chosen:
        return
    lines_arg = ",".join(str(n) for n in chosen)
    approved = ho.hoctl_json("replenish", "approve", record["run_id"], "--lines", lines_arg)
    by_no = {ln["line_no"]: ln for ln in approved["lines"]}
    record["documents"] = {str(n): by_no[n]["document_id"] for n in chosen if n in by_no}
    again = ho.hoctl("replenish", "approve", record["run_id"], "--lines", lines_arg, check=False)
    record["second_approval_refused"] = again.returncode != 0
    for document in sorted(set(record["documents"].values()) - {""}):
        lines = [ln for ln in approved["lines"] if ln["document_id"] == document]
        if lines[0]["kind"] == "transfer":
            _move(office, document, lines)
        else:
            _deliver(office, document, lines)


def _move(office: BackOffice, transfer_id: str, lines: list[dict[str, Any]]) -> None:
    sender, receiver = lines[0]["from_store"], lines[0]["store"]
    qty = {ln["sku"]: ln["qty_base"] for ln in lines}
    record: dict[str, Any] = {"from": sender, "to": receiver, "ordered": dict(qty)}
    office.truth.transfers[transfer_id] = record
    office.wait_at_edge(office.edges[sender], transfer_id, "open")
    office.edges[sender].pos_json("transfer", "ship", transfer_id)
    for sku, n in qty.items():
        office.truth.move(sender, sku, -n)
    record["shipped"] = dict(qty)
    office.wait_at_edge(office.edges[receiver], transfer_id, "shipped")
    office.edges[receiver].pos_json("transfer", "receive", transfer_id)
    for sku, n in qty.items():
        office.truth.move(receiver, sku, n)
    record["received"] = dict(qty)


def _deliver(office: BackOffice, po_id: str, lines: list[dict[str, Any]]) -> None:
    received = [(ln["sku"], ln["qty_base"]) for ln in lines]
    office.send_and_receive(lines[0]["store"], po_id, received, CATCH_UP_S)


def replenishment_problems(
    records: list[dict[str, Any]],
) -> list[tuple[dict[str, Any], str]]:
    """What is wrong with the replenishment runs the chain made: (run, the checker's sentence)."""
    wrong = []
    for r in records:
        missing = [n for n in r["approved_lines"] if not r["documents"].get(str(n))]
        if missing:
            wrong.append((r, f"run {r['run_id']}: approved line(s) {missing} have no document"))
        if r["approved_lines"] and r["second_approval_refused"] is not True:
            wrong.append((r, f"run {r['run_id']}: approving the same lines again was not refused"))
    return wrong
