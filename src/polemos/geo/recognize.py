"""Toponym recognition: spaCy entities plus gazetteer-checked capitalised sequences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from polemos.geo.countries import is_demonym, macro_region
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: spaCy labels of names that are not places ("Brown", "Lincoln", "Peres").
NAME_LABELS = frozenset({"PERSON"})
CONNECTORS = frozenset(
    [
        "al",
        "el",
        "an",
        "ad",
        "as",
        "ash",
        "ar",
        "az",
        "ez",
        "es",
        "ed",
        "at",
        "ath",
        "ul",
        "bin",
        "ibn",
        "bani",
        "de",
        "du",
        "la",
        "le",
        "of",
    ]
)
DIRECTIONS = frozenset(
    [
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "north-eastern",
        "north-western",
        "south-eastern",
        "south-western",
        "upper",
        "lower",
    ]
)
_MONTHS = "january february march april may june july august september october november december"
_DAYS = "monday tuesday wednesday thursday friday saturday sunday"
#: Words that are never a toponym on their own (common words, titles, dates, web chrome).
STOP_WORDS = frozenset(
    f"""{_MONTHS} {_DAYS} support leave reply army state states islamic front force forces
    police government council ministry division brigade battalion regiment mr mrs ms dr
    president general gen col colonel captain lt sgt minister king queen prince sheikh
    emir imam god allah abu umm email twitter facebook reuters afp read more share comment
    comments home news update breaking photo video location sources source clashes most
    some several many according both other firstly secondly also however meanwhile today
    yesterday tomorrow the a an in on at of to from by for with near and or but this that
    these those it its his her their our we they he she i you after before during while
    when where as since until leader commander spokesman militants rebels troops regime
    coalition opposition jihadist terrorist terrorists group moderate free unknown
    national republic democratic liberation movement party union""".split()
)
_LEAD_STRIP = STOP_WORDS | DIRECTIONS | {"rural", "greater"}
SUFFIX_WORDS = frozenset(
    [
        "province",
        "provinces",
        "governorate",
        "governorates",
        "countryside",
        "district",
        "region",
        "city",
        "town",
        "village",
        "area",
        "outskirts",
        "suburbs",
        # facilities named after a town: "Tabqa Dam", "Kweires Airport" resolve to the town
        "dam",
        "airport",
        "airbase",
        "airfield",
        "bridge",
        "crossing",
        "checkpoint",
    ]
)
_WORD = re.compile(r"[^\W_][\w'’ʿʾ`]*")
_ADMIN_BEFORE = re.compile(r"\b(provinces?|governorates?|wilayats?)\s+of\s+(the\s+)?$")
_DIRECTION_BEFORE = re.compile(
    r"(\b(north|south|east|west)(ern|-?east(ern)?|-?west(ern)?)?\s+$)"
    r"|(\bthe\s+(north|south|east|west|north-?east|north-?west|south-?east|south-?west)"
    r"\s+of\s+(the\s+)?$)"
)
_NEAR_BEFORE = re.compile(
    r"\b(near|nearby|outside|outskirts\s+of|vicinity\s+of|close\s+to|around|"
    r"(north|south|east|west)\w*\s+of)\s+(the\s+)?$"
)
_CUE_BEFORE = re.compile(
    r"\b(in|near|of|at|from|to|into|around|towards?|outside|across|between|through|via|"
    r"inside|within|reached|entered|captured|seized|shelled|stormed|besieged|bombed|"
    r"struck|liberated|recaptured)\s+(the\s+)?$"
)
_STRONG_BEFORE = re.compile(
    r"(\b(villages?|towns?|city|cities|provinces?|governorates?|districts?|areas?|regions?|"
    r"neighbou?rhoods?|suburbs?|outskirts|vicinity|countryside)\s+of\s+(the\s+)?$)"
    r"|(\b(near|outside)\s+(the\s+)?$)"
)
_ADMIN_AFTER = re.compile(r"^\s+(provinces?|governorates?|wilayat)\b")
_NEAR_AFTER = re.compile(r"^\s+(countryside|outskirts|suburbs?|environs)\b")
_PLACE_AFTER = re.compile(r"^\s+(city|town|village|district|region|area)\b")
_LIST_SEP = re.compile(r"^\s*(,|&|and|or|,\s*and|,\s*or)\s*$")


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
    qualifier: Toponym | None = None
    cues: list[str] = field(default_factory=list)


@dataclass
class _Word:
    start: int
    end: int
    text: str


def _overlaps(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


def _words(text: str, exclude: Sequence[tuple[int, int]]) -> list[_Word]:
    words = []
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        if word.endswith(("'s", "’s")):
            word, end = word[:-2], end - 2
        if word and not _overlaps(start, end, exclude):
            words.append(_Word(start, end, word))
    return words


def _is_name_word(word: _Word) -> bool:
    """Capitalised, and not an acronym such as "FSA" or "IS"."""
    text = word.text
    return text[0].isupper() and not (text.isupper() and len(text) <= 5)


def _glued_article(text: str, word: _Word) -> bool:
    """A lowercase article hyphenated to a capitalised word: "al-Hilla", "ar-Raqqa"."""
    following = text[word.end : word.end + 2]
    return (
        word.text in CONNECTORS
        and len(following) == 2
        and following[0] == "-"
        and following[1].isupper()
    )


def sequences(text: str, exclude: Sequence[tuple[int, int]] = ()) -> list[list[_Word]]:
    """Maximal runs of capitalised words joined by single spaces/hyphens and connectors."""
    runs: list[list[_Word]] = []
    current: list[_Word] = []
    for word in _words(text, exclude):
        joined = bool(current) and text[current[-1].end : word.start] in {" ", "-", "- "}
        if joined and (_is_name_word(word) or word.text.casefold() in CONNECTORS):
            current.append(word)
            continue
        if current:
            runs.append(current)
        current = [word] if _is_name_word(word) or _glued_article(text, word) else []
    if current:
        runs.append(current)
    for run in runs:
        while run and run[-1].text.casefold() in CONNECTORS:
            run.pop()
    return [run for run in runs if run]


def _known(gazetteer: Gazetteer, text: str) -> bool:
    return bool(
        gazetteer.city_rows(name_key(text))
        or gazetteer.admin1_codes(name_key(text))
        or gazetteer.country_code(text)
    )


def _core(gazetteer: Gazetteer, run: list[_Word]) -> tuple[list[_Word], bool]:
    """The toponym inside a run: the run itself if known, else with affixes stripped."""
    whole = " ".join(w.text for w in run)
    if len(run) > 1 and _known(gazetteer, whole):
        return run, True
    words = list(run)
    while len(words) > 1 and words[0].text.casefold() in _LEAD_STRIP:
        words.pop(0)
    while len(words) > 1 and words[-1].text.casefold() in SUFFIX_WORDS:
        words.pop()
    if len(words) > 1 and _known(gazetteer, " ".join(w.text for w in words)):
        return words, True  # "Ar Raqqah": keep a leading article that belongs to the name
    while len(words) > 1 and words[0].text.casefold() in _LEAD_STRIP | CONNECTORS:
        words.pop(0)
    while len(words) > 1 and words[-1].text.casefold() in SUFFIX_WORDS:
        words.pop()
    if len(words) == 1 and words[0].text.casefold() in _LEAD_STRIP | SUFFIX_WORDS:
        return [], False
    text = " ".join(w.text for w in words)
    return words, _known(gazetteer, text)


def _ent_label(ents: list[tuple[int, int, str]], start: int, end: int) -> str | None:
    labels = [label for s, e, label in ents if s < end and start < e]
    for label in ("GPE", "LOC", "FAC", "NORP"):
        if label in labels:
            return label
    return labels[0] if labels else None


def _annotate(top: Toponym, text: str, label: str | None, gazetteer: Gazetteer) -> None:
    before = text[max(0, top.start - 48) : top.start].casefold()
    after = text[top.end : top.end + 24].casefold()
    top.label = label if label in PLACE_LABELS else "GAZ"
    top.norp = label == "NORP" and gazetteer.country_code(top.text) is not None
    top.person = label in NAME_LABELS
    checks = (
        ("admin", _ADMIN_BEFORE.search(before) or _ADMIN_AFTER.search(after)),
        ("direction", _DIRECTION_BEFORE.search(before)),
        ("near", _NEAR_BEFORE.search(before) or _NEAR_AFTER.search(after)),
        ("strong", _STRONG_BEFORE.search(before) or _PLACE_AFTER.search(after)),
        ("cue", _CUE_BEFORE.search(before)),
    )
    top.cues = [name for name, hit in checks if hit]
    top.admin = "admin" in top.cues
    top.direction = "direction" in top.cues
    top.near = "near" in top.cues and not top.direction
    top.strong = bool({"admin", "strong", "near", "direction"} & set(top.cues))
    top.strong = top.strong or top.label in PLACE_LABELS
    top.gated = top.strong or "cue" in top.cues


def _chain_lists(toponyms: list[Toponym], text: str) -> None:
    """Items of a list ("of A, B, C and D") inherit the gate of the item before."""
    for prev, cur in zip(toponyms, toponyms[1:], strict=False):
        if prev.gated and _LIST_SEP.match(text[prev.end : cur.start]):
            cur.gated = True
            cur.cues.append("list")
            cur.strong = cur.strong or prev.strong or prev.known
            cur.admin = cur.admin or (prev.admin and "admin" in prev.cues)


def recognize(
    doc: Any, text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]] = (),
    demonyms: bool = False,
) -> list[Toponym]:  # fmt: skip
    """Toponym candidates of ``text`` (``doc`` is its spaCy Doc), in text order.

    Recognition leans on capital letters; a document written all in lower case is read
    through a copy with content words capitalised, keeping only confident gazetteer hits.
    """
    from polemos.geo.lowercase import (
        capitalise_known_names,
        confident_without_case,
        is_lowercase_text,
    )

    if not is_lowercase_text(text):
        return _recognize(doc, text, gazetteer, exclude, demonyms)
    cased = capitalise_known_names(text, gazetteer)
    found = _recognize(doc, cased, gazetteer, exclude, demonyms)
    kept = [t for t in found if confident_without_case(t, gazetteer)]
    for top in kept:
        top.text = text[top.start : top.end]
    return kept


def _recognize(
    doc: Any, text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]],
    demonyms: bool,
) -> list[Toponym]:  # fmt: skip
    """Toponym candidates of capitalised ``text``.

    With ``demonyms`` the country adjectives and peoples ("Iraqi", "Russians") are kept
    too, flagged ``demonym`` (geoparsing corpora count them; event coding does not).
    """
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    abbreviations = _abbreviations(text, gazetteer, exclude)
    found: list[Toponym] = []
    for run in sequences(text, [*exclude, *((t.start, t.end) for t in abbreviations)]):
        words, known = _core(gazetteer, run)
        if not words:
            continue
        start, end = words[0].start, words[-1].end
        top = Toponym(start, end, text[start:end], name_key(text[start:end]), known=known)
        _annotate(top, text, _ent_label(ents, start, end), gazetteer)
        top.demonym = _demonym_code(gazetteer, top.text) is not None
        found.append(top)
    found += abbreviations
    found.sort(key=lambda t: t.start)
    _chain_lists(found, text)
    gated_keys = {t.key for t in found if t.gated and t.known and not t.demonym}
    admin_keys = {t.key for t in found if (t.admin or t.direction) and t.known}
    kept = []
    for top in found:
        top.gated = top.gated or top.key in gated_keys
        top.admin = top.admin or top.key in admin_keys
        if top.demonym or top.norp:
            if demonyms and top.demonym:
                kept.append(top)
            continue
        if _keep(top, gazetteer):
            kept.append(top)
    _link_qualifiers(kept, text, gazetteer)
    return kept


def _keep(top: Toponym, gazetteer: Gazetteer) -> bool:
    if top.person and not top.cues:
        return False  # "Brown said", "Peres met": a name, not a place
    macro = macro_region(top.text) is not None
    if (top.known or macro) and (top.gated or macro or _major_name(gazetteer, top)):
        return True
    return not top.known and top.strong


def _major_name(gazetteer: Gazetteer, top: Toponym) -> bool:
    """Country and admin1 names are places even without a cue ("Texas officials")."""
    if gazetteer.country_code(top.text):
        return True
    codes = gazetteer.admin1_codes(top.key)
    return any(name_key(gazetteer.admin1_place(code).name) == top.key for code in codes)


def _demonym_code(gazetteer: Gazetteer, text: str) -> str | None:
    if not is_demonym(text):
        return None
    code = gazetteer.country_code(text)
    if code is None and text.endswith("s"):
        code = gazetteer.country_code(text[:-1])
    return code


_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){2,}|(?<![\w.])(?:US|UK|USA|UAE|DRC)(?![\w.])"
    r"|(?<=, )(?:[A-Z]\.)?[A-Z][a-z]{1,4}\."
)


def _abbreviations(
    text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Countries and US states written as abbreviations: "U.S.", "UK", "Alexandria, La."."""
    taken = list(exclude)
    tops = []
    for match in _ABBREVIATION.finditer(text):
        start, end = match.span()
        abbr = match.group()
        key = name_key(abbr)
        is_country = gazetteer.country_code(abbr) is not None
        if _overlaps(start, end, taken) or not (is_country or gazetteer.admin1_codes(key)):
            continue
        top = Toponym(start, end, abbr, key, known=True, gated=True, strong=True)
        top.admin = not is_country
        tops.append(top)
    return tops


_QUALIFIER_SEP = frozenset({",", ", "})


def _link_qualifiers(toponyms: list[Toponym], text: str, gazetteer: Gazetteer) -> None:
    """ "Paris, Tenn.", "Hama, Syria": a following state or country constrains a place."""
    for prev, cur in zip(toponyms, toponyms[1:], strict=False):
        if text[prev.end : cur.start] not in _QUALIFIER_SEP:
            continue
        if gazetteer.admin1_codes(cur.key) or gazetteer.country_code(cur.text):
            prev.qualifier = cur


def country_mentions(doc: Any, text: str, gazetteer: Gazetteer) -> list[str]:
    """ISO2 codes of every country named or implied (demonyms) in the text, repeated."""
    codes = []
    for run in sequences(text):
        for word in run:
            code = gazetteer.country_code(word.text)
            if code and len(word.text) > 3:
                codes.append(code)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and " " in ent.text:
            code = gazetteer.country_code(ent.text.removeprefix("the "))
            if code:
                codes.append(code)
    return codes
