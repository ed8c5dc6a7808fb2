from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from tests.geo.conftest import make_article

from polemos.config import load_config
from polemos.geo.geocoder import Geocoder
from polemos.geo.geoparse import geonameid, geoparse_article, geoparse_paths
from polemos.models import Rejection

KEYS = {"start", "end", "text", "lat", "lon", "geonameid", "country", "admin1",
        "geo_precision", "confidence"}  # fmt: skip


def _extractor(nlp: Any, geocoder: Geocoder) -> Any:
    resolver = SimpleNamespace(resolve=lambda doc: [])
    fake = SimpleNamespace(nlp=nlp, resolver=resolver, geocoder=geocoder)
    fake.source_region = lambda article: None  # no source registry in these tests
    return cast(Any, fake)


def test_geoparse_geonameid() -> None:
    assert geonameid("geonames:170063") == 170063
    assert geonameid("geonames-admin1:SY.09") == "geonames-admin1:SY.09"
    assert geonameid("supplement:tell-mannas") == "supplement:tell-mannas"


def test_geoparse_article_record(nlp: Any, geocoder: Geocoder) -> None:
    text = "Airstrikes hit Aleppo in Syria, and militants raided the village of Zzyqtown."
    result = geoparse_article(make_article(text, "doc-7"), _extractor(nlp, geocoder))
    assert result["id"] == "doc-7"
    tops = {t["text"]: t for t in result["toponyms"]}
    for top in result["toponyms"]:
        assert set(top) == KEYS and text[top["start"] : top["end"]] == top["text"]
    aleppo = tops["Aleppo"]
    assert aleppo["country"] == "SY" and isinstance(aleppo["geonameid"], int)
    assert abs(aleppo["lat"] - 36.2) < 0.5 and aleppo["geo_precision"] == 1
    unknown = tops["Zzyqtown"]
    assert unknown["lat"] is None and unknown["lon"] is None and unknown["geonameid"] is None


def test_geoparse_demonyms_resolve_to_their_country(nlp: Any, geocoder: Geocoder) -> None:
    text = "Iraqi officials met Turkish envoys in Baghdad."
    result = geoparse_article(make_article(text), _extractor(nlp, geocoder))
    tops = {t["text"]: t for t in result["toponyms"]}
    assert tops["Iraqi"]["country"] == "IQ" and tops["Iraqi"]["geo_precision"] == 3
    assert tops["Turkish"]["country"] == "TR"


def test_geoparse_paths_reads_files_and_rejects(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Shelling hit the city of Aleppo in Syria on Monday.\n")
    (tmp_path / "empty.txt").write_text("")
    results = list(geoparse_paths([tmp_path], load_config()))
    docs = [r for r in results if isinstance(r, dict)]
    assert len(docs) == 1 and any(t["text"] == "Aleppo" for t in docs[0]["toponyms"])
    assert all(isinstance(r, dict | Rejection) for r in results)
