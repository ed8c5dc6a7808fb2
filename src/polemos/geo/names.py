"""Name normalisation: one folded key for the many spellings of a toponym.

``name_key`` folds case, diacritics, apostrophes/ʿayn/hamza, separators, Arabic article
prefixes and the commonest transliteration variants (kh/h, q/k, ei/ay, e/a, o/u, doubled
letters, final -ah/-eh) so that "Khān Shaykhūn" and "Han Sheikhun" share a key.
"""

from __future__ import annotations

import re
import unicodedata

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


def fold_text(text: str) -> str:
    """Casefold and strip diacritics and apostrophes (no transliteration folding)."""
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


def name_tokens(text: str) -> list[str]:
    """Folded tokens of ``text`` with article tokens dropped (kept if nothing else)."""
    tokens = [tok for tok in _SPLIT.split(fold_text(text)) if tok]
    content = [tok for tok in tokens if tok not in ARTICLES]
    return content or tokens


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


def country_key(text: str) -> str:
    """A stricter key for country names and demonyms (no transliteration folding)."""
    return "".join(name_tokens(text))


def is_latin(text: str) -> bool:
    """True when ``text`` is written in Latin script (diacritics allowed)."""
    folded = fold_text(text)
    return all(ord(ch) < 0x250 for ch in folded)
