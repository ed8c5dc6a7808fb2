"""Toponyms written other than as plain capitalised runs: abbreviations ("U.S.",
"Alexandria, La."), names in capitals ("LOS ANGELES"), names holding "and" ("Trinidad and
Tobago"), a name with initials ("Washington, D.C."), and the state or country after a name
("Paris, Tenn.")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from polemos.geo.countries import macro_region
from polemos.geo.evidence import is_admin1_name, spelling
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key
from polemos.geo.toponym import Toponym, known_name, overlaps, spans

_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){2,}|(?<![\w.])(?:US|UK|USA|UAE|DRC|DPRK|ROK|EU)(?!\w|\.\w)"
    r"|(?<=, )(?:[A-Z]\.)?[A-Z][a-z]{1,4}\."
)


def abbreviations(
    text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Countries and US states written as abbreviations: "U.S.", "UK", "Alexandria, La."."""
    taken = list(exclude)
    tops = []
    for match in _ABBREVIATION.finditer(text):
        start, end = match.span()
        abbr = match.group()
        key = name_key(abbr)
        is_country = gazetteer.country_code(abbr) is not None or macro_region(abbr) is not None
        if overlaps(start, end, taken) or not (is_country or gazetteer.admin1_codes(key)):
            continue
        if abbr.endswith(".") and _full_name(gazetteer, abbr[:-1]):
            continue  # "the capital, Kabul.": a name ending a sentence, not "La." or "Tenn."
        top = Toponym(start, end, abbr, key, known=True, gated=True, strong=True)
        top.admin = not is_country
        tops.append(top)
    return tops


def _full_name(gazetteer: Gazetteer, word: str) -> bool:
    """``word`` is spelled out: the own name of an admin1 unit or of a place ("Kabul", "Iowa"),
    not an abbreviation such as "La" or "Tenn"."""
    if is_admin1_name(gazetteer, word):
        return True
    rows = gazetteer.city_rows(name_key(word))[:5]
    return any(spelling(gazetteer.city_row(r)[1]) == spelling(word) for r in rows)


_CAPS_RUN = re.compile(r"(?<![\w.])[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){1,3}(?![\w])")


def caps_names(
    text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Names in capitals with a short word that would pass for an acronym ("LOS ANGELES",
    "NEW JERSEY" in datelines): the longest known name from the run's first word."""
    tops = []
    for match in _CAPS_RUN.finditer(text):
        words = match.group().split(" ")
        if all(len(w) > 5 for w in words) or overlaps(*match.span(), exclude):
            continue
        for count in range(len(words), 1, -1):
            name = " ".join(words[:count])
            if known_name(gazetteer, name):
                start = match.start()
                key = name_key(name)
                tops.append(Toponym(start, start + len(name), name, key, known=True, gated=True))
                break
    return tops


_BEFORE_AND = re.compile(r"(?:[A-Z][\w'’-]* ){1,2}$")
_AFTER_AND = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?")


def and_names(text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]) -> list[Toponym]:
    """Countries and states whose name holds "and" ("Trinidad and Tobago", "Bosnia and
    Herzegovina", "Newfoundland and Labrador")."""
    tops: list[Toponym] = []
    for found in re.finditer(r"(?<=\S )and (?=[A-Z])", text):
        before = _BEFORE_AND.search(text, max(0, found.start() - 60), found.start())
        after = _AFTER_AND.match(text, found.end())
        if before is None or after is None:
            continue
        top = _longest_and_name(before, after, gazetteer)
        if top and not overlaps(top.start, top.end, [*exclude, *spans(tops)]):
            tops.append(top)
    return tops


def _longest_and_name(
    before: re.Match[str], after: re.Match[str], gazetteer: Gazetteer
) -> Toponym | None:
    words_before, words_after = before.group().split(), after.group().split()
    for n_before in range(len(words_before), 0, -1):
        for n_after in range(len(words_after), 0, -1):
            head = " ".join(words_before[-n_before:])
            name = f"{head} and {' '.join(words_after[:n_after])}"
            if gazetteer.country_code(name) or is_admin1_name(gazetteer, name):
                start = before.end() - len(head) - 1
                return Toponym(start, start + len(name), name, name_key(name), known=True,
                               gated=True)  # fmt: skip
    return None


_TRAILING_INITIALS = re.compile(r",? ?((?:[A-Z]\.){2,})")


def join_trailing_initials(
    toponyms: list[Toponym], text: str, gazetteer: Gazetteer
) -> list[Toponym]:
    """ "Washington, D.C.": a name and the initials after it, when the gazetteer knows the
    whole as one place."""
    joined: list[Toponym] = []
    for top in toponyms:
        if joined and joined[-1].end > top.start:
            continue  # initials already joined to the name before them
        match = _TRAILING_INITIALS.match(text, top.end)
        whole = text[top.start : match.end()] if match else ""
        if match and not top.demonym and gazetteer.city_rows(name_key(whole)):
            top.end, top.text, top.key = match.end(), whole, name_key(whole)
        joined.append(top)
    return joined


_QUALIFIER_SEP = frozenset({",", ", "})


def mark_qualified(toponyms: list[Toponym], text: str, gazetteer: Gazetteer) -> None:
    """A known name followed by its state or country ("ALBUQUERQUE, N.M.", "Rockingham,
    Northamptonshire") is a place, with no other cue."""
    for prev, cur in zip(toponyms, toponyms[1:], strict=False):
        if not prev.known or text[prev.end : cur.start] not in _QUALIFIER_SEP:
            continue
        if (
            gazetteer.country_code(cur.text)
            or is_admin1_name(gazetteer, cur.text)
            or (cur.admin and cur.known and cur.text.endswith("."))
        ):
            prev.cues.append("qualified")
            prev.gated = True
            if _state_of(gazetteer, prev, cur):
                cur.admin = True  # "Tacoma, Washington": the state, not the capital
                cur.cues.append("admin")


def _state_of(gazetteer: Gazetteer, place: Toponym, state: Toponym) -> bool:
    """``state`` names an admin1 unit (not a country) holding a place of ``place``'s own name."""
    if gazetteer.country_code(state.text) or not is_admin1_name(gazetteer, state.text):
        return False
    codes = set(gazetteer.admin1_codes(state.key))
    for row in gazetteer.city_rows(place.key):
        _gid, _name, _lat, _lon, cc, a1, _pop = gazetteer.city_row(row)
        if f"{cc}.{a1}" in codes and gazetteer.primary_key(row) == place.key:
            return True
    return False


def link_qualifiers(toponyms: list[Toponym], text: str, gazetteer: Gazetteer) -> None:
    """ "Paris, Tenn.", "Hama, Syria": a following state or country constrains a place."""
    for prev, cur in zip(toponyms, toponyms[1:], strict=False):
        if text[prev.end : cur.start] not in _QUALIFIER_SEP:
            continue
        if gazetteer.admin1_codes(cur.key) or gazetteer.country_code(cur.text):
            prev.qualifier = cur
