"""Entity recognition with re3d's types: spaCy corrected by domain rules."""

from __future__ import annotations

import pytest

from polemos.config import load_config
from polemos.entities import (
    EntityMention,
    EntityTagger,
    entities_for_text,
    lexicon_entities,
    select,
)
from polemos.pipeline import Extractor


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(load_config(environ={}))


def _typed(entities: list[EntityMention]) -> set[tuple[str, str]]:
    return {(e.text, e.type) for e in entities}


def test_entities_lexicon_finds_weapons_and_platforms() -> None:
    text = "Militants fired mortar shells and a VBIED at troops, and two Su-24 jets replied."
    found = _typed(lexicon_entities(text))
    assert ("mortar shells", "Weapon") in found
    assert ("VBIED", "Weapon") in found
    assert ("Su-24 jets", "MilitaryPlatform") not in found  # two entries, not one phrase
    assert ("Su-24", "MilitaryPlatform") in found


def test_entities_lexicon_acronyms_are_case_sensitive() -> None:
    assert lexicon_entities("the ied was found") == []
    assert _typed(lexicon_entities("an IED was found")) == {("IED", "Weapon")}


def test_entities_select_prefers_priority_then_length() -> None:
    text = "the Iraqi government"
    nominal = EntityMention(0, 20, text, "Organisation", "nominal")
    adjective = EntityMention(4, 9, "Iraqi", "Nationality", "nationality")
    assert select([adjective, nominal]) == [nominal]


def test_entities_armed_group_is_an_organisation(extractor: Extractor) -> None:
    text = "On Monday Jund al-Aqsa fighters attacked positions of the Free Syrian Army."
    entities = entities_for_text(text, extractor)
    groups = {e.text: e.actor_id for e in entities if e.type == "Organisation"}
    assert groups["Jund al-Aqsa fighters"] == "jund_al_aqsa"
    assert groups["the Free Syrian Army"] == "free_syrian_army"


def test_entities_offsets_index_the_text(extractor: Extractor) -> None:
    text = "The UK is committed to supporting Iraq. British jets struck targets in Syria."
    for entity in entities_for_text(text, extractor):
        assert text[entity.start : entity.end] == entity.text


def test_entities_country_acting_is_an_organisation(extractor: Extractor) -> None:
    text = "The UK is committed to the fight. Aid was delivered in Syria and Iraq."
    found = _typed(entities_for_text(text, extractor))
    assert ("The UK", "Organisation") in found
    assert ("Syria", "Location") in found
    assert ("Iraq", "Location") in found


def test_entities_nationalities_and_peoples(extractor: Extractor) -> None:
    text = "A Kurdish commander said Syrians had fled the fighting."
    found = _typed(entities_for_text(text, extractor))
    assert ("Kurdish", "Nationality") in found
    assert ("Syrians", "Organisation") in found


def test_entities_people_keep_their_titles(extractor: Extractor) -> None:
    text = "Foreign Minister Julie Bishop met officials in Canberra on Monday."
    found = _typed(entities_for_text(text, extractor))
    assert ("Foreign Minister Julie Bishop", "Person") in found
    assert ("Canberra", "Location") in found


def test_entities_pronouns_only_when_asked(extractor: Extractor) -> None:
    text = "We will defeat them, he said."
    doc = extractor.nlp(text)
    plain = EntityTagger.from_extractor(extractor).tag(doc)
    with_pronouns = EntityTagger.from_extractor(extractor, pronouns=True).tag(doc)
    assert not any(e.source == "pronoun" for e in plain)
    assert {("We", "Organisation"), ("he", "Person")} <= _typed(with_pronouns)
