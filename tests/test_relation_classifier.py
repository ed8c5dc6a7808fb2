"""The re3d-style relation pair classifier and its hand-written training examples."""

from __future__ import annotations

import pytest

from polemos.errors import ConfigError
from polemos.relation_classifier import (
    THRESHOLDS,
    Entity,
    RelationClassifier,
    candidate_pairs,
    list_members,
    pair_features,
    parse_example,
    training_examples,
)


def test_relation_classifier_parses_markup() -> None:
    text, entities, relations = parse_example(
        "[ISIS|O] attacked [the town|L] and [the army|O].\t0-1:FA,0-2:FA", "test"
    )
    assert text == "ISIS attacked the town and the army."
    assert [(e.text, e.type) for e in entities] == [
        ("ISIS", "Organisation"),
        ("the town", "Location"),
        ("the army", "Organisation"),
    ]
    assert relations[(0, 1)] == "FightingAgainst"
    assert relations[(2, 0)] == "FightingAgainst"  # symmetric: both directions
    assert (1, 0) in relations  # FightingAgainst is symmetric in re3d's scoring


def test_relation_classifier_rejects_bad_labels() -> None:
    with pytest.raises(ConfigError, match="bad relation"):
        parse_example("[ISIS|O] attacked [Mosul|L].\t0-5:FA", "test")


def test_relation_classifier_candidates_skip_implausible_pairs() -> None:
    text = "We told them Iraqi jets hit Mosul."
    entities = [
        Entity(0, 2, "Organisation", "We"),
        Entity(13, 18, "Nationality", "Iraqi"),
        Entity(19, 23, "MilitaryPlatform", "jets"),
        Entity(28, 33, "Location", "Mosul"),
    ]
    pairs = {(h.text, t.text) for h, t, _ in candidate_pairs(text, [(0, len(text))], entities)}
    assert ("jets", "Mosul") in pairs
    assert ("Mosul", "jets") not in pairs  # a place does not act
    assert ("We", "Iraqi") not in pairs  # a nationality is no relation argument


def test_relation_classifier_features_read_the_words_between() -> None:
    text = "ISIS attacked the town"
    head, tail = Entity(0, 4, "Organisation", "ISIS"), Entity(14, 22, "Location", "the town")
    features = pair_features(text, head, tail, [head, tail])
    assert "bw=attack" in features
    assert "lex=fight" in features
    assert "pair=Organisation>Location" in features


def test_relation_classifier_learns_from_examples() -> None:
    lines = [
        "[A|O] attacked [B|O].\t0-1:FA",
        "[C|O] attacked [D|L].\t0-1:FA",
        "[E|O] supports [F|O].\t0-1:AO",
        "[G|O] backs [H|O].\t0-1:AO",
        "[I|O] met [J|O].\t",
    ]
    model = RelationClassifier.train(training_examples(lines, "test"))
    text = "K attacked L. M supports N."
    entities = [
        Entity(0, 1, "Organisation", "K"),
        Entity(11, 12, "Organisation", "L"),
        Entity(14, 15, "Organisation", "M"),
        Entity(25, 26, "Organisation", "N"),
    ]
    found = model.predict(text, [(0, 13), (14, 27)], entities, threshold=0.4)
    kinds = {(r.head.text, r.tail.text, r.type) for r in found}
    assert ("K", "L", "FightingAgainst") in kinds
    assert ("M", "N", "AlliesOf") in kinds


def test_relation_classifier_bundled_model_reads_typical_sentences() -> None:
    text = "Kurdish fighters seized the dam from the jihadists."
    entities = [
        Entity(0, 16, "Organisation", "Kurdish fighters"),
        Entity(24, 31, "Location", "the dam"),
        Entity(37, 50, "Organisation", "the jihadists"),
    ]
    found = RelationClassifier.default().predict(text, [(0, len(text))], entities)
    kinds = {(r.head.text, r.tail.text, r.type) for r in found}
    assert ("Kurdish fighters", "the dam", "InChargeOf") in kinds


def test_relation_classifier_spreads_over_a_coordinated_list() -> None:
    text = "The strikes destroyed two bridges, a depot and three trucks."
    bridges = Entity(26, 33, "Location", "bridges")
    members = list_members(
        text,
        bridges,
        [Entity(4, 11, "Weapon", "strikes"), bridges, Entity(35, 42, "Location", "a depot"),
         Entity(53, 59, "MilitaryPlatform", "trucks")],
    )  # fmt: skip
    assert [m.text for m in members] == ["a depot"]  # trucks: another type family


def test_relation_classifier_list_stops_at_a_verb() -> None:
    text = "ISIS attacked Mosul and shelled Erbil."
    mosul = Entity(14, 19, "Location", "Mosul")
    others = [mosul, Entity(32, 37, "Location", "Erbil")]
    assert list_members(text, mosul, others) == []


def test_relation_classifier_labels_have_their_own_thresholds() -> None:
    assert THRESHOLDS["AlliesOf"] > THRESHOLDS["FightingAgainst"]
    lines = ["[A|O] attacked [B|O].\t0-1:FA", "[C|O] met [D|O].\t"]
    model = RelationClassifier.train(training_examples(lines, "test"))
    text = "K attacked L."
    entities = [Entity(0, 1, "Organisation", "K"), Entity(11, 12, "Organisation", "L")]
    assert model.predict(text, [(0, 13)], entities, threshold=0.999) == []
    assert model.predict(text, [(0, 13)], entities, threshold=0.5)


def test_relation_classifier_features_name_the_head_nouns() -> None:
    text = "Italian ships ITS Doria"
    head = Entity(0, 13, "Organisation", "Italian ships")
    tail = Entity(14, 23, "MilitaryPlatform", "ITS Doria")
    features = pair_features(text, tail, head, [head, tail])
    assert "tail_noun=ship" in features
    assert "head_noun=doria" in features
    hull = Entity(0, 6, "MilitaryPlatform", "DDG 72")
    assert "head_noun=<MilitaryPlatform>" in pair_features("DDG 72 ships", hull, head, [hull])


def test_relation_classifier_list_reads_a_modifier_and_its_noun_as_one_item() -> None:
    text = "Strikes hit three IS units, four IS trucks and a depot."
    units = Entity(18, 26, "Organisation", "IS units")
    others = [
        units,
        Entity(33, 35, "Organisation", "IS"),
        Entity(36, 42, "MilitaryPlatform", "trucks"),
        Entity(47, 54, "Location", "a depot"),
    ]
    # a place named by a common noun ("a depot") may close a list of things
    assert [m.text for m in list_members(text, units, others)] == ["IS", "trucks", "a depot"]


def test_relation_classifier_list_passes_over_untagged_items() -> None:
    text = "Strikes hit two IS-held houses, three trucks, a tunnel, a bridge and two guns."
    trucks = Entity(38, 44, "MilitaryPlatform", "trucks")
    others = [Entity(16, 18, "Organisation", "IS"), trucks, Entity(73, 77, "Weapon", "guns")]
    first = others[0]
    assert [m.text for m in list_members(text, first, others)] == ["trucks", "guns"]


def test_relation_classifier_list_stops_at_a_participle_after_a_comma() -> None:
    text = "ISIS attacked Mosul, killing civilians, and Erbil."
    mosul = Entity(14, 19, "Location", "Mosul")
    assert list_members(text, mosul, [mosul, Entity(44, 49, "Location", "Erbil")]) == []


def test_relation_classifier_features_read_the_edges_of_the_gap() -> None:
    text = "The town was captured by the rebels"
    town = Entity(0, 8, "Location", "The town")
    rebels = Entity(25, 35, "Organisation", "the rebels")
    features = pair_features(text, rebels, town, [town, rebels])
    assert "first=was|th" in features
    assert "last=by|th" in features
    assert "bigram=captur_by" in features


def test_relation_classifier_reads_a_passive_holder_and_a_copula_subject() -> None:
    from polemos.relation_classifier import PairRelation, _as_stated

    text = "The dam was captured by the militia. Gao is the largest town held by the rebels."
    dam = Entity(0, 7, "Location", "The dam")
    militia = Entity(24, 35, "Organisation", "the militia")
    gao = Entity(37, 40, "Location", "Gao")
    town = Entity(44, 60, "Location", "the largest town")
    rebels = Entity(69, 79, "Organisation", "the rebels")
    entities = [dam, militia, gao, town, rebels]
    flipped = _as_stated(text, PairRelation("InChargeOf", dam, militia, 0.6), entities)
    assert (flipped.head, flipped.tail) == (militia, dam)
    held = _as_stated(text, PairRelation("InChargeOf", rebels, town, 0.6), entities)
    assert (held.head, held.tail) == (rebels, gao)


def test_relation_classifier_far_pairs_need_more_confidence() -> None:
    from polemos.relation_classifier import FAR_THRESHOLD, _needed

    words = " ".join(["word"] * 12)
    text = f"A {words} B"
    a, b = Entity(0, 1, "Organisation", "A"), Entity(len(text) - 1, len(text), "Organisation", "B")
    assert _needed(text, a, b, "FightingAgainst", None) == FAR_THRESHOLD
    assert _needed(text, a, b, "BelongsTo", None) > 1.0
    near = "A attacked B"
    c = Entity(11, 12, "Organisation", "B")
    assert _needed(near, a, c, "BelongsTo", None) == THRESHOLDS["BelongsTo"]


def test_relation_classifier_a_speaker_is_not_a_party() -> None:
    from polemos.relation_classifier import _reported_by

    text = "State media said a rebel drone had hit the depot."
    media = Entity(0, 11, "Organisation", "State media")
    drone = Entity(19, 30, "MilitaryPlatform", "rebel drone")
    depot = Entity(39, 48, "Location", "the depot")
    inside = [media, drone, depot]
    assert _reported_by(text, media, depot, inside)
    assert not _reported_by(text, drone, depot, inside)
