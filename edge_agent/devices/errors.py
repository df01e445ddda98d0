"""Errors from the till's peripherals; str() names the till and the device, as a sentence.

StoreLedgerError (common)
├── ConfigError (common)           E/tills.toml names a device wrongly (agent start refuses)
└── DeviceError                    a peripheral cannot do what was asked
    ├── DeviceNotConfigured        tills.toml gives this till no such device  -> NOT_FOUND
    ├── DeviceUnavailable          the port is missing, will not open, or vanished -> FAILED_PRECONDITION
    │   └── ScaleNoAnswer          the scale said nothing within the timeout  -> FAILED_PRECONDITION
    ├── ScaleReadingRefused        the scale answered, but not with a usable weight -> FAILED_PRECONDITION
    │   ├── ScaleNotSteady         the weight is still moving (MT-SICS "S D")
    │   ├── ScaleBusy              the scale is busy taring or zeroing ("S I")
    │   ├── ScaleOutOfRange        overload or underload ("S +", "S -")
    │   └── ScaleAnswerGarbled     an answer the configured protocol cannot read
    └── PrinterFailed              the printer or drawer refused or broke off (the hub turns
                                   this into a PrintResult warning; it never reaches a sale)

Library errors (pyserial, python-escpos, OSError) become these at the adapter
edge with `raise ... from exc`.
"""

import termios

import serial

from common.errors import NotFound, Refused

# What a serial port can raise as it fails: pyserial's own error (an OSError),
# the OS, and termios, whose error is not an OSError (tcdrain/tcflush on a pty
# whose far end has gone answer EIO that way).
SERIAL_ERRORS: tuple[type[BaseException], ...] = (serial.SerialException, OSError, termios.error)
# Opening also refuses a malformed port name or URL with ValueError.
SERIAL_OPEN_ERRORS: tuple[type[BaseException], ...] = (*SERIAL_ERRORS, ValueError)


class DeviceError(Refused):
    pass


class DeviceNotConfigured(DeviceError, NotFound):
    pass


class DeviceUnavailable(DeviceError):
    pass


class ScaleNoAnswer(DeviceUnavailable):
    pass


class ScaleReadingRefused(DeviceError):
    pass


class ScaleNotSteady(ScaleReadingRefused):
    pass


class ScaleBusy(ScaleReadingRefused):
    pass


class ScaleOutOfRange(ScaleReadingRefused):
    pass


class ScaleAnswerGarbled(ScaleReadingRefused):
    pass


class PrinterFailed(DeviceError):
    pass
