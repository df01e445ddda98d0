"""docs/operations.md, run as a new user would run it, on a fresh demo chain.

The guide's ```sh blocks run in order from the repository root (tests/integration/
doc_guides.py says how, and what the markers setup, refused and not run mean), so a
command that stops working (or whose output a later step reads) fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.integration.doc_guides import ROOT, failure, guide_script, run_guide

GUIDE = ROOT / "docs" / "operations.md"


def test_guide_blocks_are_recognised() -> None:
    script, refused = guide_script(GUIDE.read_text())
    assert "pos receive --po" in script
    assert "hoctl transfer create" in script
    assert "pos writeoff" in script
    assert refused >= 3


@pytest.mark.timeout(900)
def test_operations_guide_runs_on_a_fresh_demo_chain(tmp_path: Path) -> None:
    script, _ = guide_script(GUIDE.read_text())
    run = run_guide(script, tmp_path)
    assert run.returncode == 0, failure(run)
