"""Cues and context of local news: "X residents", "R-Elbow Lake", datelines in capitals,
a name followed by its state, "the State of Ohio", famous cities against the story's own
namesakes, a country's name as a town, first names that spell countries, big cities abroad
and the shipped conflict regions. Sentences written for the tests."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from tests.geo.conftest import GeocodeFn
from tests.geo.placefind import by_text, place_of

from polemos.errors import ConfigError
from polemos.geo import Gazetteer
from polemos.geo.context import DocContext
from polemos.geo.geocoder import Geocoder


def test_geo_local_news_residents_cue_marks_a_town(geocode: GeocodeFn) -> None:
    places = geocode("About 55 Gainesville residents marched on Friday against the plan.")
    assert place_of(places, "Gainesville").country_code == "US"


def test_geo_local_news_number_words_are_not_towns(geocode: GeocodeFn) -> None:
    places = geocode("Two men were arrested on Tuesday. One woman was injured.")
    assert "Two" not in by_text(places) and "One" not in by_text(places)


def test_geo_local_news_party_and_home_town(geocode: GeocodeFn) -> None:
    places = geocode("The bill was read by Rep. Torrey Westrom, R-Elbow Lake, on Monday.")
    place = place_of(places, "Elbow Lake")
    assert (place.country_code, place.admin1) == ("US", "Minnesota")


def test_geo_local_news_dateline_in_capitals(geocode: GeocodeFn) -> None:
    places = geocode("TORRINGTON — The council voted on the budget on Monday night.")
    place = place_of(places, "TORRINGTON")
    assert place.country_code == "US"


def test_geo_local_news_name_followed_by_its_state(geocode: GeocodeFn) -> None:
    places = geocode("ALBUQUERQUE, N.M. (AP) - Documents show a shift in policy.")
    place = place_of(places, "ALBUQUERQUE")
    assert (place.country_code, place.admin1) == ("US", "New Mexico")


def test_geo_local_news_state_of_ohio_joins_context(geocode: GeocodeFn) -> None:
    places = geocode("Grants went to three groups in Dublin on Monday.")
    assert place_of(places, "Dublin").country_code == "IE"
    text = "Grants went to three groups in Dublin on Monday, with support from the State of Ohio."
    place = place_of(geocode(text), "Dublin")
    assert (place.country_code, place.admin1) == ("US", "Ohio")


def test_geo_local_news_famous_city_yields_to_story_namesake(geocode: GeocodeFn) -> None:
    text = (
        "Firefighters from Cuyahoga Falls helped on Monday. The Dublin council thanked "
        "them, and Dublin will repay the favour."
    )
    place = place_of(geocode(text), "Dublin")
    assert (place.country_code, place.admin1) == ("US", "Ohio")


def test_geo_local_news_famous_city_kept_beside_famous_city(geocode: GeocodeFn) -> None:
    places = geocode("Matthieu Prin of London-based BOP Consulting agreed. Though Toronto grew.")
    assert place_of(places, "London").country_code == "GB"


def test_geo_local_news_country_name_as_town_near_story_place(geocode: GeocodeFn) -> None:
    text = (
        "Lebanon schedules spring clean-up. Yard cleanup days are in April, Lebanon Street "
        "Superintendent Larry Lee said. Residents in Zionsville may also take part."
    )
    places = geocode(text)
    for name in ("Lebanon", "Zionsville"):  # the country leaves the context
        place = place_of(places, name)
        assert (place.country_code, place.admin1) == ("US", "Indiana"), name


def test_geo_local_news_first_name_spelling_a_country_is_no_country(
    geocode: GeocodeFn,
) -> None:
    text = (
        "The Walker County Fair Queen appeared on Tuesday. Jordan Dyer, a Huntsville High "
        "School student, spoke at the Walker County Fairgrounds."
    )
    place = place_of(geocode(text), "Walker County")
    assert (place.country_code, place.admin1) == ("US", "Texas")


def test_geo_local_news_big_city_abroad_is_placed(geocode: GeocodeFn) -> None:
    text = (
        "Irish dancers led the parade. INDIANAPOLIS (AP) The mayor dyed the canal green, "
        "and the celebrations in Indianapolis went on all day."
    )
    assert place_of(geocode(text), "Indianapolis").admin1 == "Indiana"


def test_geo_local_news_shipped_conflict_region(geocode: GeocodeFn) -> None:
    places = geocode("Georgian troops fought near Tskhinvali in South Ossetia in August.")
    rp = by_text(places)["South Ossetia"]
    assert rp.place is not None and rp.place.country_code == "GE"
    assert rp.geo_precision == 3


def test_geo_local_news_local_namesake_needs_another_name(gazetteer: Gazetteer) -> None:
    ctx = DocContext(Counter(), Counter())
    rows = gazetteer.city_rows("dublin")
    irish = next(r for r in rows if gazetteer.city_row(r)[4] == "IE")
    assert not ctx.local_namesake(gazetteer, "dublin", irish)
    ctx.regions["US.OH"] = {"cuyahoga falls"}
    assert ctx.local_namesake(gazetteer, "dublin", irish)
    ctx.regions["US.OH"] = {"dublin"}  # its own mentions say nothing
    assert not ctx.local_namesake(gazetteer, "dublin", irish)


def test_geo_local_news_word_meeting_towns_only_through_the_key(geocode: GeocodeFn) -> None:
    text = "The restored P-40 Curtiss Warhawk flew over the town. Residents in Penacook cheered."
    places = by_text(geocode(text))
    assert "Curtiss" not in places  # Curtis, Nebraska only through the name key
    place = places["Penacook"].place  # an alternate name of Concord, New Hampshire
    assert place is not None and place.admin1 == "New Hampshire"


def test_geo_local_news_county_inside_a_person_entity(geocode: GeocodeFn) -> None:
    text = (
        "James Ernest Barnett, 36, of Palestine was arrested around 9:30 a.m. Wednesday, "
        "approximately 2 miles east of Palestine, according to Anderson County Sheriff Greg "
        "Taylor. The arrest was made after Anderson County Crimestoppers had received a tip "
        "from a private citizen."
    )
    counties = [rp for rp in geocode(text) if rp.mention.span.text == "Anderson County"]
    assert len(counties) == 2  # spaCy takes the second for a person's name
    for rp in counties:
        assert rp.place is not None and rp.place.admin1 == "Texas"


def test_geo_local_news_implied_country_needs_two_marks() -> None:
    from polemos.geo.homeland import implied_country

    assert implied_country("The City Council met on Monday; the sheriff spoke.") == "US"
    assert implied_country("The City Council met on Monday.") is None
    assert implied_country("Police in Lyon arrested two men on Monday.") is None


def test_geo_local_news_american_story_keeps_its_own_paris(geocode: GeocodeFn) -> None:
    text = (
        "Paris firefighters put out a kitchen fire on Tuesday. The City Council will "
        "discuss $85,000 for a new truck, and the sheriff's office helped."
    )
    place = place_of(geocode(text), "Paris")
    assert (place.country_code, place.admin1) == ("US", "Texas")


def test_geo_local_news_named_country_beats_implied_one(geocode: GeocodeFn) -> None:
    text = (
        "Paris firefighters put out a kitchen fire on Tuesday, France's media said. The "
        "City Council will discuss $85,000 for a new truck, and the sheriff spoke."
    )
    assert place_of(geocode(text), "Paris").country_code == "FR"
    plain = "Paris firefighters put out a kitchen fire on Tuesday."
    assert place_of(geocode(plain), "Paris").country_code == "FR"


def test_geo_local_news_implied_country_beside_adjectives(geocode: GeocodeFn) -> None:
    text = (
        "Paris firefighters put out a fire at the Spanish Oaks apartments. Fire Chief "
        "Ron Gray said EMS crews stood by."
    )
    place = place_of(geocode(text), "Paris")
    assert (place.country_code, place.admin1) == ("US", "Texas")


def test_geo_local_news_country_name_as_an_american_town(geocode: GeocodeFn) -> None:
    text = (
        "The Jordan volleyball program starts again for players of the middle school. "
        "The season fee is $40, and Jordan parents may help."
    )
    place = place_of(geocode(text), "Jordan")
    assert (place.country_code, place.admin1) == ("US", "Minnesota")
    abroad = (
        "The Jordan volleyball program plays in Syria this year. The season fee is $40, "
        "and parents of the middle school may help."
    )
    assert place_of(geocode(abroad), "Jordan").country_code == "JO"


def test_geo_local_news_famous_city_loses_fame_to_named_states_namesake(
    gazetteer: Gazetteer, geocode: GeocodeFn
) -> None:
    from polemos.geo.context import build_context
    from polemos.geo.geocoder import FAME_BONUS, Geocoder
    from polemos.geo.recognize import recognize
    from polemos.nlp import load_pipeline

    nlp = load_pipeline()
    geocoder = Geocoder(gazetteer)

    def lead(text: str) -> float:
        """Manhattan, New York's first-pass score over Manhattan, Kansas's in ``text``."""
        doc = nlp(text)
        tops = recognize(doc, text, gazetteer)
        ctx = build_context(gazetteer, doc, text, tops)
        top = next(t for t in tops if t.text == "Manhattan")
        rows = {gazetteer.city_row(r)[5]: r for r in gazetteer.city_rows(top.key)[:10]}
        ny = geocoder._city_score(rows["NY"], top, ctx)
        return ny - geocoder._city_score(rows["KS"], top, ctx)

    # the text names Kansas, which holds a Manhattan: New York's keeps no fame bonus
    assert lead("Storms hit Manhattan on Monday; Kansas farmers counted the damage.") < 0.05
    assert lead("Storms hit Manhattan on Monday; subway riders waited.") > FAME_BONUS
    # a capital keeps its fame: the dateline is Washington, D.C.
    capital = "WASHINGTON (AP) — Officials in Washington state and Oregon met on Monday."
    assert place_of(geocode(capital), "WASHINGTON").admin1 == "District of Columbia"


def test_geo_local_news_source_region_places_bare_towns(nlp: Any, geocoder: Geocoder) -> None:
    from tests.geo.conftest import make_article

    text = "A Richmond man was charged on Sunday after Richmond police said he struck a car."
    doc = nlp(text)
    alone = geocoder.geocode(doc, make_article(text))
    assert place_of(alone, "Richmond").admin1 == "Virginia"
    local = geocoder.geocode(doc, make_article(text), region="US.KY")
    assert place_of(local, "Richmond").admin1 == "Kentucky"
    with pytest.raises(ConfigError, match="US.ZZ"):
        geocoder.geocode(doc, make_article(text), region="US.ZZ")
