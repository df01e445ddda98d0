"""Run a guide in docs/ as a new user would, on a fresh demo chain (shared by the doc tests).

Every ```sh block of the guide runs in order in one bash session with
`set -euo pipefail`, after the demo chain's env.sh, so a command that stops
working (or whose output a later step reads) fails the test. Markers in an
HTML comment on the line before a block:

- `<!-- setup -->`: the guide's own `make chain` step; the test starts the
  chain itself in a temporary directory instead.
- `<!-- refused -->`: every line is a command head office or the store must
  refuse; the test fails if one succeeds.
- `<!-- not run -->`: shown to the reader only (clean-up, long jobs).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BLOCK = re.compile(r"(?:<!--\s*(?P<mark>[a-z ]+?)\s*-->\s*\n)?```sh\n(?P<body>.*?)```", re.S)


def guide_script(text: str) -> tuple[str, int]:
    """The guide's shell blocks as one script, and how many refused commands it checks."""
    parts: list[str] = []
    refused = 0
    for match in BLOCK.finditer(text):
        mark, body = match.group("mark"), match.group("body")
        if mark in ("setup", "not run"):
            continue
        if mark == "refused":
            for line in body.splitlines():
                command = line.strip()
                if not command or command.startswith("#"):
                    continue
                refused += 1
                parts.append(
                    f"if {command}; then echo 'the guide says this is refused, "
                    f"but it succeeded: {command}' >&2; exit 97; fi"
                )
            continue
        parts.append(body)
    return "\n".join(parts), refused


def run_guide(
    script: str, tmp_path: Path, cwd: Path = ROOT, timeout_s: float = 600
) -> subprocess.CompletedProcess[str]:
    """Start a demo chain under tmp_path, run `script` in `cwd` after its env.sh, stop the
    chain; the run's exit code and output come back (the chain's failure to start fails)."""
    chain = tmp_path / "chain"
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    env["STORELEDGER_LANGUAGE"] = "en"  # the guides' sentences are English
    up = subprocess.run(
        [sys.executable, "scripts/demo_chain.py", "up", "--dir", str(chain)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    try:
        assert up.returncode == 0, up.stdout + up.stderr
        return subprocess.run(
            ["bash", "-c", f"set -euo pipefail\n. {chain / 'env.sh'}\nset -x\n{script}"],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
    finally:
        subprocess.run(
            [sys.executable, "scripts/demo_chain.py", "down", "--dir", str(chain)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=120,
        )


def failure(run: subprocess.CompletedProcess[str]) -> str:
    """What a test says when the guide stopped."""
    return (
        f"the guide stopped (exit {run.returncode}):\n{run.stderr[-6000:]}\n"
        f"--- stdout ---\n{run.stdout[-3000:]}"
    )
