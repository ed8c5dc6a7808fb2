"""Toponym recognition: spaCy entities plus gazetteer-checked capitalised sequences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from polemos.geo.countries import is_demonym, macro_region
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key, word_set

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
#: Nouns of institutions, facilities and streets: never a toponym on their own, even where
#: some hamlet is called "University" or "Center".
GENERIC_NOUNS = word_set(
    """university college school academy institute hospital church cathedral mosque temple
    street st road avenue ave boulevard blvd lane drive highway route interstate exit bridge
    house hall center centre court courthouse office department station park square mall
    plaza tower building club hotel stadium arena market section senate congress assembly
    parliament board committee commission company corporation bank museum library theatre
    theater festival day week man woman men women family people high middle elementary
    north south east west northeast northwest southeast southwest metro city town county
    state federal national international"""
)
#: Words that begin a place name and never end one ("Tell Mannas", "Jabal al-Zawiya",
#: "Kafr Nabl", "Lake Charles"): a run is never cut just after them.
NAME_HEADS = word_set(
    """tell tall tal tel kafr kfar deir dayr der jabal jebel jabel jbel ain ein ayn bir beit
    bayt bait khirbet khirbat umm um abu wadi ras jisr qasr tall mount mt lake fort port san
    santa sao saint st new old little great"""
)
#: Abbreviations that begin a place name ("St. Louis", "Mt. Pleasant", "Ft. Worth").
NAME_ABBREVIATIONS = frozenset({"St", "Ste", "Mt", "Ft", "Pt"})
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


#: Cues that make a word a place whatever else it could be ("the village of X", "X province").
_STRONG_CUES = frozenset({"admin", "strong", "near", "direction"})


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
    """Capitalised (or in Arabic script, which has no capitals), and not an acronym such as
    "FSA" or "IS"."""
    text = word.text
    if "\u0600" <= text[0] <= "\u06ff":
        return True
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
        gap = text[current[-1].end : word.start] if current else ""
        joined = gap in {" ", "-", "- "} or (gap == ". " and current[-1].text in NAME_ABBREVIATIONS)
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
    if len(words) == 1 and words[0].text.casefold() in _LEAD_STRIP | SUFFIX_WORDS | GENERIC_NOUNS:
        return [], False
    text = " ".join(w.text for w in words)
    return words, _known(gazetteer, text)


#: Longest name looked for inside a longer run of capitalised words.
MAX_INNER_WORDS = 5


def _inner_start(word: _Word) -> bool:
    folded = word.text.casefold()
    return (
        _is_name_word(word)
        and folded not in _LEAD_STRIP
        and folded not in SUFFIX_WORDS
        and folded not in GENERIC_NOUNS
    )


#: Words that may stand before a place name inside a run ("The City of Athens").
_NAME_PREFIXES = _LEAD_STRIP | SUFFIX_WORDS | CONNECTORS | GENERIC_NOUNS


def _inner_name_ok(gazetteer: Gazetteer, run: list[_Word], words: list[_Word]) -> bool:
    """A name inside a longer run counts when it has several words, leads the run ("Lansing
    City Council", "The City of Athens", "University of Alexandria") or is a country or admin1
    name ("Six Flags Over Texas")."""
    before = run[: run.index(words[0])]
    if len(words) > 1 or all(w.text.casefold() in _NAME_PREFIXES for w in before):
        return True
    text = words[0].text
    return gazetteer.country_code(text) is not None or _is_admin1_name(gazetteer, text)


def _is_admin1_name(gazetteer: Gazetteer, text: str) -> bool:
    key = name_key(text)
    codes = gazetteer.admin1_codes(key)
    return any(name_key(gazetteer.admin1_place(code).name) == key for code in codes)


def _inner_names(gazetteer: Gazetteer, run: list[_Word]) -> list[list[_Word]]:
    """Known names inside a run that is not one ("Patrons of Six Flags Over Texas" ->
    "Texas", "Dublin City Manager Jane Brautigam" -> "Dublin"), longest first, left to right."""
    found: list[list[_Word]] = []
    index = 0
    while index < len(run):
        match = None
        if _inner_start(run[index]):
            for end in range(min(len(run), index + MAX_INNER_WORDS), index, -1):
                words = run[index:end]
                last = words[-1].text.casefold()
                if last in CONNECTORS or (last in NAME_HEADS and end < len(run)):
                    continue
                if _known(gazetteer, " ".join(w.text for w in words)):
                    match = words
                    break
        if match is not None and not _inner_name_ok(gazetteer, run, match):
            match = None
        if match is None:
            index += 1
            continue
        found.append(match)
        index += len(match)
    return found


def _cores(gazetteer: Gazetteer, run: list[_Word]) -> list[tuple[list[_Word], bool]]:
    """The toponyms inside a run: its core (``_core``), or the known names within it."""
    words, known = _core(gazetteer, run)
    if known or len(run) < 2:
        return [(words, known)] if words else []
    inner = _inner_names(gazetteer, run)
    if inner:
        return [(names, True) for names in inner]
    return [(words, known)] if words else []


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
    top.strong = bool(_STRONG_CUES & set(top.cues))
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
    for prev, cur in zip(toponyms[::-1][1:], toponyms[::-1], strict=False):
        # "leads to Hanasher and Aleppo": a cued name listed with a known place is a place
        if prev.gated and cur.known and _LIST_SEP.match(text[prev.end : cur.start]):
            prev.strong = True


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
    runs = sequences(text, [*exclude, *((t.start, t.end) for t in abbreviations)])
    for words, known in (core for run in runs for core in _cores(gazetteer, run)):
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
    people = _person_words(doc) - {t.text for t in found if _STRONG_CUES & set(t.cues)}
    for top in found:
        surname = " " not in top.text and top.text in people
        top.surname = surname and not _major_name(gazetteer, top)
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


def _person_words(doc: Any) -> frozenset[str]:
    """Words of the full names of people in the text ("Farrin" of "Dale Farrin")."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and len(ent) > 1:
            words.update(token.text for token in ent if token.text[:1].isupper())
    return frozenset(words)


def _keep(top: Toponym, gazetteer: Gazetteer) -> bool:
    if top.person and not top.cues:
        return False  # "Brown said", "Peres met": a name, not a place
    if top.surname and not _STRONG_CUES & set(top.cues):
        return False  # "of Jones" after "Tom Jones": still the man
    macro = macro_region(top.text) is not None
    if (top.known or macro) and (top.gated or macro or _major_name(gazetteer, top)):
        return True
    if top.known:
        return False
    # a name the gazetteer lacks needs a place cue; spaCy's label alone is not enough
    return bool(_STRONG_CUES & set(top.cues)) or (
        top.strong and bool({"cue", "list"} & set(top.cues))
    )


def _major_name(gazetteer: Gazetteer, top: Toponym) -> bool:
    """Country and admin1 names are places even without a cue ("Texas officials")."""
    return gazetteer.country_code(top.text) is not None or _is_admin1_name(gazetteer, top.text)


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
