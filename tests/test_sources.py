"""The source registry's home regions (``region``): parsing, checks and look-ups."""

from __future__ import annotations

from pathlib import Path

import pytest

from polemos.errors import ConfigError
from polemos.sources import load_registry, region_of, source_regions

LOCAL = """
sources:
  - {name: Richmond Register, domains: [richmondregister.com], source_scale: Local,
     region: US.KY}
  - {name: Example Wire, domains: [example-wire.org], source_scale: International}
"""


def test_sources_region_by_name_and_domain(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text(LOCAL, "utf-8")
    regions = source_regions(load_registry([path]))
    assert region_of(regions, "Richmond Register", None) == "US.KY"
    assert region_of(regions, "richmond register", None) == "US.KY"  # names fold case
    url = "https://www.richmondregister.com/news/a1"
    assert region_of(regions, None, url) == "US.KY"
    assert region_of(regions, "Example Wire", "https://example-wire.org/x") is None
    assert region_of(regions, None, None) is None


def test_sources_bad_region_names_file_and_source(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("sources:\n  - {name: Paper, region: Kentucky}\n", "utf-8")
    with pytest.raises(ConfigError) as caught:
        load_registry([path])
    message = str(caught.value)
    assert str(path) in message and "'Paper'" in message and "'Kentucky'" in message


def test_sources_region_reaches_the_pipeline_geocoder(tmp_path: Path) -> None:
    from polemos.config import load_config
    from polemos.models import Article, OffsetMap
    from polemos.pipeline import Extractor

    path = tmp_path / "local.yaml"
    path.write_text(LOCAL, "utf-8")
    config = load_config(None, [])
    config["sources"]["extra_files"] = [str(path)]
    text = "A Richmond man was charged on Sunday after Richmond police said he struck a car."

    def richmond_state(url: str) -> str | None:
        article = Article(
            id="a1", url=url, text=text, clean_text=text, offsets=OffsetMap.identity(len(text)),
            content_hash="0" * 64, origin="test", format="txt",
        )  # fmt: skip
        document = Extractor(config).process([article])[0]
        places = [p.place for p in document.places if p.mention.span.text == "Richmond"]
        return places[0].admin1 if places and places[0] else None

    assert richmond_state("https://richmondregister.com/news/1") == "Kentucky"
    assert richmond_state("https://example-wire.org/news/1") == "Virginia"


def test_sources_curated_syrian_outlets_read_syria_first() -> None:
    regions = source_regions(load_registry())
    assert region_of(regions, "SANA", None) == "SY"
    assert region_of(regions, None, "https://www.enabbaladi.net/archives/1") == "SY"
    assert region_of(regions, "Reuters", None) is None  # an international agency has none
