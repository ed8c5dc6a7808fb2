"""`polemos eval ner|relations|actors`: scoring on hand-written gold (floors: test_evaluate)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from polemos.cli import app
from polemos.config import load_config
from polemos.evaluate import evaluate

runner = CliRunner()
TEXT = "Ahrar al-Sham fought against Jund al-Aqsa in Idlib."
RE3D_RECORD = {
    "id": "r1",
    "text": TEXT,
    "entities": [
        {"start": 0, "end": 13, "text": "Ahrar al-Sham", "type": "Organisation", "confidence": 1},
        {"start": 29, "end": 41, "text": "Jund al-Aqsa", "type": "Organisation", "confidence": 1},
        {"start": 45, "end": 50, "text": "Idlib", "type": "Location", "confidence": 1},
        {"start": 14, "end": 20, "text": "fought", "type": "Weapon", "confidence": 0.2},
    ],
    "relations": [
        {
            "type": "FightingAgainst",
            "head": 1,
            "tail": 0,
            "head_span": [29, 41, "Jund al-Aqsa"],
            "tail_span": [0, 13, "Ahrar al-Sham"],
            "trigger_span": [14, 28, "fought against"],
            "confidence": 1,
        },
    ],  # fmt: skip
}
CAMEO_RECORD = {
    "id": "c1",
    "text": "Ahrar al-Sham militants attacked Jund al-Aqsa near Idlib on Monday .",
    "entities": [
        {"start": 0, "end": 23, "type": "S", "text": "Ahrar al-Sham militants"},
        {"start": 33, "end": 45, "type": "T", "text": "Jund al-Aqsa"},
    ],
}


def _gold(tmp_path: Path, record: dict[str, object]) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    return path


def test_eval_actors_ner_exact_and_lenient(tmp_path: Path) -> None:
    scores = evaluate("ner", _gold(tmp_path, RE3D_RECORD), load_config(environ={}))
    assert (scores["tp"], scores["fp"], scores["fn"]) == (3, 0, 0)  # low-confidence one ignored
    assert scores["by_type"]["Location"]["f1"] == 1.0
    assert scores["lenient_f1"] == 1.0


def test_eval_actors_ner_boundary_error_is_lenient_only(tmp_path: Path) -> None:
    record = json.loads(json.dumps(RE3D_RECORD))
    record["entities"][2].update(start=42, end=50, text="in Idlib")
    scores = evaluate("ner", _gold(tmp_path, record), load_config(environ={}))
    assert scores["by_type"]["Location"]["tp"] == 0
    assert scores["by_type"]["Location"]["fp"] == 1 and scores["by_type"]["Location"]["fn"] == 1
    assert scores["lenient_f1"] == 1.0


def test_eval_actors_relations_symmetric_fighting(tmp_path: Path) -> None:
    scores = evaluate("relations", _gold(tmp_path, RE3D_RECORD), load_config(environ={}))
    assert scores["by_type"]["FightingAgainst"]["tp"] == 1
    assert (scores["precision"], scores["recall"]) == (1.0, 1.0)


def test_eval_actors_relations_symmetric_gold_in_both_directions_counts_once(
    tmp_path: Path,
) -> None:
    record = json.loads(json.dumps(RE3D_RECORD))
    forward = record["relations"][0]
    backward = dict(forward, head=0, tail=1, head_span=forward["tail_span"],
                    tail_span=forward["head_span"])  # fmt: skip
    record["relations"].append(backward)
    scores = evaluate("relations", _gold(tmp_path, record), load_config(environ={}))
    fighting = scores["by_type"]["FightingAgainst"]
    assert (fighting["tp"], fighting["fp"], fighting["fn"]) == (1, 0, 0)


def test_eval_actors_relations_scores_even_and_odd_documents_apart(tmp_path: Path) -> None:
    second = json.loads(json.dumps(RE3D_RECORD))
    second["id"] = "r2"
    second["relations"][0]["type"] = "AlliesOf"  # not what the text says: a miss and a false hit
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(RE3D_RECORD) + "\n" + json.dumps(second) + "\n", "utf-8")
    scores = evaluate("relations", path, load_config(environ={}))
    even, odd = scores["halves"]["even"], scores["halves"]["odd"]
    assert (even["tp"], even["fp"], even["fn"], even["f1"]) == (1, 0, 0, 1.0)
    assert (odd["tp"], odd["fp"], odd["fn"], odd["f1"]) == (0, 1, 1, 0.0)
    assert (scores["tp"], scores["fp"], scores["fn"]) == (1, 1, 1)


def test_eval_actors_source_and_target_from_event(tmp_path: Path) -> None:
    scores = evaluate("actors", _gold(tmp_path, CAMEO_RECORD), load_config(environ={}))
    assert scores["by_type"]["S (overlap)"]["tp"] == 1
    assert scores["by_type"]["T (exact)"]["tp"] == 1
    assert scores["overlap_f1"] == 1.0


def test_eval_actors_cli_prints_scores(tmp_path: Path) -> None:
    gold = _gold(tmp_path, RE3D_RECORD)
    result = runner.invoke(app, ["eval", "relations", "--gold", str(gold)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"task relations on {gold} (n=1)",
        "precision 1.000  recall 1.000  f1 1.000",
        "  AlliesOf                                 p 0.000 r 0.000 f1 0.000",
        "  BelongsTo                                p 0.000 r 0.000 f1 0.000",
        "  FightingAgainst                          p 1.000 r 1.000 f1 1.000",
        "  InChargeOf                               p 0.000 r 0.000 f1 0.000",
    ]


def test_eval_actors_unknown_task_is_an_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "entities", "--gold", str(_gold(tmp_path, RE3D_RECORD))])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")


def _roles(text: str, spans: dict[str, tuple[int, int]]) -> dict[str, str]:
    from polemos.eval_actors import dependency_parser, phrase_roles

    parsed = dependency_parser(load_config(environ={})["nlp"]["model"])(text)
    return {role: text[a:b] for role, (a, b) in phrase_roles(parsed, spans).items()}


def test_eval_actors_target_is_the_object_phrase_without_its_clauses() -> None:
    text = "Rebels attacked at least 40 displaced people in eastern Chad , a monitor said ."
    roles = _roles(text, {"S": (0, 6)})
    assert roles == {"S": "Rebels", "T": "at least 40 displaced people in eastern Chad"}


def test_eval_actors_target_of_an_attack_noun_is_what_it_is_aimed_at() -> None:
    text = "The army launched air strikes against the rebel stronghold of Tora ."
    roles = _roles(text, {"S": (0, 8)})
    assert roles["T"] == "the rebel stronghold of Tora"


def test_eval_actors_source_mention_inside_the_object_gives_way_to_the_subject() -> None:
    text = "A Kenyan court on Monday freed opposition leader John Okoth ."
    roles = _roles(text, {"S": (49, 59)})
    assert roles == {"S": "A Kenyan court", "T": "opposition leader John Okoth"}


def test_eval_actors_passive_sentence_puts_the_agent_first() -> None:
    text = "The convoy was ambushed by gunmen near Gao ."
    roles = _roles(text, {"S": (0, 10)})
    assert roles == {"S": "gunmen", "T": "The convoy"}


def test_eval_actors_target_of_an_abstract_object_is_whom_it_concerns() -> None:
    roles = _roles("The junta gave an ultimatum to the French ambassador .", {"S": (0, 9)})
    assert roles["T"] == "the French ambassador"
    kept = _roles("Gunmen killed 12 people in Zamfara state .", {"S": (0, 6)})
    assert kept["T"] == "12 people in Zamfara state"
