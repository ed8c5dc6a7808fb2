"""Pairs the relation classifier proposes that cannot hold the relation, read from the text.

- In a fight a place is only ever the target ("ISIL attacked [Mosul]"), so a
  FightingAgainst pair of a place and another argument needs that argument to be able to
  attack: not the object of "against" ("efforts for [Mosul] and the campaign against
  [Da'esh]": both are targets), not people named as victims ("an attack in [northern Iraq]
  that killed [children]").
- An operation is an event, not a party: "[Operation Steel Curtain]" is never fought.
- A group does not fight what its own things include ("[ISIL] targets, which include
  [three tactical units]"), nor does who joins a side fight it ("seeking to join [the
  SDF]").
- A fight "with" someone needs a fight word before "with" ("clashes with X"); "the training
  with [the Iraqis]" is no fight.
- A speaker or addressee is no party to what is reported: "a police officer told [HRW]
  that IS attacked [the Peshmerga]", "[the SDF]'s fight against ISIL, [Davis] said", "[I]
  condemn the attack on [a petrol station]".

Library call: ``implausible(text, label, head, tail) -> bool`` for any two objects with
``start``, ``end``, ``type`` and ``text`` (offsets into ``text``).
"""

from __future__ import annotations

import re

from polemos.relation_lists import Spanned

VICTIM_NOUNS = {"civilians", "children", "women", "men", "people", "residents", "villagers",
                "families", "worshippers", "mourners", "refugees", "students", "patients",
                "shoppers", "passengers", "victims", "hostages"}  # fmt: skip
AGAINST_BEFORE_RE = re.compile(r"\bagainst\s+(?:the\s+|so-called\s+)*$", re.I)
OPERATION_RE = re.compile(r"(?:the\s+)?operation\s", re.I)
WITH_BEFORE_RE = re.compile(r"((?:[\w’'-]+\s+){0,3}?[\w’'-]+)\s+with\s+(?:the\s+)?$", re.I)
FIGHT_WORDS_RE = re.compile(
    r"\b(?:clash|fight|fought|war|battl|skirmish|conflict|engag|combat|struggl|confront|"
    r"hostilit|firefight|gunfight|duel)",
    re.I,
)
# "[ISIL] targets, which include [three tactical units]": the second is one of the first's.
INCLUDED_GAP_RE = re.compile(
    r"(?:[’']s?)?\s+[\w-]+(?:\s+[\w-]+)?,?\s+(?:which\s+include[sd]?|including)\s+", re.I
)
# "[X] are seeking to join [Y]'s fight": whoever joins a side does not fight it.
JOINED_GAP_RE = re.compile(r"\bjoin(?:s|ed|ing)?\s+(?:the\s+|forces\s+with\s+)?$", re.I)
# Verbs that report speech; the pair classifier's "[X] said [Y] had attacked [Z]" reads the
# first eight (REPORTED_RE), the speaker and "that" rules here all of them.
REPORT_VERBS = "said|says|told|reported|announced|stated|added|warned"
SPEECH = rf"(?:{REPORT_VERBS}|explained|noted)"
REPORTED_RE = re.compile(rf"\s*(?:has\s+|had\s+)?(?:{REPORT_VERBS})\b", re.I)
SPEAKER_AFTER_RE = re.compile(rf"\s*(?:has\s+|had\s+)?{SPEECH}\b", re.I)
QUOTE_END_RE = re.compile(r"(?:[,:]\s*[\"'”’]*|\n)\s*$")
ADDRESSEE_RE = re.compile(r"\b(?:told|informed|assured|briefed)\s+(?:the\s+)?$", re.I)
THAT_RE = re.compile(r"\s+that\b", re.I)
SPEAKER_THAT_RE = re.compile(rf"\s*(?:has\s+|had\s+)?{SPEECH}\s+that\b", re.I)
STANCE_RE = re.compile(
    r"\s*(?:\w+ly\s+)?(?:condemn|condemns|condemned|deplore|deplores|deplored|denounce|"
    r"denounces|denounced|comments|commented|mourns|mourned)\b", re.I
)  # fmt: skip
WORD_RE = re.compile(r"[\w’']+")


def implausible(text: str, label: str, head: Spanned, tail: Spanned) -> bool:
    """Whether the text rules out ``label`` between ``head`` and ``tail``."""
    first, second = sorted((head, tail), key=lambda e: e.start)
    if _speaker_or_addressee(text, first, second):
        return True
    return label == "FightingAgainst" and _not_a_fight(text, first, second)


def _not_a_fight(text: str, first: Spanned, second: Spanned) -> bool:
    if any(OPERATION_RE.match(e.text) for e in (first, second)):
        return True
    gap = text[first.end : second.start]
    if INCLUDED_GAP_RE.fullmatch(gap) or JOINED_GAP_RE.search(gap):
        return True
    if _fight_without_fight_word(text, second):
        return True
    for place, other in ((first, second), (second, first)):
        if place.type == "Location" and _cannot_attack(text, other):
            return True
    return False


def _cannot_attack(text: str, entity: Spanned) -> bool:
    """A target of "against" or people named as victims."""
    if AGAINST_BEFORE_RE.search(text[max(0, entity.start - 30) : entity.start]):
        return True
    words = WORD_RE.findall(entity.text.lower())
    return bool(words) and words[-1] in VICTIM_NOUNS


def _fight_without_fight_word(text: str, second: Spanned) -> bool:
    """ "the training with [X]" (no fight word before "with") against "clashes with [X]"."""
    found = WITH_BEFORE_RE.search(text[max(0, second.start - 40) : second.start])
    return found is not None and not FIGHT_WORDS_RE.search(found.group(1))


def _speaker_or_addressee(text: str, first: Spanned, second: Spanned) -> bool:
    gap = text[first.end : second.start]
    if SPEAKER_AFTER_RE.match(text, second.end) and QUOTE_END_RE.search(gap):
        return True  # "… the SDF's fight against ISIL, [Davis] said"
    if SPEAKER_THAT_RE.match(text, first.end):
        return True  # "[officials] reported that the operation killed [139 insurgents]"
    if STANCE_RE.match(text, first.end):
        return True  # "[I] condemn the attack on [X]"
    before = text[max(0, first.start - 20) : first.start]
    return bool(ADDRESSEE_RE.search(before) and THAT_RE.match(text, first.end))
