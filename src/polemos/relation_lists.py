"""Coordinated lists after a relation's tail: "destroyed two bridges, a depot and a tunnel".

A FightingAgainst or InChargeOf relation whose tail opens a list reaches every item of it.
``list_items(text, first, entities)`` walks the list after the entity ``first``: each item
is an entity of ``entities`` or, where the tagger found none, an untagged phrase of at most
four words that opens with an article or a quantity ("a tunnel", "13 supply routes").  Items
are separated by commas, "and", "or", or a semicolon and another attack verb sharing the
subject ("…; damaged 13 supply routes; and suppressed three units").  Places go with
places and other things with other things, except that a place named by a common noun ("a
land bridge") may close a list of things.  A modifier entity and its noun ("ISIL"
"vehicles") are one item; the rest of a hyphenated item ("ISIL-held buildings") is passed
over; a pronoun or a verb form after a comma ("…, killing civilians") ends the list.

``list_members`` keeps only the entities (the behaviour of ``polemos.relation_classifier``'s
list rule before untagged items were returned).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol, TypeVar

_QUANTITY = (
    r"(?:an?|the|\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|several|some|many|"
    r"other|enemy)"
)
_ATTACK_VERB = r"(?:damaged|destroyed|struck|hit|suppressed|engaged|targeted|bombed|shelled)"
_SEPARATOR = rf"\s*(?:,|;\s*(?:and\s+)?{_ATTACK_VERB}\b|;|,?\s*and\b|,?\s*or\b)\s*"
LIST_GAP_RE = re.compile(rf"{_SEPARATOR}(?:{_QUANTITY}\s+){{0,2}}", re.IGNORECASE)
# An untagged item: at most four words, the first not a verb form or a pronoun.
_WORD = r"(?!(?:and|or)\b)[\w-]+"
_ITEM = (
    r"(?![\w-]*(?:ing|ed)\b)(?!(?:he|she|it|they|we|i|you|officials?)\b)"
    rf"{_WORD}(?:\s+{_WORD}){{0,3}}"
)
_ITEM_END = (
    rf"(?={_SEPARATOR}|\s*[.;:)]|\s*$|"
    r"\s+(?:from|in|near|at|on|to|into|inside|outside|around|across|along)\b)"
)
# An untagged item the walk may return: it opens with an article or a quantity.
UNTAGGED_ITEM_RE = re.compile(
    rf"{_SEPARATOR}(?P<item>{_QUANTITY}\s+{_ITEM}){_ITEM_END}", re.IGNORECASE
)
# An untagged item the walk may only pass over between two entities.
SKIPPED_ITEM_RE = re.compile(rf"\s*,\s*(?P<item>{_ITEM})(?=\s*(?:,|and\b|or\b))", re.IGNORECASE)
HYPHEN_REST_RE = re.compile(r"-[\w-]+(?:\s+[\w-]+){0,2}?(?=\s*(?:,|;|and\b|or\b|\.|$))")
PRONOUNS = {"he", "she", "it", "they", "we", "i", "you", "him", "her", "them", "us"}


class Spanned(Protocol):
    """What the walk reads of an entity."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def type(self) -> str: ...

    @property
    def text(self) -> str: ...


E = TypeVar("E", bound=Spanned)


def list_members(text: str, first: E, entities: Sequence[E]) -> list[E]:
    """The entities coordinated after ``first`` ("A, two B, C and D")."""
    return [entity for _, _, entity in list_items(text, first, entities) if entity is not None]


def list_items(text: str, first: E, entities: Sequence[E]) -> list[tuple[int, int, E | None]]:
    """Each item after ``first``: ``(start, end, entity)``, ``entity`` None when untagged."""
    ordered = sorted((e for e in entities if e.start >= first.end), key=lambda e: e.start)
    items: list[tuple[int, int, E | None]] = []
    cursor, after_entity = first.end, True
    while True:
        if after_entity:
            rest = HYPHEN_REST_RE.match(text, cursor)
            cursor = rest.end() if rest else cursor
        entity = next((e for e in ordered if e.start >= cursor), None)
        if entity is not None and _joins(text, cursor, entity, first):
            items.append((entity.start, entity.end, entity))
            cursor, after_entity = entity.end, True
            continue
        step = _untagged_step(text, cursor, entity)
        if step is None:
            return items
        if step.re is UNTAGGED_ITEM_RE:
            items.append((step.start("item"), step.end("item"), None))
        cursor, after_entity = step.end(), False


def _untagged_step(text: str, cursor: int, entity: Spanned | None) -> re.Match[str] | None:
    """The separator and untagged item at ``cursor`` that end before ``entity``."""
    for pattern in (UNTAGGED_ITEM_RE, SKIPPED_ITEM_RE):
        step = pattern.match(text, cursor)
        if step is not None and (entity is None or step.end() <= entity.start):
            return step
    return None


def _joins(text: str, cursor: int, entity: Spanned, first: Spanned) -> bool:
    """Whether ``entity`` is the next item: right after the cursor or a separator, of the
    list's type family, and not a pronoun."""
    gap = text[cursor : entity.start]
    if gap.strip() and LIST_GAP_RE.fullmatch(gap) is None:
        return False
    if entity.text.lower() in PRONOUNS:
        return False
    if (entity.type == "Location") == (first.type == "Location"):
        return True
    return entity.type == "Location" and entity.text[:1].islower()
