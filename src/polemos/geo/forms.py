"""Toponyms written other than as plain capitalised runs: abbreviations ("U.S.",
"Alexandria, La."), names in capitals ("LOS ANGELES"), names holding "and" ("Trinidad and
Tobago"), a name with initials ("Washington, D.C."), and the state or country after a name
("Paris, Tenn.")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from polemos.geo.countries import macro_region
from polemos.geo.evidence import is_admin1_name, spelled_as_admin1, spelling
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key
from polemos.geo.toponym import Toponym, known_name, overlaps, spans

_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){2,}|(?<![\w.])(?:US|UK|USA|UAE|DRC|DPRK|ROK|EU|BC)(?!\w|\.\w)"
    r"|(?<=, |[DR]-)(?:[A-Z]\. ?)?[A-Z][a-z]{1,4}\."
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
        if abbr in ("BC", "B.C.") and _YEAR_BEFORE.search(text, max(0, start - 8), start):
            continue  # "400 BC": a year, not British Columbia
        top = Toponym(start, end, abbr, key, known=True, gated=True, strong=True)
        top.admin = not is_country
        tops.append(top)
    return tops


_YEAR_BEFORE = re.compile(r"\d\s*$")


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


#: A dateline in capitals that the other forms miss ("XENIA —", "ST. PARIS —",
#: "BEIRUT (AP) —", "CAIRO - On"): at the start of a line or sentence, before a dash or an
#: agency's name.
_DATELINE = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?] )|(?<=[.!?]  ))([A-Z][A-Z.'’]*(?:[ -][A-Z][A-Z.'’]*){0,3})"
    r"(?=\s+(?:—|–|-{1,3})\s|\s+\((?:AP|CNN|Reuters|AFP|UPI)\))",
    re.MULTILINE,
)


def dateline_names(
    text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Known names in capitals that open a dateline ("XENIA — The girlfriend of ...")."""
    tops = []
    for match in _DATELINE.finditer(text):
        start, end = match.span(1)
        name = match.group(1).rstrip(".")
        end = start + len(name)
        if overlaps(start, end, exclude) or len(name) < 3 or not known_name(gazetteer, name):
            continue
        top = Toponym(start, end, name, name_key(name), known=True, gated=True)
        top.cues.append("dateline")
        tops.append(top)
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
    """A name and the initials after it, when the gazetteer knows the whole as one place.
    Initials that name a state on their own stay apart, as its qualifier ("Washington,
    D.C.": the city, qualified by the District of Columbia)."""
    joined: list[Toponym] = []
    starts = {top.start for top in toponyms if top.admin}
    for top in toponyms:
        if joined and joined[-1].end > top.start:
            continue  # initials already joined to the name before them
        match = _TRAILING_INITIALS.match(text, top.end)
        whole = text[top.start : match.end()] if match else ""
        if match and match.start(1) in starts:
            pass  # the initials are a state's abbreviation of their own
        elif match and not top.demonym and gazetteer.city_rows(name_key(whole)):
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


_STATE_LIST_SEP = re.compile(r"\s*(,|and|or|,\s*and|,\s*or)\s*")


def mark_listed_states(toponyms: list[Toponym], text: str, gazetteer: Gazetteer) -> None:
    """A name listed beside a state that no big city shares its name with is a state too:
    "California or Washington", "Oregon and Washington laws" (Washington State, not the
    capital). Two names that both are big cities stay as they are ("New York and
    Washington")."""
    for prev, cur in zip(toponyms, toponyms[1:], strict=False):
        if not _STATE_LIST_SEP.fullmatch(text[prev.end : cur.start]):
            continue
        for state, other in ((prev, cur), (cur, prev)):
            if _INITIALS_AFTER.match(text, other.end):
                continue  # "Texas and Washington, D.C.": the city, qualified
            if _plain_state(gazetteer, state) and _state_name(gazetteer, other, state):
                other.admin = True
                other.cues.append("admin")


#: A state whose name a city of this many people also has is no plain state ("New York").
_STATE_CITY = 100_000


_INITIALS_AFTER = re.compile(r",\s*(?:[A-Z]\.){2}")


def _state_name(gazetteer: Gazetteer, top: Toponym, beside: Toponym | None = None) -> bool:
    """``top`` spells an admin1 unit's own name (of the country of ``beside``'s unit) and is
    no country ("Washington" beside US states is the state; "Jordan" stays the country)."""
    if gazetteer.country_code(top.text) is not None or not is_admin1_name(gazetteer, top.text):
        return False
    if beside is None:
        return True
    countries = {c.split(".")[0] for c in gazetteer.admin1_codes(beside.key)}
    return any(
        c.split(".")[0] in countries and spelled_as_admin1(gazetteer, c, top.text)
        for c in gazetteer.admin1_codes(top.key)
    )  # fmt: skip


def _plain_state(gazetteer: Gazetteer, top: Toponym) -> bool:
    """An admin1 name that no city of ``_STATE_CITY`` people shares ("California", "Oregon";
    not "New York", New York City's other name)."""
    if not _state_name(gazetteer, top):
        return False
    spelled = spelling(top.text)
    for row in gazetteer.city_rows(top.key)[:5]:
        _gid, name, _lat, _lon, _cc, _a1, pop = gazetteer.city_row(row)
        key_only = gazetteer.primary_key(row) == top.key and spelling(name) != spelled
        if pop >= _STATE_CITY and not key_only:  # Ōra-gun (Japan) is no "Oregon"
            return False
    return True
