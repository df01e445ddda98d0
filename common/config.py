"""Configuration: a TOML file plus environment overrides; every option has a default.

An override is named PREFIX_SECTION_KEY in capitals, e.g. STORELEDGER_HO_SYNC_BATCH_MAX=200
overrides [sync] batch_max in the head-office file. Values are parsed as the
type of the default, so a wrong type is refused with a sentence.
"""

from __future__ import annotations

import copy
import os
import tomllib
from pathlib import Path
from typing import Any

from common.errors import ConfigError
from common.files import write_private_text
from common.i18n import _


def load_config(
    path: Path | None,
    defaults: dict[str, dict[str, Any]],
    env_prefix: str,
    environ: dict[str, str] | None = None,
) -> dict[str, dict[str, Any]]:
    config = copy.deepcopy(defaults)
    if path is not None and path.exists():
        try:
            data = tomllib.loads(path.read_text())
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                _("configuration file {path} is not valid TOML: {error}").format(
                    path=path, error=exc
                )
            ) from exc
        for section, values in data.items():
            if section not in config or not isinstance(values, dict):
                raise ConfigError(
                    _("configuration file {path} has unknown section [{section}]").format(
                        path=path, section=section
                    )
                )
            for key, value in values.items():
                if key not in config[section]:
                    raise ConfigError(
                        _("configuration file {path} has unknown option {option}").format(
                            path=path, option=f"{section}.{key}"
                        )
                    )
                config[section][key] = _coerce(value, config[section][key], f"{section}.{key}")
    env = os.environ if environ is None else environ
    for section, values in config.items():
        for key, default in values.items():
            name = f"{env_prefix}_{section}_{key}".upper()
            if name in env:
                values[key] = _coerce(env[name], default, name)
    return config


def _coerce(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in {"1", "true", "yes", "on"}:
            return True
        if isinstance(value, str) and value.lower() in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(
            _("{setting} must be true or false, got {value}").format(
                setting=where, value=repr(value)
            )
        )
    if isinstance(default, int):
        try:
            if isinstance(value, float):
                raise ValueError
            return int(value)
        except (TypeError, ValueError):
            raise ConfigError(
                _("{setting} must be a whole number, got {value}").format(
                    setting=where, value=repr(value)
                )
            ) from None
    if isinstance(default, str):
        if isinstance(value, list):
            # A list for a text option (head office's addresses): its items, comma-separated.
            return ",".join(str(item) for item in value)
        return str(value)
    return value


def write_config(path: Path, config: dict[str, dict[str, Any]]) -> None:
    """Write a configuration file only its owner may read (0600, common.files)."""
    lines = []
    for section, values in config.items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            if isinstance(value, dict):
                continue  # a table of tables ([vouchers.platforms.NAME]) is written by hand
            if isinstance(value, bool):
                rendered = "true" if value else "false"
            elif isinstance(value, int):
                rendered = str(value)
            else:
                rendered = '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
            lines.append(f"{key} = {rendered}")
        lines.append("")
    write_private_text(path, "\n".join(lines))
