"""Readers for web formats: HTML pages, WARC archives and RSS/Atom feeds."""

from __future__ import annotations

import gzip
import html
import io
import re
import time
import zlib
from collections.abc import Iterator
from datetime import date
from typing import Any

import feedparser
import trafilatura
from warcio.archiveiterator import ArchiveIterator

from polemos.errors import InputError
from polemos.ingest.build import Meta, Settings, domain_of, looks_binary, make_article, rejection
from polemos.models import Article, DateSource, Rejection

Item = Article | Rejection

_DATE_PARAMS = {"extensive_search": False, "original_date": True}
_HTML_TYPES = ("text/html", "application/xhtml")
_BLOCK_END = re.compile(r"<br\s*/?>|</(p|div|li|h[1-6]|blockquote|tr|section|article)\s*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_BLANK_LINES = re.compile(r"\n{3,}")


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _extract_html(data: bytes | str, origin: str) -> tuple[str, Meta]:
    """Main text and metadata of an HTML page; raises ``InputError`` without text."""
    try:
        doc = trafilatura.bare_extraction(
            data, with_metadata=True, include_comments=False, date_extraction_params=_DATE_PARAMS
        )
    except Exception as error:  # noqa: BLE001 - any parser failure is a bad page
        raise InputError(origin, f"HTML could not be parsed ({error})", code="no_text") from None
    text = (getattr(doc, "text", None) or "").strip()
    if not any(char.isalnum() for char in text):
        raise InputError(origin, "no main text could be extracted from the HTML", code="no_text")
    published = _parse_iso(getattr(doc, "date", None))
    meta = Meta(
        url=getattr(doc, "url", None),
        source=getattr(doc, "sitename", None),
        title=getattr(doc, "title", None),
        published=published,
        published_from=DateSource.HTML if published else DateSource.NONE,
    )
    return text, meta


def _html_bytes(data: bytes) -> bytes | str:
    """Text when the bytes are UTF-8, else the bytes (trafilatura guesses the charset)."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return data


def read_html(data: bytes, origin: str, settings: Settings) -> Iterator[Item]:
    """One article from one HTML file."""
    if looks_binary(data):
        raise InputError(origin, "binary file (NUL or control bytes), not HTML", code="binary")
    if not data.strip():
        raise InputError(origin, "file is empty or whitespace only", code="empty")
    text, meta = _extract_html(_html_bytes(data), origin)
    yield make_article(text, origin=origin, fmt="html", meta=meta, settings=settings)


# --- WARC --------------------------------------------------------------------------------


def _is_html_response(record: Any) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    return any(kind in content_type for kind in _HTML_TYPES)


def _record_payload(record: Any, origin: str) -> bytes:
    """The HTTP body of a record; raises ``InputError`` when the record is truncated."""
    payload = record.content_stream().read()
    missing = getattr(record.raw_stream, "limit", 0)
    if isinstance(missing, int) and missing > 0:
        reason = f"WARC record is truncated ({missing} of {record.length} bytes missing)"
        raise InputError(origin, reason, code="corrupt")
    return bytes(payload)


def _warc_item(record: Any, origin: str, settings: Settings) -> Item:
    """The article of one WARC response record (or its rejection)."""
    try:
        text, meta = _extract_html(_html_bytes(_record_payload(record, origin)), origin)
    except InputError as error:
        return rejection(error)
    meta.url = record.rec_headers.get_header("WARC-Target-URI") or meta.url
    if meta.published is None:
        meta.published = _parse_iso(record.rec_headers.get_header("WARC-Date"))
        meta.published_from = DateSource.METADATA if meta.published else DateSource.NONE
    return make_article(text, origin=origin, fmt="warc", meta=meta, settings=settings)


def _check_gzip(data: bytes, origin: str) -> None:
    """Raise ``InputError`` when gzip data is truncated or corrupt."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            while stream.read(1 << 20):
                pass
    except (OSError, EOFError, zlib.error) as error:
        raise InputError(
            origin, f"corrupt or truncated gzip data ({error})", code="corrupt"
        ) from None


def read_warc(data: bytes, origin: str, settings: Settings) -> Iterator[Item]:
    """One article per HTML ``response`` record; a corrupt archive ends in a rejection."""
    if data[:2] == b"\x1f\x8b":
        _check_gzip(data, origin)
    found = 0
    number = 0
    try:
        for number, record in enumerate(ArchiveIterator(io.BytesIO(data)), start=1):
            if _is_html_response(record):
                found += 1
                yield _warc_item(record, f"{origin}#record {number}", settings)
    except Exception as error:  # noqa: BLE001 - warcio/zlib raise many kinds
        where = f"after record {number}" if number else "at the start"
        reason = f"corrupt WARC/gzip data {where}: {type(error).__name__}: {error}"
        raise InputError(origin, reason, code="corrupt") from None
    if not found:
        raise InputError(origin, "WARC file holds no HTML response records", code="no_text")


# --- RSS / Atom --------------------------------------------------------------------------


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment: block ends become line breaks."""
    fragment = " ".join(fragment.split())
    text = html.unescape(_TAG.sub("", _BLOCK_END.sub("\n\n", fragment)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def _entry_text(entry: Any) -> str:
    """The longest of an entry's content blocks and summary, as plain text."""
    blocks = [(c.get("value", ""), c.get("type", "")) for c in entry.get("content", [])]
    blocks.append((entry.get("summary", ""), entry.get("summary_detail", {}).get("type", "")))
    value, kind = max(blocks, key=lambda block: len(block[0]))
    return html_to_text(value) if "html" in kind or "<" in value else value.strip()


def _entry_date(entry: Any) -> date | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not isinstance(parsed, time.struct_time):
        return None
    return date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday)


def _entry_item(entry: Any, source: str | None, origin: str, settings: Settings) -> Item:
    published = _entry_date(entry)
    link = entry.get("link")
    meta = Meta(
        url=link,
        source=source or domain_of(link),
        title=entry.get("title"),
        published=published,
        published_from=DateSource.METADATA if published else DateSource.NONE,
    )
    text = _entry_text(entry)
    if not text:
        return Rejection(origin=origin, code="no_text", reason="feed entry has no content")
    return make_article(text, origin=origin, fmt="feed", meta=meta, settings=settings)


def parse_feed(data: bytes) -> Any | None:
    """The feedparser result when ``data`` is an RSS/Atom feed, else None."""
    if looks_binary(data):
        return None
    parsed = feedparser.parse(data)
    return parsed if parsed.get("version") else None


def read_feed(data: bytes, origin: str, settings: Settings) -> Iterator[Item]:
    """One article per feed entry."""
    parsed = parse_feed(data)
    if parsed is None:
        raise InputError(origin, _not_feed_reason(data, origin), code=_not_feed_code(data, origin))
    source = parsed.feed.get("title") or None
    if not parsed.entries:
        raise InputError(origin, "feed has no entries", code="empty")
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_item(entry, source, f"{origin}#entry {number}", settings)


def _not_feed_code(data: bytes, origin: str) -> str:
    if looks_binary(data):
        return "binary"
    if not data.strip():
        return "empty"
    return "unsupported" if origin.lower().endswith(".xml") else "corrupt"


def _not_feed_reason(data: bytes, origin: str) -> str:
    code = _not_feed_code(data, origin)
    if code == "binary":
        return "binary file (NUL or control bytes), not a feed"
    if code == "empty":
        return "file is empty or whitespace only"
    if code == "unsupported":
        return "XML file is not an RSS/Atom feed"
    return "not a readable RSS/Atom feed"
