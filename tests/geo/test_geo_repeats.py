"""Toponyms of lines that cleaning drops as repeats of kept lines (session 10). Texts
written for the tests."""

from __future__ import annotations

from polemos.geo.repeats import dropped_ranges, repeated_places
from polemos.ingest.boilerplate import clean_text
from polemos.models import Article, Mention, ResolvedPlace, Span

LINE = "Shelling hit Aleppo on Monday, residents said.\n"
OTHER = "Other news here today about nothing at all.\n"


def _article(text: str) -> Article:
    clean, offsets = clean_text(text)
    return Article(
        id="r1", text=text, clean_text=clean, offsets=offsets, content_hash="0" * 64,
        origin="test", format="txt",
    )  # fmt: skip


def _place(article: Article, word: str) -> ResolvedPlace:
    start = article.text.index(word)
    span = Span(article_id=article.id, start=start, end=start + len(word), text=word)
    mention = Mention(span=span, label="GPE", clean_start=start, clean_end=start + len(word))
    return ResolvedPlace(mention=mention, place=None, geo_precision=1)


def test_geo_repeats_dropped_copy_gets_the_kept_copys_toponyms() -> None:
    article = _article(LINE + OTHER + LINE)
    assert dropped_ranges(article) == [(len(LINE + OTHER), len(article.text))]
    copies = repeated_places(article, [_place(article, "Aleppo")])
    second = len(LINE + OTHER) + LINE.index("Aleppo")
    assert [(c.mention.span.start, c.mention.span.end) for c in copies] == [(second, second + 6)]
    assert article.text[second : second + 6] == "Aleppo"


def test_geo_repeats_nothing_dropped_nothing_copied() -> None:
    article = _article(LINE + OTHER)
    assert dropped_ranges(article) == []
    assert repeated_places(article, [_place(article, "Aleppo")]) == []


def test_geo_repeats_short_lines_are_not_copied() -> None:
    short = "In Aleppo.\n"
    article = _article(short + OTHER + short)
    assert dropped_ranges(article) == [(len(short + OTHER), len(article.text))]
    assert repeated_places(article, [_place(article, "Aleppo")]) == []
