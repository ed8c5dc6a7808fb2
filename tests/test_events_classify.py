"""Type classifier, its combination with the rules, notes, explain marks and seed coding."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from tests.conftest import GOLD

from polemos.classify import (
    ACTOR_REPEAT,
    ARTICLE,
    FAMILY_REPEAT,
    NONE,
    SNIPPET,
    TEXT_CACHE_SIZE,
    Example,
    Prediction,
    char_grams,
    class_weights,
    combine,
    complement_naive_bayes,
    features,
    forget_texts,
    load_model,
    rule_names,
    save_model,
    tokens,
    train,
    trigger_name,
)
from polemos.codebook import (
    RULES,
    TriggerRule,
    first_trigger,
    is_hypothetical,
)
from polemos.config import load_config
from polemos.evaluate import gold_article, score_events, type_scores
from polemos.explain import mark_spans
from polemos.models import Article, Evidence
from polemos.pipeline import Extractor
from polemos.type_features import actor_cues, family_cues

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = [
    Example("Rebels captured the town.", "Non-state actor overtakes territory"),
    Example("Police fired tear gas to disperse protesters.", "Protest with intervention"),
    Example("Floods destroyed hundreds of homes.", NONE),
    Example("Warplanes bombed the market.", "Air/drone strike"),
]


def test_classify_training_is_deterministic() -> None:
    first, second = train(EXAMPLES), train(EXAMPLES)
    assert first.vocabulary == second.vocabulary
    assert np.array_equal(first.weights, second.weights)
    assert first.predict("Warplanes bombed the village.").label == "Air/drone strike"


def test_classify_class_weights_are_inverse_to_label_frequency() -> None:
    weights = class_weights([0, 0, 0, 1, 2], 4)
    assert weights.tolist() == pytest.approx([5 / 9, 5 / 3, 5 / 3, 0.0])
    assert float(weights[[0, 0, 0, 1, 2]].mean()) == pytest.approx(1.0)


def test_classify_complement_naive_bayes_favours_the_label_a_feature_comes_with() -> None:
    encoded = [np.array([0, 1]), np.array([0]), np.array([2])]
    weights = complement_naive_bayes(encoded, [0, 0, 1], 3, 2)
    assert weights.shape == (3, 2)
    assert np.abs(weights).sum(axis=0) == pytest.approx([1.0, 1.0])
    votes = weights[[0, 1]].sum(axis=0)
    assert votes[0] > votes[1]  # features seen only with label 0 vote for label 0
    assert weights[2, 1] > weights[2, 0]


def test_classify_model_with_naive_bayes_survives_save_and_load(tmp_path: Path) -> None:
    model = train(EXAMPLES)
    assert model.naive_bayes is not None
    path = tmp_path / "types.npz"
    save_model(model, path)
    loaded = load_model(path)
    text = "Police fired tear gas at the crowd."
    assert loaded.predict(text).probabilities == pytest.approx(model.predict(text).probabilities)
    model.naive_bayes = None  # a model file from before the naive Bayes still loads and works
    save_model(model, path)
    older = load_model(path)
    assert older.naive_bayes is None
    assert older.predict("Warplanes bombed the village.").label == "Air/drone strike"


def test_classify_repeated_prediction_is_remembered_and_the_memory_stays_bounded() -> None:
    model = train(EXAMPLES)
    text = "Warplanes bombed the market again."
    first = model.predict(text)
    assert model.predict(text) is first  # the coder asks about a sentence more than once
    fresh = model._predict(text, trigger_name(text))
    assert fresh.probabilities == pytest.approx(first.probabilities)
    for number in range(TEXT_CACHE_SIZE + 5):
        model.predict(f"Warplanes bombed {number} villages.")
    assert len(model._predictions) <= TEXT_CACHE_SIZE


def test_type_features_actor_cues_name_the_side_named_first() -> None:
    assert actor_cues("Government forces recaptured the town from the rebels.") == [
        "a:state", "a:state_first", "a:nonstate"]  # fmt: skip
    assert actor_cues("IS fighters overran the army base.") == [
        "a:state", "a:nonstate", "a:nonstate_first"]  # fmt: skip
    assert actor_cues("The town is quiet.") == []  # "is" is not IS
    named = features("Troops retook the village.", "territory")
    assert {f"a:state_first#{i}" for i in range(ACTOR_REPEAT)} <= set(named)


def test_type_features_family_cues_tell_crowd_handling_apart() -> None:
    assert family_cues("Protesters marched peacefully to the ministry.") == [
        "f:crowd", "f:crowd_calm"]  # fmt: skip
    assert family_cues("Police detained ten demonstrators at the rally.") == [
        "f:crowd", "f:crowd_held"]  # fmt: skip
    assert family_cues("Police dispersed the protest with live ammunition, killing two.") == [
        "f:crowd", "f:crowd_held", "f:crowd_force", "f:crowd_held_force"]  # fmt: skip
    assert "f:crowd_violent" in family_cues("Demonstrators threw stones at the police.")
    assert family_cues("Floods destroyed hundreds of homes.") == []


def test_type_features_family_cues_name_who_takes_ground() -> None:
    assert family_cues("Government forces recaptured the town from the rebels.") == [
        "f:regain", "f:regain_state"]  # fmt: skip
    assert family_cues("Militants seized two villages near the border.") == [
        "f:take", "f:take_nonstate"]  # fmt: skip
    assert family_cues("The district was overrun by the insurgents.") == [
        "f:take", "f:take_nonstate"]  # fmt: skip
    # what is captured must be ground, not people or equipment
    assert family_cues("They used Humvees captured from the army.") == []
    assert family_cues("Cuba was asked to capture the rebel commander.") == []


def test_classify_features_repeat_the_family_cues() -> None:
    named = set(features("Rebels took control of the town.", "territory"))
    assert {f"f:take_nonstate#{i}" for i in range(FAMILY_REPEAT)} <= named
    assert "e:Battles" in named  # the event type of each rule that matches


def test_classify_features_include_the_winning_rule() -> None:
    names = features("Jets carried out air strikes on the town.", "air")
    assert "t:air" in names and "r:air" in names and "w:jet" in names


def test_classify_features_include_character_grams_and_argument_cues() -> None:
    names = features("Protesters were shelled.", "shelling")
    assert {"c:<she", "c:lled", "c:led>", "k:crowd"} <= set(names)
    assert "k:deadly" not in names
    assert char_grams("gas") == {"c:<gas", "c:gas>"}


def test_classify_snippet_thresholds_let_the_classifier_lead() -> None:
    unsure = _prediction("Attack", 0.35, 0.2)
    assert combine("Armed clash", unsure, ARTICLE) == ("Armed clash", "rules")
    assert combine("Armed clash", unsure, SNIPPET) == ("Attack", "classifier")
    assert combine(None, _prediction("Arrests", 0.35), SNIPPET) == ("Arrests", "classifier")
    assert combine("Arrests", _prediction(NONE, 0.5), SNIPPET) == (NONE, "classifier")
    assert combine("Arrests", _prediction(NONE, 0.5), ARTICLE) == ("Arrests", "rules")


def _prediction(label: str, probability: float, rule_probability: float = 0.0) -> Prediction:
    by_label = {label: probability, "Armed clash": rule_probability}
    return Prediction(label, probability, by_label, None)


def test_classify_combine_keeps_the_rule_unless_the_classifier_is_sure() -> None:
    assert combine("Armed clash", _prediction("Attack", 0.3, 0.2)) == ("Armed clash", "rules")
    assert combine("Armed clash", _prediction("Attack", 0.7, 0.1)) == ("Attack", "classifier")
    assert combine("Armed clash", _prediction(NONE, 0.9)) == (NONE, "classifier")
    assert combine(None, _prediction("Arrests", 0.3)) == (NONE, "none")


def test_classify_combine_in_articles_needs_the_sparse_reading_to_agree() -> None:
    """A reading mixed with the dense head departs from the rules in articles only where
    the sparse model alone departs the same way; snippets follow the mix."""
    bold_mix = _prediction("Change to group/activity", 0.71, 0.2)
    timid = replace(bold_mix, sparse=_prediction("Change to group/activity", 0.5, 0.3))
    assert combine("Armed clash", timid, ARTICLE) == ("Armed clash", "rules")
    assert combine(None, timid, ARTICLE) == (NONE, "none")
    assert combine("Armed clash", timid, SNIPPET) == ("Change to group/activity", "classifier")
    sure = replace(bold_mix, sparse=_prediction("Change to group/activity", 0.65, 0.3))
    assert combine("Armed clash", sure, ARTICLE) == ("Change to group/activity", "classifier")
    vetoed = replace(_prediction("Attack", 0.5), sparse=_prediction("Attack", 0.6))
    assert combine(None, vetoed, ARTICLE) == (NONE, "none")  # the dense head holds it back


def test_evaluate_type_scores_weighted_and_macro_f1() -> None:
    pairs = [("Attack", "Attack"), ("Attack", NONE), ("Arrests", "Arrests"), (NONE, NONE)]
    scores = type_scores(pairs)
    assert scores["accuracy"] == 0.75
    assert scores["by_type"]["Attack"]["f1"] == pytest.approx(0.6667)
    assert scores["macro_f1_acled"] == pytest.approx((0.6667 + 1.0) / 2, abs=1e-3)
    assert scores["confusions"] == [{"gold": "Attack", "predicted": NONE, "count": 1}]


def test_explain_marks_each_field_span() -> None:
    text = "On May 3 rebels shelled Idlib."
    spans = [
        Evidence(article_id="a", field="event_date", start=3, end=8, text="May 3"),
        Evidence(article_id="a", field="location", start=24, end=29, text="Idlib"),
    ]
    marked = mark_spans(text, 0, len(text), spans)
    assert marked == "On [May 3]{event_date} rebels shelled [Idlib]{location}."


def _seed_records() -> list[dict[str, Any]]:
    records = []
    for line in (FIXTURES / "seed_events.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        path = GOLD.parent / record.pop("text_file")
        if not path.exists():
            pytest.skip(f"{path} not available")
        record["text"] = path.read_text("utf-8")
        records.append(record)
    return records


@pytest.mark.gold
def test_events_seed_articles_match_our_coding() -> None:
    records = _seed_records()
    extractor = Extractor(load_config(environ={}))
    scores = score_events(records, extractor)
    assert scores["f1"] >= 0.7 and scores["field_accuracy"]["sub_event_type"] == 1.0
    assert scores["field_accuracy"]["event_date_exact"] == 1.0
    khan = [e for e in extractor.extract(_article(records[0])) if "Shaykh" in e.location]
    assert khan and str(khan[0].event_date) == "2017-02-09"
    assert "date:narrative" in khan[0].tags and khan[0].notes.startswith("On 9 February 2017")


def _article(record: dict[str, Any]) -> Article:
    return gold_article(record)


def _scan_every_rule(text: str) -> tuple[TriggerRule, int, int] | None:
    """``first_trigger`` as it was written before the shared, cached rule scan."""
    best: tuple[TriggerRule, int, int] | None = None
    for rule in RULES:
        for match in rule.pattern.finditer(text):
            if is_hypothetical(text[: match.start()]):
                continue
            if best is None or rule.priority < best[0].priority:
                best = (rule, match.start(), match.end())
            break
    return best


@pytest.mark.parametrize(
    "text",
    [
        "Jets carried out air strikes on the town, and rebels clashed with troops nearby.",
        "The army could shell the town, but rebels shelled the base on Monday.",
        "Protesters marched in Hama; police fired tear gas and shot dead two protesters.",
        "A roadside bomb killed three soldiers while a suicide bomber attacked a checkpoint.",
        "Floods destroyed hundreds of homes.",
    ],
)
def test_codebook_shared_rule_scan_gives_the_same_trigger_and_rules(text: str) -> None:
    forget_texts()
    assert first_trigger(text) == _scan_every_rule(text)
    assert rule_names(text) == [rule.name for rule in RULES if rule.pattern.search(text)]
    assert first_trigger(text) == _scan_every_rule(text)  # answered from the cache


def test_classify_cached_features_are_copies() -> None:
    text = "Warplanes bombed the market in Idlib."
    first = features(text, "air")
    first.append("x:changed")
    assert features(text, "air") == sorted(set(first) - {"x:changed"})
    forget_texts()
    assert features(text, "air") == first[:-1]
    assert tokens(text)[:2] == [("warplan", 0, 9), ("bomb", 10, 16)]  # crude stems
