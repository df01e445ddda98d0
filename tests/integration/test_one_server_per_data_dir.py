"""A second head office or edge agent on the same data directory refuses to start
(QA: a second agent took over the till socket and removed it on exit)."""

from __future__ import annotations

import subprocess

from scripts.chain import BIN, EdgeAgent, HeadOffice


def test_second_servers_refuse_and_leave_the_first_serving(tmp_path):
    ho = HeadOffice(tmp_path / "ho")
    ho.init()
    ho.start()
    edge = EdgeAgent(tmp_path / "edge", "S001")
    try:
        edge.init(ho.add_store("S001", "One", tmp_path))
        edge.start()
        second_ho = subprocess.run(
            [str(BIN / "headoffice"), "serve", "--data-dir", str(ho.data_dir),
             "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert second_ho.returncode != 0
        assert "another head office (pid" in second_ho.stderr
        second_edge = subprocess.run(
            [str(BIN / "edge-agent"), "serve", "--data-dir", str(edge.data_dir),
             "--metrics-listen", "127.0.0.1:0"],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert second_edge.returncode != 0
        assert "another edge agent (pid" in second_edge.stderr
        # The first ones still serve: the till socket and head office both answer.
        assert edge.till_socket.exists()
        assert edge.status()["store"] == "S001"
        assert ho.hoctl("store", "list").returncode == 0
    finally:
        edge.stop()
        ho.stop()
