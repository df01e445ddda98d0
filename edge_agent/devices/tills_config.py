"""E/tills.toml: which scanner, scale, printer and drawer each till has.

One table per till id; every key is optional and a till (or the whole file)
that is missing has no peripherals. A wrong entry is refused at agent start
with a sentence naming the till, the key and what is accepted.

    [T1]
    printer = "file:/dev/usb/lp0"      # | "serial:/dev/ttyS0[:baud]" | "network:host[:port]"
                                       # | "usb:VID:PID" (hex) | "none"
    scanner = "serial:/dev/ttyACM0"    # [:baud] | "none" (a keyboard wedge needs no entry)
    scale = "serial:/dev/ttyUSB0:9600" # | "none"
    scale_protocol = "mt-sics"
    drawer = true                      # a cash drawer on the printer's kick pin
    paper_width = 42                   # characters per line (a Chinese character takes two)
    printer_charset = "gb18030"        # | "code-pages": a printer without a Chinese font
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from common.errors import ConfigError
from common.i18n import _, ngettext
from edge_agent.devices.escpos_text import CHARSETS

TILLS_FILE = "tills.toml"
DEFAULT_BAUD = 9600
DEFAULT_NETWORK_PORT = 9100
PAPER_WIDTHS = range(24, 81)
_KEYS = {
    "printer",
    "scanner",
    "scale",
    "scale_protocol",
    "drawer",
    "paper_width",
    "printer_charset",
}


@dataclass(frozen=True)
class SerialPort:
    """A pyserial port: a device path or a pyserial URL such as loop://."""

    url: str
    baud: int = DEFAULT_BAUD


@dataclass(frozen=True)
class FileTarget:
    path: str


@dataclass(frozen=True)
class NetworkTarget:
    host: str
    port: int = DEFAULT_NETWORK_PORT


@dataclass(frozen=True)
class UsbTarget:
    vendor_id: int
    product_id: int


Connection = SerialPort | FileTarget | NetworkTarget | UsbTarget


@dataclass(frozen=True)
class TillDevicesConfig:
    till_id: str
    printer: Connection | None = None
    scanner: SerialPort | None = None
    scale: SerialPort | None = None
    scale_protocol: str = "mt-sics"
    drawer: bool = False
    paper_width: int = 42
    # How the printer is sent text: gb18030, a printer with a Chinese font (Chinese character
    # mode for Chinese, code pages for the rest), or code-pages only (devices.escpos_text).
    charset: str = CHARSETS[0]
    printer_text: str = "none"
    scanner_text: str = "none"
    scale_text: str = "none"


def parse_serial(text: str, where: str) -> SerialPort:
    """'serial:/dev/ttyUSB0[:baud]' (the part after 'serial:' may be a pyserial URL)."""
    rest = text.removeprefix("serial:")
    if not rest:
        raise ConfigError(
            _("{setting} = {value} names no port; write e.g. serial:/dev/ttyUSB0:9600").format(
                setting=where, value=repr(text)
            )
        )
    port, sep, baud = rest.rpartition(":")
    if sep and baud.isdigit() and port:
        if int(baud) <= 0:
            raise ConfigError(
                _("{setting} = {value}: the baud rate must be positive").format(
                    setting=where, value=repr(text)
                )
            )
        return SerialPort(port, int(baud))
    return SerialPort(rest)


def parse_printer(text: str, where: str) -> Connection | None:
    kind, _colon, rest = text.partition(":")
    if text == "none":
        return None
    if kind == "file" and rest:
        return FileTarget(rest)
    if kind == "serial":
        return parse_serial(text, where)
    if kind == "network" and rest:
        host, sep, port = rest.rpartition(":")
        if sep and port.isdigit() and host:
            return NetworkTarget(host.strip("[]"), int(port))
        if sep and not rest.startswith("["):
            raise ConfigError(
                _("{setting} = {value}: the port after the host must be a number").format(
                    setting=where, value=repr(text)
                )
            )
        return NetworkTarget(rest.strip("[]"))
    if kind == "usb":
        vid, _colon, pid = rest.partition(":")
        try:
            return UsbTarget(int(vid, 16), int(pid, 16))
        except ValueError:
            raise ConfigError(
                _(
                    "{setting} = {value}: a USB printer is usb:VID:PID in hex, e.g. usb:04b8:0e15"
                ).format(setting=where, value=repr(text))
            ) from None
    raise ConfigError(
        _(
            "{setting} = {value} is not a printer; use file:PATH, serial:PORT[:BAUD], "
            "network:HOST[:PORT], usb:VID:PID or none"
        ).format(setting=where, value=repr(text))
    )


def _serial_or_none(text: str, where: str, device: str) -> SerialPort | None:
    if text == "none":
        return None
    if not text.startswith("serial:"):
        if device == "scanner":
            sentence = _(
                "{setting} = {value}: a scanner is serial:PORT[:BAUD] or none (a keyboard-wedge "
                "scanner needs no entry)"
            )
        else:
            sentence = _("{setting} = {value}: a scale is serial:PORT[:BAUD] or none")
        raise ConfigError(sentence.format(setting=where, value=repr(text)))
    return parse_serial(text, where)


def _string(table: dict, key: str, till: str) -> str:
    value = table.get(key, "none")
    if not isinstance(value, str):
        raise ConfigError(
            _("tills.toml [{till}] {key} must be a string in quotes, got {value}").format(
                till=till, key=key, value=repr(value)
            )
        )
    return value.strip()


def parse_till(till_id: str, table: object, known_protocols: frozenset[str]) -> TillDevicesConfig:
    if not isinstance(table, dict):
        raise ConfigError(
            _("tills.toml: {name} must be a table [{till}] of device settings, got {value}").format(
                name=repr(till_id), till=till_id, value=repr(table)
            )
        )
    unknown = sorted(set(table) - _KEYS)
    if unknown:
        raise ConfigError(
            ngettext(
                "tills.toml [{till}] has an unknown setting {unknown}; known: {known}",
                "tills.toml [{till}] has unknown settings {unknown}; known: {known}",
                len(unknown),
            ).format(till=till_id, unknown=", ".join(unknown), known=", ".join(sorted(_KEYS)))
        )
    where = f"tills.toml [{till_id}]"
    printer_text = _string(table, "printer", till_id)
    scanner_text = _string(table, "scanner", till_id)
    scale_text = _string(table, "scale", till_id)
    protocol = table.get("scale_protocol", "mt-sics")
    if protocol not in known_protocols:
        raise ConfigError(
            _(
                "{where} scale_protocol = {value} is not a scale protocol this agent knows; "
                "known: {known}"
            ).format(where=where, value=repr(protocol), known=", ".join(sorted(known_protocols)))
        )
    drawer = table.get("drawer", False)
    if not isinstance(drawer, bool):
        raise ConfigError(
            _("{where} drawer must be true or false, got {value}").format(
                where=where, value=repr(drawer)
            )
        )
    width = table.get("paper_width", 42)
    if isinstance(width, bool) or not isinstance(width, int) or width not in PAPER_WIDTHS:
        raise ConfigError(
            _(
                "{where} paper_width must be a whole number of characters from {low} to {high}, "
                "got {value}"
            ).format(
                where=where,
                low=PAPER_WIDTHS.start,
                high=PAPER_WIDTHS.stop - 1,
                value=repr(width),
            )
        )
    charset = table.get("printer_charset", CHARSETS[0])
    if charset not in CHARSETS:
        raise ConfigError(
            _("{where} printer_charset must be one of {charsets}, got {value}").format(
                where=where, charsets=", ".join(CHARSETS), value=repr(charset)
            )
        )
    printer = parse_printer(printer_text, f"{where} printer")
    if drawer and printer is None:
        raise ConfigError(
            _(
                "{where} has drawer = true but no printer; the drawer opens through the "
                "printer's kick pin, so name the printer too"
            ).format(where=where)
        )
    return TillDevicesConfig(
        till_id=till_id,
        printer=printer,
        scanner=_serial_or_none(scanner_text, f"{where} scanner", "scanner"),
        scale=_serial_or_none(scale_text, f"{where} scale", "scale"),
        scale_protocol=protocol,
        drawer=drawer,
        paper_width=width,
        charset=charset,
        printer_text=printer_text,
        scanner_text=scanner_text,
        scale_text=scale_text,
    )


def parse_tills(text: str, known_protocols: frozenset[str]) -> dict[str, TillDevicesConfig]:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_("tills.toml is not valid TOML: {error}").format(error=exc)) from exc
    return {till: parse_till(till, table, known_protocols) for till, table in data.items()}


def load_tills(data_dir: Path, known_protocols: frozenset[str]) -> dict[str, TillDevicesConfig]:
    """Every till's devices from data_dir/tills.toml; no file means no peripherals anywhere."""
    path = data_dir / TILLS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(
            _("cannot read {path}: {error}").format(path=path, error=exc.strerror)
        ) from exc
    return parse_tills(text, known_protocols)
