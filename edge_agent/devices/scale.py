"""Scales for goods sold by weight: a pluggable answer parser and a serial scale.

The protocol shipped is Mettler Toledo MT-SICS (level 0), spoken by most
retail and bench scales with a serial port: the agent sends "SI" (send the
weight immediately) and the scale answers one line, "S S     0.250 kg" when
steady or "S D     0.248 kg" while moving. Another protocol is one class with
`name`, `request` and `parse` added to SCALE_PROTOCOLS; tills.toml picks it by
`scale_protocol`. Weights are integer grams, parsed from the decimal text
without floats.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import serial

from common.errors import ConfigError
from edge_agent.devices.errors import (
    SERIAL_ERRORS,
    SERIAL_OPEN_ERRORS,
    DeviceUnavailable,
    ScaleAnswerGarbled,
    ScaleBusy,
    ScaleNoAnswer,
    ScaleNotSteady,
    ScaleOutOfRange,
)
from edge_agent.devices.tills_config import SerialPort

DEFAULT_TIMEOUT_S = 2.0
_DECIMAL = re.compile(r"^([+-]?)(\d+)(?:\.(\d*))?$")
_GRAM_EXPONENT = {"g": 0, "kg": 3, "mg": -3}


@dataclass(frozen=True)
class WeightReading:
    weight_g: int
    stable: bool

    def kg_text(self) -> str:
        kg, g = divmod(abs(self.weight_g), 1000)
        return f"{'-' if self.weight_g < 0 else ''}{kg}.{g:03d} kg"


def grams(value: str, unit: str) -> int:
    """'0.250' kg -> 250; '12.5' g -> 13 (halves away from zero); no floats on the way."""
    match = _DECIMAL.match(value)
    if match is None or unit not in _GRAM_EXPONENT:
        raise ValueError(f"{value} {unit}")
    sign, whole, frac = match.group(1), match.group(2), match.group(3) or ""
    digits = int(whole + frac)  # the value times 10**len(frac)
    shift = _GRAM_EXPONENT[unit] - len(frac)
    if shift >= 0:
        result = digits * 10**shift
    else:
        result, remainder = divmod(digits, 10**-shift)
        if 2 * remainder >= 10**-shift:
            result += 1
    return -result if sign == "-" else result


class ScaleProtocol(Protocol):
    name: str
    request: bytes

    def parse(self, answer: str, scale_name: str) -> WeightReading:
        """One answer line (without CR/LF) to a reading, or a ScaleReadingRefused sentence."""
        ...


class MtSics:
    """MT-SICS level 0, command SI: 'S S|D <value> <unit>', 'S I', 'S +', 'S -', 'ES/ET/EL'."""

    name = "mt-sics"
    request = b"SI\r\n"

    def parse(self, answer: str, scale_name: str) -> WeightReading:
        fields = answer.split()
        if fields[:2] == ["S", "I"]:
            raise ScaleBusy(f"{scale_name} is busy (taring or zeroing); try again in a moment")
        if fields[:2] == ["S", "+"]:
            raise ScaleOutOfRange(f"{scale_name} is overloaded; take some goods off the scale")
        if fields[:2] == ["S", "-"]:
            raise ScaleOutOfRange(f"{scale_name} reads below zero; zero the empty scale")
        if len(fields) == 4 and fields[0] == "S" and fields[1] in ("S", "D"):
            try:
                weight_g = grams(fields[2], fields[3])
            except ValueError:
                pass
            else:
                return WeightReading(weight_g, fields[1] == "S")
        if fields[:1] in (["ES"], ["ET"], ["EL"]):
            raise ScaleAnswerGarbled(
                f"{scale_name} refused the weight request ({fields[0]}); is it set to MT-SICS?"
            )
        raise ScaleAnswerGarbled(
            f"{scale_name} answered {answer!r}, which is not an MT-SICS weight in g or kg; "
            "check scale_protocol in tills.toml and the scale's unit"
        )


SCALE_PROTOCOLS: dict[str, ScaleProtocol] = {MtSics.name: MtSics()}


def scale_protocol(name: str) -> ScaleProtocol:
    try:
        return SCALE_PROTOCOLS[name]
    except KeyError:
        raise ConfigError(
            f"scale protocol {name!r} is unknown; known: {', '.join(sorted(SCALE_PROTOCOLS))}"
        ) from None


class Scale(Protocol):
    configured: str

    def read_weight(self) -> WeightReading: ...

    def close(self) -> None: ...


def steady_weight(scale: Scale) -> WeightReading:
    """A reading fit to sell by: refuses one that is still moving."""
    reading = scale.read_weight()
    if not reading.stable:
        raise ScaleNotSteady(
            f"the scale is not steady yet ({reading.kg_text()}, moving); wait for it to settle"
        )
    return reading


class SerialScale:
    """A scale on a serial port: one request, one answer line, within a timeout."""

    def __init__(
        self,
        name: str,
        port: SerialPort,
        protocol: ScaleProtocol,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        open_port: Callable[..., Any] = serial.serial_for_url,
    ) -> None:
        self.name = name
        self.configured = f"serial:{port.url}:{port.baud}"
        self._port = port
        self._protocol = protocol
        self._timeout_s = timeout_s
        self._open_port = open_port
        self._serial: Any = None
        self._lock = threading.Lock()

    def _opened(self) -> Any:
        if self._serial is None:
            try:
                self._serial = self._open_port(
                    self._port.url,
                    baudrate=self._port.baud,
                    timeout=self._timeout_s,
                    write_timeout=self._timeout_s,
                )
            except SERIAL_OPEN_ERRORS as exc:
                raise DeviceUnavailable(
                    f"{self.name} cannot be opened ({exc}); check the cable and tills.toml, "
                    "or type the weight in grams"
                ) from exc
        return self._serial

    def read_weight(self) -> WeightReading:
        with self._lock:
            port = self._opened()
            try:
                port.reset_input_buffer()
                port.write(self._protocol.request)
                port.flush()
                answer = port.read_until(b"\n")
            except SERIAL_ERRORS as exc:
                self._drop()
                raise DeviceUnavailable(
                    f"{self.name} went away ({exc}); check the cable, or type the weight in grams"
                ) from exc
            if not answer.endswith(b"\n"):
                raise ScaleNoAnswer(
                    f"{self.name} did not answer within {self._timeout_s:g} s; "
                    "check it is switched on and its cable is in, or type the weight in grams"
                )
            text = answer.decode("ascii", errors="replace").strip()
            return self._protocol.parse(text, self.name)

    def _drop(self) -> None:
        if self._serial is not None:
            # The port may already be gone; closing it is only tidying up.
            with contextlib.suppress(*SERIAL_ERRORS):
                self._serial.close()
            self._serial = None

    def close(self) -> None:
        with self._lock:
            self._drop()
