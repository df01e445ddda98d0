"""storeledger-voucher-sim: serve the simulator until interrupted.

    storeledger-voucher-sim --listen 127.0.0.1:8765 [--vouchers FILE.json] [--ready-file F]

FILE.json: {"meituan": [{"code": "...", "product_id": "...", "uses": 2, ...}], "douyin": [...]}
(a row without "code" gets a new valid one). --ready-file is written with the bound URL once
the server listens (tests wait for it).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from voucher_sim.platform import PlatformError
from voucher_sim.server import Simulator, SimulatorServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="storeledger-voucher-sim", description=__doc__)
    parser.add_argument("--listen", default="127.0.0.1:8765", help="host:port (port 0: any)")
    parser.add_argument("--vouchers", help="a JSON file of vouchers per platform to load")
    parser.add_argument("--ready-file", help="write the bound URL here once listening")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    host, _sep, port = args.listen.rpartition(":")
    sim = Simulator()
    if args.vouchers:
        try:
            data = json.loads(Path(args.vouchers).read_text())
            for name, rows in data.items():
                sim.platform(name).load(rows)
        except (OSError, ValueError, KeyError, PlatformError) as exc:
            print(f"storeledger-voucher-sim: cannot load {args.vouchers}: {exc}", file=sys.stderr)
            return 2
    server = SimulatorServer((host or "127.0.0.1", int(port)), sim, args.verbose)
    url = f"http://{host or '127.0.0.1'}:{server.server_address[1]}"
    if args.ready_file:
        Path(args.ready_file).write_text(url)
    print(f"voucher simulator listening on {url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
