"""The ``Engine`` interface: where extraction runs (this machine's processes, a Ray cluster).

The driver (``polemos.runner``) keeps every decision that depends on order or on the whole
store: reading inputs, the near-duplicate check, database writes and merging.  An engine
only turns batches of articles into event reports, which is deterministic per article, so
every engine gives the same events for the same input.  Engines are registered by name in
``ENGINES``; ``open_engine`` starts one and always shuts it down.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from polemos.graph import RelationRecord
from polemos.models import Article, Event
from polemos.registry import Registry

Batch = list[Article]
BatchResult = list[tuple[str, list[Event], list[RelationRecord]]]
"""``(article_id, reports, relation claims)`` for every article of one batch."""


@dataclass(frozen=True)
class EngineOptions:
    """How many extraction workers, and which cluster (Ray: ``auto`` or ``HOST:PORT``)."""

    workers: int = 1
    address: str | None = None


class Engine(Protocol):
    """Runs the pipeline's ``Extractor`` over batches of articles."""

    name: str
    options: EngineOptions

    def start(self) -> None:
        """Begin starting workers; may return before they have loaded their models."""

    def extract(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        """Reports of every article of every batch.

        ``batches`` is pulled lazily, a few batches ahead of the workers, so the caller
        may produce them while earlier ones are extracted.  Results come in completion
        order.  A batch given twice is extracted twice (writes are idempotent).
        """

    def close(self) -> None:
        """Stop the workers (and a cluster this engine started)."""


EngineFactory = Callable[[dict[str, Any], EngineOptions], Engine]
ENGINES: Registry[EngineFactory] = Registry("engine")


def engine_options(config: dict[str, Any], workers: int | None = None,
                   address: str | None = None) -> EngineOptions:  # fmt: skip
    """Options from the arguments, falling back to ``[pipeline] workers``/``[engine] address``."""
    configured = config.get("engine", {}).get("address") or None
    return EngineOptions(
        workers=workers or int(config["pipeline"]["workers"]), address=address or configured
    )


def engine_name(config: dict[str, Any], name: str | None = None) -> str:
    """``name``, or the configured ``[engine] name`` (``local`` by default); checked."""
    chosen = name or str(config.get("engine", {}).get("name") or "local")
    ENGINES.get(chosen)
    return chosen


@contextmanager
def open_engine(name: str, config: dict[str, Any], options: EngineOptions) -> Iterator[Engine]:
    """The registered engine ``name``, started; closed on exit, also after an error."""
    engine = ENGINES.get(name)(config, options)
    try:
        engine.start()
        yield engine
    finally:
        engine.close()
