"""[vouchers] of headoffice.toml: the platforms head office redeems vouchers on.

    [vouchers.platforms.meituan]
    url = "https://..."        # the platform's (or the simulator's) base URL
    timeout_ms = 3000          # one call's limit; a timeout is retried with the same request id

Checked at start with a sentence naming the option; the adapters are built from it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from common.errors import ConfigError
from common.i18n import _

DEFAULTS: dict[str, Any] = {
    "platforms": {},
    # Reconcile today's redemptions of a platform once a call succeeds after it was down.
    "reconcile_on_reconnect": True,
}
MIN_TIMEOUT_MS, MAX_TIMEOUT_MS = 50, 60_000
DEFAULT_TIMEOUT_MS = 3_000
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class PlatformSettings:
    name: str
    url: str
    timeout_ms: int = DEFAULT_TIMEOUT_MS


def platform_settings(config: Mapping[str, Mapping[str, Any]]) -> list[PlatformSettings]:
    section = config.get("vouchers", {}).get("platforms", {})
    if not isinstance(section, Mapping):
        raise ConfigError(_("[vouchers] platforms must be a table of [vouchers.platforms.NAME]"))
    found = []
    for name, values in sorted(section.items()):
        where = f"vouchers.platforms.{name}"
        if not _NAME.match(name) or not isinstance(values, Mapping):
            raise ConfigError(
                _("[{where}]: a platform is named with a-z, 0-9 and _ and holds url and "
                  "timeout_ms").format(where=where)
            )  # fmt: skip
        unknown = sorted(set(values) - {"url", "timeout_ms"})
        if unknown:
            raise ConfigError(
                _("configuration has unknown option {option}").format(
                    option=f"{where}.{unknown[0]}"
                )
            )
        url = str(values.get("url", ""))
        if not url.startswith(("http://", "https://")):
            raise ConfigError(
                _("{setting} must be an http:// or https:// URL, got {value}").format(
                    setting=f"{where}.url", value=repr(url)
                )
            )
        timeout = values.get("timeout_ms", DEFAULT_TIMEOUT_MS)
        if (
            isinstance(timeout, bool)
            or not isinstance(timeout, int)
            or not (MIN_TIMEOUT_MS <= timeout <= MAX_TIMEOUT_MS)
        ):
            raise ConfigError(
                _("{setting} must be {low} to {high} milliseconds, got {value}").format(
                    setting=f"{where}.timeout_ms", low=MIN_TIMEOUT_MS, high=MAX_TIMEOUT_MS,
                    value=repr(timeout),
                )
            )  # fmt: skip
        found.append(PlatformSettings(name, url.rstrip("/"), timeout))
    return found
