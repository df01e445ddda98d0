"""Generate common/pb from protos/ with grpcio-tools: `python tools/gen_protos.py [OUT_DIR]`.

The generated modules import each other as `storeledger.v1.x_pb2`; we rewrite
those imports to `common.pb.storeledger.v1.x_pb2` so the code lives inside the
`common` package without touching sys.path.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROTOS = ROOT / "protos"
PACKAGE_PREFIX = "common.pb."


def generate(out_dir: Path) -> list[Path]:
    from grpc_tools import protoc

    proto_files = sorted(str(p.relative_to(PROTOS)) for p in PROTOS.rglob("*.proto"))
    with tempfile.TemporaryDirectory() as tmp:
        args = [
            "protoc",
            f"-I{PROTOS}",
            f"--python_out={tmp}",
            f"--pyi_out={tmp}",
            f"--grpc_python_out={tmp}",
            *proto_files,
        ]
        if protoc.main(args) != 0:
            raise SystemExit("protoc failed")
        written = []
        for src in sorted(Path(tmp).rglob("*.py*")):
            rel = src.relative_to(tmp)
            text = src.read_text()
            text = re.sub(
                r"^from storeledger\.", f"from {PACKAGE_PREFIX}storeledger.", text, flags=re.M
            )
            text = re.sub(
                r"^import storeledger\.", f"import {PACKAGE_PREFIX}storeledger.", text, flags=re.M
            )
            dest = out_dir / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(text)
            written.append(dest)
        for pkg in {p.parent for p in written} | {out_dir / "storeledger"}:
            init = pkg / "__init__.py"
            if not init.exists():
                init.write_text("")
        return written


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "common" / "pb"
    if out == ROOT / "common" / "pb" and (out / "storeledger").exists():
        shutil.rmtree(out / "storeledger")
    files = generate(out)
    print(f"generated {len(files)} files in {out}")


if __name__ == "__main__":
    main()
