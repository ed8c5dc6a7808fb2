"""Toponym recognition: spaCy entities plus gazetteer-checked capitalised sequences."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from polemos.geo.countries import MACRO_DEMONYMS, is_demonym, macro_region
from polemos.geo.evidence import (
    is_admin1_name,
    is_evident,
    is_thin,
    major_name,
    name_word_spans,
    person_words,
    shipped_or_supplement,
    spelled_population,
    spelling,
)
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key
from polemos.geo.streets import is_address, street_spans
from polemos.geo.wordlists import (
    _LEAD_STRIP,
    _STRONG_CUES,
    CONNECTORS,
    GENERIC_NOUNS,
    NAME_ABBREVIATIONS,
    NAME_HEADS,
    NAME_LABELS,
    PLACE_LABELS,
    SUFFIX_WORDS,
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
_COUNTY_AFTER = re.compile(r"^(/[A-Z][\w ]*)?\s+(county|counties|parish|parishes)\b")
_TOWN_AFTER = re.compile(r"^\s+(city|town)\b")
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
    surname: bool = False  # a word of a person's full name elsewhere in the text
    county: bool = False  # "Walton and Oconee counties": the county, not the town
    street: bool = False  # "Oxford Street": in a city named beside it, never Oxford
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
    if _CONTRACTION.search(text):
        return False  # "I'm", "We'll"
    return text[0].isupper() and not (text.isupper() and len(text) <= 5)


_CONTRACTION = re.compile(r"['’](m|ll|ve|re|d)$")


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
    """May begin a name inside a run (a generic noun only a name of several words)."""
    folded = word.text.casefold()
    return _is_name_word(word) and folded not in _LEAD_STRIP and folded not in SUFFIX_WORDS


#: Words that may stand before a place name inside a run ("The City of Athens").
_NAME_PREFIXES = _LEAD_STRIP | SUFFIX_WORDS | CONNECTORS | GENERIC_NOUNS


def _inner_name_ok(gazetteer: Gazetteer, run: list[_Word], words: list[_Word]) -> bool:
    """A name inside a longer run counts when it has several words, leads the run ("Lansing
    City Council", "The City of Athens", "University of Alexandria") or is a country or admin1
    name ("Six Flags Over Texas")."""
    before = run[: run.index(words[0])]
    if before and before[-1].text in _PARTY_WORDS:
        return False  # "United Russia", "Free Syrian Army": a party or a movement
    if len(words) > 1 or all(w.text.casefold() in _NAME_PREFIXES for w in before):
        return True
    text = words[0].text
    if before and before[-1].text == "of" and _largest_population(gazetteer, text) >= BIG_CITY:
        return True  # "Matthieu Prin of London", "the Archbishop of Canterbury"
    return gazetteer.country_code(text) is not None or is_admin1_name(gazetteer, text)


#: Words that make a place name after them inside a run the name of a party or movement.
_PARTY_WORDS = frozenset({"United", "Free", "Just", "Fair", "Forward"})

#: A city this big after "of" inside a longer run is a place ("Matthieu Prin of London").
BIG_CITY = 100_000


def _largest_population(gazetteer: Gazetteer, text: str) -> int:
    rows = gazetteer.city_rows(name_key(text))
    return max((gazetteer.city_row(r)[6] for r in rows[:3]), default=0)


def _inner_names(gazetteer: Gazetteer, run: list[_Word]) -> list[list[_Word]]:
    """Known names inside a run that is not one ("Patrons of Six Flags Over Texas" ->
    "Texas", "Dublin City Manager Jane Brautigam" -> "Dublin"), longest first, left to right."""
    found: list[list[_Word]] = []
    index = 0
    while index < len(run):
        match = None
        if _inner_start(run[index]):
            generic = run[index].text.casefold() in GENERIC_NOUNS
            for end in range(min(len(run), index + MAX_INNER_WORDS), index + generic, -1):
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
        ("town", _TOWN_AFTER.search(after)),
        ("county", _COUNTY_AFTER.search(text[top.end : top.end + 40])),
    )
    top.cues = [name for name, hit in checks if hit]
    top.admin = "admin" in top.cues
    top.county = "county" in top.cues
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
            if "list" not in prev.cues:
                prev.cues.append("list")  # the head of a list of places
            cur.strong = cur.strong or prev.strong or prev.known
            cur.admin = cur.admin or (prev.admin and "admin" in prev.cues)
    for prev, cur in zip(toponyms[::-1][1:], toponyms[::-1], strict=False):
        # "leads to Hanasher and Aleppo": a cued name listed with a known place is a place
        if prev.gated and cur.known and _LIST_SEP.match(text[prev.end : cur.start]):
            prev.strong = True
        if cur.county and _LIST_SEP.match(text[prev.end : cur.start]):
            prev.county = prev.gated = prev.strong = True  # "Clarke, Madison and Oconee counties"


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
    abbreviations += _caps_names(text, gazetteer, [*exclude, *_spans(abbreviations)])
    abbreviations += _and_names(text, gazetteer, [*exclude, *_spans(abbreviations)])
    found: list[Toponym] = []
    streets = [(s, e) for s, e in street_spans(text) if not _known(gazetteer, text[s:e])]
    runs = sequences(text, [*exclude, *_spans(abbreviations), *streets])
    for words, known in (core for run in runs for core in _cores(gazetteer, run)):
        start, end = words[0].start, words[-1].end
        top = Toponym(start, end, text[start:end], name_key(text[start:end]), known=known)
        _annotate(top, text, _ent_label(ents, start, end), gazetteer)
        top.demonym = _demonym_code(gazetteer, top.text) is not None or top.text in MACRO_DEMONYMS
        found.append(top)
    found += abbreviations
    found.sort(key=lambda t: t.start)
    found = _join_trailing_initials(found, text, gazetteer)
    _chain_lists(found, text)
    gated_keys = {t.key for t in found if t.gated and t.known and not t.demonym}
    admin_keys = {t.key for t in found if (t.admin or t.direction) and t.known}
    kept = []
    people = person_words(doc) - {t.text for t in found if _STRONG_CUES & set(t.cues)}
    name_spans = set(name_word_spans(doc))
    evident = {t.key for t in found if is_evident(t, text)}
    for top in found:
        if is_thin(top, gazetteer, evident):
            continue
        surname = " " not in top.text and top.text in people
        top.surname = surname and not major_name(gazetteer, top)
        # a word of a person's name right here ("Lidia Falcón"), even a state's name
        if (top.start, top.end) in name_spans and not _world_name(gazetteer, top):
            top.surname = True
        top.gated = top.gated or top.key in gated_keys
        top.admin = top.admin or (top.key in admin_keys and "town" not in top.cues)
        if top.demonym or top.norp:
            if demonyms and top.demonym:
                kept.append(top)
            continue
        if _keep(top, gazetteer):
            kept.append(top)
    for s, e in (span for span in streets if not is_address(text, span[0])):
        kept.append(Toponym(s, e, text[s:e], name_key(text[s:e]), "FAC", street=True))
    kept.sort(key=lambda t: t.start)
    _link_qualifiers(kept, text, gazetteer)
    for top in kept:
        if top.qualifier is not None and "admin" not in top.cues:
            # "KANDAHAR, Afghanistan": a town named with its country, though the story also
            # speaks of "Kandahar province"
            top.admin = top.admin and gazetteer.country_code(top.qualifier.text) is None
    return kept


def _world_name(gazetteer: Gazetteer, top: Toponym) -> bool:
    """A country, or a city of a million people ("Smart Dubai" is no person)."""
    if gazetteer.country_code(top.text) is not None:
        return True
    return spelled_population(gazetteer, top.text, gazetteer.city_rows(top.key)) >= WORLD_CITY


#: People of a city known the world over.
WORLD_CITY = 1_000_000


def _keep(top: Toponym, gazetteer: Gazetteer) -> bool:
    if top.person and not top.cues and not (" " in top.text and major_name(gazetteer, top)):
        return False  # "Brown said", "Peres met": a name, not a place ("Tamil Nadu said" is)
    if top.surname and not _STRONG_CUES & set(top.cues):
        return False  # "of Jones" after "Tom Jones": still the man
    macro = macro_region(top.text) is not None
    if (top.known or macro) and (top.gated or macro or major_name(gazetteer, top)):
        return True
    if top.known and " " in top.text and shipped_or_supplement(gazetteer, top.key):
        return True  # "the Tharthar Barrage": a name of several words the user (or we) added
    if top.known:
        return False
    # a name the gazetteer lacks needs a place cue; spaCy's label alone is not enough
    return bool(_STRONG_CUES & set(top.cues)) or (
        top.strong and bool({"cue", "list"} & set(top.cues))
    )


def _demonym_code(gazetteer: Gazetteer, text: str) -> str | None:
    if not is_demonym(text):
        return None
    code = gazetteer.country_code(text)
    if code is None and text.endswith("s"):
        code = gazetteer.country_code(text[:-1])
    return code


_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:[A-Z]\.){2,}|(?<![\w.])(?:US|UK|USA|UAE|DRC|DPRK|ROK|EU)(?!\w|\.\w)"
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
        is_country = gazetteer.country_code(abbr) is not None or macro_region(abbr) is not None
        if _overlaps(start, end, taken) or not (is_country or gazetteer.admin1_codes(key)):
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


def _spans(toponyms: Iterable[Toponym]) -> list[tuple[int, int]]:
    return [(t.start, t.end) for t in toponyms]


_CAPS_RUN = re.compile(r"(?<![\w.])[A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){1,3}(?![\w])")


def _caps_names(
    text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Names in capitals with a short word that would pass for an acronym ("LOS ANGELES",
    "NEW JERSEY" in datelines): the longest known name from the run's first word."""
    tops = []
    for match in _CAPS_RUN.finditer(text):
        words = match.group().split(" ")
        if all(len(w) > 5 for w in words) or _overlaps(*match.span(), exclude):
            continue
        for count in range(len(words), 1, -1):
            name = " ".join(words[:count])
            if _known(gazetteer, name):
                start = match.start()
                key = name_key(name)
                tops.append(Toponym(start, start + len(name), name, key, known=True, gated=True))
                break
    return tops


_BEFORE_AND = re.compile(r"(?:[A-Z][\w'’-]* ){1,2}$")
_AFTER_AND = re.compile(r"[A-Z][\w'’-]*(?: [A-Z][\w'’-]*)?")


def _and_names(
    text: str, gazetteer: Gazetteer, exclude: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Countries and states whose name holds "and" ("Trinidad and Tobago", "Bosnia and
    Herzegovina", "Newfoundland and Labrador")."""
    tops: list[Toponym] = []
    for found in re.finditer(r"(?<=\S )and (?=[A-Z])", text):
        before = _BEFORE_AND.search(text, max(0, found.start() - 60), found.start())
        after = _AFTER_AND.match(text, found.end())
        if before is None or after is None:
            continue
        top = _longest_and_name(before, after, gazetteer)
        if top and not _overlaps(top.start, top.end, [*exclude, *_spans(tops)]):
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


def _join_trailing_initials(
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
    for run in sequences(text, street_spans(text)):
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
