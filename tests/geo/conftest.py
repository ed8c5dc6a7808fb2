"""Shared, session-scoped fixtures for the geocoder tests (spaCy and the gazetteer)."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from polemos.geo import Gazetteer, Geocoder
from polemos.geo.gazetteer import cache_path
from polemos.models import Article, OffsetMap, ResolvedPlace


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    # The compiled index lives in the user cache: built once (~20 s), then loaded.
    return Gazetteer.load()


@pytest.fixture(scope="session")
def index_bytes(gazetteer: Gazetteer) -> bytes:
    return pickle.dumps(gazetteer._ix, protocol=pickle.HIGHEST_PROTOCOL)


@pytest.fixture
def cache_dir(index_bytes: bytes, tmp_path: Path) -> Path:
    """A tmp cache holding a copy of the compiled index (built once per session)."""
    target = cache_path(tmp_path / "cache")
    target.parent.mkdir(parents=True)
    target.write_bytes(index_bytes)
    return target.parent


@pytest.fixture(scope="session")
def nlp() -> Any:
    from polemos.nlp import load_pipeline

    return load_pipeline()


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
