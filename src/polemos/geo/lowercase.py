"""Toponyms in lower-cased documents (wire archives and scraped text without capitals).

Recognition leans on capital letters, so a lower-cased document is read through a copy in
which words of gazetteer names are capitalised; only cued names spelled exactly like a
country or a sizeable place are kept.
"""

from __future__ import annotations

import re
import unicodedata

from polemos.geo.gazetteer import Gazetteer
from polemos.geo.recognize import _WORD, Toponym, _known
from polemos.geo.wordlists import CONNECTORS, STOP_WORDS

LOWERCASE_FUNCTION_WORDS = frozenset(
    [
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "do",
        "does",
        "did",
        "not",
        "no",
        "will",
        "would",
        "can",
        "could",
        "should",
        "may",
        "might",
        "must",
        "said",
        "says",
        "say",
        "told",
        "tells",
        "than",
        "then",
        "there",
        "here",
        "which",
        "who",
        "whom",
        "whose",
        "what",
        "all",
        "any",
        "each",
        "every",
        "some",
        "such",
        "into",
        "over",
        "under",
        "about",
        "against",
        "between",
        "through",
        "across",
        "up",
        "down",
        "out",
        "off",
        "again",
        "further",
        "once",
        "only",
        "own",
        "same",
        "so",
        "too",
        "very",
        "just",
        "now",
        "new",
        "old",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "police",
    ]
)
# Common English words that are also names of sizeable towns: never places in lowercase text.
LOWERCASE_COMMON_NOUNS = frozenset(
    [
        "temple",
        "mobile",
        "reading",
        "bath",
        "split",
        "sale",
        "orange",
        "concord",
        "independence",
        "mission",
        "commerce",
        "enterprise",
        "liberty",
        "union",
        "providence",
        "paradise",
        "surprise",
        "garland",
        "normal",
        "carrollton",
        "victory",
        "hope",
    ]
)
_SKIP_LOWER = STOP_WORDS | CONNECTORS | LOWERCASE_FUNCTION_WORDS | LOWERCASE_COMMON_NOUNS
MIN_LOWERCASE_POPULATION = 50_000


def is_lowercase_text(text: str) -> bool:
    """True when almost no word starts with a capital letter (a lower-cased document)."""
    words = _WORD.findall(text)
    if len(words) < 20:
        return False
    capitalised = sum(1 for word in words if word[0].isupper())
    return capitalised / len(words) < 0.02


def capitalise_known_names(text: str, gazetteer: Gazetteer) -> str:
    """``text`` with every word of a gazetteer name (up to 3 words) capitalised.

    The copy keeps every offset: only first letters change case.
    """
    words = [
        m
        for m in _WORD.finditer(text)
        if len(m.group()) >= 3 and m.group().casefold() not in _SKIP_LOWER
    ]
    marked: set[int] = set()
    for size in (3, 2, 1):
        for first in range(len(words) - size + 1):
            window = words[first : first + size]
            if not _adjacent(text, window):
                continue
            if _known(gazetteer, " ".join(m.group() for m in window)):
                marked.update(range(first, first + size))
    chars = list(text)
    for index in marked:
        start = words[index].start()
        chars[start] = chars[start].upper()
    return "".join(chars)


def _adjacent(text: str, window: list[re.Match[str]]) -> bool:
    return all(
        text[a.end() : b.start()] in {" ", "-"} for a, b in zip(window, window[1:], strict=False)
    )


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() or ch == " ")


def confident_without_case(top: Toponym, gazetteer: Gazetteer) -> bool:
    """Without capitals, only cued names spelled exactly like a country or like a sizeable
    place in the gazetteer count ("mosque" is not Moscow, "wake" is not Waka)."""
    if not top.known or not top.gated:
        return False
    if gazetteer.country_code(top.text):
        return True
    spelled = _plain(top.text)
    exact = [p for p in gazetteer.candidates(top.text) if _plain(p.name) == spelled]
    return any(p.population >= MIN_LOWERCASE_POPULATION for p in exact)
