"""Evidence for and against a capitalised word being a place: place cues around its
mentions, people's names (spaCy PERSON entities and person-shaped ORG ones), country and
admin1 names, and lone words with no evidence at all."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import fold_text, name_key
from polemos.geo.wordlists import (
    _LEAD_STRIP,
    _STRONG_CUES,
    GENERIC_NOUNS,
    NAME_LABELS,
    PLACE_LABELS,
    SUFFIX_WORDS,
)

if TYPE_CHECKING:
    from polemos.geo.recognize import Toponym


#: Countries whose names reach English news transliterated (Arabic, Persian and Cyrillic
#: script): there a name key may stand for many spellings ("Idleb" is Idlib).
TRANSLITERATED_COUNTRIES = frozenset(
    ("AE", "BH", "DZ", "EG", "EH", "IQ", "JO", "KW", "LB", "LY", "MA", "MR", "OM", "PS", "QA",
     "SA", "SD", "SY", "TN", "YE", "IR", "AF", "PK", "RU", "UA", "BY", "BG", "RS", "MK", "KZ",
     "KG", "TJ", "MN")
)  # fmt: skip
#: An admin1 unit with fewer people is no place without a cue ("Forest", a parish of
#: Guernsey, in "Eva Forest").
MINOR_ADMIN1_POPULATION = 20_000
_NOT_LETTERS = re.compile(r"[\W_]+")


def spelling(text: str) -> str:
    """The letters of ``text``, case and diacritics folded: "Kābul" = "kabul", "Marea" is not
    "Mara" (name keys fold vowels and would make them meet)."""
    return _NOT_LETTERS.sub("", fold_text(text))


def spelled_as_admin1(gazetteer: Gazetteer, code: str, text: str, exact: bool = False) -> bool:
    """``text`` spells admin1 ``code``'s own name. Outside transliterating countries (or when
    ``exact``) the letters must agree; there, the name key suffices ("Raqqah" = Raqqa).
    A title before the name is no part of it ("the State of Ohio" spells Ohio)."""
    name = gazetteer.admin1_place(code).name
    title = _ADMIN_TITLE.match(text)
    text = text[title.end() :] if title else text
    if name_key(name) != name_key(text):
        return False
    loose = not exact and code.split(".")[0] in TRANSLITERATED_COUNTRIES
    return loose or spelling(name) == spelling(text)


def is_admin1_name(gazetteer: Gazetteer, text: str, minor: bool = True) -> bool:
    """``text`` spells an admin1 unit's own name; with ``minor`` False only units of
    ``MINOR_ADMIN1_POPULATION`` people or more count, and only letter for letter ("Fears"
    is a surname, not Fars)."""
    for code in gazetteer.admin1_codes(name_key(text)):
        if spelled_as_admin1(gazetteer, code, text, exact=not minor) and (
            minor or gazetteer.admin1_place(code).population >= MINOR_ADMIN1_POPULATION
        ):
            return True
    return False


def major_name(gazetteer: Gazetteer, top: Toponym) -> bool:
    """Country and admin1 names are places even without a cue ("Texas officials", "the State
    of Ohio"); not the names of tiny admin1 units ("Forest", Guernsey)."""
    if gazetteer.country_code(top.text) is not None:
        return True
    if is_admin1_name(gazetteer, top.text, minor=False):
        return True
    return bool(_ADMIN_TITLE.match(top.text)) and bool(gazetteer.admin1_codes(top.key))


_ADMIN_TITLE = re.compile(r"(State|Commonwealth|Province|Republic) of ")


#: A lone word with no place evidence is kept only if a namesake has this many people.
THIN_POPULATION = 20_000


#: Words that follow a town's name in local news ("a Grovetown man", "Grovetown police").
LOCAL_AFTER = re.compile(
    r"(['’]s)?\s+(man|woman|men|women|boy|girl|residents?|homes?|police|officials|area|"
    r"natives?|council|mayor|city|township|schools?|community|neighbou?rhood|fire|sheriff|"
    r"volunteer|commission|commissioners|board|parks|ems|film)\b",
    re.IGNORECASE,
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(in|near|outside|throughout|across|into|toward|towards|entered|captured|seized|"
    r"shelled|stormed|besieged|bombed|struck|liberated|recaptured|control\s+of)\s+$"
)


def is_evident(top: Toponym, text: str) -> bool:
    """spaCy tags it a place, a place cue stands by it, or "in" comes just before it."""
    if top.label in PLACE_LABELS or _STRONG_CUES & set(top.cues):
        return True
    if _LOCATIVE_BEFORE.search(text[max(0, top.start - 12) : top.start]):
        return True
    return bool(LOCAL_AFTER.match(text[top.end : top.end + 24]))


def is_thin(top: Toponym, gazetteer: Gazetteer, evident: set[str]) -> bool:
    """A lone capitalised word that nothing in the text marks as a place: spaCy does not
    tag it, no place cue stands by it or by its other mentions, and its namesakes are
    small towns ("Belk", "Passover", "Titan")."""
    if top.label != "GAZ" or " " in top.text or top.key in evident or major_name(gazetteer, top):
        return False
    if top.strong or top.demonym or top.norp or (_STRONG_CUES | {"list"}) & set(top.cues):
        return False  # "took Morek, Latmin and Lahya": a list of places
    rows = gazetteer.city_rows(top.key)
    if not rows or gazetteer.city_place(rows[0]).gazetteer_id.startswith("supplement:"):
        return False  # the user's own places (supplement entries come first) are trusted
    return spelled_population(gazetteer, top.text, rows) < THIN_POPULATION


def shipped_or_supplement(gazetteer: Gazetteer, key: str) -> bool:
    """The first place named ``key`` comes from a supplement (ours or the user's)."""
    rows = gazetteer.city_rows(key)
    return bool(rows) and gazetteer.city_place(rows[0]).gazetteer_id.startswith("supplement:")


def spelled_population(gazetteer: Gazetteer, text: str, rows: tuple[int, ...]) -> int:
    """People of the largest namesake spelled as ``text`` is, or whose first word is
    ("Eva" is no town: the key meets Ava, Missouri, and alternate names of bigger places,
    but no place is called Eva)."""
    spelled = spelling(text)
    pops = [gazetteer.city_row(r)[6] for r in rows if _spells(gazetteer.city_row(r)[1], spelled)]
    return max(pops, default=0)


def has_spelled_namesake(
    gazetteer: Gazetteer, text: str, rows: tuple[int, ...], first_word: bool = False
) -> bool:
    """Some place of ``rows`` is spelled as ``text`` is ("One" is no town, though "One
    Hundred Mile House" is), or with ``first_word`` its first word is ("Paranaque City")."""
    spelled = spelling(text)
    if first_word:
        return any(_spells(gazetteer.city_row(r)[1], spelled) for r in rows)
    return any(spelling(gazetteer.city_row(r)[1]) == spelled for r in rows)


def _spells(name: str, spelled: str) -> bool:
    """``name`` or its first word is spelled ``spelled`` ("Clacton-on-Sea", "Paranaque City")."""
    return spelling(name) == spelled or spelling(re.split(r"[\s-]", name, maxsplit=1)[0]) == spelled


def name_word_spans(doc: Any) -> list[tuple[int, int]]:
    """Character spans of the words of people's full names as spaCy finds them: every word
    of a person-shaped PERSON ("Mari Luz", not "Zimbabwe President Mugabe"), the surname
    of a person-shaped organisation ("Lidia Falcón"); "Dallas Cowboys" keeps Dallas, as in
    ``person_words``."""
    spans = []
    for ent in doc.ents:
        if not person_shaped(ent) or any(t.text == "&" for t in ent):
            continue
        if ent.label_ in NAME_LABELS:
            spans += [(t.idx, t.idx + len(t.text)) for t in ent]
        elif ent.label_ == "ORG":
            spans.append((ent[-1].idx, ent[-1].idx + len(ent[-1].text)))
    return spans


#: A preposition that puts a place after it ("a woman from Lancaster", "the race in Sochi"),
#: lower case so that a sentence's first word ("In Lincoln's words") does not count.
_PLACE_PREPOSITION_BEFORE = re.compile(r"\b(in|from)\s+$")


#: What makes the word after "in"/"from" a person's or a firm's after all ("in Modi's
#: cabinet", "from Stevens & Wilkinson", "in Michael Marshall's plane").
_NAME_GOES_ON = re.compile(r"['’]s\b|\s+&|\s+[A-Z]")


def place_preposition_before(text: str, start: int, end: int) -> bool:
    """``in`` or ``from`` right before the lone word ``text[start:end]``, which no
    possessive, "&" or capitalised word follows: a word that spaCy reads as a person's
    name elsewhere in the text ("Lancaster Girls' School") is a place here."""
    if _NAME_GOES_ON.match(text, end):
        return False
    return bool(_PLACE_PREPOSITION_BEFORE.search(text[max(0, start - 8) : start]))


def person_words(doc: Any) -> frozenset[str]:
    """Words of the full names of people in the text ("Farrin" of "Dale Farrin"), also where
    spaCy calls the name an organisation ("Brett Hartmann", "Stevens & Wilkinson")."""
    words: set[str] = set()
    for ent in doc.ents:
        if ent.label_ in NAME_LABELS and len(ent) > 1 and not _institution(ent):
            words.update(token.text for token in ent if token.text[:1].isupper())
        elif ent.label_ == "ORG" and person_shaped(ent):
            # the surname; the first word too in "Stevens & Wilkinson" ("Dallas Cowboys"
            # keeps Dallas)
            firm = any(token.text == "&" for token in ent)
            words.update(token.text for token in ent[0 if firm else -1 :] if token.text.isalpha())
    return frozenset(words)


#: Last words that make a "person" of spaCy's a town's institution ("Alexandria Police",
#: "Alexandria Commonwealth's Attorney" cut short): its words are no person's name.
_INSTITUTION_ENDS = frozenset(
    ("police", "council", "mayor", "officials", "residents", "commonwealth", "township",
     "sheriff", "city", "county", "parish")
)  # fmt: skip


#: Lowercase words inside a name ("Ludwig van Beethoven", "Osama bin Laden").
_NAME_PARTICLES = frozenset(
    ("van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "bin",
     "ibn", "al", "el", "y", "-", "'s", "’s", "'", "’")
)  # fmt: skip


def _institution(ent: Any) -> bool:
    """spaCy's PERSON ends in a word of institutions or places, a possessive aside, or holds
    a lowercase word that no name holds ("Abuja Chamber of Commerce and Industry")."""
    tokens = [t.text for t in ent if t.text not in ("'s", "’s", "'", "’")]
    if any(t.islower() and t not in _NAME_PARTICLES for t in tokens):
        return True
    return bool(tokens) and tokens[-1].casefold() in _INSTITUTION_ENDS


def person_shaped(ent: Any) -> bool:
    """ "Brett Hartmann", "Tyrise M. Bell", "Stevens & Wilkinson": two or three capitalised
    words (an initial or an ampersand between), none of them a generic or stop word."""
    tokens = [t.text for t in ent if t.text != "&"]
    inner = [t for t in tokens[1:-1] if not re.fullmatch(r"[A-Z]\.", t)]
    if len(tokens) < 2 or len(tokens) > 3 or inner:
        return False
    return all(
        t[:1].isupper() and t[1:].islower() and t.isalpha()
        and t.casefold() not in _LEAD_STRIP | GENERIC_NOUNS | SUFFIX_WORDS
        for t in (tokens[0], tokens[-1])
    )  # fmt: skip


#: People of a county (admin2 unit) whose bare name is a place without a cue ("Lancashire").
BIG_COUNTY = 500_000


def spelled_rows(gazetteer: Gazetteer, text: str, rows: Sequence[int]) -> list[int]:
    """The places of ``rows`` whose own name is spelled exactly as ``text`` is."""
    spelled = spelling(text)
    return [r for r in rows if spelling(gazetteer.city_row(r)[1]) == spelled]


def big_county_name(gazetteer: Gazetteer, text: str, key: str) -> bool:
    """The most populous namesake spelled as ``text`` is a county of ``BIG_COUNTY`` people
    ("Lancashire", "Kent" in England), as a state's name is a place without a cue."""
    rows = spelled_rows(gazetteer, text, gazetteer.city_rows(key)[:5])
    if not rows:
        return False
    best = max(rows, key=lambda r: gazetteer.city_row(r)[6])
    return gazetteer.row_feature(best) == "ADM2" and gazetteer.city_row(best)[6] >= BIG_COUNTY
