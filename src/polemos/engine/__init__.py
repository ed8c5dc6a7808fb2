"""Execution engines: where extraction runs (``local`` processes or a ``ray`` cluster)."""

from polemos.engine import local, ray_engine
from polemos.engine.base import (
    ENGINES,
    Batch,
    BatchResult,
    Engine,
    EngineOptions,
    engine_name,
    engine_options,
    open_engine,
)

__all__ = [
    "ENGINES",
    "Batch",
    "BatchResult",
    "Engine",
    "EngineOptions",
    "engine_name",
    "engine_options",
    "local",
    "open_engine",
    "ray_engine",
]
