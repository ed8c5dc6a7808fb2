"""Relations a phrase states outright (``polemos.relation_cues``)."""

from __future__ import annotations

from polemos.relation_classifier import Entity
from polemos.relation_cues import stated_relations


def _at(text: str, surface: str, kind: str) -> Entity:
    start = text.index(surface)
    return Entity(start, start + len(surface), kind, surface)


def test_relation_cues_people_from_an_organisation_belong_to_it() -> None:
    text = "Mine experts from the UN agency and refugees from the camp arrived."
    experts = Entity(0, 12, "Organisation", "Mine experts")
    agency = Entity(18, 31, "Organisation", "the UN agency")
    refugees = Entity(36, 44, "Organisation", "refugees")
    camp = Entity(50, 58, "Location", "the camp")
    found = stated_relations(text, [experts, agency, refugees, camp])
    assert [(k, h.text, t.text) for k, h, t in found] == [
        ("BelongsTo", "Mine experts", "the UN agency")
    ]


def test_relation_cues_a_command_title_leads_the_organisation() -> None:
    text = "He was named the regional commander for the Northern Sector."
    title = Entity(13, 35, "Person", "the regional commander")
    sector = Entity(40, 59, "Organisation", "the Northern Sector")
    found = stated_relations(text, [Entity(0, 2, "Person", "He"), title, sector])
    assert [(k, h.text, t.text) for k, h, t in found] == [
        ("InChargeOf", "the regional commander", "the Northern Sector")
    ]


def test_relation_cues_a_stronghold_is_held_by_its_group() -> None:
    text = "Troops entered Jilib, an al-Shabaab stronghold, on Monday."
    jilib = Entity(15, 20, "Location", "Jilib")
    shabaab = Entity(25, 35, "Organisation", "al-Shabaab")
    found = stated_relations(text, [Entity(0, 6, "Organisation", "Troops"), jilib, shabaab])
    assert [(k, h.text, t.text) for k, h, t in found] == [("InChargeOf", "al-Shabaab", "Jilib")]


def test_relation_cues_unit_chains_weapon_use_and_liberation() -> None:
    text = (
        "The 3rd Battalion, 7th Infantry Regiment moved. The use of sarin by the regime "
        "and the militia has used drones. The push to liberate the town from the rebels."
    )
    entities = [
        _at(text, "The 3rd Battalion", "Organisation"),
        _at(text, "7th Infantry Regiment", "Organisation"),
        _at(text, "sarin", "Weapon"),
        _at(text, "the regime", "Organisation"),
        _at(text, "the militia", "Organisation"),
        _at(text, "drones", "MilitaryPlatform"),
        _at(text, "the town", "Location"),
        _at(text, "the rebels", "Organisation"),
    ]
    found = [(k, h.text, t.text) for k, h, t in stated_relations(text, entities)]
    assert found == [
        ("BelongsTo", "The 3rd Battalion", "7th Infantry Regiment"),
        ("BelongsTo", "sarin", "the regime"),
        ("BelongsTo", "drones", "the militia"),
        ("InChargeOf", "the rebels", "the town"),
    ]


def test_relation_cues_named_members_and_people_at_an_organisation() -> None:
    text = (
        "Our partners, notably Chad, came. The front (FLA), mostly Tuareg fighters, held. "
        "A professor at the university spoke. Officials in the ministry and aid for Mali."
    )
    entities = [
        _at(text, "Our partners", "Organisation"),
        _at(text, "Chad", "Organisation"),
        _at(text, "FLA", "Organisation"),
        _at(text, "Tuareg fighters", "Organisation"),
        _at(text, "A professor", "Person"),
        _at(text, "the university", "Organisation"),
        _at(text, "Officials", "Organisation"),
        _at(text, "the ministry", "Organisation"),
        _at(text, "Mali", "Organisation"),
    ]
    found = [(k, h.text, t.text) for k, h, t in stated_relations(text, entities)]
    assert found == [
        ("BelongsTo", "Chad", "Our partners"),
        ("BelongsTo", "Tuareg fighters", "FLA"),
        ("BelongsTo", "A professor", "the university"),
        ("BelongsTo", "Officials", "the ministry"),
    ]
