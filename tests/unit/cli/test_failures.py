"""One translation of failures to a sentence and an exit code, for every tool."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grpc
import pytest

from common.cli.failures import EXIT_FAILED, EXIT_INTERRUPTED, Peer, rpc_sentence, run_command
from common.errors import InvalidInput, Unavailable

ROOT = Path(__file__).resolve().parents[3]
HEAD_OFFICE = Peer("head office at 10.0.0.1:50061", "{name} is not reachable: {details}")


class FailedCall(grpc.RpcError, grpc.Call):
    """What a stub raises: an RpcError that is also a Call with a code and details."""

    def __init__(self, code: grpc.StatusCode, details: str) -> None:
        self._code, self._details = code, details

    def code(self) -> grpc.StatusCode:
        return self._code

    def details(self) -> str:
        return self._details

    # The rest of grpc.Call is not read by the translator.
    def initial_metadata(self): ...
    def trailing_metadata(self): ...
    def is_active(self): ...
    def time_remaining(self): ...
    def cancel(self): ...
    def add_callback(self, callback): ...


@pytest.mark.parametrize(
    ("code", "details", "sentence"),
    [
        (grpc.StatusCode.NOT_FOUND, "SKU NOPE is not in head office's catalogue",
         "SKU NOPE is not in head office's catalogue"),
        (grpc.StatusCode.UNAVAILABLE, "failed to connect to all addresses",
         "head office at 10.0.0.1:50061 is not reachable: failed to connect to all addresses"),
        (grpc.StatusCode.UNAVAILABLE, "the head-office database is not reachable",
         "the head-office database is not reachable"),
        (grpc.StatusCode.DEADLINE_EXCEEDED, "Deadline Exceeded",
         "head office at 10.0.0.1:50061 did not answer in time (Deadline Exceeded)"),
        (grpc.StatusCode.INTERNAL, "unexpected error; request id 7f3a is in its log",
         "unexpected error; request id 7f3a is in its log"),
    ],
)  # fmt: skip
def test_rpc_sentence(code, details, sentence) -> None:
    assert rpc_sentence(FailedCall(code, details), HEAD_OFFICE) == sentence


def test_a_peer_template_may_hold_braces_in_a_path() -> None:
    agent = Peer("the edge agent for /s{1}", "{name} is not running (nothing answers on /s{1}/x)")
    sentence = rpc_sentence(FailedCall(grpc.StatusCode.UNAVAILABLE, "connection refused"), agent)
    assert sentence == "the edge agent for /s{1} is not running (nothing answers on /s{1}/x)"


def _raise(exc: BaseException):
    def action() -> int:
        raise exc

    return action


def test_every_failure_is_one_line_with_its_prefix_and_code(capsys) -> None:
    assert run_command("pos", _raise(InvalidInput("payment 'x' must be METHOD:AMOUNT"))) == 1
    assert capsys.readouterr().err == "pos: payment 'x' must be METHOD:AMOUNT\n"
    call = FailedCall(grpc.StatusCode.PERMISSION_DENIED, "user sam manages store(s) S001")
    assert run_command("hoctl stock", _raise(call), lambda: HEAD_OFFICE) == EXIT_FAILED
    assert capsys.readouterr().err == "hoctl stock: user sam manages store(s) S001\n"
    assert run_command("pos", _raise(KeyboardInterrupt())) == EXIT_INTERRUPTED
    assert run_command("hoctl x", _raise(ZeroDivisionError("boom"))) == EXIT_FAILED
    assert "unexpected ZeroDivisionError: boom" in capsys.readouterr().err
    assert run_command("headoffice", _raise(Unavailable("db down")), exit_code=lambda e: 2) == 2
    with pytest.raises(ZeroDivisionError):  # a server keeps its traceback for its log
        run_command("edge-agent", _raise(ZeroDivisionError()), bugs_as_sentences=False)


def test_a_sentence_from_a_server_cannot_drive_the_terminal(capsys) -> None:
    run_command("pos", _raise(InvalidInput("no product \x1b[31mRED\x1b[0m")))
    assert "\x1b" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "module",
    [
        "edge_agent.cli.pos",
        "edge_agent.cli.pos_till",
        "edge_agent.cli.pos_shifts",
        "edge_agent.cli.pos_transfers",
        "edge_agent.cli.pos_purchasing",
        "edge_agent.cli.pos_writeoffs",
        "edge_agent.cli.pos_shared",
        "headoffice.cli.hoctl",
    ],
)
def test_each_command_module_imports_alone(module: str) -> None:
    """No import cycle: each module imports first in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def _cli_imports(package: Path, prefix: str) -> dict[str, set[str]]:
    """Every import of a sibling module, anywhere in each module (functions, TYPE_CHECKING too)."""
    graph: dict[str, set[str]] = {}
    for path in package.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
                names.update(f"{node.module}.{a.name}" for a in node.names)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        graph[path.stem] = {n.removeprefix(prefix) for n in names if n.startswith(prefix)}
    return graph


@pytest.mark.parametrize("package", ["edge_agent/cli", "headoffice/cli", "common/cli"])
def test_no_module_of_a_tool_imports_one_that_imports_it(package: str) -> None:
    graph = _cli_imports(ROOT / package, package.replace("/", ".") + ".")

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        for nxt in graph.get(start, ()):
            if nxt == goal or (nxt not in seen and reaches(nxt, goal, seen | {nxt})):
                return True
        return False

    cycles = [name for name in graph if reaches(name, name, {name})]
    assert cycles == []
