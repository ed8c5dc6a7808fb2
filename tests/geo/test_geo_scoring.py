from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import pytest
from tests.conftest import needs_gold

from polemos.evaluate import EVAL_TASKS
from polemos.geo import scoring
from polemos.geo.geocoder import Geocoder
from polemos.models import Mention, Place, ResolvedPlace, Span

DOC1 = "Airstrikes hit Aleppo and Homs in Syria."
DOC2 = "Fighting continued near Zzyqtown in Syria."


def _gold(text: str, name: str, lat: float | None, lon: float | None) -> dict[str, Any]:
    start = text.index(name)
    return {"start": start, "end": start + len(name), "text": name, "lat": lat, "lon": lon}


GOLD = [
    {
        "id": "d1", "text": DOC1,
        "toponyms": [
            _gold(DOC1, "Airstrikes", 10.0, 10.0),  # not a place: the geocoder must miss it
            _gold(DOC1, "Aleppo", 36.2021, 37.1343),
            _gold(DOC1, "Homs", -33.9, 151.2),  # deliberately far: a resolution miss
            _gold(DOC1, "Syria", None, None),  # no coordinates: neither rewarded nor penalised
        ],
    },
    {"id": "d2", "text": DOC2, "toponyms": [_gold(DOC2, "Zzyqtown", 35.5, 36.6)]},
]  # fmt: skip


def _extractor(nlp: Any, geocoder: Geocoder) -> Any:
    resolver = SimpleNamespace(resolve=lambda doc: [])
    fake = SimpleNamespace(nlp=nlp, resolver=resolver, geocoder=geocoder)
    fake.source_region = lambda article: None  # no source registry in these tests
    return cast(Any, fake)


def test_scoring_registered_as_geo_task() -> None:
    assert EVAL_TASKS.get("geo") is scoring.score_geo


def test_scoring_two_documents_exact_numbers(nlp: Any, geocoder: Geocoder) -> None:
    scores = scoring.score_geo(GOLD, _extractor(nlp, geocoder))
    assert scores["n"] == 2 and scores["gold_toponyms"] == 4
    # found: Aleppo, Homs, Zzyqtown; missed: "Airstrikes"; spurious: Syria in d2
    assert (scores["tp"], scores["fp"], scores["fn"]) == (3, 1, 1)
    assert scores["precision"] == 0.75 and scores["recall"] == 0.75
    assert scores["unresolved_matched"] == 1  # Zzyqtown: found but not in the gazetteer
    assert scores["accuracy_161km"] == 0.5  # Aleppo right, Homs "wrong"
    assert scores["end_to_end_161km"] == 0.25
    (miss,) = scores["worst_misses"]
    assert miss["id"] == "d1" and miss["text"] == "Homs" and miss["error_km"] > 10_000
    assert scores["median_error_km"] > 5_000
    assert scores["by_type"] == {
        "all": {"n": 4, "recall": 0.75, "accuracy_161km": 0.5, "end_to_end_161km": 0.25}
    }


def _resolved(start: int, end: int, text: str, place: Place | None) -> ResolvedPlace:
    span = Span(article_id="a", start=start, end=end, text=text)
    mention = Mention(span=span, label="GPE", clean_start=start, clean_end=end)
    return ResolvedPlace(mention=mention, place=place, geo_precision=1)


def test_scoring_match_by_overlap_and_ignorable_spans() -> None:
    golds = [
        {"start": 0, "end": 10, "text": "New Orleans", "lat": 30.0, "lon": -90.0},
        {"start": 20, "end": 30, "text": "Main St", "lat": None, "lon": None},
        {"start": 40, "end": 45, "text": "Paris", "lat": None, "lon": None, "type": "Homonym"},
    ]
    preds = [
        _resolved(4, 10, "Orleans", None),  # partial overlap counts
        _resolved(20, 27, "Main", None),  # coordinate-less gold: ignored
        _resolved(40, 45, "Paris", None),  # not a toponym per the gold: false positive
        _resolved(50, 55, "Other", None),
    ]
    pairs, false_pos, missed = scoring.match_toponyms(preds, golds)
    assert [g["text"] for _, g in pairs] == ["New Orleans"]
    assert [p.mention.span.text for p in false_pos] == ["Paris", "Other"]
    assert missed == []


def test_scoring_distance_and_classes() -> None:
    assert scoring.distance_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.1)
    assert scoring.gold_class({"fcode": "PCLI"}) == "country"
    assert scoring.gold_class({"fcode": "ADM2"}) == "admin2+"
    assert scoring.gold_class({"fcode": "PPLA"}) == "populated place"
    assert scoring.gold_class({"type": "Metonymic"}) == "Metonymic"
    assert scoring.gold_class({}) == "all"


@pytest.mark.parametrize("name", ["lgl.dev.jsonl", "geowebnews.dev.jsonl"])
def test_scoring_dev_gold_sample(name: str, nlp: Any, geocoder: Geocoder) -> None:
    path: Path = needs_gold(name)
    lines = path.read_text("utf-8").split("\n")
    records = [json.loads(line) for line in lines if line.strip()][:20]
    scores = scoring.score_geo(records, _extractor(nlp, geocoder))
    assert scores["n"] == 20 and scores["gold_toponyms"] > 0
    assert 0.3 <= scores["recall"] <= 1.0 and 0.3 <= scores["precision"] <= 1.0
