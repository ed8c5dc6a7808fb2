"""Typed records shared by every pipeline stage.

Offsets: every ``Span`` indexes ``Article.text`` -- the text exactly as it was given for
``.txt``/``.md``/``.jsonl`` input (the main text trafilatura extracted for HTML, WARC and
feeds).  NLP runs on ``Article.clean_text`` (boilerplate lines dropped); ``OffsetMap``
maps clean offsets back so that ``article.text[span.start:span.end] == span.text``.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Iterable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def content_hash(text: str) -> str:
    """Stable SHA-256 hex digest of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def short_id(prefix: str, *parts: str) -> str:
    """A readable content-hash id such as ``ev_1a2b3c4d5e6f7a8b``."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:16]}"


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)


class Span(Record):
    """A character range of one article's ``text``."""

    article_id: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class OffsetMap(Record):
    """Maps offsets in ``clean_text`` back to ``text``.

    ``segments`` holds ``(clean_start, text_start, length)`` triples, sorted, one per
    kept run of characters.
    """

    segments: list[tuple[int, int, int]] = Field(default_factory=list)

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(segments=[(0, 0, length)])

    def to_text(self, clean_offset: int, *, is_end: bool = False) -> int:
        """Offset in ``text`` of ``clean_offset`` in ``clean_text``."""
        if not self.segments:
            return clean_offset
        starts = [seg[0] for seg in self.segments]
        probe = clean_offset - 1 if is_end and clean_offset > 0 else clean_offset
        index = max(bisect.bisect_right(starts, probe) - 1, 0)
        clean_start, text_start, length = self.segments[index]
        delta = min(max(clean_offset - clean_start, 0), length)
        return text_start + delta

    def span(self, clean_start: int, clean_end: int) -> tuple[int, int]:
        return self.to_text(clean_start), self.to_text(clean_end, is_end=True)


class DateSource(StrEnum):
    """Where an article's publication date came from."""

    METADATA = "metadata"
    HTML = "html"
    CLI = "cli"
    NONE = "none"


class Article(Record):
    id: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: date | None = None
    published_from: DateSource = DateSource.NONE
    language: str = "en"
    text: str
    clean_text: str
    offsets: OffsetMap
    content_hash: str
    origin: str
    format: str
    duplicate_of: str | None = None
    flags: list[str] = Field(default_factory=list)

    def span(self, clean_start: int, clean_end: int) -> Span:
        """A ``Span`` of ``text`` for a range of ``clean_text``."""
        start, end = self.offsets.span(clean_start, clean_end)
        return Span(article_id=self.id, start=start, end=end, text=self.text[start:end])


class Rejection(Record):
    """An input that could not be ingested, with the reason."""

    origin: str
    code: str
    reason: str
    at: datetime | None = None


class Mention(Record):
    """An entity mention found in an article."""

    span: Span
    label: str
    clean_start: int
    clean_end: int
    actor_id: str | None = None
    place_key: str | None = None


class Actor(Record):
    """An actor from the actor graph, or a provisional one built from text."""

    id: str
    name: str
    inter: int = Field(ge=0, le=8)
    country: str | None = None
    kind: str = "group"
    aliases: list[str] = Field(default_factory=list)
    description: str | None = None
    provisional: bool = False


class Place(Record):
    """A gazetteer place a toponym resolved to."""

    gazetteer_id: str
    name: str
    latitude: float
    longitude: float
    country: str | None = None
    country_code: str | None = None
    iso_numeric: int | None = None
    region: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    feature: str = "P"
    population: int = 0


class ResolvedPlace(Record):
    """A toponym in text and what it resolved to (``place`` is None when unresolved)."""

    mention: Mention
    place: Place | None
    geo_precision: int = Field(ge=1, le=3)
    confidence: float = 0.0
    reason: str | None = None
    candidates: list[Place] = Field(default_factory=list)  # runner-up candidates, best first


class Evidence(Record):
    """The span of text one field of an event came from."""

    article_id: str
    field: str
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, field: str, span: Span) -> Evidence:
        return cls(
            article_id=span.article_id, field=field, start=span.start, end=span.end, text=span.text
        )


ACLED_COLUMNS: tuple[str, ...] = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip


class Event(Record):
    """One event: a single article's report, or several reports merged.

    Field names follow ACLED; ``evidence`` lists the spans every text-derived field came
    from; ``article_ids`` lists the articles that report it.
    """

    event_id_cnty: str
    event_date: date | None = None
    year: int | None = None
    time_precision: int = Field(default=1, ge=1, le=3)
    disorder_type: str = ""
    event_type: str
    sub_event_type: str
    actor1: str = ""
    assoc_actor_1: str = ""
    inter1: int | None = None
    actor2: str = ""
    assoc_actor_2: str = ""
    inter2: int | None = None
    interaction: int | None = None
    civilian_targeting: str = ""
    iso: int | None = None
    region: str = ""
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    admin3: str = ""
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = Field(default=None, ge=1, le=3)
    source: str = ""
    source_scale: str = ""
    notes: str = ""
    fatalities: int = 0
    tags: str = ""
    timestamp: int = 0
    evidence: list[Evidence] = Field(default_factory=list)
    article_ids: list[str] = Field(default_factory=list)
    date_basis: str = "text"
    pipeline_version: str = ""

    def replace_evidence(self, field: str, evidence: Iterable[Evidence]) -> None:
        """Drop the spans of ``field`` and keep ``evidence`` in their place (a value taken
        from another report or sentence brings its own spans)."""
        self.evidence = [e for e in self.evidence if e.field != field]
        self.evidence.extend(evidence)

    def acled_row(self) -> dict[str, Any]:
        """The ACLED columns, in ACLED's order."""
        row = self.model_dump(include=set(ACLED_COLUMNS), mode="json")
        return {column: row[column] for column in ACLED_COLUMNS}


class Claim(Record):
    """One source's value for one field of one (merged) event."""

    event_id: str
    report_id: str
    article_id: str
    source: str
    field: str
    value: Any
    evidence: list[Evidence] = Field(default_factory=list)
