"""The trigger patterns of ``polemos.relations``: the vocabulary and one ``Rule`` per
phrase ("X joined Y", "P, X's deputy director", "clashes between X and Y" ...).  A rule
names its relation type, its regular expression and the shape that finds its arguments
around the trigger (the shapes live in ``polemos.relations``)."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    """A trigger and how its arguments sit around it."""

    type: str
    pattern: re.Pattern[str]
    shape: str  # forward | reverse_adjacent | between | pair_before | person_after | ...
    confidence: float


def _rule(kind: str, pattern: str, shape: str = "forward", confidence: float = 0.8) -> Rule:
    return Rule(kind, re.compile(pattern, re.I), shape, confidence)


def _any(words: str) -> str:
    """A non-capturing alternation of space-separated words (``_`` stands for a space)."""
    return "(?:" + "|".join(w.replace("_", r"\s+") for w in words.split()) + ")"


_MEMBER_NOUNS = _any("faction affiliate member component brigade unit wing branch part")
LEADER_NOUNS = _any("leader commander head chief emir founder spokesman director")
ROLE_NOUNS = _any(
    "deputy spokes\\w+ official officer member fighter envoy representative "
    "adviser advisor militant operative"
)
# What a person is in a force: "was a brigadier general in the navy".
_RANK_NOUNS = _any(
    "commander general officer colonel major captain lieutenant sergeant admiral brigadier "
    "soldier fighter member pilot sniper medic spokesman adviser advisor official"
)
_FIGHT_VERBS = _any(
    "fighting fought fight fights battling battled clashed clashing waging_war war campaign "
    "offensive attacks? attacked operations? defen[cs]es efforts? unite struggle retaliat\\w*"
)
_ATTACK_VERBS = _any(
    "attacked attacking targeted targeting raided raiding shelled ambushed bombed struck"
)
# Forms that are nouns as often as verbs ("the terror attacks in X"): the acting side must
# stand right before them ("ISIS attacks X").
_ATTACK_NOUN_VERBS = _any("attacks targets raids")
# Not part of a compound ("bombed-out", "counter-ISIL") and not passive ("targeted by").
_NOT_COMPOUND = r"(?![-‐])(?!\s+by\b)"
# A noun reading of "defeat" ("the ultimate defeat of X", "a lasting defeat").
_NOUN_DETERMINERS = ("the", "a", "an", "its", "their", "his", "our", "lasting", "ultimate",
                     "final", "total")  # fmt: skip
_NOT_NOUN = "".join(rf"(?<!\b{word} )" for word in _NOUN_DETERMINERS)
_DEFEAT_VERBS = _any(
    "defeat destroy counter degrade confront combat combating eliminate liberate finish"
)
_ALLY_PHRASES = _any(
    "allied_with in_alliance_with alongside together_with in_support_of backed_by supported_by"
)
_SUPPORT_VERBS = _any("supports? supported supporting assist(?:s|ed|ing)? backs backed")
_PLEDGE_VERBS = _any("pledged? pledging swore swear sworn swearing declared renewed")
_INTEND_VERBS = _any("intends? intending decided decides plans? planning announced announces")
_BE = _any("is was are were became becomes")

RULES: tuple[Rule, ...] = (
    _rule(
        "renamed_to",
        rf"\b{_any('changed changes change changing')}\s+(?:its|their)\s+name\s+to\b",
        confidence=0.9,
    ),
    _rule(
        "renamed_to",
        rf"\b{_any('renamed rebranded rebrands renames')}\s+(?:itself\s+|themselves\s+)?(?:as\s+)?",
        confidence=0.85,
    ),
    _rule(
        "renamed_to",
        r"[,(]\s*(?:formerly|previously)(?:\s+(?:known|called)(?:\s+as)?)?\s+",
        "reverse_adjacent",
        0.85,
    ),
    _rule(
        "alias_of",
        r"[,(]\s*(?:also\s+(?:known|called)(?:\s+as)?|a\.?k\.?a\.?)\s+",
        "reverse_adjacent",
        0.8,
    ),
    _rule(
        "expelled_from",
        rf"\b{_any('was were been got being')}\s+"
        rf"{_any('expelled ousted kicked_out')}\s+(?:from|of)\b",
        confidence=0.9,
    ),
    _rule("expelled_from", r"\bexpulsion\s+of\b", "object_then_from", 0.8),
    _rule(
        "pledged_allegiance_to",
        rf"\b{_PLEDGE_VERBS}\s+(?:its\s+|their\s+|his\s+)?(?:allegiance|loyalty|bay['’]?ah?)\s+to\b",
        confidence=0.9,
    ),
    _rule(
        "pledged_allegiance_to",
        rf"\b{_any('took takes take taking')}\s+an?\s+oath\s+(?:of\s+allegiance\s+)?to\b",
        confidence=0.85,
    ),
    _rule(
        "pledged_allegiance_to",
        rf"\b{_INTEND_VERBS}\s+(?:its\s+intention\s+)?to\s+join\b",
        confidence=0.7,
    ),
    _rule(
        "merged_into",
        rf"\b{_any('merged merges merge merging merger')}\s+(?:with|into)\b",
        confidence=0.85,
    ),
    _rule("member_of", r"\bjoining\s+of\b", "object_then_to", 0.75),
    _rule(
        "member_of",
        rf"\b{_any('joined joins join joining')}(?:\s+(?:to|the\s+ranks\s+of))?\b",
        confidence=0.75,
    ),
    _rule(
        "member_of",
        rf"[,(]\s*(?:a|an|one)\s+(?:\w+\s+){{0,2}}{_MEMBER_NOUNS}\s+of\b",
        "adjacent_forward",
        0.8,
    ),
    _rule(
        "member_of",
        rf"\b{_BE}\s+(?:a|an|one)\s+(?:\w+\s+){{0,2}}{_MEMBER_NOUNS}\s+of\b",
        confidence=0.8,
    ),
    _rule(
        "splinter_of",
        rf"\b{_any('split splintered broke_away breaks_away defected')}\s+from\b",
        confidence=0.8,
    ),
    _rule(
        "splinter_of",
        rf"[,(]\s*an?\s+{_any('offshoot splinter_group splinter breakaway_group')}\s+of\b",
        "adjacent_forward",
        0.8,
    ),
    _rule(
        "part_of",
        rf"\b{_any('part_of as_part_of assigned_to attached_to under_the_command_of')}\b",
        confidence=0.7,
    ),
    _rule("allied_with", r"-(?:linked|affiliated|aligned|allied|backed)\b", "modifier", 0.6),
    _rule("allied_with", rf"\b{_ALLY_PHRASES}\b", confidence=0.65),
    _rule("allied_with", rf"\b{_SUPPORT_VERBS}\b", confidence=0.55),
    _rule("allied_with", r"\b(?:fought|fight|fighting|fights)\s+together\b", "pair_before", 0.8),
    _rule("allied_with", r"\ballies\b", "possessive_allies", 0.6),
    _rule(
        "fighting_against",
        rf"\b{_any('clashes clash fighting battles? war hostilities')}\s+between\b",
        "between",
        0.8,
    ),
    _rule("fighting_against", rf"\b{_FIGHT_VERBS}\s+(?:\w+\s+){{0,2}}?against\b", confidence=0.75),
    _rule(
        "fighting_against",
        rf"\b{_any('clashed clashes fought war fighting')}\s+with\b",
        confidence=0.6,
    ),
    _rule("fighting_against", rf"\b{_ATTACK_VERBS}\b{_NOT_COMPOUND}", confidence=0.6),
    _rule(
        "fighting_against",
        rf"\s+{_ATTACK_NOUN_VERBS}\b{_NOT_COMPOUND}",
        "adjacent_forward",
        0.6,
    ),
    _rule("fighting_against", rf"{_NOT_NOUN}\b{_DEFEAT_VERBS}\b{_NOT_COMPOUND}", confidence=0.6),
    _rule("leader_of", rf"\b{_any('led headed commanded')}\s+by\b", "person_after", 0.8),
    _rule(
        "leader_of",
        rf"[,(]\s*(?:the\s+)?(?:\w+\s+){{0,2}}{LEADER_NOUNS}\s+(?:of|for|in)\b",
        "person_before",
        0.8,
    ),
    _rule(
        "leader_of", r"\b(?:leader|commander|head|chief|emir)\s+of\b", "role_of_then_person", 0.75
    ),
    _rule("member_of", rf"['’]s\s+(?:[\w-]+\s+){{0,3}}?{ROLE_NOUNS}\b", "possessive_role", 0.75),
    _rule("leader_of", rf"['’]s\s+(?:[\w-]+\s+){{0,2}}?{LEADER_NOUNS}\b", "possessive_role", 0.8),
    _rule("member_of", r",\s+(?:a|an)\s+(?=[A-Z])", "role_apposition", 0.7),
    _rule("fighting_against", r"\s+(?:war|conflict)\b", "hyphen_pair", 0.75),
    _rule(
        "member_of",
        rf"\b{_any('was is had_been has_been served_as')}\s+an?\s+(?:[\w.-]+\s+){{0,3}}?"
        rf"{_RANK_NOUNS}\s+(?:in|with|of)\b",
        confidence=0.7,
    ),
    _rule("member_of", r"\s+within\s+", "adjacent_forward", 0.7),
    _rule(
        "member_of",
        r",\s+which\s+(?:includes|included|comprises|comprised|is\s+made\s+up\s+of)\s+",
        "reverse_adjacent",
        0.7,
    ),
    _rule("member_of", r",\s+(?:notably|especially|particularly)\s+", "member_of_group_noun", 0.7),
)
# Group nouns whose members a text may name after "notably" ("our partners, notably X").
GROUP_OF_MEMBERS_WORDS = "partners allies backers members countries nations states groups"
GROUP_OF_MEMBERS = _any(GROUP_OF_MEMBERS_WORDS)
