"""The toponym candidate of recognition and the helpers that its modules share."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from polemos.geo.countries import macro_region, unplaced_region
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key


@dataclass
class Toponym:
    """A toponym candidate in clean text, with the cues found around it."""

    start: int
    end: int
    text: str
    key: str
    label: str = "GAZ"
    known: bool = False
    gated: bool = False
    strong: bool = False
    admin: bool = False
    direction: bool = False
    near: bool = False
    norp: bool = False
    demonym: bool = False
    person: bool = False
    surname: bool = False  # a word of a person's full name elsewhere in the text
    county: bool = False  # "Walton and Oconee counties": the county, not the town
    street: bool = False  # "Oxford Street": in a city named beside it, never Oxford
    echo: bool = False  # a mention kept because another mention of the name is a place
    qualifier: Toponym | None = None
    cues: list[str] = field(default_factory=list)


@dataclass
class Word:
    start: int
    end: int
    text: str


def overlaps(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


def known_name(gazetteer: Gazetteer, text: str) -> bool:
    return bool(
        gazetteer.city_rows(name_key(text))
        or gazetteer.admin1_codes(name_key(text))
        or gazetteer.country_code(text)
        or macro_region(text) is not None
        or unplaced_region(text)
    )


def spans(toponyms: Iterable[Toponym]) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in toponyms]
