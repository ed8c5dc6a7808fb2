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


def test_entities_vessels_and_designators() -> None:
    from polemos.entity_rules import designators

    text = "FS Forbin joined USS Mahan (DDG 72) and CTF 50 in the Gulf."
    found = {(text[s:e], kind) for s, e, kind in designators(text)}
    assert found == {
        ("FS Forbin", "MilitaryPlatform"),
        ("USS Mahan", "MilitaryPlatform"),
        ("DDG 72", "MilitaryPlatform"),
        ("CTF 50", "Organisation"),
    }


def test_entities_lexicon_takes_system_and_model_name() -> None:
    text = "They hit anti-aircraft artillery systems and refuelled from a KC-135R Stratotanker."
    found = _typed(lexicon_entities(text))
    assert ("anti-aircraft artillery systems", "Weapon") in found
    assert ("KC-135R Stratotanker", "MilitaryPlatform") in found


def test_entities_name_part_is_the_person() -> None:
    from polemos.entity_rules import people_by_name_part

    person = EntityMention(0, 10, "Anas Ahmad", "Person", "spacy")
    alone = EntityMention(20, 24, "Anas", "Organisation", "spacy")
    country = EntityMention(30, 35, "Syria", "Location", "gazetteer")
    relabelled = people_by_name_part([person, alone, country], lambda _: False, set())
    assert [e.type for e in relabelled] == ["Person", "Person", "Location"]


def test_entities_place_widening() -> None:
    from polemos.entity_rules import widened_place

    def place(text: str, name: str) -> tuple[str, str]:
        start = text.index(name)
        entity = EntityMention(start, start + len(name), name, "Location", "gazetteer")
        wide = widened_place(text, entity, lambda n: n == "Iraq")
        return text[wide[0] : wide[1]], name

    assert place("fighting in Mosul district ended", "Mosul")[0] == "Mosul district"
    assert place("a mosque in northern Iraq", "Iraq")[0] == "northern Iraq"
    assert place("ships in the Gulf of Aden", "Aden")[0] == "the Gulf of Aden"
    assert place("ships in the Red Sea.", "Red Sea")[0] == "the Red Sea"
    assert place("ready for the Mosul offensive", "Mosul")[0] == "Mosul"


def test_entities_group_names_and_heads(extractor: Extractor) -> None:
    text = "The UK, as part of the Global Coalition, struck three ISIL tactical units."
    found = _typed(entities_for_text(text, extractor))
    assert ("the Global Coalition", "Organisation") in found
    assert ("ISIL tactical units", "Organisation") in found


def test_entities_title_phrases_and_nominal_people(extractor: Extractor) -> None:
    text = (
        "Deputy Secretary of State Antony Blinken met Col. John Thomas. "
        "A local physician said the town was calm."
    )
    found = _typed(entities_for_text(text, extractor))
    assert ("Deputy Secretary of State Antony Blinken", "Person") in found
    assert ("Col. John Thomas", "Person") in found
    assert ("A local physician", "Person") in found


def test_entities_nominal_groups_start_at_their_modifiers(extractor: Extractor) -> None:
    text = "Now the authorities say that Syria for international donors matters."
    found = _typed(entities_for_text(text, extractor))
    assert ("the authorities", "Organisation") in found
    assert ("international donors", "Organisation") in found
    assert not any(t.startswith("Now") for t, _ in found)


def test_entities_spacy_spans_lose_possessives_and_citations(extractor: Extractor) -> None:
    from polemos.entities import _trimmed_end

    text = "Radio 4's show; Abu Haidar,[1] said"
    assert text[: _trimmed_end(text, 0, 9)] == "Radio 4"
    assert text[16 : _trimmed_end(text, 16, 29)] == "Abu Haidar"


def test_entities_strikes_that_act_are_weapons() -> None:
    from polemos.entities import lexicon_entities

    text = "These strikes destroyed two bridges. The airstrikes have killed 40. Talks on strikes."
    found = [(e.text, e.type) for e in lexicon_entities(text) if "strike" in e.text]
    assert found == [("strikes", "Weapon"), ("airstrikes", "Weapon")]
