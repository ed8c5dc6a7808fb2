"""The ``ray`` engine: extraction on Ray actors, one per worker, each loading the models once.

Each actor holds a ``polemos.pipeline.Extractor`` (spaCy pipeline, gazetteer index and actor
graph, loaded when the actor starts) and turns batches of articles into event reports.  The
driver keeps reading inputs, deciding near-duplicates, writing to the store and merging, so
the events are exactly those of the local engine.  Writes are idempotent (content-hash
article ids; one article's reports are replaced atomically), so a batch that Ray retries
after an actor died, or that is given twice, duplicates nothing.

Without an address the engine starts a local Ray instance with one CPU per worker and shuts
it down afterwards; with ``auto`` or ``HOST:PORT`` it joins that cluster.  A Ray instance
already initialised in this process (a test, a notebook) is used and left running, and
its actors are kept for the next run with the same configuration.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from polemos.engine.base import ENGINES, Batch, BatchResult, EngineOptions
from polemos.engine.local import AHEAD_PER_WORKER, extract_batch
from polemos.errors import ResourceMissingError, UsageError
from polemos.pipeline import Extractor

LOCAL_RAY: dict[str, Any] = {"include_dashboard": False, "_node_ip_address": "127.0.0.1"}
"""How a local Ray instance is started: no dashboard, reachable on this machine only."""

ACTOR_RESTARTS = 2
"""How often Ray restarts a dead worker actor, retrying its unfinished batches."""

_POOLS: dict[str, list[Any]] = {}
"""Actors kept for the next run of this process with the same configuration, when Ray was
initialised by the caller (a test module, a notebook): models load once per session, not
once per run.  At most one pool is kept, so kept actors never hold CPUs a new pool needs."""


class ExtractorWorker:
    """Body of one Ray actor: an ``Extractor`` with every resource loaded at start."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.extractor = Extractor(config)
        self.extractor.warm_up()

    def ready(self) -> bool:
        return True

    def extract(self, batch: Batch) -> BatchResult:
        return extract_batch(self.extractor, batch)


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise ResourceMissingError(
            "the ray engine needs Ray, which is not installed",
            hint="pip install 'polemos[ray]'",
        ) from None
    return ray


class RayEngine:
    """Batches of articles spread over ``options.workers`` Ray actors."""

    name = "ray"

    def __init__(self, config: dict[str, Any], options: EngineOptions) -> None:
        self.config = config
        self.options = options
        self._ray: Any = None
        self._owns_ray = False
        self._actors: list[Any] = []

    def start(self) -> None:
        """Join or start Ray and create the actors (their models load in the background)."""
        self._ray = ray = _import_ray()
        if not ray.is_initialized():
            self._init(ray)
        key = self._pool_key()
        if key is not None and key in _POOLS:
            self._actors = _POOLS[key]
            return
        _drop_pools(ray)  # their CPUs are needed for this run's actors
        self._check_cpus(ray)
        remote = ray.remote(ExtractorWorker).options(
            num_cpus=1, max_restarts=ACTOR_RESTARTS, max_task_retries=ACTOR_RESTARTS
        )
        self._actors = [remote.remote(self.config) for _ in range(self.options.workers)]
        if key is not None:
            _POOLS[key] = self._actors

    def _check_cpus(self, ray: Any) -> None:
        """Refuse more workers than the cluster has CPUs (the actors would wait forever)."""
        cpus = int(ray.cluster_resources().get("CPU", 0))
        if cpus < self.options.workers:
            raise UsageError(
                f"the Ray cluster has {cpus} CPUs, fewer than the {self.options.workers} "
                "workers asked for",
                hint=f"use --workers {max(cpus, 1)} or add nodes to the cluster",
            )

    def _pool_key(self) -> str | None:
        """Key under which actors outlive this run: only in a Ray session the caller owns."""
        if self._owns_ray:
            return None
        context = self._ray.get_runtime_context()
        settings = json.dumps(_extraction_settings(self.config), sort_keys=True, default=str)
        return f"{context.get_node_id()}/{context.get_job_id()}/{self.options.workers}/{settings}"

    def _init(self, ray: Any) -> None:
        settings: dict[str, Any] = {"logging_level": logging.WARNING, "log_to_driver": False}
        address = self.options.address
        try:
            if address:
                ray.init(address=address, **settings)
            else:
                ray.init(num_cpus=self.options.workers, **LOCAL_RAY, **settings)
        except (ConnectionError, RuntimeError, ValueError) as error:
            where = f"the Ray cluster at {address}" if address else "a local Ray instance"
            raise UsageError(
                f"cannot start or join {where}: {error}",
                hint="start one with `ray start --head`, or leave out --address",
            ) from None
        self._owns_ray = True

    def extract(self, batches: Iterable[Batch]) -> Iterator[BatchResult]:
        """Keep every actor ``1 + AHEAD_PER_WORKER`` batches deep; yield as batches finish."""
        ray, source = self._ray, iter(batches)
        running: dict[Any, Any] = {}
        for actor in self._actors:
            for batch in islice(source, 1 + AHEAD_PER_WORKER):
                running[actor.extract.remote(batch)] = actor
        while running:
            done, _ = ray.wait(list(running), num_returns=1)
            actor = running.pop(done[0])
            result: BatchResult = ray.get(done[0])
            yield result
            for batch in islice(source, 1):
                running[actor.extract.remote(batch)] = actor

    def close(self) -> None:
        ray = self._ray
        if ray is None:
            return
        if self._pool_key() is None:
            for actor in self._actors:
                ray.kill(actor)
        self._actors = []
        if self._owns_ray:
            ray.shutdown()
            self._owns_ray = False


def _extraction_settings(config: dict[str, Any]) -> dict[str, Any]:
    """``config`` without the sections and keys that cannot change what an actor extracts."""
    kept = {k: v for k, v in config.items() if k not in _NOT_EXTRACTION}
    pipeline = {k: v for k, v in kept.get("pipeline", {}).items() if k not in _SCHEDULING}
    return {**kept, "pipeline": pipeline}


_NOT_EXTRACTION = frozenset({"store", "engine", "ingest", "merge"})
_SCHEDULING = frozenset({"workers", "batch_size"})


def _drop_pools(ray: Any) -> None:
    """Kill the actors kept from earlier runs."""
    for actors in _POOLS.values():
        for actor in actors:
            ray.kill(actor)
    _POOLS.clear()


@ENGINES.register("ray")
def ray_engine(config: dict[str, Any], options: EngineOptions) -> RayEngine:
    return RayEngine(config, options)
