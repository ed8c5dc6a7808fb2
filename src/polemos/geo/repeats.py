"""Toponyms of repeated lines: cleaning keeps one copy of a line that a page repeats (a
scraped story printed twice), so the geocoder reads only that copy; ``polemos geoparse``
reports the toponyms of every copy, at each copy's offsets in ``article.text``."""

from __future__ import annotations

from polemos.models import Article, ResolvedPlace

#: A dropped line this long (stripped) that a kept line repeats carries the kept line's
#: toponyms; shorter lines ("Advertisement") are boilerplate.
MIN_REPEATED_LINE = 20


def dropped_ranges(article: Article) -> list[tuple[int, int]]:
    """Ranges of ``article.text`` that cleaning left out of ``clean_text``."""
    ranges, cursor = [], 0
    for _clean_start, text_start, length in article.offsets.segments:
        if text_start > cursor:
            ranges.append((cursor, text_start))
        cursor = max(cursor, text_start + length)
    if cursor < len(article.text):
        ranges.append((cursor, len(article.text)))
    return ranges


def _kept_copy(article: Article, body: str, dropped: list[tuple[int, int]]) -> int | None:
    """Start in ``article.text`` of a copy of ``body`` that cleaning kept."""
    start = article.text.find(body)
    while start >= 0:
        if not any(a < start + len(body) and start < b for a, b in dropped):
            return start
        start = article.text.find(body, start + 1)
    return None


def _shifted(place: ResolvedPlace, shift: int) -> ResolvedPlace:
    span = place.mention.span
    moved = span.model_copy(update={"start": span.start + shift, "end": span.end + shift})
    return place.model_copy(update={"mention": place.mention.model_copy(update={"span": moved})})


def _inside(place: ResolvedPlace, start: int, length: int) -> bool:
    span = place.mention.span
    return start <= span.start and span.end <= start + length


def repeated_places(article: Article, places: list[ResolvedPlace]) -> list[ResolvedPlace]:
    """Copies of ``places`` for the dropped lines that repeat a kept line."""
    dropped = dropped_ranges(article)
    copies: list[ResolvedPlace] = []
    for start, end in dropped:
        position = start
        for line in article.text[start:end].splitlines(keepends=True):
            body = line.strip()
            if len(body) >= MIN_REPEATED_LINE:
                source = _kept_copy(article, body, dropped)
                if source is not None:
                    shift = position + line.index(body) - source
                    copies += [
                        _shifted(rp, shift) for rp in places if _inside(rp, source, len(body))
                    ]  # fmt: skip
            position += len(line)
    return copies
