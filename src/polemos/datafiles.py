"""Reading the YAML data files users edit (actors, sources): one top-level list each; and
where Polemos keeps what it builds on first use (gazetteer index, models, encoders)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from polemos.errors import ConfigError


def yaml_list(text: str, where: str, key: str) -> list[Any]:
    """The list under top-level ``key`` of a YAML document; ConfigError naming ``where``."""
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        raise ConfigError(f"{where}: invalid YAML: {error}") from None
    items = data.get(key) if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise ConfigError(f"{where}: expected a top-level '{key}' list")
    return items


def user_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/polemos`` (or ``~/.cache/polemos``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "polemos"
