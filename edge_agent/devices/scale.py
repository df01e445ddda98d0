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
from common.i18n import Phrase, _
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

    def parse(self, answer: str, scale_name: str | Phrase) -> WeightReading:
        """One answer line (without CR/LF) to a reading, or a ScaleReadingRefused sentence."""
        ...


class MtSics:
    """MT-SICS level 0, command SI: 'S S|D <value> <unit>', 'S I', 'S +', 'S -', 'ES/ET/EL'."""

    name = "mt-sics"
    request = b"SI\r\n"

    def parse(self, answer: str, scale_name: str | Phrase) -> WeightReading:
        fields = answer.split()
        if fields[:2] == ["S", "I"]:
            raise ScaleBusy(
                _("{scale} is busy (taring or zeroing); try again in a moment").format(
                    scale=scale_name
                )
            )
        if fields[:2] == ["S", "+"]:
            raise ScaleOutOfRange(
                _("{scale} is overloaded; take some goods off the scale").format(scale=scale_name)
            )
        if fields[:2] == ["S", "-"]:
            raise ScaleOutOfRange(
                _("{scale} reads below zero; zero the empty scale").format(scale=scale_name)
            )
        if len(fields) == 4 and fields[0] == "S" and fields[1] in ("S", "D"):
            try:
                weight_g = grams(fields[2], fields[3])
            except ValueError:
                pass
            else:
                return WeightReading(weight_g, fields[1] == "S")
        if fields[:1] in (["ES"], ["ET"], ["EL"]):
            raise ScaleAnswerGarbled(
                _("{scale} refused the weight request ({code}); is it set to MT-SICS?").format(
                    scale=scale_name, code=fields[0]
                )
            )
        raise ScaleAnswerGarbled(
            _(
                "{scale} answered {answer}, which is not an MT-SICS weight in g or kg; check "
                "scale_protocol in tills.toml and the scale's unit"
            ).format(scale=scale_name, answer=repr(answer))
        )


SCALE_PROTOCOLS: dict[str, ScaleProtocol] = {MtSics.name: MtSics()}


def scale_protocol(name: str) -> ScaleProtocol:
    try:
        return SCALE_PROTOCOLS[name]
    except KeyError:
        raise ConfigError(
            _("scale protocol {name} is unknown; known: {known}").format(
                name=repr(name), known=", ".join(sorted(SCALE_PROTOCOLS))
            )
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
            _("the scale is not steady yet ({weight}, moving); wait for it to settle").format(
                weight=reading.kg_text()
            )
        )
    return reading


class SerialScale:
    """A scale on a serial port: one request, one answer line, within a timeout."""

    def __init__(
        self,
        name: str | Phrase,  # "the scale of till T1 (serial:...)", said in the reader's language
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
                    _(
                        "{scale} cannot be opened ({error}); check the cable and tills.toml, or "
                        "type the weight in grams"
                    ).format(scale=self.name, error=exc)
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
                    _(
                        "{scale} went away ({error}); check the cable, or type the weight in grams"
                    ).format(scale=self.name, error=exc)
                ) from exc
            if not answer.endswith(b"\n"):
                raise ScaleNoAnswer(
                    _(
                        "{scale} did not answer within {seconds} s; check it is switched on and "
                        "its cable is in, or type the weight in grams"
                    ).format(scale=self.name, seconds=f"{self._timeout_s:g}")
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
