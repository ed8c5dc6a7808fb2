"""Relation arguments the entity tagger leaves out.

re3d draws a relation's argument wherever the text names it, often as a common-noun phrase
that is not an entity of its own: "[thousands of fighters] to support …", "[40 members] of
the Coalition", "the campaign to defeat [this terrorist group]".  ``nominal_arguments``
finds such group phrases (a quantity, determiner or possessive, up to three modifiers and
a group noun) outside the tagged entities, so that the pair classifier can relate them.
They are relation arguments only: the entity tagger and its NER score do not see them.

Library call: ``nominal_arguments(text, entities) -> list[Entity]`` (offsets into
``text``; each an ``Organisation`` that overlaps none of ``entities``), possessive "their"
included.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from polemos.relation_classifier import Entity

# Nouns that name a group of people (plural) or a body (singular).
GROUP_NOUNS = (
    "fighters members militants troops soldiers forces units unit group groups gunmen snipers "
    "insurgents terrorists jihadists rebels militiamen militia militias brigade battalion "
    "faction factions delegation team experts students leaders ministers officials partners "
    "allies backers countries nations founders airmen sailors marines personnel staff "
    "volunteers mourners worshippers civilians residents villagers protesters demonstrators "
    "task_force coalition regime enemy"
).replace("_", r"\s+")
_QUANTITY = (
    r"(?:(?i:more\s+than|over|about|nearly|some|around|almost|at\s+least)\s+)?"
    r"(?:\d[\d,]*|[Tt]housands\s+of|[Hh]undreds\s+of|[Dd]ozens\s+of|[Ss]cores\s+of|"
    r"(?:[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Tt]en|[Ss]everal|[Mm]any|[Bb]oth)"
    r"(?:-[A-Za-z]+)?)"
)
_DETERMINER = (
    r"(?:[Tt]he|[Tt]his|[Tt]hese|[Tt]hose|[Tt]hat|[Ii]ts|[Tt]heir|[Hh]is|[Oo]ur|an?|[Aa]n?)"
)
_STOP = (
    "and or of in to the with by for from on at as that this these those which who whom whose "
    "include includes including is are was were be been has have had will would can could "
    "said says than then also not all its their his her our near outside inside into across "
    "around during after before since under over against through within without between "
    "among about while when where there here because although though if unless whether so "
    "yet but nor give gives gave lead leads help helps send sends sent meet meets join joins "
    "support supports become becomes remain remains"
)
STOP_WORDS = frozenset(_STOP.split())
# A modifier: not a function word, not a common verb, not an adverb ("extremely").
_MODIFIER = rf"(?!(?:{'|'.join(_STOP.split())})\b)(?![a-z]+ly\b)[a-z][\w'’-]*"
# A verb of a relative clause ("… that targeted mourners"): not a modifier.
RELATIVE_VERB_RE = re.compile(r"(?:\b(?:that|which|who|they|we|he|she|it)\s+)([a-z]+ed)\s+$", re.I)
NOMINAL_RE = re.compile(
    rf"(?<![\w-])(?:(?:{_QUANTITY}|{_DETERMINER})\s+)?(?:{_MODIFIER}\s+){{0,3}}?"
    rf"(?:{'|'.join(GROUP_NOUNS.split())})(?![\w-])"
)


def nominal_arguments(text: str, entities: Sequence[Entity]) -> list[Entity]:
    """Group phrases of ``text`` outside ``entities``: "40 members", "the terrorist group"."""
    found = []
    for match in NOMINAL_RE.finditer(text):
        start, end = _trimmed(text, match.start(), match.end(), entities)
        start = _after_relative_verb(text, start, end)
        if end - start < 3 or _overlaps(start, end, entities) or _modifies_noun(text, end):
            continue
        if _names_entity_after(text, start, end, entities):
            continue
        found.append(Entity(start, end, "Organisation", text[start:end]))
    return sorted(found + _possessive_pronouns(text, [*entities, *found]), key=lambda e: e.start)


def _possessive_pronouns(text: str, taken: Sequence[Entity]) -> list[Entity]:
    """ "[their] efforts against X": re3d relates the group a possessive "their" stands for,
    as it does the personal pronouns the tagger finds ("its" is left out: it is as often a
    thing's)."""
    return [Entity(m.start(), m.end(), "Organisation", m.group())
            for m in POSSESSIVE_RE.finditer(text)
            if not _overlaps(m.start(), m.end(), taken)]  # fmt: skip


def _after_relative_verb(text: str, start: int, end: int) -> int:
    """Where the phrase starts once a relative clause's verb is left out ("that targeted
    [mourners]")."""
    first = re.match(r"(?:[Tt]hat\s+)?[a-z]+ed\s+", text[start:end])
    if first and RELATIVE_VERB_RE.search(text[max(0, start - 12) : start + first.end()]):
        return start + first.end()
    return start


def _trimmed(
    text: str, start: int, end: int, entities: Sequence[Entity]
) -> tuple[int, int]:  # fmt: skip
    """The phrase after the last entity inside it ("ISIL [fighters]" is the entity's)."""
    for entity in entities:
        if start <= entity.start < end and entity.end < end:
            start = max(start, entity.end)
    while start < end and not text[start].isalnum():
        start += 1
    return start, end


POSSESSIVE_RE = re.compile(r"\b[Tt]heir\b")
COLLECTIVE_RE = re.compile(r"(?:group|team|unit|delegation|force)$", re.I)
OF_RE = re.compile(r"\s+of\s+")


def _names_entity_after(text: str, start: int, end: int, entities: Sequence[Entity]) -> bool:
    """ "a team of [preservationists]": a collective noun before "of" and an entity is that
    entity's mention, not an argument of its own ("40 members of X" stays one)."""
    following = OF_RE.match(text, end)
    if following is None or not COLLECTIVE_RE.search(text[start:end]):
        return False
    return any(e.start == following.end() for e in entities)


FOLLOW_RE = re.compile(r"\s+([a-z][a-z-]*)\b")


def _modifies_noun(text: str, end: int) -> bool:
    """ "enemy mortar systems", "coalition campaign": a singular group noun is a modifier
    when a word that is neither a function word nor a verb form follows it."""
    if text[end - 1] == "s":
        return False
    following = FOLLOW_RE.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    return word not in STOP_WORDS and not word.endswith(("ed", "s", "ing"))


def _overlaps(start: int, end: int, entities: Sequence[Entity]) -> bool:
    return any(e.start < end and start < e.end for e in entities)
