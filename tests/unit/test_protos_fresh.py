"""The committed generated code (common/pb) is exactly what protos/ generates today."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "common" / "pb"


def _generator():
    spec = importlib.util.spec_from_file_location("gen_protos", ROOT / "tools" / "gen_protos.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _generated_files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_generated_protobuf_code_is_fresh(tmp_path: Path) -> None:
    _generator().generate(tmp_path)
    fresh = _generated_files(tmp_path)
    # common/pb/__init__.py belongs to the package, not to the generator
    committed = {k: v for k, v in _generated_files(COMMITTED).items() if k != "__init__.py"}
    fresh.pop("__init__.py", None)
    hint = "common/pb is stale: run `make protos` and commit the result"
    missing = sorted(set(fresh) - set(committed))
    extra = sorted(set(committed) - set(fresh))
    assert not missing, f"{hint} (not committed: {', '.join(missing)})"
    assert not extra, f"{hint} (no longer generated: {', '.join(extra)})"
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert not stale, f"{hint} (differs: {', '.join(stale)})"
