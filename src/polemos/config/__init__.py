"""Configuration: the commented default file, env overrides and ``--set`` overrides."""

from __future__ import annotations

import copy
import json
import os
import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from polemos.errors import ConfigError

ENV_PREFIX = "POLEMOS_"


def default_config() -> dict[str, Any]:
    """The bundled ``default.toml`` as a dict."""
    text = resources.files("polemos.config").joinpath("default.toml").read_text("utf-8")
    return tomllib.loads(text)


def _parse_value(raw: str, current: Any) -> Any:
    """Parse an override string into the type of the value it replaces."""
    if isinstance(current, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off"}:
            return False
        raise ConfigError(f"expected true/false, got {raw!r}")
    if isinstance(current, int | float | list):
        try:
            value = json.loads(raw)
        except json.JSONDecodeError:
            if isinstance(current, list):
                return [item.strip() for item in raw.split(",") if item.strip()]
            raise ConfigError(f"expected a number, got {raw!r}") from None
        if isinstance(value, bool) or (isinstance(current, int) and isinstance(value, float)):
            raise ConfigError(f"expected {type(current).__name__}, got {raw!r}")
        if isinstance(current, float) and isinstance(value, int):
            value = float(value)
        if not isinstance(value, type(current)):
            raise ConfigError(f"expected {type(current).__name__}, got {raw!r}")
        return value
    return raw


def _apply(config: dict[str, Any], dotted: str, raw: str, origin: str) -> None:
    parts = dotted.lower().split(".")
    if len(parts) != 2:
        raise ConfigError(f"{origin}: key {dotted!r} must look like section.key")
    section, key = parts
    if section not in config or key not in config[section]:
        raise ConfigError(f"{origin}: unknown configuration key {dotted!r}")
    try:
        config[section][key] = _parse_value(raw, config[section][key])
    except ConfigError as error:
        raise ConfigError(f"{origin}: {dotted}: {error.message}") from None


def load_config(
    path: Path | None = None,
    overrides: Iterable[str] = (),
    environ: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Defaults, then ``path`` (a TOML file), then env variables, then ``--set`` items."""
    config = copy.deepcopy(default_config())
    if path is not None:
        _merge_file(config, path)
    env = os.environ if environ is None else environ
    for name, raw in sorted(env.items()):
        if name.startswith(ENV_PREFIX) and "__" in name:
            dotted = name[len(ENV_PREFIX) :].replace("__", ".", 1)
            section = dotted.split(".", 1)[0].lower()
            if section in config:
                _apply(config, dotted, raw, f"environment variable {name}")
    for item in overrides:
        key, sep, raw = item.partition("=")
        if not sep:
            raise ConfigError(f"--set {item!r}: expected section.key=value")
        _apply(config, key.strip(), raw, "--set")
    return config


def _checked(value: Any, current: Any, where: str) -> Any:
    """``value`` if it has the type of the default it replaces (an int may stand for a float)."""
    if isinstance(current, float) and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if type(value) is not type(current):
        expected, got = type(current).__name__, type(value).__name__
        raise ConfigError(f"{where}: expected {expected}, got {got} {value!r}")
    return value


def _merge_file(config: dict[str, Any], path: Path) -> None:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read configuration: {error}") from None
    for section, values in data.items():
        if section not in config or not isinstance(values, dict):
            raise ConfigError(f"{path}: unknown section [{section}]")
        for key, value in values.items():
            if key not in config[section]:
                raise ConfigError(f"{path}: unknown key {section}.{key}")
            config[section][key] = _checked(value, config[section][key], f"{path}: {section}.{key}")
