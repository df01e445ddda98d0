"""E/tills.toml: each till's devices, and a sentence for every wrong entry."""

from __future__ import annotations

from pathlib import Path

import pytest

from common.errors import ConfigError
from edge_agent.devices.scale import SCALE_PROTOCOLS
from edge_agent.devices.tills_config import (
    FileTarget,
    NetworkTarget,
    SerialPort,
    UsbTarget,
    load_tills,
    parse_tills,
)

KNOWN = frozenset(SCALE_PROTOCOLS)


def test_every_kind_of_entry_is_read() -> None:
    tills = parse_tills(
        """
        [T1]
        printer = "file:/dev/usb/lp0"
        scanner = "serial:/dev/ttyACM0"
        scale = "serial:/dev/ttyUSB0:4800"
        scale_protocol = "mt-sics"
        drawer = true
        paper_width = 32
        [T2]
        printer = "serial:/dev/ttyS0:19200"
        printer_charset = "code-pages"
        [T3]
        printer = "network:10.0.0.9"
        [T4]
        printer = "network:printer.local:9101"
        [T5]
        printer = "usb:04b8:0e15"
        scanner = "serial:loop://"
        [T6]
        """,
        KNOWN,
    )
    t1 = tills["T1"]
    assert t1.printer == FileTarget("/dev/usb/lp0")
    assert t1.scanner == SerialPort("/dev/ttyACM0", 9600)
    assert t1.scale == SerialPort("/dev/ttyUSB0", 4800)
    assert (t1.drawer, t1.paper_width, t1.scale_protocol) == (True, 32, "mt-sics")
    assert tills["T2"].printer == SerialPort("/dev/ttyS0", 19200)
    assert (t1.charset, tills["T2"].charset) == ("gb18030", "code-pages")  # Chinese by default
    assert tills["T3"].printer == NetworkTarget("10.0.0.9", 9100)
    assert tills["T4"].printer == NetworkTarget("printer.local", 9101)
    assert tills["T5"].printer == UsbTarget(0x04B8, 0x0E15)
    assert tills["T5"].scanner == SerialPort("loop://", 9600)
    t6 = tills["T6"]
    assert (t6.printer, t6.scanner, t6.scale, t6.drawer, t6.paper_width) == (
        None,
        None,
        None,
        False,
        42,
    )


def test_no_file_means_no_devices(tmp_path: Path) -> None:
    assert load_tills(tmp_path, KNOWN) == {}


@pytest.mark.parametrize(
    ("text", "sentence"),
    [
        ('[T1]\nprinter = "lpt1"', "tills.toml [T1] printer = 'lpt1' is not a printer; use file:"),
        ('[T1]\nprinter = "usb:epson"', "a USB printer is usb:VID:PID in hex"),
        ('[T1]\nprinter = "network:host:abc"', "the port after the host must be a number"),
        ('[T1]\nscanner = "/dev/ttyACM0"', "a scanner is serial:PORT[:BAUD] or none"),
        ('[T1]\nscale = "usb:1:2"', "a scale is serial:PORT[:BAUD] or none"),
        ('[T1]\nscale_protocol = "toledo-8217"', "'toledo-8217' is not a scale protocol"),
        ("[T1]\ndrawer = 1", "drawer must be true or false, got 1"),
        ("[T1]\npaper_width = 500", "paper_width must be a whole number of characters"),
        ('[T1]\npaper_width = "42"', "paper_width must be a whole number"),
        ('[T1]\nprinter = "none"\ndrawer = true', "drawer = true but no printer"),
        ('[T1]\nprinter = "file:/x"\ncolour = "red"', "unknown setting colour"),
        ('T1 = "file:/x"', "'T1' must be a table [T1]"),
        ("[T1]\nprinter = file", "tills.toml is not valid TOML"),
        ("[T1]\nprinter = 3", "printer must be a string in quotes"),
        (
            '[T1]\nprinter_charset = "big5"',
            "printer_charset must be one of gb18030, code-pages, got 'big5'",
        ),
    ],
)
def test_a_bad_entry_is_refused_with_a_sentence(text: str, sentence: str) -> None:
    with pytest.raises(ConfigError) as err:
        parse_tills(text, KNOWN)
    assert sentence in str(err.value)
