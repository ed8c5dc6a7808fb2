"""Name normalisation: one folded key for the many spellings of a toponym.

``name_key`` folds case, diacritics, apostrophes/ʿayn/hamza, separators, Arabic article
prefixes and the commonest transliteration variants (kh/h, q/k, ei/ay, e/a, o/u, doubled
letters, final -ah/-eh) so that "Khān Shaykhūn" and "Han Sheikhun" share a key.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Apostrophes, ʿayn, hamza, backticks, primes: removed outright.
_DROP_CHARS = "'’‘`´ʿʾʼʻ′ʹ\u02bc\u02c8"
# Letters that NFKD does not decompose.
_LETTER_MAP = {
    "ł": "l", "ø": "o", "đ": "d", "ð": "d", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i",
    "þ": "th", "ħ": "h", "ŧ": "t", "ŋ": "n",
}  # fmt: skip
_TRANSLATE = str.maketrans({**{ch: None for ch in _DROP_CHARS}, **_LETTER_MAP})
_SPLIT = re.compile(r"[^0-9a-z]+")

#: Arabic (and similar) article tokens dropped from keys.
ARTICLES = frozenset(
    [
        "al",
        "el",
        "ar",
        "as",
        "ash",
        "az",
        "ad",
        "an",
        "at",
        "ath",
        "adh",
        "ed",
        "en",
        "es",
        "esh",
        "et",
        "ez",
        "er",
        "ul",
        "ud",
        "un",
        "us",
        "l",
    ]
)
_TELL = frozenset({"tell", "tall", "tal", "tel", "til", "tul"})
# Substring folds, applied in this order to each token.
_FOLDS = (
    ("ee", "i"), ("ou", "u"), ("ch", "sh"), ("kh", "h"), ("gh", "g"), ("dh", "d"),
    ("q", "k"), ("ei", "ay"), ("ey", "ay"), ("ai", "ay"), ("e", "a"), ("o", "u"),
)  # fmt: skip
_DOUBLE = re.compile(r"([a-z])\1+")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for word lists written as prose)."""
    return frozenset(text.split())


# Arabic (with Persian letters) and Cyrillic script to Latin letters, so that "خان شيخون"
# keys as "hanshyhun" (Arabic writes no short vowels) and "Донецк" as "Donetsk" does.
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "", "ئ": "", "ب": "b",
    "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "a", "و": "u",
    "ي": "y", "ى": "a", "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ی": "y",
    "\u064b": "", "\u064c": "", "\u064d": "", "\u064e": "", "\u064f": "", "\u0650": "",
    "\u0651": "", "\u0652": "", "\u0640": "",
}  # fmt: skip
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye", "ґ": "g",
}  # fmt: skip
_TRANSLITERATE = str.maketrans({**_ARABIC, **_CYRILLIC})
_ARABIC_ARTICLE = re.compile(r"(^|\s)ال")


def transliterate(text: str) -> str:
    """Arabic- and Cyrillic-script letters of (casefolded) ``text`` in Latin letters."""
    if text.isascii():
        return text
    return _ARABIC_ARTICLE.sub(r"\1al ", text).translate(_TRANSLITERATE)


def fold_text(text: str) -> str:
    """Casefold, transliterate Arabic/Cyrillic script, strip diacritics and apostrophes."""
    return _strip_marks(transliterate(text.casefold()))


def _strip_marks(text: str) -> str:
    text = text.casefold().translate(_TRANSLATE)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_TRANSLATE)
    return text


def _fold(key: str) -> str:
    for old, new in _FOLDS:
        if old in key:
            key = key.replace(old, new)
    if len(key) > 3 and key.endswith("ah"):
        key = key[:-1]
    return _DOUBLE.sub(r"\1", key)


#: Abbreviated first words of place names, spelled out ("St. Louis" = "Saint Louis").
_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


def name_tokens(text: str) -> list[str]:
    """Folded tokens of ``text`` with article tokens dropped (kept if nothing else)."""
    tokens = [tok for tok in _SPLIT.split(fold_text(text)) if tok]
    if len(tokens) > 1 and tokens[0] in _EXPANSIONS:
        tokens[0] = _EXPANSIONS[tokens[0]]
    content = [tok for tok in tokens if tok not in ARTICLES]
    return content or tokens


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """The lookup key of a toponym: equal for common spelling variants of one name."""
    key = "".join("tal" if tok in _TELL else tok for tok in name_tokens(text))
    for _ in range(8):  # folding to a fixed point keeps name_key idempotent
        folded = _fold(key)
        folded = "tal" if folded in _TELL else folded
        if folded == key:
            break
        key = folded
    return key


@lru_cache(maxsize=1 << 16)
def country_key(text: str) -> str:
    """A stricter key for country names and demonyms (no transliteration folding)."""
    return "".join(name_tokens(text))


def is_latin(text: str) -> bool:
    """True when ``text`` is written in Latin script (diacritics allowed)."""
    folded = _strip_marks(text)
    return all(ord(ch) < 0x250 for ch in folded)


_VOWELS = re.compile(r"[aeiouy]")


def sound_key(key: str) -> str:
    """The consonant skeleton of a name key ("hanashar" and "hanasir" -> "hnsr"): a loose
    match for transliterations that disagree on vowels and on s/sh."""
    return _VOWELS.sub("", key.replace("sh", "s"))
