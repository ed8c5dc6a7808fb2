from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polemos.geo import name_key
from polemos.geo.names import country_key, is_latin


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Han Sheikhun", "Khan Shaykhun"),
        ("Han Sheikhun", "Khān Shaykhūn"),
        ("Tell Mannas", "Tal Manas"),
        ("Tell Mannas", "Tall Mannas"),
        ("Maarat al-Numan", "Ma'arrat an-Nu'man"),
        ("Maarat al-Numan", "Ma‘arrat an Nu‘mān"),
        ("Maraat al-Numan", "Maarat al-Numan"),
        ("Kafr Zeita", "Kafr Zayta"),
        ("Morek", "Mūrak"),
        ("Hama", "Ḩamāh"),
        ("Raqqa", "Ar-Raqqah"),
        ("al-Bab", "Al Bāb"),
        ("Qamishli", "Kamishli"),
    ],
)
def test_names_variants_share_key(left: str, right: str) -> None:
    assert name_key(left) == name_key(right)


@pytest.mark.parametrize(
    ("left", "right"), [("Hama", "Homs"), ("Idlib", "Aleppo"), ("Kafr Zeita", "Kafr Nabl")]
)
def test_names_distinct_places_differ(left: str, right: str) -> None:
    assert name_key(left) != name_key(right)


def test_names_articles_dropped_but_not_everything() -> None:
    assert name_key("al-Sham") == name_key("Sham")
    assert name_key("Al") == "al"


def test_names_country_key_is_strict() -> None:
    assert country_key("They") != country_key("Thai")
    assert country_key("Syrian") == "syrian"


def test_names_is_latin() -> None:
    assert is_latin("Khān Shaykhūn")
    assert not is_latin("خان شيخون")


@given(st.text())
def test_names_key_idempotent_and_total(text: str) -> None:
    key = name_key(text)
    assert isinstance(key, str)
    assert name_key(key) == key
