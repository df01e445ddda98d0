"""Transfer states are one set of names (common.domain.transfer_states) used by both sides."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from common.domain import transfer_states as ts

ROOT = Path(__file__).resolve().parents[3]
# Every module that decides or compares where a transfer stands (pos_transfers.py's
# "shipped"/"received" are words of its sentences about what the store just did).
TRANSFER_MODULES = sorted(
    [
        *ROOT.glob("headoffice/**/transfer*.py"),
        *ROOT.glob("edge_agent/**/transfer*.py"),
        ROOT / "common/cli/documents.py",
    ]
)
NAMES = set(ts.STATES) | set(ts.RESOLUTIONS) | set(ts.SHIPMENT_KINDS)


def test_the_sets_partition_the_states() -> None:
    assert len(set(ts.STATES)) == len(ts.STATES) == 7
    assert set(ts.IN_TRANSIT_STATES) < set(ts.STATES)
    assert set(ts.NOT_RECEIVED_STATES) < set(ts.STATES)
    # Shipped is the one state whose goods are in transit and not yet booked in anywhere.
    assert set(ts.IN_TRANSIT_STATES) & set(ts.NOT_RECEIVED_STATES) == {ts.SHIPPED}


def _state_literals(tree: ast.AST) -> list[tuple[int, str]]:
    """String literals naming a state that a module compares with or assigns as a state."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            candidates = [node.left, *node.comparators]
        elif isinstance(node, ast.keyword) and node.arg in {"state", "resolution", "kind"}:
            candidates = [node.value]
        else:
            continue
        for candidate in candidates:
            values = candidate.elts if isinstance(candidate, ast.Tuple | ast.List) else [candidate]
            for value in values:
                if isinstance(value, ast.Constant) and value.value in NAMES:
                    found.append((value.lineno, value.value))
    return found


@pytest.mark.parametrize("path", TRANSFER_MODULES, ids=lambda p: str(p.relative_to(ROOT)))
def test_transfer_modules_name_states_by_the_shared_constants(path: Path) -> None:
    assert TRANSFER_MODULES, "no transfer modules found"
    literals = _state_literals(ast.parse(path.read_text(), str(path)))
    assert not literals, (
        f"{path.relative_to(ROOT)} compares with state literals {literals}: use "
        "common.domain.transfer_states"
    )
