"""Relation extraction: typed, dated claims between actors with evidence spans."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest

from polemos.config import load_config
from polemos.pipeline import Extractor
from polemos.relations import RELATION_TYPES, RelationClaim, relations_for_text


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_config(environ={}))


@pytest.fixture(scope="module")
def seed_claims(extractor: Extractor) -> list[RelationClaim]:
    text = resources.files("polemos.data").joinpath("samples/seeds.jsonl").read_text("utf-8")
    claims: list[RelationClaim] = []
    for line in text.splitlines():
        record = json.loads(line)
        published = date.fromisoformat(record["meta"]["published"])
        claims += relations_for_text(record["text"], extractor, published, record["id"])
    return claims


def _one(claims: list[RelationClaim], kind: str, head: str, tail: str) -> RelationClaim:
    found = [c for c in claims if c.type == kind and c.head.actor_id == head
             and c.tail.actor_id == tail]  # fmt: skip
    assert found, f"no {kind} claim {head} -> {tail}"
    return found[0]


def _in_window(claim: RelationClaim) -> bool:
    return claim.date is not None and date(2017, 1, 20) <= claim.date <= date(2017, 2, 9)


def test_relations_seed_rename_to_liwa_al_aqsa(seed_claims: list[RelationClaim]) -> None:
    claim = _one(seed_claims, "renamed_to", "jund_al_aqsa", "jund_al_aqsa")
    assert claim.tail.text == "Liwa al-Aqsa"
    assert claim.trigger_span.text == "changed its name to"
    assert (claim.date, claim.date_precision, claim.date_basis) == (date(2017, 2, 7), 1, "text")


def test_relations_seed_expulsion_from_hts(seed_claims: list[RelationClaim]) -> None:
    claim = _one(seed_claims, "expelled_from", "jund_al_aqsa", "hayat_tahrir_al_sham")
    assert claim.head.text == "Jund al-Aqsa"
    assert claim.tail.text == "Hai’at Tahrir al-Sham"
    assert _in_window(claim) and claim.date_basis == "text"


def test_relations_seed_pledge_to_islamic_state(seed_claims: list[RelationClaim]) -> None:
    kind, head, tail = "pledged_allegiance_to", "jund_al_aqsa", "islamic_state"
    pledges = [
        c for c in seed_claims
        if c.type == kind and c.head.actor_id == head and c.tail.actor_id == tail
    ]  # fmt: skip
    assert any(_in_window(c) for c in pledges)


def test_relations_seed_evidence_indexes_the_article(seed_claims: list[RelationClaim]) -> None:
    texts = {}
    for line in (
        resources.files("polemos.data")
        .joinpath("samples/seeds.jsonl")
        .read_text("utf-8")
        .splitlines()
    ):
        record = json.loads(line)
        texts[record["id"]] = record["text"]
    for claim in seed_claims:
        text = texts[claim.article_id]
        for span in (claim.head_span, claim.tail_span, claim.trigger_span, claim.sentence):
            assert text[span.start : span.end] == span.text
        assert claim.sentence.start <= claim.trigger_span.start < claim.sentence.end
        assert claim.type in RELATION_TYPES


def test_relations_leader_oath_binds_the_group(seed_claims: list[RelationClaim]) -> None:
    leader = [c for c in seed_claims if c.type == "leader_of" and c.tail.actor_id == "jund_al_aqsa"]
    assert leader and leader[0].head.text == "Abu Abd al-Wakil" and leader[0].head.actor_id is None
    oath = [c for c in seed_claims if c.trigger_span.text == "took an oath to"]
    assert {c.head.text for c in oath} == {"Abu Abd al-Wakil", "Liwa al-Aqsa"}


def _pairs(text: str, extractor: Extractor) -> set[tuple[str, str, str]]:
    claims = relations_for_text(text, extractor, date(2017, 3, 1))
    return {(c.type, c.head.text, c.tail.text) for c in claims}


def test_relations_formerly_means_renamed(extractor: Extractor) -> None:
    text = "Jabhat Fateh al-Sham (formerly al-Nusra Front) attacked the town."
    assert ("renamed_to", "al-Nusra Front", "Jabhat Fateh al-Sham") in _pairs(text, extractor)


def test_relations_clashes_between(extractor: Extractor) -> None:
    text = "Heavy clashes between Ahrar al-Sham and Jund al-Aqsa erupted near Idlib."
    assert ("fighting_against", "Ahrar al-Sham", "Jund al-Aqsa") in _pairs(text, extractor)


def test_relations_fought_together(extractor: Extractor) -> None:
    text = "Ahrar al-Sham and the Free Syrian Army fought together near Hama."
    assert ("allied_with", "Ahrar al-Sham", "Free Syrian Army") in _pairs(text, extractor)


def test_relations_linked_modifier(extractor: Extractor) -> None:
    text = "Rebels raided an ISIS-linked Jund al-Aqsa cell in Idlib."
    assert ("allied_with", "Jund al-Aqsa", "ISIS") in _pairs(text, extractor)


def test_relations_faction_of(extractor: Extractor) -> None:
    text = "Jaish al-Nasr, a faction of the Free Syrian Army, shelled the village."
    assert ("member_of", "Jaish al-Nasr", "Free Syrian Army") in _pairs(text, extractor)


def test_relations_undated_claim_uses_publication_date(extractor: Extractor) -> None:
    text = "Jund al-Aqsa has pledged allegiance to the Islamic State."
    [claim] = relations_for_text(text, extractor, date(2017, 3, 1))
    assert claim.type == "pledged_allegiance_to"
    assert (claim.date, claim.date_precision, claim.date_basis) == (
        date(2017, 3, 1), 2, "publication_date")  # fmt: skip
    assert json.loads(json.dumps(claim.to_dict()))["tail"]["actor_id"] == "islamic_state"


def test_relations_none_without_two_actors(extractor: Extractor) -> None:
    assert relations_for_text("The weather in Idlib was cold.", extractor) == []


def _entity_claims(
    extractor: Extractor, text: str, spans: list[tuple[str, str]]
) -> set[tuple[str, str, str]]:
    """Claims over hand-placed entity mentions (the eval path's arguments)."""
    from polemos.entities import EntityMention
    from polemos.relations import extract_relations, text_article

    article = text_article(text, date(2024, 5, 1), "t")
    mentions = [EntityMention(text.index(s), text.index(s) + len(s), s, kind, "test")
                for s, kind in spans]  # fmt: skip
    claims = extract_relations(article, extractor.nlp(article.clean_text), mentions)
    return {(c.type, c.head.text, c.tail.text) for c in claims}


def test_relations_places_and_nationality_words_do_not_act(extractor: Extractor) -> None:
    text = "In Baghdad, attacks on Diyala continued. The UN supports Iraqi farmers."
    claims = _entity_claims(
        extractor,
        text,
        [
            ("Baghdad", "Location"),
            ("Diyala", "Location"),
            ("The UN", "Organisation"),
            ("Iraqi", "Nationality"),
        ],
    )
    assert claims == set()


def test_relations_groups_are_not_members_of_people(extractor: Extractor) -> None:
    text = "The minister joined General Haftar at the parade. The brigade joined the army."
    claims = _entity_claims(extractor, text, [("The minister", "Person"),
                                              ("General Haftar", "Person"),
                                              ("The brigade", "Organisation"),
                                              ("the army", "Organisation")])  # fmt: skip
    assert claims == {("member_of", "The brigade", "the army")}


def test_relations_attacks_on_places_stay_fighting_against(extractor: Extractor) -> None:
    text = "The militia attacked Kidal on Sunday."
    claims = _entity_claims(extractor, text, [("The militia", "Organisation"),
                                              ("Kidal", "Location")])  # fmt: skip
    assert claims == {("fighting_against", "The militia", "Kidal")}


def test_relations_possessive_role_gives_membership_or_leadership(extractor: Extractor) -> None:
    text = "Ali Musa, the militia's deputy spokesman, spoke. Omar Diop, the group's leader, fled."
    spans = [("Ali Musa", "Person"), ("the militia", "Organisation"),
             ("Omar Diop", "Person"), ("the group", "Organisation")]  # fmt: skip
    assert _entity_claims(extractor, text, spans) == {
        ("member_of", "Ali Musa", "the militia"),
        ("leader_of", "Omar Diop", "the group"),
    }


def test_relations_role_apposition_names_the_group(extractor: Extractor) -> None:
    text = "Hassan Idris, an ISWAP field commander, was captured near Damasak."
    spans = [("Hassan Idris", "Person"), ("ISWAP", "Organisation"), ("Damasak", "Location")]
    assert _entity_claims(extractor, text, spans) == {("member_of", "Hassan Idris", "ISWAP")}


def test_relations_attack_nouns_need_the_actor_right_before(extractor: Extractor) -> None:
    text = "The minister condemned the terror attacks in Kano. The rebels attacks Gao daily."
    spans = [("The minister", "Person"), ("Kano", "Location"), ("The rebels", "Organisation"),
             ("Gao", "Location")]  # fmt: skip
    assert _entity_claims(extractor, text, spans) == {
        ("fighting_against", "The rebels", "Gao")
    }


def test_relations_compounds_passives_and_nouns_are_not_attacks(extractor: Extractor) -> None:
    text = ("The militia hid in bombed-out houses near Kidal. The army fears Kidal would be "
            "targeted by the rebels. The alliance seeks the final defeat of the junta and "
            "the coalition runs counter-militia operations near Gao.")  # fmt: skip
    spans = [("The militia", "Organisation"), ("Kidal", "Location"), ("The army", "Organisation"),
             ("the rebels", "Organisation"), ("The alliance", "Organisation"),
             ("the junta", "Organisation"), ("the coalition", "Organisation"),
             ("Gao", "Location")]  # fmt: skip
    assert _entity_claims(extractor, text, spans) == set()


def test_relations_an_anti_prefix_is_not_the_group(extractor: Extractor) -> None:
    text = "Abu Musa, the leader of anti-government forces, spoke."
    spans = [("Abu Musa", "Person"), ("government forces", "Organisation")]
    assert _entity_claims(extractor, text, spans) == set()


def test_relations_allies_inside_a_possessive_mention(extractor: Extractor) -> None:
    text = "The army and their Wagner allies advanced on Moura."
    spans = [("The army", "Organisation"), ("their Wagner allies", "Organisation"),
             ("Moura", "Location")]  # fmt: skip
    assert ("allied_with", "The army", "their Wagner allies") in _entity_claims(
        extractor, text, spans
    )


def test_relations_membership_within_which_includes_and_notably(extractor: Extractor) -> None:
    text = ("Ghana works with Togo within ECOWAS. The front, which includes the Tuareg "
            "movement, took Kidal. Our partners, notably Chad, sent troops.")  # fmt: skip
    spans = [("Ghana", "Organisation"), ("Togo", "Organisation"), ("ECOWAS", "Organisation"),
             ("The front", "Organisation"), ("the Tuareg movement", "Organisation"),
             ("Kidal", "Location"), ("Our partners", "Organisation"), ("Chad", "Organisation")]
    claims = _entity_claims(extractor, text, spans)
    assert {("member_of", "Togo", "ECOWAS"), ("member_of", "the Tuareg movement", "The front"),
            ("member_of", "Chad", "Our partners")} <= claims  # fmt: skip


def test_relations_hyphenated_sides_of_a_war(extractor: Extractor) -> None:
    text = "He fought in the Ethiopia-Eritrea war and later in Somalia."
    spans = [("He", "Person"), ("Ethiopia", "Organisation"), ("Eritrea", "Organisation"),
             ("Somalia", "Location")]  # fmt: skip
    assert _entity_claims(extractor, text, spans) == {
        ("fighting_against", "Ethiopia", "Eritrea")
    }


def test_relations_a_rank_held_in_a_force_is_membership(extractor: Extractor) -> None:
    text = "Okello was a brigadier general in the army. He was a student in Kampala."
    spans = [("Okello", "Person"), ("the army", "Organisation"), ("He", "Person"),
             ("Kampala", "Location")]  # fmt: skip
    assert _entity_claims(extractor, text, spans) == {("member_of", "Okello", "the army")}
