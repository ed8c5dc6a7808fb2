"""Shared helper of the event-coding tests: code an article made of hand-built sentences."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from polemos.classify import shipped_model
from polemos.event_units import Sentence
from polemos.events import code_article
from polemos.models import Article, Event, OffsetMap


def code_texts(
    texts: tuple[str, ...], make_sentence: Callable[[str, int], Sentence], published: date
) -> list[Event]:
    """Events of an article made of ``texts`` (one sentence each, one paragraph), each
    sentence built by ``make_sentence(text, offset)``."""
    text = " ".join(texts)
    article = Article(id="t", text=text, clean_text=text, offsets=OffsetMap.identity(len(text)),
                      content_hash="0" * 64, origin="test", format="txt",
                      published=published)  # fmt: skip
    offsets = [sum(len(t) + 1 for t in texts[:i]) for i in range(len(texts))]
    sentences = [make_sentence(t, at) for t, at in zip(texts, offsets, strict=True)]
    return code_article(article, sentences, "test", shipped_model())
