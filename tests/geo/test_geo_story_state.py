"""The story's state (session 11): the one admin1 unit that holds namesakes of most of a
text's town names, demonym-only contexts, a state's own name over a small town, and the
adjectives of the UK's countries. Sentences written for the tests."""

from __future__ import annotations

from collections import Counter

from tests.geo.conftest import GeocodeFn
from tests.geo.placefind import place_of

from polemos.geo import Gazetteer
from polemos.geo.context import DocContext, add_covering_unit, constituent_place
from polemos.geo.names import name_key
from polemos.geo.toponym import Toponym
from polemos.models import ResolvedPlace


def _toponym(text: str) -> Toponym:
    return Toponym(0, len(text), text, name_key(text), "GPE")


def _covering(gazetteer: Gazetteer, *names: str) -> list[str]:
    ctx = DocContext(Counter(), Counter())
    add_covering_unit(gazetteer, [_toponym(name) for name in names], ctx)
    return list(ctx.admin1)


def test_geo_story_state_covering_unit_joins_the_context(gazetteer: Gazetteer) -> None:
    assert _covering(gazetteer, "Urbana", "Champaign") == ["US.IL"]
    assert _covering(gazetteer, "Manhattan", "Kansas City") == ["US.KS"]


def test_geo_story_state_no_covering_unit_for_one_name(gazetteer: Gazetteer) -> None:
    assert _covering(gazetteer, "Urbana", "Urbana") == []


def test_geo_story_state_world_cities_found_no_unit(gazetteer: Gazetteer) -> None:
    # London, Ohio and Toronto, Ohio exist; "London" and "Toronto" are world cities' names
    assert _covering(gazetteer, "London", "Toronto") == []


def test_geo_story_state_named_unit_is_left_alone(gazetteer: Gazetteer) -> None:
    ctx = DocContext(Counter({"US": 1}), Counter({"US.OH": 1}))
    add_covering_unit(gazetteer, [_toponym("Urbana"), _toponym("Champaign")], ctx)
    assert ctx.admin1 == Counter({"US.OH": 1})


def test_geo_story_state_manhattan_beside_kansas_city_is_in_kansas(geocode: GeocodeFn) -> None:
    text = (
        "The Manhattan police chief spoke on Friday. The suspect was arrested in Kansas City "
        "and brought back to Manhattan."
    )
    place = place_of(geocode(text), "Manhattan")
    assert (place.country_code, place.admin1) == ("US", "Kansas")


def test_geo_story_state_demonym_only_context_keeps_a_town_abroad(geocode: GeocodeFn) -> None:
    text = (
        "Irish dancers and Irish music filled the streets of Rock Hill on Saturday, where "
        "the Rock Hill parade drew a big crowd."
    )
    place = place_of(geocode(text), "Rock Hill")
    assert (place.country_code, place.admin1) == ("US", "South Carolina")


def test_geo_story_state_state_name_beats_a_small_town(geocode: GeocodeFn) -> None:
    text = (
        "The couple left Albany, New York, for a new life in Florida. Neighbours in "
        "New York said they would miss them."
    )
    place = place_of(geocode(text), "Florida")
    assert (place.country_code, place.feature) == ("US", "ADM1")


def test_geo_story_state_english_is_england(gazetteer: Gazetteer) -> None:
    england = constituent_place(gazetteer, "English")
    assert england is not None and (england.country_code, england.name) == ("GB", "England")
    assert constituent_place(gazetteer, "Englishman") is None


def test_geo_story_state_english_village_resolves_to_england(geocode: GeocodeFn) -> None:
    text = "The English village of Ambridge hosted a fair; English farmers sold cheese."
    places = [rp for rp in geocode(text) if rp.mention.span.text == "English"]
    assert all(rp.place is None or rp.place.name == "England" for rp in places)


def _washingtons(places: list[ResolvedPlace], text: str) -> list[str | None]:
    found = [p for p in places if text[p.mention.span.start : p.mention.span.end] == "Washington"]
    return [p.place.feature if p.place else None for p in found]


def test_geo_story_state_stated_state_keeps_its_bare_name(geocode: GeocodeFn) -> None:
    text = (
        "OLYMPIA, Wash. - The rescue team trains at home in Washington. Its members flew to "
        "Oregon and to Washington, D.C., last year, then back to eastern Washington."
    )
    # the dateline states the state; only the mention qualified by "D.C." is the capital
    assert _washingtons(geocode(text), text) == ["ADM1", "PPL", "ADM1"]


def test_geo_story_state_bare_capital_without_a_stated_state(geocode: GeocodeFn) -> None:
    text = "Envoys met in Washington on Monday. Later in Washington, the talks broke down."
    assert _washingtons(geocode(text), text) == ["PPL", "PPL"]
