"""tools/till_rig.py reads the agent's stderr for every caller: a process whose stderr pipe
nobody reads stops at its next log line once the pipe is full (64 KiB)."""

from __future__ import annotations

import collections
import os
import sys
from pathlib import Path

from tools.till_rig import start_agent, start_process, stop_agent, wait_for

# Far more than a pipe holds (about 1.8 MB), then a last line.
CHATTY = (
    "import sys\n"
    "for n in range(20_000):\n"
    "    print(f'log line {n} ' + 'x' * 80, file=sys.stderr)\n"
    "print('the end', file=sys.stderr)\n"
)


def test_a_process_that_logs_more_than_a_pipe_holds_runs_to_its_end() -> None:
    tail: collections.deque[str] = collections.deque(maxlen=3)
    process, drain = start_process([sys.executable, "-c", CHATTY], dict(os.environ), tail)
    assert process.wait(timeout=60) == 0  # blocked for good if nobody read its stderr
    drain.join(timeout=30)
    assert list(tail)[-1] == "the end\n"
    assert process.stderr is not None
    process.stderr.close()


def test_the_rigs_agent_has_its_stderr_read_as_it_comes(tmp_path: Path) -> None:
    agent = start_agent(tmp_path, catalogue=lambda ledger: None)
    try:
        # What the agent logs as it starts is already read, without anyone asking.
        wait_for(lambda: agent.stderr_tail, 30, "the agent's first log lines to be read")
    finally:
        stop_agent(agent)
    assert agent.process is None
