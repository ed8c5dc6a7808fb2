"""Event coreference: metrics on hand-computed examples, the clusterer on a small fixture,
the `polemos eval coref` command, and the score on ECB+ dev (needs ../shared/gold)."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import needs_gold
from typer.testing import CliRunner

from polemos.cli import app
from polemos.config import load_config
from polemos.coref import (
    CorefParams,
    agglomerate,
    b_cubed,
    ceaf_e,
    cluster_mentions,
    conll_scores,
    coref_report,
    gold_clusters,
    lemma_baseline,
    load_parser,
    max_weight_matching,
    muc,
    parse_documents,
    stem,
)
from polemos.evaluate import read_gold

KEY = [frozenset("abc"), frozenset("de")]
RESPONSE = [frozenset("ab"), frozenset("cde")]


def approx(value: float) -> Any:
    return pytest.approx(value, abs=1e-9)


# --- metrics on hand-computed examples ---------------------------------------------------


def test_coref_muc_hand_computed() -> None:
    # recall: {a,b,c} splits in 2 parts (1 link of 2), {d,e} stays whole (1 of 1) -> 2/3;
    # precision: {a,b} whole (1 of 1), {c,d,e} splits in 2 (1 of 2) -> 2/3.
    scores = muc(KEY, RESPONSE)
    assert scores == {"precision": approx(2 / 3), "recall": approx(2 / 3), "f1": approx(2 / 3)}


def test_coref_b_cubed_hand_computed() -> None:
    # recall: a,b 2/3 each, c 1/3, d,e 2/2 each -> (4/3 + 1/3 + 2) / 5 = 11/15; precision
    # symmetric: a,b 2/2, c 1/3, d,e 2/3 -> 11/15.
    scores = b_cubed(KEY, RESPONSE)
    assert scores == {
        "precision": approx(11 / 15),
        "recall": approx(11 / 15),
        "f1": approx(11 / 15),
    }


def test_coref_ceaf_e_hand_computed() -> None:
    # phi4(abc, ab) = 4/5, phi4(de, cde) = 4/5 is the best alignment: 8/5 over 2 clusters.
    scores = ceaf_e(KEY, RESPONSE)
    assert scores == {"precision": approx(0.8), "recall": approx(0.8), "f1": approx(0.8)}


def test_coref_conll_is_mean_of_three_f1() -> None:
    scores = conll_scores(KEY, RESPONSE)
    assert scores["conll"]["f1"] == approx((2 / 3 + 11 / 15 + 0.8) / 3)
    assert scores["conll"]["f1"] == approx(11 / 15)


def test_coref_all_singletons_response() -> None:
    key = [frozenset("abc")]
    response = [frozenset("a"), frozenset("b"), frozenset("c")]
    assert muc(key, response) == {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    b3 = b_cubed(key, response)
    assert (b3["precision"], b3["recall"]) == (approx(1.0), approx(1 / 3))
    ceaf = ceaf_e(key, response)
    # phi4({a,b,c}, {a}) = 2/4; one key cluster, three response clusters.
    assert (ceaf["precision"], ceaf["recall"]) == (approx(1 / 6), approx(0.5))


def test_coref_perfect_response_scores_one() -> None:
    scores = conll_scores(KEY, list(reversed(KEY)))
    assert all(s["f1"] == approx(1.0) for s in scores.values())


def test_coref_unaligned_mentions_count_as_misses() -> None:
    # the response leaves out e: MUC recall loses the d-e link, B3 recall e's credit.
    response = [frozenset("abc"), frozenset("d")]
    assert muc(KEY, response)["recall"] == approx(2 / 3)
    assert b_cubed(KEY, response)["recall"] == approx((3 + 0.5) / 5)


def test_coref_max_weight_matching_matches_brute_force() -> None:
    rng = random.Random(7)
    for rows, cols in [(1, 1), (2, 3), (3, 2), (4, 4), (5, 3), (3, 6)]:
        weights = [[round(rng.random(), 3) for _ in range(cols)] for _ in range(rows)]
        small, large = (rows, cols) if rows <= cols else (cols, rows)
        table = weights if rows <= cols else [list(c) for c in zip(*weights, strict=True)]
        best = max(
            sum(table[i][j] for i, j in enumerate(perm))
            for perm in itertools.permutations(range(large), small)
        )
        assert max_weight_matching(weights) == approx(best)


def test_coref_max_weight_matching_empty() -> None:
    assert max_weight_matching([]) == 0.0


# --- clustering ---------------------------------------------------------------------------


CHAIN = [[0.0, 0.9, 0.0], [0.9, 0.0, 0.9], [0.0, 0.9, 0.0]]


def test_coref_complete_linkage_never_chains() -> None:
    assert agglomerate(CHAIN, 0.4, "complete") == [0, 0, 2]


def test_coref_average_linkage_needs_mean_similarity() -> None:
    # after a+b merge, c's mean similarity to {a, b} is 0.45.
    assert agglomerate(CHAIN, 0.5, "average") == [0, 0, 2]
    assert agglomerate(CHAIN, 0.4, "average") == [0, 0, 0]


def test_coref_stem_strips_ing_and_plural() -> None:
    assert [stem(w) for w in ("shooting", "dies", "bombing", "press", "sing")] == [
        "shoot", "die", "bomb", "press", "sing",
    ]  # fmt: skip


def doc(doc_id: str, text: str, triggers: list[tuple[str, str]]) -> dict[str, Any]:
    """An ECB+-style record; each trigger word (first occurrence) gets its gold chain."""
    events = []
    for word, chain in triggers:
        start = text.index(word)
        trigger = {"start": start, "end": start + len(word), "text": word}
        events.append({"type": "ACT", "trigger": trigger, "coref_chain": chain})
    return {"id": doc_id, "text": text, "events": events, "entities": [], "meta": {}}


FIXTURE = [
    doc("1_1ecb", "A strong earthquake struck Aceh in Indonesia on Tuesday , killing 12 people .",
        [("earthquake", "quake-aceh"), ("killing", "deaths-aceh")]),
    doc("1_2ecb", "The quake in Aceh , Indonesia , left 12 villagers dead on Tuesday .",
        [("quake", "quake-aceh"), ("dead", "deaths-aceh")]),
    doc("1_3ecbplus", "Police arrested a man in Ohio after a bank robbery in Columbus .",
        [("arrested", "arrest-ohio"), ("robbery", "robbery-ohio")]),
    doc("1_4ecbplus", "The Columbus bank robbery suspect was detained by Ohio police .",
        [("robbery", "robbery-ohio"), ("detained", "arrest-ohio")]),
    doc("2_1ecb", "Rebels attacked an army base near Homs , Syria , on Friday .",
        [("attacked", "attack-homs")]),
]  # fmt: skip


@pytest.fixture(scope="module")
def fixture_docs() -> list[Any]:
    return parse_documents(FIXTURE, load_parser(load_config(environ={})["nlp"]["model"]))


def test_coref_clusterer_recovers_fixture_chains(fixture_docs: list[Any]) -> None:
    predicted = cluster_mentions(fixture_docs, CorefParams())
    assert sorted(map(sorted, predicted)) == sorted(map(sorted, gold_clusters(fixture_docs)))


def test_coref_lemma_baseline_misses_synonyms(fixture_docs: list[Any]) -> None:
    baseline = conll_scores(gold_clusters(fixture_docs), lemma_baseline(fixture_docs))
    assert baseline["muc"]["recall"] == approx(1 / 4)  # only robbery-robbery is linked


def test_coref_clusters_do_not_cross_topics(fixture_docs: list[Any]) -> None:
    for cluster in cluster_mentions(fixture_docs, CorefParams(mention_threshold=0.0)):
        assert len({key[0].split("_")[0] for key in cluster}) == 1


def test_coref_eval_command_prints_all_metrics(tmp_path: Path) -> None:
    gold = tmp_path / "ecb.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in FIXTURE), "utf-8")
    result = CliRunner().invoke(app, ["eval", "coref", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    perfect = "p 1.000 r 1.000 f1 1.000"
    # The baseline links only robbery-robbery: MUC P 1 R 1/4 F 0.4; B3 P 1 R 6/9 F 0.8;
    # CEAF-e 4 of 5 key clusters over 8 response clusters: P 0.5 R 0.8 F 0.615.
    assert result.output.splitlines() == [
        f"task coref on {gold} (n=5)",
        "precision 1.000  recall 1.000  f1 1.000",
        f"  {'b3':<40} {perfect}",
        f"  {'ceaf-e':<40} {perfect}",
        f"  {'conll':<40} {perfect}",
        f"  {'lemma-baseline conll':<40} p 0.833 r 0.572 f1 0.605",
        f"  {'muc':<40} {perfect}",
    ]


def test_coref_eval_refuses_gold_without_events(tmp_path: Path) -> None:
    gold = tmp_path / "plain.jsonl"
    gold.write_text(json.dumps({"id": "x", "text": "No events here."}) + "\n", "utf-8")
    result = CliRunner().invoke(app, ["eval", "coref", "--gold", str(gold)])
    assert result.exit_code != 0
    assert "coref gold needs records with 'events'" in result.output


# --- ECB+ dev -------------------------------------------------------------------------------


def test_coref_ecbplus_beats_lemma_baseline_on_held_out_half() -> None:
    records = read_gold(needs_gold("ecbplus.dev.jsonl"))
    docs = parse_documents(records, load_parser(load_config(environ={})["nlp"]["model"]))
    report = coref_report(docs, CorefParams())
    assert report["mentions"] == 3518 and report["topics"] == 24
    assert report["conll_f1"] >= 0.74
    assert report["conll_f1"] > report["lemma_baseline_conll_f1"]
    assert report["conll_f1_held_out_topics_odd"] >= 0.71
