"""Conflict-news geocoding: foreign namesakes, names of people, capitals that name their
province, and the places shipped in ``data/places.yaml``. Sentences written for the tests."""

from __future__ import annotations

from tests.geo.conftest import GeocodeFn
from tests.geo.placefind import by_text, place_of

from polemos.geo import Gazetteer
from polemos.geo.evidence import spelled_as_admin1, spelling
from polemos.geo.gazetteer import shipped_places_path
from polemos.geo.names import name_key
from polemos.geo.supplement import load_supplement


def test_geo_conflict_spelling_folds_case_and_diacritics_only() -> None:
    assert spelling("Kābul") == spelling("KABUL") == "kabul"
    assert spelling("Marea") != spelling("Mara")
    assert name_key("Marea") == name_key("Mara")  # why the letters must be checked


def test_geo_conflict_admin1_spelled_exactly_outside_transliterating_countries(
    gazetteer: Gazetteer,
) -> None:
    tanzania = gazetteer.admin1_codes(name_key("Mara"))
    assert tanzania == ("TZ.08",)
    assert spelled_as_admin1(gazetteer, "TZ.08", "Mara")
    assert not spelled_as_admin1(gazetteer, "TZ.08", "Marea")
    (raqqa,) = gazetteer.admin1_codes(name_key("Raqqa"))
    assert spelled_as_admin1(gazetteer, raqqa, "Raqqah")  # Syria: transliterations meet


def test_geo_conflict_story_country_beats_foreign_region_namesake(geocode: GeocodeFn) -> None:
    places = geocode("Daesh used chemical weapons in Marea, north of Aleppo.")
    place = place_of(places, "Marea")
    assert place.country_code == "SY" and place.admin1 == "Aleppo", place


def test_geo_conflict_loose_key_alone_is_not_a_foreign_region(geocode: GeocodeFn) -> None:
    places = by_text(geocode("The use of chemical weapons in Marea shows their disregard."))
    assert "Marea" in places
    place = places["Marea"].place
    assert place is None or place.country_code != "TZ", place


def test_geo_conflict_names_of_people_are_not_places(geocode: GeocodeFn) -> None:
    text = "Leftists were arrested, including Eva Forest, Mari Luz Fernandez and Lidia Falcón."
    assert geocode(text) == []


def test_geo_conflict_tiny_admin1_unit_needs_context(geocode: GeocodeFn) -> None:
    places = geocode("Police in Madrid arrested Eva Forest, wife of the playwright.")
    assert [rp.mention.span.text for rp in places] == ["Madrid"]
    for rp in geocode("The fire spread through the Forest on Monday."):
        assert rp.place is None or rp.place.country_code != "GG", rp


def test_geo_conflict_capital_ending_a_sentence_is_the_city(geocode: GeocodeFn) -> None:
    places = geocode("Bodies were taken to hospitals in the capital, Kabul.")
    (rp,) = places
    assert rp.mention.span.text == "Kabul"  # the full stop is not an abbreviation's
    assert rp.place is not None and rp.place.feature == "PPL" and rp.geo_precision == 1


def test_geo_conflict_province_said_elsewhere_leaves_the_big_city(geocode: GeocodeFn) -> None:
    text = "Officials in Kabul province said the dead were taken to hospitals in Kabul."
    first, second = geocode(text)
    assert first.place is not None and first.place.feature == "ADM1"
    assert second.place is not None and second.place.feature == "PPL", second
    assert second.geo_precision == 1


def test_geo_conflict_dateline_with_country_is_the_town(geocode: GeocodeFn) -> None:
    text = "KANDAHAR, Afghanistan, Oct. 3 -- Three militants died in Kandahar province."
    places = by_text(geocode(text))
    dateline = places["KANDAHAR"].place
    assert dateline is not None and dateline.feature == "PPL", dateline
    province = places["Kandahar"].place
    assert province is not None and province.feature == "ADM1", province


def test_geo_conflict_town_named_with_its_province(geocode: GeocodeFn) -> None:
    text = "A car bomb hit a base in Maidan Shahr, the capital of Maidan Wardak province."
    place = place_of(geocode(text), "Maidan Shahr")
    assert place.country_code == "AF" and place.admin1 == "Wardak" and place.feature == "PPL"


def test_geo_conflict_town_named_after_the_country(geocode: GeocodeFn) -> None:
    text = "A strike hit a mosque in northern Iraq. Witnesses said the attack in Daquq was aerial."
    places = by_text(geocode(text))
    place = places["Daquq"].place
    assert place is not None and place.country_code == "IQ" and place.admin1 == "Kirkuk"
    assert places["Daquq"].geo_precision == 1


def test_geo_conflict_shipped_city_district(geocode: GeocodeFn) -> None:
    text = "Israeli rockets hit the airport in Mezzeh, west of Damascus."
    place = place_of(geocode(text), "Mezzeh")
    assert place.gazetteer_id.startswith("supplement:") and place.country_code == "SY"
    assert abs(place.latitude - 33.50) < 0.05 and abs(place.longitude - 36.26) < 0.05


def test_geo_conflict_shipped_rural_district(geocode: GeocodeFn) -> None:
    text = "Four militants were killed in Shah Wali Kot district of Kandahar province."
    place = place_of(geocode(text), "Shah Wali Kot")
    assert place.country_code == "AF" and place.feature == "ADM2", place


def test_geo_conflict_shipped_name_of_several_words_needs_no_cue(geocode: GeocodeFn) -> None:
    text = "In April 2015 the Samarra Barrage in Iraq was captured after days of fighting."
    place = place_of(geocode(text), "Samarra Barrage")
    assert place.country_code == "IQ" and abs(place.latitude - 34.2) < 0.1, place


def test_geo_conflict_barrages_sharing_a_point_keep_their_own_names(
    geocode: GeocodeFn,
) -> None:
    # both barrage entries carry Samarra's point; each name must still find its own entry
    cases = (
        ("In April 2015 the Tharthar Barrage in Iraq was captured.", "Tharthar Barrage"),
        ("Fighting raged near the Tharthar Dam.", "Tharthar Dam"),
        ("Troops reached the Samarra Barrage.", "Samarra Barrage"),
    )
    for text, mention in cases:
        place = place_of(geocode(text), mention)
        assert place.gazetteer_id.startswith("supplement:"), place
        assert place.name == mention.replace("Dam", "Barrage"), (text, place)
    samarra = place_of(geocode("Troops reached the Samarra Barrage near Samarra."), "Samarra")
    assert not samarra.gazetteer_id.startswith("supplement:"), samarra  # the town itself
    place = place_of(geocode("Water levels in Lake Tharthar rose."), "Lake Tharthar")
    assert place.country_code == "IQ" and abs(place.latitude - 33.97) < 0.05, place


def test_geo_conflict_shipped_aliases_are_distinct_names() -> None:
    entries = load_supplement(shipped_places_path())
    owners: dict[str, str] = {}
    for entry in entries:
        for name in (entry.name, *entry.aliases):
            key = name_key(name)
            assert owners.setdefault(key, entry.name) == entry.name, (name, owners[key])


def test_geo_conflict_neighbourhood_beats_a_namesake_in_another_borough(
    geocode: GeocodeFn,
) -> None:
    place = place_of(geocode("A bomb exploded in Chelsea, Manhattan, on Saturday."), "Chelsea")
    assert abs(place.latitude - 40.746) < 0.02 and abs(place.longitude + 74.0) < 0.02, place


def test_geo_conflict_chelsea_elsewhere_keeps_its_own_town(geocode: GeocodeFn) -> None:
    place = place_of(geocode("Flooding closed roads in Chelsea, Massachusetts."), "Chelsea")
    assert place.admin1 == "Massachusetts", place
    place = place_of(geocode("Police in London said the fire in Chelsea was out."), "Chelsea")
    assert place.country_code == "GB", place


def test_geo_conflict_shipped_places_are_sourced_and_exclude_seed_villages() -> None:
    entries = load_supplement(shipped_places_path())
    assert entries and all(e.source for e in entries)
    names = {name_key(n) for e in entries for n in (e.name, *e.aliases)}
    for seed in ("Tell Mannas", "Latmin", "Lahaya", "Itria", "Jabal al-Zawiya"):
        assert name_key(seed) not in names  # the seed tests add these themselves


def test_geo_conflict_shipped_places_can_be_left_out(gazetteer: Gazetteer) -> None:
    assert gazetteer.city_rows(name_key("Mezzeh"))
    bare = Gazetteer(gazetteer._ix)
    assert not any(
        bare.city_place(r).gazetteer_id.startswith("supplement:")
        for r in bare.city_rows(name_key("Mezzeh"))
    )


def test_geo_conflict_joint_territory_beats_a_foreign_province(geocode: GeocodeFn) -> None:
    place = place_of(geocode("Hamas fighters in Gaza fired rockets at Israel."), "Gaza")
    assert place.country_code == "PS" and place.feature == "PPL", place  # not Mozambique


def test_geo_conflict_admin1_exemption_needs_the_exact_letters(geocode: GeocodeFn) -> None:
    # "Fears" meets Fars (Iran) only through the name key: a surname, not a province
    assert geocode("Fears teaches children and adults at the academy.") == []


def test_geo_conflict_uncued_unknown_word_is_not_reported(geocode: GeocodeFn) -> None:
    assert geocode("Petrojet beat Ismaili on Monday.") == []
    places = geocode("Rebels entered the village of Zarzouriyat on Monday.")
    assert [(rp.mention.span.text, rp.place) for rp in places] == [("Zarzouriyat", None)]


def test_geo_conflict_country_inside_a_party_name_is_not_a_place(geocode: GeocodeFn) -> None:
    places = geocode("The United Russia candidate lost the vote in Murmansk.")
    assert [rp.mention.span.text for rp in places] == ["Murmansk"]
