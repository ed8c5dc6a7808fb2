"""``polemos eval geo``: toponym recognition and resolution scored on geoparsing gold.

Gold records carry ``toponyms`` (``start``/``end`` into ``text``, ``lat``/``lon`` and,
depending on the corpus, ``fcode`` (LGL) or ``type`` (GeoWebNews)).  Only gold toponyms
with coordinates are scored; a prediction overlapping a coordinate-less gold span (a
street LGL did not geocode, a GeoWebNews "Literal_Expression") is neither rewarded nor
penalised, except for spans the annotators marked as not being toponyms at all.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from polemos.evaluate import EVAL_TASKS, gold_article, prf
from polemos.geo.geoparse import resolve_places
from polemos.models import ResolvedPlace
from polemos.pipeline import Extractor

ACCURACY_KM = 161.0
WORST_MISSES = 15
#: Gold types (GeoWebNews) whose spans are not toponyms: predicting them is an error.
NOT_TOPONYM_TYPES = frozenset({"Non_Toponym", "Homonym"})
_FCODE_CLASSES = (
    ("PCL", "country"), ("ADM1", "admin1"), ("ADM", "admin2+"), ("PPL", "populated place"),
    ("CONT", "region"), ("RGN", "region"), ("AREA", "region"),
)  # fmt: skip


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine, mean Earth radius)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(a)))


def gold_class(toponym: dict[str, Any]) -> str:
    """Bucket of a gold toponym: feature class (``fcode``), else GeoWebNews ``type``."""
    fcode = toponym.get("fcode")
    if fcode:
        for prefix, name in _FCODE_CLASSES:
            if str(fcode).startswith(prefix):
                return name
        return "other feature"
    return str(toponym.get("type") or "all")


def scorable(toponym: dict[str, Any]) -> bool:
    return toponym.get("lat") is not None and toponym.get("lon") is not None


@dataclass
class _Tally:
    counts: Counter[str] = field(default_factory=Counter)
    by_type: dict[str, Counter[str]] = field(default_factory=dict)
    errors: list[float] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)

    def count(self, key: str, bucket: str | None = None) -> None:
        self.counts[key] += 1
        if bucket is not None:
            self.by_type.setdefault(bucket, Counter())[key] += 1


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def match_toponyms(
    preds: list[ResolvedPlace], golds: list[dict[str, Any]]
) -> tuple[list[tuple[ResolvedPlace, dict[str, Any]]], list[ResolvedPlace], list[dict[str, Any]]]:
    """(matched pairs, false positives, missed scorable golds) by greatest span overlap."""
    free = list(range(len(golds)))
    pairs: list[tuple[ResolvedPlace, dict[str, Any]]] = []
    false_pos: list[ResolvedPlace] = []
    for pred in preds:
        start, end = pred.mention.span.start, pred.mention.span.end
        overlaps = [(_overlap(start, end, g["start"], g["end"]), i) for i, g in enumerate(golds)]
        overlaps = [(o, i) for o, i in overlaps if o > 0]
        candidates = [(o, i) for o, i in overlaps if i in free and scorable(golds[i])]
        if candidates:
            _, index = max(candidates)
            free.remove(index)
            pairs.append((pred, golds[index]))
        elif not overlaps or all(golds[i].get("type") in NOT_TOPONYM_TYPES for _, i in overlaps):
            false_pos.append(pred)
    missed = [golds[i] for i in free if scorable(golds[i])]
    return pairs, false_pos, missed


def _score_pair(tally: _Tally, doc_id: str, pred: ResolvedPlace, gold: dict[str, Any]) -> None:
    bucket = gold_class(gold)
    tally.count("tp", bucket)
    place = pred.place
    if place is None:
        tally.count("unresolved_matched", bucket)
        return
    km = distance_km(place.latitude, place.longitude, float(gold["lat"]), float(gold["lon"]))
    tally.errors.append(km)
    within = km <= ACCURACY_KM
    tally.count("resolved_matched", bucket)
    if within:
        tally.count("within", bucket)
    else:
        tally.misses.append({
            "id": doc_id, "text": gold["text"], "gold_lat": gold["lat"], "gold_lon": gold["lon"],
            "gold_name": gold.get("gaz_name") or gold.get("normalised") or None,
            "predicted": place.name, "lat": place.latitude, "lon": place.longitude,
            "country": place.country_code, "feature": place.feature, "error_km": round(km, 1),
        })  # fmt: skip


def score_document(
    tally: _Tally, doc_id: str, preds: list[ResolvedPlace], golds: list[dict[str, Any]]
) -> None:
    pairs, false_pos, missed = match_toponyms(preds, golds)
    for pred, gold in pairs:
        _score_pair(tally, doc_id, pred, gold)
    for _ in false_pos:
        tally.count("fp")
    for gold in missed:
        tally.count("fn", gold_class(gold))


def _ratio(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def _type_scores(counts: Counter[str]) -> dict[str, Any]:
    gold_total = counts["tp"] + counts["fn"]
    return {
        "n": gold_total, "recall": _ratio(counts["tp"], gold_total),
        "accuracy_161km": _ratio(counts["within"], counts["resolved_matched"]),
        "end_to_end_161km": _ratio(counts["within"], gold_total),
    }  # fmt: skip


def geo_result(n_docs: int, tally: _Tally) -> dict[str, Any]:
    """The score dict of a finished tally."""
    counts = tally.counts
    result: dict[str, Any] = {"n": n_docs}
    result.update(prf(counts["tp"], counts["fp"], counts["fn"]))
    result["gold_toponyms"] = counts["tp"] + counts["fn"]
    result["by_type"] = {k: _type_scores(v) for k, v in sorted(tally.by_type.items())}
    result["accuracy_161km"] = _ratio(counts["within"], counts["resolved_matched"])
    result["end_to_end_161km"] = _ratio(counts["within"], counts["tp"] + counts["fn"])
    result["median_error_km"] = round(statistics.median(tally.errors), 1) if tally.errors else None
    result["unresolved_matched"] = counts["unresolved_matched"]
    worst = sorted(tally.misses, key=lambda m: -m["error_km"])[:WORST_MISSES]
    result["worst_misses"] = worst
    return result


@EVAL_TASKS.register("geo")
def score_geo(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """Toponym recognition P/R/F1 and resolution accuracy within 161 km."""
    tally = _Tally()
    articles = [gold_article(record) for record in records]
    docs = extractor.nlp.pipe([a.clean_text for a in articles], batch_size=16)
    for record, article, doc in zip(records, articles, docs, strict=True):
        preds = resolve_places(article, extractor, doc)
        score_document(tally, str(record["id"]), preds, list(record.get("toponyms") or []))
    return geo_result(len(records), tally)
