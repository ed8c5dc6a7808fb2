"""Coordinated lists after a relation's tail, untagged items included."""

from __future__ import annotations

from polemos.relation_classifier import Entity
from polemos.relation_lists import list_items, list_members


def _entity(text: str, surface: str, kind: str) -> Entity:
    start = text.index(surface)
    return Entity(start, start + len(surface), kind, surface)


def test_relation_lists_returns_untagged_items_with_an_article_or_quantity() -> None:
    text = "The raids destroyed two trucks, a bridge, three depots and a fuel store."
    trucks = _entity(text, "trucks", "MilitaryPlatform")
    items = [(text[s:e], entity) for s, e, entity in list_items(text, trucks, [trucks])]
    assert items == [("a bridge", None), ("three depots", None), ("a fuel store", None)]


def test_relation_lists_follows_semicolon_verbs_of_the_same_subject() -> None:
    text = "Jets struck two tanks; damaged 12 roads; and suppressed three rebel units."
    tanks = _entity(text, "tanks", "MilitaryPlatform")
    units = _entity(text, "rebel units", "Organisation")
    items = [text[s:e] for s, e, _ in list_items(text, tanks, [tanks, units])]
    assert items == ["12 roads", "rebel units"]


def test_relation_lists_stops_at_a_pronoun_and_a_verb() -> None:
    text = "The strikes hit 20 mortars and 12 guns, he said."
    mortars = _entity(text, "mortars", "Weapon")
    he = _entity(text, "he", "Person")
    items = [text[s:e] for s, e, _ in list_items(text, mortars, [mortars, he])]
    assert items == ["12 guns"]
    assert list_members(text, mortars, [mortars, he]) == []


def test_relation_lists_keeps_proper_places_apart_from_things() -> None:
    text = "Rebels took three tanks and Homs."
    tanks = _entity(text, "tanks", "MilitaryPlatform")
    homs = _entity(text, "Homs", "Location")
    assert list_members(text, tanks, [tanks, homs]) == []
    land = "Rebels took three tanks and a land bridge."
    first = _entity(land, "tanks", "MilitaryPlatform")
    bridge = _entity(land, "a land bridge", "Location")
    assert list_members(land, first, [first, bridge]) == [bridge]


def test_relation_lists_an_untagged_item_ends_before_a_preposition() -> None:
    text = "The militia seized the trucks and other heavy equipment from the base."
    trucks = _entity(text, "the trucks", "MilitaryPlatform")
    items = [text[s:e] for s, e, _ in list_items(text, trucks, [trucks])]
    assert items == ["other heavy equipment"]
