"""``iter_inputs``: files and directories in, ``Article`` or ``Rejection`` out."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from polemos.errors import InputError
from polemos.ingest.build import Meta, Settings, decode_text, make_article, parse_date, rejection
from polemos.ingest.web import Item, read_feed, read_html, read_warc
from polemos.models import Article, DateSource, Rejection

Reader = Callable[[bytes, str, Settings], Iterator[Item]]


def read_plain(data: bytes, origin: str, settings: Settings) -> Iterator[Item]:
    """One article from a ``.txt``/``.md`` file, text exactly as given."""
    text = decode_text(data, origin)
    if not text.strip():
        raise InputError(origin, "file is empty or whitespace only", code="empty")
    fmt = "md" if origin.lower().endswith(".md") else "txt"
    yield make_article(text, origin=origin, fmt=fmt, meta=Meta(), settings=settings)


def _jsonl_meta(record: dict[str, Any], origin: str) -> Meta:
    """The ``Meta`` of one gold-format JSONL record; raises ``InputError``."""
    article_id, text, meta = record.get("id"), record.get("text"), record.get("meta") or {}
    if not isinstance(article_id, str | int) or isinstance(article_id, bool) or article_id == "":
        raise InputError(origin, "record has no 'id' (string)", code="malformed")
    if not isinstance(text, str):
        raise InputError(origin, "record has no 'text' (string)", code="malformed")
    if not isinstance(meta, dict):
        raise InputError(origin, "'meta' is not an object", code="malformed")
    raw_date = meta.get("published")
    published = parse_date(str(raw_date), origin, "meta.published") if raw_date else None
    return Meta(
        article_id=str(article_id),
        url=_str_or_none(meta.get("url")),
        source=_str_or_none(meta.get("source")),
        title=_str_or_none(meta.get("title")),
        published=published,
        published_from=DateSource.METADATA if published else DateSource.NONE,
    )


def _str_or_none(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _jsonl_line(line: bytes, offset: int, origin: str, settings: Settings) -> Item:
    """The article of one JSONL line, or its rejection."""
    try:
        record = json.loads(decode_text(line, origin, offset=offset))
    except json.JSONDecodeError as error:
        reason = f"malformed JSON line ({error.msg} at column {error.colno})"
        raise InputError(origin, reason, code="malformed") from None
    if not isinstance(record, dict):
        raise InputError(origin, "JSON line is not an object", code="malformed")
    meta = _jsonl_meta(record, origin)
    return make_article(record["text"], origin=origin, fmt="jsonl", meta=meta, settings=settings)


def read_jsonl(data: bytes, origin: str, settings: Settings) -> Iterator[Item]:
    """One article per line; a bad line is rejected and the others still ingest."""
    if b"\x00" in data:
        raise InputError(origin, "binary file (NUL bytes), not JSONL", code="binary")
    if not data.strip():
        raise InputError(origin, "file is empty or whitespace only", code="empty")
    offset = 0
    for number, line in enumerate(data.split(b"\n"), start=1):
        where = f"{origin}:{number}"
        if line.strip():
            try:
                yield _jsonl_line(line, offset, where, settings)
            except InputError as error:
                yield _line_rejection(error, number)
        offset += len(line) + 1


def _line_rejection(error: InputError, number: int) -> Rejection:
    return Rejection(origin=error.origin, code=error.code, reason=f"line {number}: {error.reason}")


READERS: dict[str, Reader] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".jsonl": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
    ".rss": read_feed,
    ".atom": read_feed,
    ".xml": read_feed,
}
"""Readers by file extension (lowercase, longest match wins)."""


def reader_for(path: Path) -> Reader | None:
    """The reader for ``path``'s extension, or None when unsupported."""
    name = path.name.lower()
    matches = [ext for ext in READERS if name.endswith(ext)]
    return READERS[max(matches, key=len)] if matches else None


def _expand(path: Path) -> Iterator[Path | Rejection]:
    """``path`` itself, or the files under a directory in sorted order."""
    if path.is_dir():
        try:
            children = sorted(p for p in path.rglob("*") if not _hidden(p, path))
        except OSError as error:
            yield _unreadable(path, f"directory cannot be listed ({error.strerror or error})")
            return
        yield from (child for child in children if not child.is_dir())
    elif path.exists() or path.is_symlink():
        yield path
    else:
        yield _unreadable(path, "no such file or directory")


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _unreadable(path: Path, reason: str) -> Rejection:
    return Rejection(origin=str(path), code="unreadable", reason=reason)


def _read_bytes(path: Path, settings: Settings) -> bytes:
    """The file's bytes; raises ``InputError`` when unreadable or too large."""
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > settings.max_bytes:
            reason = f"file is {size} bytes, over max_bytes ({settings.max_bytes})"
            raise InputError(origin, reason, code="too_large")
        return path.read_bytes()
    except OSError as error:
        raise InputError(origin, f"cannot read file ({error.strerror or error})") from None


def read_file(path: Path, settings: Settings) -> Iterator[Item]:
    """Articles and rejections of one file; never raises."""
    origin = str(path)
    reader = reader_for(path)
    if reader is None:
        reason = f"unsupported file type {path.suffix or '(no extension)'!r}"
        yield Rejection(origin=origin, code="unsupported", reason=reason)
        return
    try:
        yield from reader(_read_bytes(path, settings), origin, settings)
    except InputError as error:
        yield rejection(error)
    except Exception as error:  # noqa: BLE001 - bad input must never stop ingestion
        reason = f"unexpected error while reading: {type(error).__name__}: {error}"
        yield Rejection(origin=origin, code="unreadable", reason=reason)


def iter_inputs(
    paths: Sequence[Path | str],
    *,
    published: date | None = None,
    config: dict[str, Any] | None = None,
) -> Iterator[Article | Rejection]:
    """Articles from files and directories (recursive, sorted); bad input is rejected.

    ``published`` is the fallback publication date for inputs that carry none.
    """
    settings = Settings.from_config(config, published)
    for given in paths:
        for item in _expand(Path(given)):
            if isinstance(item, Rejection):
                yield item
            else:
                yield from read_file(item, settings)
