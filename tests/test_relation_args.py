"""Relation-only argument phrases: group nouns the entity tagger leaves out."""

from __future__ import annotations

from polemos.relation_args import nominal_arguments
from polemos.relation_classifier import Entity


def _texts(text: str, entities: list[Entity]) -> list[str]:
    return [e.text for e in nominal_arguments(text, entities)]


def test_relation_args_finds_quantified_and_determined_groups() -> None:
    text = ("More than 30 members of the alliance met; the rebel group said thousands of "
            "fighters left.")
    start = text.index("the alliance")
    alliance = Entity(start, start + 12, "Organisation", "the alliance")
    assert _texts(text, [alliance]) == ["More than 30 members", "the rebel group",
                                        "thousands of fighters"]  # fmt: skip


def test_relation_args_skips_tagged_entities_and_noun_modifiers() -> None:
    text = "The Northern Brigade hit four enemy mortar positions and a coalition convoy."
    brigade = Entity(0, 20, "Organisation", "The Northern Brigade")
    assert _texts(text, [brigade]) == []


def test_relation_args_keeps_the_phrase_after_an_entity_inside_it() -> None:
    text = "Strikes hit the Hamza tactical units near the river."
    hamza = Entity(text.index("Hamza"), text.index("Hamza") + 5, "Organisation", "Hamza")
    assert _texts(text, [hamza]) == ["tactical units"]


def test_relation_args_are_organisations_without_function_words() -> None:
    text = "They said that this small group has left, and which units were there is unclear."
    found = nominal_arguments(text, [])
    assert [(e.text, e.type) for e in found] == [("this small group", "Organisation"),
                                                 ("units", "Organisation")]  # fmt: skip


def test_relation_args_a_collective_before_an_entity_is_that_entity() -> None:
    text = "A team of surgeons from the agency and 40 members of the alliance arrived."
    at = text.index("surgeons")
    surgeons = Entity(at, at + 8, "Organisation", "surgeons")
    start = text.index("the alliance")
    alliance = Entity(start, start + 12, "Organisation", "the alliance")
    assert _texts(text, [surgeons, alliance]) == ["40 members"]


def test_relation_args_leave_out_adverbs_verbs_and_relative_clauses() -> None:
    text = "Be extremely careful because snipers watch. A bomb that targeted mourners went off."
    assert _texts(text, []) == ["snipers", "mourners"]


def test_relation_args_possessive_their_is_a_group_argument() -> None:
    text = "We back their fight against the militia and their allies."
    found = nominal_arguments(text, [])
    assert [(e.text, e.start) for e in found] == [("their", 8), ("the militia", 28),
                                                  ("their allies", 44)]  # fmt: skip
