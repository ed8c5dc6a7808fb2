"""Street and square names: "Oxford Street", "Haifa Street", "Calle del Correo", "Rue de
Rivoli". The place name inside a street's name ("Oxford", "Haifa") names the street, not
the place: the street lies in the town named beside it ("Calle del Correo, Madrid") or
in the story's town, and is reported as such by the geocoder (precision 2)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from polemos.geo.wordlists import STOP_WORDS

#: A capitalised word, possibly hyphenated ("Kabul-Jalalabad", "Al-Rashid").
_NAME = r"[A-Z]\w*(?:['’](?!s\b)\w+)?(?:-[A-Za-z]\w*)*"
#: Lowercase words inside a street name ("Calle del Correo", "Sharia al-Nil").
_LINK = r"(?:al|el|de|del|della|di|du|des|da|do|dos|la|le|les|los|las|of)"
_WORDS = rf"{_NAME}(?:[ ]+(?:{_LINK}[ -]+)*{_NAME}){{0,3}}"
#: Words that end a street's name ("Oxford Street", "Tahrir Square").
_TAILS = (
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Drive|Square"
    r"|Stra(?:ss|ß)e)"
)
#: Words that begin a street's name in Romance and other languages ("Calle del Correo").
_HEADS = (
    r"(?:Calle|Carrer|Avenida|Avinguda|Paseo|Rua|Rue|Piazza|Plaza|Praça"
    r"|Corso|Viale|Strada|Ulitsa|Prospekt|Sharia|Shari)"
)
# "Oxford Street", but not "County Road 80" (a county road names its county), "St. Louis"
# nor a run that goes on ("Lebanon Street Superintendent", "Upper Richmond Road West"). A
# possessive before the street is its city ("Harare's Third Street"), not part of the name.
_TAIL_STREET = re.compile(rf"(?<![\w.’'-]){_WORDS}[ ]+{_TAILS}(?![\w-])(?!\.?[ ]*[A-Z\d])")
_HEAD_STREET = re.compile(
    rf"(?<![\w.’'-]){_HEADS}(?:[ ]+(?:{_LINK}|d['’])(?:[ ]+|(?=[A-Z])))*[ ]*{_WORDS}"
)


def street_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the street and square names in ``text``, without a capitalised
    stop word before them ("On Oxford Street" gives "Oxford Street")."""
    spans = [m.span() for m in _TAIL_STREET.finditer(text)]
    spans += [m.span() for m in _HEAD_STREET.finditer(text)]
    trimmed = (_trimmed(text, start, end) for start, end in spans)
    return sorted((start, end) for start, end in trimmed if " " in text[start:end].strip())


_HOUSE_NUMBER = re.compile(r"\d[\w-]*[ ]+$")


def is_address(text: str, start: int) -> bool:
    """The street at ``start`` follows a house number ("1935 Orchard St."): an address, a
    point inside a city rather than a toponym of its own."""
    return _HOUSE_NUMBER.search(text, max(0, start - 12), start) is not None


_LEADING_WORD = re.compile(r"(\w+)[ ]+")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    word = _LEADING_WORD.match(text, start, end)
    while word and word.group(1).casefold() in STOP_WORDS:
        start = word.end()
        word = _LEADING_WORD.match(text, start, end)
    return start, end


#: What stands between a street and the city it lies in: "Oxford Street in London",
#: "Calle del Correo, Madrid", "Harare's Third Street".
_CITY_AFTER = frozenset({", ", " in ", ", in "})
_CITY_BEFORE = frozenset({"'s ", "’s "})


def street_city(text: str, spans: Sequence[tuple[int, int]], index: int) -> int | None:
    """The index in ``spans`` (toponyms in text order) of the city named beside the street
    ``spans[index]``: right after it ("Haifa Street in Baghdad") or before it as a
    possessive ("Harare's Third Street"); None when no city stands beside it."""
    start, end = spans[index]
    if index + 1 < len(spans) and text[end : spans[index + 1][0]] in _CITY_AFTER:
        return index + 1
    if index > 0 and text[spans[index - 1][1] : start] in _CITY_BEFORE:
        return index - 1
    return None


#: Confidence kept by a street placed in the story's town rather than a town beside it.
STORY_TOWN_FACTOR = 0.8


def street_towns(
    text: str, spans: Sequence[tuple[int, int]], streets: Sequence[bool], towns: Sequence[bool]
) -> dict[int, tuple[int, float]]:
    """The town each street lies in, with the share of that town's confidence it keeps, by
    the street's index. ``spans`` are the toponyms in text order, ``streets`` marks the
    streets and ``towns`` those resolved to a town. The town named beside the street
    ("Haifa Street in Baghdad"), else the story's town: the nearest before it, else the
    first one. A street with no town in the text is left out."""
    found = {}
    for index in (i for i, street in enumerate(streets) if street):
        town = street_city(text, spans, index)
        factor = 1.0
        if town is None or not towns[town]:
            before = [i for i in range(index) if towns[i]]
            town = before[-1] if before else next((i for i, t in enumerate(towns) if t), None)
            factor = STORY_TOWN_FACTOR
        if town is not None:
            found[index] = (town, factor)
    return found
