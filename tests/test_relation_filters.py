"""Pairs the relation classifier proposes that the text rules out."""

from __future__ import annotations

from polemos.relation_classifier import Entity, RelationClassifier
from polemos.relation_filters import implausible


def _entity(text: str, surface: str, kind: str, nth: int = 0) -> Entity:
    start = -1
    for _ in range(nth + 1):
        start = text.index(surface, start + 1)
    return Entity(start, start + len(surface), kind, surface)


def test_relation_filters_place_fights_only_an_attacker() -> None:
    text = "Talks covered efforts for Mosul and the campaign against Daesh."
    mosul, daesh = _entity(text, "Mosul", "Location"), _entity(text, "Daesh", "Organisation")
    assert implausible(text, "FightingAgainst", mosul, daesh)
    text = "The attack on a mosque in northern Iraq killed 13 children."
    iraq = _entity(text, "northern Iraq", "Location")
    children = _entity(text, "13 children", "Organisation")
    assert implausible(text, "FightingAgainst", iraq, children)
    text = "The militia shelled Mosul again."
    militia = _entity(text, "The militia", "Organisation")
    mosul = _entity(text, "Mosul", "Location")
    assert not implausible(text, "FightingAgainst", militia, mosul)


def test_relation_filters_operation_is_no_party() -> None:
    text = "The town fell to the marines, ending Operation Red Dawn."
    marines = _entity(text, "the marines", "Organisation")
    operation = _entity(text, "Operation Red Dawn", "Organisation")
    assert implausible(text, "FightingAgainst", marines, operation)
    assert not implausible(text, "InChargeOf", marines, operation)


def test_relation_filters_with_needs_a_fight_word() -> None:
    text = "The brigade is planning the training with the police and with the army."
    brigade, police = _entity(text, "The brigade", "Organisation"), _entity(
        text, "the police", "Organisation")  # fmt: skip
    army = _entity(text, "the army", "Organisation")
    assert implausible(text, "FightingAgainst", brigade, police)
    assert implausible(text, "FightingAgainst", brigade, army)
    text = "The brigade clashed on Monday with the police."
    brigade, police = _entity(text, "The brigade", "Organisation"), _entity(
        text, "the police", "Organisation")  # fmt: skip
    assert not implausible(text, "FightingAgainst", brigade, police)


def test_relation_filters_speaker_and_addressee_are_no_parties() -> None:
    text = "A guard told the agency that the rebels had attacked the depot."
    agency = _entity(text, "the agency", "Organisation")
    depot = _entity(text, "the depot", "Location")
    assert implausible(text, "FightingAgainst", agency, depot)
    text = "The army wants to join the front's fight against the rebels, Smith said."
    front, smith = _entity(text, "the front", "Organisation"), _entity(text, "Smith", "Person")
    assert implausible(text, "AlliesOf", front, smith)
    text = "I strongly condemn the attack on the market."
    speaker, market = _entity(text, "I", "Person"), _entity(text, "the market", "Location")
    assert implausible(text, "FightingAgainst", speaker, market)
    text = "Officials reported that the raid killed 40 insurgents."
    officials = _entity(text, "Officials", "Organisation")
    insurgents = _entity(text, "40 insurgents", "Organisation")
    assert implausible(text, "FightingAgainst", officials, insurgents)


def test_relation_filters_leave_a_plain_fight() -> None:
    text = "The rebels attacked the army near the river."
    rebels = _entity(text, "The rebels", "Organisation")
    army = _entity(text, "the army", "Organisation")
    assert not implausible(text, "FightingAgainst", rebels, army)
    found = RelationClassifier.default().predict(text, [(0, len(text))], [rebels, army])
    assert [(r.type, r.head.text, r.tail.text) for r in found] == [
        ("FightingAgainst", "The rebels", "the army")]  # fmt: skip


def _predicted(text: str, entities: list[Entity]) -> list[tuple[str, str, str]]:
    found = RelationClassifier.default().predict(text, [(0, len(text))], entities)
    return [(r.type, r.head.text, r.tail.text) for r in found]


def test_relation_filters_applied_by_the_classifier() -> None:
    """Pairs the classifier alone would call fights (checked without the filter)."""
    text = "We are targeting the training with the Iraqis and with the army."
    entities = [_entity(text, s, "Organisation") for s in ("We", "the Iraqis", "the army")]
    assert _predicted(text, entities) == []
    text = "The campaign aims to free Tikrit and to step up operations against ISIS."
    entities = [_entity(text, "Tikrit", "Location"), _entity(text, "ISIS", "Organisation")]
    assert _predicted(text, entities) == []


def test_relation_filters_included_parts_and_joiners_are_not_fought() -> None:
    text = "Jets hit ISIS targets, which include two tactical units and a depot."
    isis = _entity(text, "ISIS", "Organisation")
    units = _entity(text, "two tactical units", "Organisation")
    jets = _entity(text, "Jets", "MilitaryPlatform")
    assert implausible(text, "FightingAgainst", isis, units)
    assert not implausible(text, "FightingAgainst", jets, units)
    text = "Many villagers are seeking to join the militia's fight against the rebels."
    villagers = _entity(text, "Many villagers", "Organisation")
    militia = _entity(text, "the militia", "Organisation")
    assert implausible(text, "FightingAgainst", villagers, militia)
