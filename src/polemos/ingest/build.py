"""Shared helpers: settings, metadata, text decoding and ``Article`` construction."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from polemos.config import default_config
from polemos.errors import InputError
from polemos.ingest.boilerplate import clean_text
from polemos.models import Article, DateSource, Rejection, content_hash

NO_DATE_FLAG = "no_published_date"
_TEXT_CONTROL = {9, 10, 11, 12, 13}


@dataclass(frozen=True)
class Settings:
    """What readers need from the ``[ingest]`` config section and the CLI."""

    min_chars: int = 40
    max_chars: int = 1_000_000
    max_bytes: int = 50_000_000
    published: date | None = None

    @classmethod
    def from_config(cls, config: dict[str, Any] | None, published: date | None) -> Settings:
        if config is None:
            config = default_config()
        ingest = config.get("ingest", {})
        return cls(
            min_chars=int(ingest.get("min_chars", cls.min_chars)),
            max_chars=int(ingest.get("max_chars", cls.max_chars)),
            max_bytes=int(ingest.get("max_bytes", cls.max_bytes)),
            published=published,
        )


@dataclass
class Meta:
    """Metadata found next to an article's text."""

    article_id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: date | None = None
    published_from: DateSource = DateSource.NONE
    flags: list[str] = field(default_factory=list)


def domain_of(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``."""
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or mostly control bytes, mean the data is not text."""
    if b"\x00" in data:
        return True
    sample = data[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in _TEXT_CONTROL)
    return bool(sample) and controls / len(sample) > 0.1


def decode_text(data: bytes, origin: str, *, offset: int = 0) -> str:
    """Strict UTF-8 (a leading BOM is dropped); raises ``InputError`` on bad input."""
    if looks_binary(data):
        raise InputError(origin, "binary file (NUL or control bytes), not text", code="binary")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        at = offset + error.start
        raise InputError(
            origin, f"invalid UTF-8 at byte offset {at} ({error.reason})", code="encoding"
        ) from None
    return text.removeprefix("\ufeff")


def parse_date(value: str, origin: str, what: str) -> date:
    """A ``YYYY-MM-DD`` date (a longer ISO timestamp is cut to its date)."""
    try:
        return date.fromisoformat(value.strip()[:10])
    except (ValueError, AttributeError):
        raise InputError(
            origin, f"invalid {what} {value!r} (expected YYYY-MM-DD)", code="malformed"
        ) from None


def _apply_date(meta: Meta, settings: Settings) -> None:
    if meta.published is not None:
        return
    if settings.published is not None:
        meta.published, meta.published_from = settings.published, DateSource.CLI
    else:
        meta.published_from = DateSource.NONE
        meta.flags.append(NO_DATE_FLAG)


def make_article(
    text: str, *, origin: str, fmt: str, meta: Meta, settings: Settings
) -> Article | Rejection:
    """Clean ``text`` and build an ``Article``, or a ``Rejection`` when too short."""
    if not text.strip():
        return Rejection(origin=origin, code="empty", reason="no text (empty or whitespace only)")
    clean, offsets = clean_text(text)
    length = len(clean.strip())
    if length < settings.min_chars:
        reason = (
            f"text too short after boilerplate removal ({length} characters, "
            f"min_chars is {settings.min_chars})"
        )
        return Rejection(origin=origin, code="empty", reason=reason)
    if length > settings.max_chars:
        reason = (
            f"text too long for one article ({length} characters after cleaning, "
            f"max_chars is {settings.max_chars}); split it into articles"
        )
        return Rejection(origin=origin, code="too_large", reason=reason)
    _apply_date(meta, settings)
    digest = content_hash(text)
    return Article(
        id=meta.article_id or f"art_{digest[:16]}",
        url=meta.url,
        source=meta.source or domain_of(meta.url),
        title=meta.title,
        published=meta.published,
        published_from=meta.published_from,
        text=text,
        clean_text=clean,
        offsets=offsets,
        content_hash=digest,
        origin=origin,
        format=fmt,
        flags=list(meta.flags),
    )


def rejection(error: InputError) -> Rejection:
    """The ``Rejection`` for an ``InputError``."""
    return Rejection(origin=error.origin, code=error.code, reason=error.reason)
