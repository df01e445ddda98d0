"""The chain helpers under the name the demo and the tests use; they live in sim/processes.py so
the installed `storeledger-sim` console script can import them from any directory."""

from sim.processes import (
    BIN,
    DEMO_PIN,
    DEMO_STAFF,
    ChainError,
    EdgeAgent,
    HeadOffice,
    Process,
    english_environment,
    run,
    wait_caught_up,
    wait_for,
)

__all__ = [
    "BIN",
    "DEMO_PIN",
    "DEMO_STAFF",
    "ChainError",
    "EdgeAgent",
    "HeadOffice",
    "Process",
    "english_environment",
    "run",
    "wait_caught_up",
    "wait_for",
]
