"""The bundled sample articles and the demo run over them."""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

from polemos.models import Event
from polemos.runner import RunSummary, run
from polemos.store import open_store


def samples_path() -> Path:
    """Directory holding the bundled sample inputs."""
    return Path(str(resources.files("polemos.data").joinpath("samples")))


def run_demo(config: dict[str, Any], db: str | None = None) -> tuple[RunSummary, list[Event]]:
    """Run the whole pipeline on the samples into ``db`` (a fresh temporary one by default)."""
    with tempfile.TemporaryDirectory(prefix="polemos-demo-") as tmp:
        store = open_store(db or str(Path(tmp) / "demo.db"))
        try:
            summary = run(store, [samples_path()], config)
            return summary, list(store.iter_events())
        finally:
            store.close()
