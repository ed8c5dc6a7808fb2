"""Toponym recognition: spaCy entities plus gazetteer-checked capitalised sequences."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from polemos.geo.countries import MACRO_DEMONYMS, is_demonym, macro_region, unplaced_region
from polemos.geo.discourse import echoes
from polemos.geo.evidence import (
    LOCAL_AFTER,
    TRANSLITERATED_COUNTRIES,
    big_county_name,
    has_spelled_namesake,
    is_admin1_name,
    is_evident,
    is_thin,
    major_name,
    name_word_spans,
    person_words,
    place_preposition_before,
    shipped_or_supplement,
    spelled_population,
    spelled_rows,
)
from polemos.geo.forms import abbreviations as _abbreviations
from polemos.geo.forms import and_names as _and_names
from polemos.geo.forms import caps_names as _caps_names
from polemos.geo.forms import dateline_names, mark_listed_states
from polemos.geo.forms import join_trailing_initials as _join_trailing_initials
from polemos.geo.forms import link_qualifiers as _link_qualifiers
from polemos.geo.forms import mark_qualified as _mark_qualified
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key
from polemos.geo.streets import is_address, street_spans
from polemos.geo.toponym import Toponym
from polemos.geo.toponym import Word as _Word
from polemos.geo.toponym import known_name as _known
from polemos.geo.toponym import overlaps as _overlaps
from polemos.geo.toponym import spans as _spans
from polemos.geo.wordlists import (
    _LEAD_STRIP,
    _STRONG_CUES,
    CONNECTORS,
    FEATURE_NOUNS,
    GENERIC_NOUNS,
    INSTITUTION_NOUNS,
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
#: A US legislator's party and home town: "Rep. Torrey Westrom, R-Elbow Lake".
_PARTY_HOME_BEFORE = re.compile(r"\b([rdi]|dfl)-$")
#: A person's home town after their age ("Rebecca Sears, 41, of Grovetown").
_AGE_OF_BEFORE = re.compile(r"\b\d{1,3},\s+(of|from)\s+$")
#: A firm's home town ("Northbrook-based Crate & Barrel").
_BASED_AFTER = re.compile(r"^-based\b")
#: A dateline in capitals: "ROSWELL - A man...", "CROMWELL — The third Democrat".
_DATELINE_AFTER = re.compile(r"^(\s+(—|–|-{1,3})\s|\s+\((ap|reuters|afp|upi)\)|:\s)")
#: Cues of a town in local news; they mark the name (and its other mentions) but start
#: no list ("D-Plymouth, and House Speaker Robert A. DeLeo").
_LOCAL_CUES = frozenset({"local", "hometown", "dateline"})
#: Local cues that say where someone or something is from, whatever the name's size.
_HOME_CUES = frozenset({"hometown", "dateline"})
_LIST_SEP = re.compile(r"^\s*(,|&|and|or|,\s*and|,\s*or)\s*$")


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


def _core(gazetteer: Gazetteer, run: list[_Word]) -> tuple[list[_Word], bool]:
    """The toponym inside a run: the run itself if known, else with affixes stripped."""
    whole = " ".join(w.text for w in run)
    if len(run) > 1 and (
        _known(gazetteer, whole) or macro_region(whole) is not None or unplaced_region(whole)
    ):
        return run, True  # "South America", "North Africa": not America, Africa
    words = list(run)
    while len(words) > 1 and words[0].text.casefold() in _LEAD_STRIP:
        words.pop(0)
        capital = words[0].text[:1].isupper()  # "East at Cross Lanes" strips "at" too
        if len(words) > 1 and capital and _known(gazetteer, " ".join(w.text for w in words)):
            return words, True  # "The Abu Dhabi": stop before "Abu", a stop word elsewhere
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
    if _beside_feature_noun(run, words) and _major(gazetteer, words):
        return False  # "Lake Vermont", "Tennessee Colony": a lake and a town of their own
    if len(words) > 1 or all(w.text.casefold() in _NAME_PREFIXES for w in before):
        return True
    text = words[0].text
    if before and before[-1].text == "of" and _largest_population(gazetteer, text) >= BIG_CITY:
        return True  # "Matthieu Prin of London", "the Archbishop of Canterbury"
    return _major(gazetteer, words)


def _major(gazetteer: Gazetteer, words: list[_Word]) -> bool:
    """The words spell a country's or an admin1 unit's own name."""
    name = " ".join(w.text for w in words)
    return gazetteer.country_code(name) is not None or is_admin1_name(gazetteer, name)


def _beside_feature_noun(run: list[_Word], words: list[_Word]) -> bool:
    """The word just before or just after ``words`` in the run is a natural feature's or
    a settlement's noun (``FEATURE_NOUNS``)."""
    first, last = run.index(words[0]), run.index(words[-1])
    beside = run[first - 1 : first] + run[last + 1 : last + 2]
    return any(w.text.casefold() in FEATURE_NOUNS for w in beside)


#: Words that make a place name after them inside a run the name of a party or movement.
_PARTY_WORDS = frozenset({"United", "Free", "Just", "Fair", "Forward"})

#: A city this big after "of" inside a longer run is a place ("Matthieu Prin of London").
BIG_CITY = 100_000


def _largest_population(gazetteer: Gazetteer, text: str) -> int:
    rows = gazetteer.city_rows(name_key(text))
    return max((gazetteer.city_row(r)[6] for r in rows[:3]), default=0)


_COMPASS_WORDS = frozenset({"North", "South", "East", "West", "Northern", "Southern", "Eastern",
                            "Western", "New"})  # fmt: skip


def _inner_names(gazetteer: Gazetteer, run: list[_Word], text: str = "") -> list[list[_Word]]:
    """Known names inside a run that is not one ("Patrons of Six Flags Over Texas" ->
    "Texas", "Dublin City Manager Jane Brautigam" -> "Dublin"), longest first, left to right."""
    found: list[list[_Word]] = []
    index = 0
    while index < len(run):
        match = None
        # "University of North Carolina": a compass word begins a name of several words
        compass = run[index].text in _COMPASS_WORDS
        if _inner_start(run[index]) or compass:
            generic = run[index].text.casefold() in GENERIC_NOUNS | FEATURE_NOUNS or compass
            for end in range(min(len(run), index + MAX_INNER_WORDS), index + generic, -1):
                words = run[index:end]
                last = words[-1].text.casefold()
                if last in CONNECTORS or (last in NAME_HEADS and end < len(run)):
                    continue
                if _known(gazetteer, " ".join(w.text for w in words)):
                    match = words
                    break
        if match is not None and not _inner_name_ok(gazetteer, run, match):
            hyphened = found and _hyphen_pair(gazetteer, text, found[-1], match)
            if not (hyphened or person_before_of(text, match[0].start)):
                match = None
        if match is None:
            index += 1
            continue
        found.append(match)
        index += len(match)
    return found


def _hyphen_pair(gazetteer: Gazetteer, text: str, prev: list[_Word], words: list[_Word]) -> bool:
    """A name hyphened to the place found just before it is a place too ("Fargo-Moorhead",
    "Watertown-Mayer", "Washington-Moscow"), when both are spelled as some place is ("Wal-Mart"
    meets Wall only through the name key)."""
    if text[prev[-1].end : words[0].start] not in ("-", "- ", "–"):
        return False
    return all(_spelled_place(gazetteer, part) for part in (prev, words))


def _spelled_place(gazetteer: Gazetteer, words: list[_Word]) -> bool:
    name = " ".join(w.text for w in words)
    if gazetteer.country_code(name) is not None or is_admin1_name(gazetteer, name):
        return True
    return has_spelled_namesake(gazetteer, name, gazetteer.city_rows(name_key(name)))


def _cores(
    gazetteer: Gazetteer, run: list[_Word], text: str = ""
) -> list[tuple[list[_Word], bool]]:
    """The toponyms inside a run: its core (``_core``), or the known names within it."""
    words, known = _core(gazetteer, run)
    if known or len(run) < 2:
        return [(words, known)] if words else []
    inner = _inner_names(gazetteer, run, text)
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
        ("local", LOCAL_AFTER.match(text[top.end : top.end + 24]) and _spelled(gazetteer, top)),
        (
            "hometown",
            (_home_town(before, after) or person_before_of(text, top.start)) and top.known,
        ),
        ("dateline", top.text.isupper() and _DATELINE_AFTER.match(after) and top.known),
    )
    top.cues = [name for name, hit in checks if hit]
    top.admin = "admin" in top.cues
    top.county = "county" in top.cues and not _state_counties(gazetteer, top, before, after)
    top.direction = "direction" in top.cues
    top.near = "near" in top.cues and not top.direction
    top.strong = bool(_STRONG_CUES & set(top.cues))
    top.strong = top.strong or top.label in PLACE_LABELS
    top.gated = top.strong or "cue" in top.cues


#: Words that make "X Y of" no person's name ("University of", "Chamber of").
_NOT_PERSON_WORDS = _NAME_PREFIXES | INSTITUTION_NOUNS
#: A person's name and "of" before a town ("Daniel Ray Hufstetler of Roswell").
_PERSON_OF_BEFORE = re.compile(r"(?<![\w.'’-])([A-Z][a-z]+(?: [A-Z]\.)?(?: [A-Z][a-z]+){1,2}) of $")


def person_before_of(text: str, start: int) -> bool:
    """A person's name of two or three words and "of" stand right before ``start``: the
    name that follows is the person's home town ("Leo Drexler of Annville"), not part of an
    institution's name ("University of Alexandria", "The Church of England")."""
    match = _PERSON_OF_BEFORE.search(text, max(0, start - 48), start)
    if match is None:
        return False
    words = [w for w in match.group(1).split() if not w.endswith(".")]
    return not any(w.casefold() in _NOT_PERSON_WORDS for w in words)


def _home_town(before: str, after: str) -> bool:
    """A legislator's ("R-Elbow Lake", "DFL-Cook"), a person's ("Rebecca Sears, 41, of
    Grovetown") or a firm's ("Northbrook-based") home town."""
    return bool(
        _PARTY_HOME_BEFORE.search(before)
        or _AGE_OF_BEFORE.search(before)
        or _BASED_AFTER.match(after)
    )


def _state_counties(gazetteer: Gazetteer, top: Toponym, before: str, after: str) -> bool:
    """ "Indiana counties", "Ohio's counties": the counties of a state, not a county named
    after it; but the last of a list ("Boone and Indiana counties") is a county."""
    if not _COUNTIES_AFTER.match(after) or _LIST_END.search(before):
        return False
    return is_admin1_name(gazetteer, top.text)


_COUNTIES_AFTER = re.compile(r"^(['’]s)?\s+(counties|parishes)\b")
_LIST_END = re.compile(r"(,|\band|\bor)\s*$")


def _spelled(gazetteer: Gazetteer, top: Toponym) -> bool:
    """Some namesake is spelled as the word is ("Winona police"; "Two men" only meets Tawau
    through the name key)."""
    return has_spelled_namesake(gazetteer, top.text, gazetteer.city_rows(top.key))


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
    abbreviations += dateline_names(text, gazetteer, [*exclude, *_spans(abbreviations)])
    found: list[Toponym] = []
    streets = [(s, e) for s, e in street_spans(text) if not _known(gazetteer, text[s:e])]
    runs = sequences(text, [*exclude, *_spans(abbreviations), *streets])
    for words, known in (core for run in runs for core in _cores(gazetteer, run, text)):
        start, end = words[0].start, words[-1].end
        top = Toponym(start, end, text[start:end], name_key(text[start:end]), known=known)
        _annotate(top, text, _ent_label(ents, start, end), gazetteer)
        top.demonym = _demonym_code(gazetteer, top.text) is not None or top.text in MACRO_DEMONYMS
        found.append(top)
    found += abbreviations
    found.sort(key=lambda t: t.start)
    found = _join_trailing_initials(found, text, gazetteer)
    _chain_lists(found, text)
    _mark_qualified(found, text, gazetteer)
    gated_keys = {
        t.key for t in found if (t.gated or _LOCAL_CUES & set(t.cues)) and t.known and not t.demonym
    }
    # "northern Hama" is the province, but "southern Mexico" is part of the country
    admin_keys = {
        t.key for t in found
        if (t.admin or (t.direction and gazetteer.country_code(t.text) is None)) and t.known
    }  # fmt: skip
    mark_listed_states(found, text, gazetteer)  # this mention only, not the name's others
    kept = []
    people = person_words(doc) - {t.text for t in found if _STRONG_CUES & set(t.cues)}
    name_spans = set(name_word_spans(doc))
    evident = {t.key for t in found if is_evident(t, text)}
    countries = {_demonym_code(gazetteer, t.text) or gazetteer.country_code(t.text) for t in found}
    dropped = []
    for top in found:
        if _no_place_after(top, text):
            continue
        if is_thin(top, gazetteer, evident) and not _HOME_CUES & set(top.cues):
            dropped.append(top)
            continue
        surname = " " not in top.text and top.text in people
        top.surname = surname and not major_name(gazetteer, top)
        top.surname = top.surname and not place_preposition_before(text, top.start, top.end)
        # a word of a person's name right here ("Lidia Falcón"), even a state's name
        if (top.start, top.end) in name_spans and not _world_name(gazetteer, top):
            top.surname = True
        top.gated = top.gated or top.key in gated_keys
        top.admin = top.admin or (top.key in admin_keys and "town" not in top.cues)
        if top.demonym or top.norp:
            if demonyms and top.demonym:
                kept.append(top)
            continue
        if top.person and _world_city(gazetteer, top, countries):
            top.person = False  # "Tbilisi says" in a story about Georgia: the city
        if _keep(top, gazetteer):
            kept.append(top)
        elif not _key_only(top, gazetteer):
            dropped.append(top)
    kept += echoes(dropped, kept, name_spans, text)
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


#: A name's day ("St. Patrick's Day", "Valentine's Day") is a holiday, not a place.
_NAME_DAY_AFTER = re.compile(r"['’]s Day\b")


def _no_place_after(top: Toponym, text: str) -> bool:
    """What follows the name makes it something other than a place."""
    return bool(_NAME_DAY_AFTER.match(text, top.end))


def _world_name(gazetteer: Gazetteer, top: Toponym) -> bool:
    """A country, or a city of a million people ("Smart Dubai" is no person)."""
    if gazetteer.country_code(top.text) is not None:
        return True
    return spelled_population(gazetteer, top.text, gazetteer.city_rows(top.key)) >= WORLD_CITY


def _world_city(gazetteer: Gazetteer, top: Toponym, countries: set[str | None]) -> bool:
    """A city of a million people spelled by its name, in a country that the text names
    ("Tbilisi says" in a story about Georgia, which spaCy takes for a person); a word of a
    person's full name in the text is still a name."""
    if top.surname:
        return False
    rows = spelled_rows(gazetteer, top.text, gazetteer.city_rows(top.key)[:MAX_ROWS])
    return any(
        gazetteer.city_row(r)[4] in countries and gazetteer.city_row(r)[6] >= WORLD_CITY
        for r in rows
    )  # fmt: skip


#: Candidates looked at for a world city (they come by population, largest first).
MAX_ROWS = 5


#: People of a city known the world over.
WORLD_CITY = 1_000_000


def _keep(top: Toponym, gazetteer: Gazetteer) -> bool:
    several = " " in top.text and (major_name(gazetteer, top) or _county_name(top))
    if top.person and not top.cues and not several:
        return False  # "Brown said", "Peres met": a name, not a place ("Tamil Nadu said" is)
    if top.surname and not (_STRONG_CUES | _HOME_CUES) & set(top.cues):
        return False  # "of Jones" after "Tom Jones": still the man ("R-Marshall" is a town)
    if _key_only(top, gazetteer):
        return False  # "Curtiss Warhawk", "Wal-Mart": Curtis and Wall only through the key
    if _county_name(top) or _state_name(top, gazetteer):
        return True  # "the Walker County Commissioners Court": a county needs no cue
    if top.known and "-" in top.text and shipped_or_supplement(gazetteer, top.key):
        return True  # "Nagorno-Karabakh", as a name of several words from a supplement
    macro = macro_region(top.text) is not None or unplaced_region(top.text)
    if (top.known or macro) and (top.gated or macro or major_name(gazetteer, top)):
        return True
    if top.known and big_county_name(gazetteer, top.text, top.key):
        return True  # "Lancashire": a county of a million people, like a state
    if top.known and " " in top.text and shipped_or_supplement(gazetteer, top.key):
        return True  # "the Tharthar Barrage": a name of several words the user (or we) added
    if top.known:
        return False
    # a name the gazetteer lacks needs a place cue; spaCy's label alone is not enough
    return bool(_STRONG_CUES & set(top.cues)) or (
        top.strong and bool({"cue", "list"} & set(top.cues))
    )


def _state_name(top: Toponym, gazetteer: Gazetteer) -> bool:
    """A name ending in "State" that is an admin1 unit's name as a whole ("Benue State",
    "Washington State"; "Ohio State" is no unit's name)."""
    words = top.text.split(" ")
    return len(words) > 1 and words[-1] == "State" and bool(gazetteer.admin1_codes(top.key))


def _county_name(top: Toponym) -> bool:
    """A known name ending in "County" or "Parish" is nobody's name ("Rapides Parish Fire
    District", which spaCy takes for a person)."""
    return top.known and top.text.rsplit(" ", 1)[-1] in ("County", "Parish")


def _key_only(top: Toponym, gazetteer: Gazetteer) -> bool:
    """A lone word that meets its namesakes only through the name key, none of them in a
    country whose names reach English through transliteration (where spellings vary), and
    nothing but a weak cue marks it."""
    if " " in top.text or top.label != "GAZ" or _STRONG_CUES & set(top.cues):
        return False
    if top.admin or gazetteer.admin1_codes(top.key) or gazetteer.country_code(top.text):
        return False  # "Ind.", "S.C.", "Va": states written short
    if shipped_or_supplement(gazetteer, top.key):
        return False
    rows = gazetteer.city_rows(top.key)
    if not rows or has_spelled_namesake(gazetteer, top.text, rows, first_word=True):
        return False
    return all(
        gazetteer.primary_key(r) == top.key  # an alternate name may be spelled so: Penacook
        and gazetteer.city_row(r)[4] not in TRANSLITERATED_COUNTRIES
        for r in rows
    )


def _demonym_code(gazetteer: Gazetteer, text: str) -> str | None:
    if not is_demonym(text):
        return None
    code = gazetteer.country_code(text)
    if code is None and text.endswith("s"):
        code = gazetteer.country_code(text[:-1])
    return code


def country_mentions(doc: Any, text: str, gazetteer: Gazetteer) -> list[str]:
    """ISO2 codes of every country named or implied (demonyms) in the text, repeated."""
    codes = []
    people = set(name_word_spans(doc))  # "Jordan Dyer" is a girl, not Jordan
    for run in sequences(text, street_spans(text)):
        for word in run:
            if (word.start, word.end) in people:
                continue
            code = gazetteer.country_code(word.text)
            if code and len(word.text) > 3:
                codes.append(code)
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS and " " in ent.text:
            code = gazetteer.country_code(ent.text.removeprefix("the "))
            if code:
                codes.append(code)
    return codes
