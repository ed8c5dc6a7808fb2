"""Relations a phrase states outright, read without the pair classifier.

Some re3d-style relations are fixed by a few words between two neighbouring entities, so
the classifier's probability for them matters less than the phrase:

- people named by their role right before "from/of/in" and an organisation belong to it
  ("heritage experts from [the fund]", "members of [the alliance]"), as do the members a
  text names after a group noun or a "mostly" ("our partners, notably [X]", "[the front],
  mostly [Tuareg fighters]") and a person "at" an organisation ("[a professor] at [the
  university]");
- a person named by a command title before "of/for" and an organisation is in charge of
  it ("the regional commander for [the Northern Sector]");
- a place that is a group's stronghold or capital is held by the group ("[Jilib], an
  [al-Shabaab] stronghold", "a self-proclaimed [X] capital");
- a unit named before its parent formation belongs to it ("[2nd Battalion], [5th
  Infantry Regiment]");
- a weapon whose use a group is said to make belongs to the group ("the use of [sarin] by
  [the regime]", "[the militia] has used [drones]"), as re3d draws it;
- a place liberated from a group was held by it ("to liberate [the town] from [X]").

Library call: ``stated_relations(text, entities) -> list[(label, head, tail)]`` over the
entities of ``text`` (any objects with ``start``, ``end``, ``type`` and ``text``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

from polemos.relation_lists import Spanned
from polemos.relation_rules import GROUP_OF_MEMBERS_WORDS

E = TypeVar("E", bound=Spanned)
Cue = tuple[str, Spanned, Spanned]

# People named by what they are in an organisation: "experts from X", "members of X".
MEMBER_NOUNS = {"members", "partners", "fighters", "soldiers", "troops", "officers", "officials",
                "experts", "staff", "personnel", "students", "volunteers", "airmen", "sailors",
                "marines", "militants", "commanders", "delegates", "representatives",
                "engineers", "doctors", "specialists", "employees", "workers", "advisers",
                "advisors", "operatives", "preservationists", "researchers",
                "diplomats"}  # fmt: skip
LEADER_TITLES = {"commander", "head", "chief", "leader", "director", "chairman", "emir"}
MEMBER_GAP_RE = re.compile(r"\s+(?:from|of|in)\s+")
# "[our partners], notably [X]"; "[the front], mostly [Tuareg fighters]".
GROUP_NOUNS = frozenset(GROUP_OF_MEMBERS_WORDS.split())
NAMED_MEMBER_GAP_RE = re.compile(r",\s+(?:notably|especially|particularly|such\s+as)\s+", re.I)
MADE_UP_GAP_RE = re.compile(r"\)?,\s+(?:primarily|mainly|mostly|largely)\s+", re.I)
PERSON_AT_RE = re.compile(r"\s+at\s+")
LEADER_GAP_RE = re.compile(r"\s+(?:of|for)\s+")
STRONGHOLD_GAP_RE = re.compile(r",\s+(?:an?|the)\s+(?:self-[\w-]+\s+|de\s+facto\s+)?", re.I)
STRONGHOLD_RE = re.compile(r"\s+(?:capital|stronghold|bastion|heartland)\b", re.I)
ORDINAL_RE = re.compile(r"(?:the\s+)?\d+(?:st|nd|rd|th)\s", re.I)
USE_OF_RE = re.compile(r"\buse\s+of\s+(?:the\s+)?$", re.I)
USED_RE = re.compile(r"\s+(?:has|have|had)\s+(?:\w+ly\s+)?used\s+(?:the\s+|such\s+)?", re.I)
LIBERATE_RE = re.compile(
    r"\b(?:liberat\w*|free|freeing|freed|retake|retaking|recaptur\w*|reclaim\w*)\s+$", re.I
)
WEAPON_TYPES = {"Weapon", "MilitaryPlatform"}
WORD_RE = re.compile(r"[\w’']+")


def stated_relations(text: str, entities: Sequence[E]) -> list[tuple[str, E, E]]:
    """Every cue's relation between neighbouring entities of ``text``."""
    ordered = sorted(entities, key=lambda e: e.start)
    found: list[tuple[str, E, E]] = []
    for first, second in zip(ordered, ordered[1:], strict=False):
        gap = text[first.end : second.start]
        for cue in CUES:
            stated = cue(text, first, second, gap)
            if stated is not None:
                kind, head, tail = stated
                found.append((kind, head, tail))  # type: ignore[arg-type]
    return found


def _last_word(entity: Spanned) -> str:
    words = WORD_RE.findall(entity.text.lower())
    return words[-1] if words else ""


def _member(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    if second.type == "Organisation" and _last_word(first) in MEMBER_NOUNS and (
            MEMBER_GAP_RE.fullmatch(gap)):  # fmt: skip
        return ("BelongsTo", first, second)
    return None


def _named_member(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    """ "our partners, notably [X]" and "[the front], mostly [Tuareg fighters]"."""
    if first.type != "Organisation" or second.type != "Organisation":
        return None
    if NAMED_MEMBER_GAP_RE.fullmatch(gap) and _last_word(first) in GROUP_NOUNS:
        return ("BelongsTo", second, first)
    return ("BelongsTo", second, first) if MADE_UP_GAP_RE.fullmatch(gap) else None


def _person_at(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    """ "[a professor] at [the university]"."""
    if first.type == "Person" and second.type == "Organisation" and PERSON_AT_RE.fullmatch(gap):
        return ("BelongsTo", first, second)
    return None


def _leader(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    if first.type == "Person" and second.type == "Organisation" and (
            _last_word(first) in LEADER_TITLES and LEADER_GAP_RE.fullmatch(gap)):  # fmt: skip
        return ("InChargeOf", first, second)
    return None


def _stronghold(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    if first.type != "Location" or second.type != "Organisation":
        return None
    if STRONGHOLD_GAP_RE.fullmatch(gap) and STRONGHOLD_RE.match(text, second.end):
        return ("InChargeOf", second, first)
    return None


def _parent_unit(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    if first.type == second.type == "Organisation" and gap.strip() == "," and (
            ORDINAL_RE.match(first.text) and ORDINAL_RE.match(second.text)):  # fmt: skip
        return ("BelongsTo", first, second)
    return None


def _weapon_use(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    """ "the use of [W] by [X]" and "[X] has used [W]"."""
    if first.type in WEAPON_TYPES and second.type == "Organisation" and gap.strip() == "by" and (
            USE_OF_RE.search(text[max(0, first.start - 20) : first.start])):  # fmt: skip
        return ("BelongsTo", first, second)
    if first.type == "Organisation" and second.type in WEAPON_TYPES and USED_RE.fullmatch(gap):
        return ("BelongsTo", second, first)
    return None


def _liberated(text: str, first: Spanned, second: Spanned, gap: str) -> Cue | None:
    """ "to liberate [the city] from [X]": X held the city."""
    if first.type != "Location" or second.type != "Organisation" or gap.strip() != "from":
        return None
    if LIBERATE_RE.search(text[max(0, first.start - 20) : first.start]):
        return ("InChargeOf", second, first)
    return None


CUES: tuple[Callable[[str, Spanned, Spanned, str], Cue | None], ...] = (
    _member, _named_member, _person_at, _leader, _stronghold, _parent_unit, _weapon_use,
    _liberated,
)  # fmt: skip
