"""`polemos eval`: scoring logic on hand-written gold, and accuracy floors on shared gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import needs_gold

from polemos.config import load_config
from polemos.errors import GoldFormatError
from polemos.evaluate import evaluate, prf

BASELINES = json.loads((Path(__file__).parent / "baselines.json").read_text("utf-8"))

GOLD_ARTICLE = {
    "id": "g1",
    "text": "On Monday, a roadside bomb exploded next to an Iraqi police patrol near Kirkuk, "
    "killing two policemen, a security source said.",
    "meta": {"published": "2018-05-15"},
    "events": [
        {
            "event_date": "2018-05-14",
            "date_window_days": 0,
            "time_precision": 1,
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Remote explosive/landmine/IED",
            "actor1": ["Unidentified Armed Group (Iraq)"],
            "actor2": ["Police Forces of Iraq"],
            "location": "Kirkuk",
            "country": "Iraq",
            "admin1": "Kirkuk",
            "latitude": 35.4681,
            "longitude": 44.3922,
            "geo_precision": 2,
            "fatalities": 2,
            "optional": False,
        }  # fmt: skip
    ],
}


def write_gold(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_evaluate_prf_counts() -> None:
    assert prf(3, 1, 2) == {"tp": 3, "fp": 1, "fn": 2, "precision": 0.75, "recall": 0.6,
                            "f1": 0.6667}  # fmt: skip
    assert prf(0, 0, 0)["f1"] == 0.0


def test_evaluate_events_scores_a_correct_event(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "gold.jsonl", [GOLD_ARTICLE])
    scores = evaluate("events", gold, load_config(environ={}))
    assert scores["n"] == 1 and scores["task"] == "events"
    assert (scores["precision"], scores["recall"], scores["f1"]) == (1.0, 1.0, 1.0)
    assert scores["by_type"]["Explosions/Remote violence"]["tp"] == 1
    assert scores["field_accuracy"]["fatalities"] == 1.0
    assert scores["field_accuracy"]["actor2"] == 1.0


def test_evaluate_events_missed_event_is_a_false_negative(tmp_path: Path) -> None:
    record = dict(GOLD_ARTICLE, text="Officials met in Kirkuk to discuss the budget.")
    gold = write_gold(tmp_path / "gold.jsonl", [record])
    scores = evaluate("events", gold, load_config(environ={}))
    assert (scores["fn"], scores["tp"], scores["recall"]) == (1, 0, 0.0)


def test_evaluate_malformed_gold_names_file_and_line(tmp_path: Path) -> None:
    gold = tmp_path / "bad.jsonl"
    gold.write_text(json.dumps(GOLD_ARTICLE) + "\n{not json\n", "utf-8")
    with pytest.raises(GoldFormatError, match=r"bad\.jsonl:2: invalid JSON"):
        evaluate("events", gold, load_config(environ={}))


@pytest.mark.parametrize("name", sorted(k for k in BASELINES if not k.startswith("_")))
def test_evaluate_scores_stay_above_baseline(name: str) -> None:
    baseline = BASELINES[name]
    gold = needs_gold(baseline["gold"])
    scores = evaluate(baseline.get("task", name), gold, load_config(environ={}))
    for metric, floor in baseline["floors"].items():
        assert scores[metric] >= floor, f"{name} {metric} {scores[metric]} < floor {floor}"


def test_evaluate_format_scores_prints_any_nested_rows() -> None:
    from polemos.evaluate import format_scores

    scores = {
        "task": "geo", "gold": "g.jsonl", "n": 2, "precision": 0.5, "recall": 0.25, "f1": 1 / 3,
        "by_type": {
            "city": {"n": 4, "recall": 0.75, "accuracy_161km": 1.0},
            "Attack": {"precision": 1.0, "recall": 0.5, "f1": 2 / 3},
        },
    }  # fmt: skip
    assert format_scores(scores).splitlines() == [
        "task geo on g.jsonl (n=2)",
        "precision 0.500  recall 0.250  f1 0.333",
        f"  {'Attack':<40} p 1.000 r 0.500 f1 0.667",
        f"  {'city':<40} n 4 r 0.750 accuracy_161km 1.000",
    ]
