"""Names of local news that need no other cue (session 11): counties and states named in
full, home towns (a legislator's, a person's after their age or name, a firm's), datelines
in capitals, names hyphened to a place, a town's services. Sentences written for the
tests."""

from __future__ import annotations

from tests.geo.conftest import GeocodeFn

from polemos.geo.recognize import person_before_of


def _found(geocode: GeocodeFn, text: str) -> dict[str, tuple[str | None, str | None]]:
    """Each reported toponym's text -> (place name, country code)."""
    return {
        rp.mention.span.text: (rp.place.name, rp.place.country_code) if rp.place else (None, None)
        for rp in geocode(text)
    }


def test_geo_local_forms_county_and_state_names_need_no_cue(geocode: GeocodeFn) -> None:
    found = _found(geocode, "The Walker County Commissioners Court met on Monday.")
    assert found["Walker County"][1] == "US"
    found = _found(geocode, "The Benue State Commissioner for Health spoke on Monday.")
    assert found["Benue State"] == ("Benue", "NG")


def test_geo_local_forms_home_towns(geocode: GeocodeFn) -> None:
    found = _found(geocode, "House Speaker Armond Budish, D-Beachwood, is new to Ohio politics.")
    assert found["Beachwood"] == ("Beachwood", "US")
    found = _found(geocode, "Rebecca Sears, 41, of Grovetown, was charged on Friday.")
    assert found["Grovetown"] == ("Grovetown", "US")
    found = _found(geocode, "Officials for Northbrook-based Crate & Barrel could not be reached.")
    assert found["Northbrook"] == ("Northbrook", "US")
    found = _found(geocode, "She is survived by a daughter, wife of Leo Drexler of Annville.")
    assert found["Annville"] == ("Annville", "US")


def test_geo_local_forms_person_before_of() -> None:
    text = "wife of Leo Drexler of Annville; the Lagos Chamber of Commerce; University of Texas"
    assert person_before_of(text, text.index("Annville"))
    assert not person_before_of(text, text.index("Commerce"))  # an institution's name
    assert not person_before_of(text, text.index("Texas"))  # one word before "of"


def test_geo_local_forms_institution_of_names_no_towns(geocode: GeocodeFn) -> None:
    found = _found(geocode, "The delegation met the Lagos Chamber of Commerce and Industry.")
    assert "Commerce" not in found and "Industry" not in found
    assert found["Lagos"][1] == "NG"


def test_geo_local_forms_datelines_in_capitals(geocode: GeocodeFn) -> None:
    found = _found(geocode, "XENIA — The girlfriend of the alleged dealer spoke to reporters.")
    assert found["XENIA"] == ("Xenia", "US")
    found = _found(geocode, "Fire hits home. BEIRUT (AP) — A spokesman said the town was shelled.")
    assert found["BEIRUT"] == ("Beirut", "LB")


def test_geo_local_forms_names_hyphened_to_a_place(geocode: GeocodeFn) -> None:
    found = _found(geocode, "Fargo police said the Fargo-Moorhead area will flood.")
    assert found["Moorhead"] == ("Moorhead", "US")
    assert not _found(geocode, "He shopped at Wal-Mart on Sunday.")  # Wall only by the key


def test_geo_local_forms_town_services(geocode: GeocodeFn) -> None:
    found = _found(geocode, "The Boise Fire Department offered these tips for cooking.")
    assert found["Boise"] == ("Boise", "US")


def test_geo_local_forms_state_name_beside_a_feature_noun(geocode: GeocodeFn) -> None:
    # a lake or a town named after a state is not the state; it must not vote for it either
    found = _found(geocode, "They fished on Lake Vermont and near Tennessee Colony on Monday.")
    assert "Vermont" not in found and "Tennessee" not in found
    assert found.get("Tennessee Colony", (None, None))[0] != "Tennessee"
    found = _found(geocode, "Crews worked along Delaware Bay and the Somali coast.")
    assert "Bay" not in found  # the feature noun alone is no name (Somalia's Bay region)
    found = _found(geocode, "Patrons of Six Flags Over Texas cheered on Monday.")
    assert found["Texas"] == ("Texas", "US")


def test_geo_local_forms_counties_of_a_state(geocode: GeocodeFn) -> None:
    found = _found(geocode, "Its rate was 42nd of the Indiana counties in February.")
    assert found["Indiana"] == ("Indiana", "US")  # the state, not Indiana County, Pa.
    found = _found(geocode, "Officials of Boone and Indiana counties met in Pennsylvania.")
    assert found["Indiana"][0] == "Indiana County"  # the last item of a list of counties
