"""`polemos eval`: scoring logic on hand-written gold, and accuracy floors on shared gold."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import SHARED, needs_gold
from typer.testing import CliRunner

from polemos.cli import app
from polemos.config import load_config
from polemos.errors import GoldFormatError
from polemos.evaluate import evaluate, prf, read_gold

BASELINES = json.loads((Path(__file__).parent / "baselines.json").read_text("utf-8"))
FIXTURES = Path(__file__).parent / "fixtures"
MINI_CODING = FIXTURES / "mini_ref_events.jsonl"  # codes tests/fixtures/shared/gold/mini.dev.jsonl

GOLD_ARTICLE: dict[str, Any] = {
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


def write_gold(path: Path, records: list[dict[str, Any]]) -> Path:
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


def baseline_gold(baseline: dict[str, Any]) -> Path:
    """The file a baseline scores: a shared gold file, or one of our codings in
    tests/fixtures whose texts live in the shared files it ``needs`` (skip when absent)."""
    if "fixture" not in baseline:
        return needs_gold(baseline["gold"])
    for needed in baseline.get("needs", []):
        if not (SHARED / needed).exists():
            pytest.skip(f"{SHARED / needed} not available")
    return FIXTURES / baseline["fixture"]


def metric_value(scores: dict[str, Any], metric: str) -> float:
    """A score by name; ``field_accuracy.fatalities`` reaches into nested dicts."""
    value: Any = scores
    for part in metric.split("."):
        value = value[part]
    return float(value)


@pytest.mark.parametrize("name", sorted(k for k in BASELINES if not k.startswith("_")))
def test_evaluate_scores_stay_above_baseline(name: str) -> None:
    baseline = BASELINES[name]
    gold = baseline_gold(baseline)
    scores = evaluate(baseline.get("task", name), gold, load_config(environ={}))
    for metric, floor in baseline["floors"].items():
        value = metric_value(scores, metric)
        assert value >= floor, f"{name} {metric} {value} < floor {floor}"


def test_evaluate_events_resolves_texts_referenced_by_id() -> None:
    records = read_gold(MINI_CODING)
    assert [r["id"] for r in records] == ["mini-kirkuk", "mini-budget"]
    assert records[0]["text"].startswith("Bomb near Kirkuk\n\nOn Monday, a roadside bomb")
    assert records[1]["text"] == (
        "Officials met in Kirkuk on Monday to discuss the provincial budget.\n"
    )
    scores = evaluate("events", MINI_CODING, load_config(environ={}))
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 0, 0)
    assert scores["field_accuracy"]["fatalities"] == 1.0
    assert scores["median_error_km"] == 0.0


def _coding_in(tmp_path: Path, ref: dict[str, str]) -> Path:
    """A one-record coding in ``tmp_path`` whose shared directory holds mini.dev.jsonl."""
    gold_dir = tmp_path / "shared" / "gold"
    gold_dir.mkdir(parents=True)
    mini = (FIXTURES / "shared" / "gold" / "mini.dev.jsonl").read_text("utf-8")
    (gold_dir / "mini.dev.jsonl").write_text(mini, "utf-8")
    record = {"id": "c1", "text_ref": ref, "meta": {"published": "2018-05-15"}, "events": []}
    return write_gold(tmp_path / "coding.jsonl", [record])


def test_evaluate_events_missing_referenced_id_names_file_and_id(tmp_path: Path) -> None:
    coding = _coding_in(tmp_path, {"file": "mini.dev.jsonl", "id": "nope"})
    with pytest.raises(GoldFormatError) as caught:
        read_gold(coding)
    assert str(caught.value) == (
        f"{coding}: record c1: id nope is not in the referenced file mini.dev.jsonl"
    )


def test_evaluate_events_missing_referenced_file_is_named(tmp_path: Path) -> None:
    coding = _coding_in(tmp_path, {"file": "absent.dev.jsonl", "id": "mini-kirkuk"})
    with pytest.raises(GoldFormatError, match=r"referenced file gold/absent\.dev\.jsonl is not"):
        read_gold(coding)


def test_evaluate_events_changed_referenced_text_is_refused(tmp_path: Path) -> None:
    coding = _coding_in(tmp_path, {"file": "mini.dev.jsonl", "id": "mini-budget", "sha256": "0000"})
    with pytest.raises(GoldFormatError, match=r"the text of mini\.dev\.jsonl id mini-budget"):
        read_gold(coding)


def test_evaluate_record_without_text_or_reference_names_line(tmp_path: Path) -> None:
    gold = write_gold(tmp_path / "g.jsonl", [{"id": "x", "events": []}])
    with pytest.raises(GoldFormatError, match=r"g\.jsonl:1: a gold record needs 'id' and one of"):
        read_gold(gold)


def test_evaluate_cli_reports_missing_reference(tmp_path: Path) -> None:
    coding = _coding_in(tmp_path, {"file": "mini.dev.jsonl", "id": "nope"})
    result = CliRunner().invoke(app, ["eval", "events", "--gold", str(coding)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {coding}: record c1: id nope is not in the referenced file mini.dev.jsonl\n"
    )


def test_evaluate_events_optional_gold_is_neither_rewarded_nor_penalised(
    tmp_path: Path,
) -> None:
    optional = dict(GOLD_ARTICLE["events"][0], optional=True, event_type="Battles")
    record = dict(GOLD_ARTICLE, events=[optional])
    scores = evaluate("events", write_gold(tmp_path / "g.jsonl", [record]), load_config(environ={}))
    assert (scores["tp"], scores["fp"], scores["fn"]) == (0, 0, 0)


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


@pytest.mark.parametrize(("switch", "expected"), [(True, True), (False, False)])
def test_evaluate_train_types_honours_the_config_embeddings_switch_and_encoder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, switch: bool, expected: bool
) -> None:
    import polemos.classify
    import polemos.events
    from polemos.evaluate import train_types_model

    seen: list[tuple[bool | None, str | None]] = []

    def fake_train(
        examples: object, origin: str = "", embeddings: bool | None = None,
        encoder: str | None = None,
    ) -> str:  # fmt: skip
        seen.append((embeddings, encoder))
        return "model"

    monkeypatch.delenv("POLEMOS_EVENTS__TYPE_EMBEDDINGS", raising=False)
    monkeypatch.delenv("POLEMOS_EVENTS__TYPE_ENCODER", raising=False)
    monkeypatch.setattr(polemos.classify, "train", fake_train)
    monkeypatch.setattr(polemos.classify, "save_model", lambda model, path: None)
    monkeypatch.setattr(polemos.events, "classify_snippet", lambda text, model: "NONE")
    records = [{"id": str(i), "text": f"snippet {i}", "events": []} for i in range(4)]
    gold = write_gold(tmp_path / "case.jsonl", records)
    config = {"events": {"type_embeddings": switch, "type_encoder": "mpnet"}}
    scores = train_types_model(gold, tmp_path / "model.npz", 2, config)
    assert seen == [(expected, "mpnet")] * 3  # two folds, then the final model
    assert scores["folds"] == 2 and scores["model_path"] == str(tmp_path / "model.npz")
