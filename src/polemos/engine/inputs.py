"""Inputs at scale: glob patterns, and skipping what a store already holds (``--resume``).

Directories are read recursively in sorted order (``polemos.ingest``); a path that does not
exist but contains ``*``, ``?`` or ``[`` is expanded as a glob (``**`` recursive), so a
quoted ``'shards/*.jsonl'`` works as well as one the shell expanded.  When resuming,
records of JSONL files whose ``id`` is already stored are blanked out before parsing and
cleaning (line numbers and byte offsets stay as they were), and any other article whose
content-hash id is stored is skipped without the per-article database look-ups.
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from polemos.errors import InputError
from polemos.ingest import iter_inputs
from polemos.ingest.build import Settings, rejection
from polemos.ingest.readers import read_jsonl
from polemos.models import Article, Rejection
from polemos.store.base import Store

_GLOB_CHARACTERS = frozenset("*?[")


def expand_paths(paths: Sequence[Path | str]) -> Iterator[Path | Rejection]:
    """Each given path, with glob patterns replaced by their matches in sorted order."""
    for given in paths:
        text = str(given)
        if Path(text).exists() or not _GLOB_CHARACTERS & set(text):
            yield Path(text)
            continue
        matches = sorted(glob.glob(text, recursive=True))
        if not matches:
            yield Rejection(origin=text, code="unreadable", reason="no file matches this pattern")
        yield from (Path(match) for match in matches)


def stored_ids(store: Store) -> set[str]:
    """Every article id in ``store`` (one query; what ``--resume`` skips)."""
    return {str(row["id"]) for row in store.query("SELECT id FROM articles")}


class Skipped:
    """Counts the records skipped because their article is already stored."""

    def __init__(self) -> None:
        self.count = 0


def iter_items(
    paths: Sequence[Path | str],
    config: dict[str, Any],
    published: date | None = None,
    known: set[str] | None = None,
    skipped: Skipped | None = None,
) -> Iterator[Article | Rejection]:
    """Articles and rejections of ``paths``; with ``known``, stored articles are skipped."""
    skipped = skipped or Skipped()
    settings = Settings.from_config(config, published)
    for path in expand_paths(paths):
        if isinstance(path, Rejection):
            yield path
            continue
        for item in _read(path, config, settings, known, skipped):
            if known is not None and isinstance(item, Article) and item.id in known:
                skipped.count += 1
            else:
                yield item


def _read(
    path: Path, config: dict[str, Any], settings: Settings, known: set[str] | None,
    skipped: Skipped,
) -> Iterator[Article | Rejection]:  # fmt: skip
    if known is None or not path.is_file() or not path.name.lower().endswith(".jsonl"):
        yield from iter_inputs([path], published=settings.published, config=config)
        return
    try:
        data = path.read_bytes() if path.stat().st_size <= settings.max_bytes else None
    except OSError:
        data = None
    if data is None:  # the reader rejects it with the right reason
        yield from iter_inputs([path], published=settings.published, config=config)
        return
    remaining, count = blank_known_records(data, known)
    skipped.count += count
    if count and not remaining.strip():
        return
    try:
        yield from read_jsonl(remaining, str(path), settings)
    except InputError as error:
        yield rejection(error)


def blank_known_records(data: bytes, known: set[str]) -> tuple[bytes, int]:
    """``data`` with each JSONL line whose ``id`` is in ``known`` replaced by spaces.

    Lines keep their length, so line numbers and byte offsets of the others do not move;
    lines that are not valid records are left for the reader to reject.
    """
    lines = data.split(b"\n")
    count = 0
    for number, line in enumerate(lines):
        if _record_id(line) in known:
            lines[number] = b" " * len(line)
            count += 1
    return b"\n".join(lines), count


def _record_id(line: bytes) -> str | None:
    if not line.strip():
        return None
    try:
        record = json.loads(line)
    except ValueError:
        return None
    if not isinstance(record, dict):
        return None
    value = record.get("id")
    if isinstance(value, bool) or not isinstance(value, str | int):
        return None
    return str(value)
