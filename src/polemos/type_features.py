"""Argument cues of the sub-event-type classifier that the bag of words misses.

Which side acts decides between sub-types that share their wording: "government forces
seized the town" is *Government regains territory*, "rebels seized the town" is *Non-state
actor overtakes territory*.  Snippets rarely name the actors the actor graph knows (CASE
2021 replaces many names with invented ones), so the cue is the generic wording of state and
non-state forces and which of the two the text names first (usually the agent).
"""

from __future__ import annotations

import re

STATE_FORCE_RE = re.compile(
    r"\b(?:army|armed forces|troops|soldiers|military|government forces|regime forces"
    r"|security forces|national army|police|federal forces|government troops|pro-government"
    r"|loyalist|marines|air force|gendarm\w*)\b",
    re.IGNORECASE,
)
NON_STATE_FORCE_RE = re.compile(
    r"\b(?:rebels?|militants?|insurgents?|jihadists?|terrorists?|taliban|al-shabaa?b"
    r"|islamic state|isis|isil|daesh|militia\w*|separatists?|guerrillas?|fighters"
    r"|armed groups?|opposition forces|gunmen|boko haram|houthis?|tribesmen|extremists?)\b",
    re.IGNORECASE,
)
IS_RE = re.compile(r"\bIS\b")  # "IS" only in capitals: "is" is a verb


def actor_cues(text: str) -> list[str]:
    """``a:state`` / ``a:nonstate`` when the text names such forces, and ``a:state_first`` or
    ``a:nonstate_first`` for the one named first."""
    state = STATE_FORCE_RE.search(text)
    non_state = NON_STATE_FORCE_RE.search(text) or IS_RE.search(text)
    found = []
    if state:
        found.append("a:state")
        if not non_state or state.start() < non_state.start():
            found.append("a:state_first")
    if non_state:
        found.append("a:nonstate")
        if not state or non_state.start() < state.start():
            found.append("a:nonstate_first")
    return found


# --- Family cues: conjunctions a linear model cannot form from single words. ---------------
# Protests: a crowd is there (first stage), then what the authorities did to it (second).
# "demonstrate" alone is not a crowd ("the attacks demonstrate the regime's cruelty").
CROWD_WORDS_RE = re.compile(
    r"\b(?:protest\w*|demonstrat(?:ions?|ors?|ers?)|rall(?:y|ies|ied)|marche(?:s|rs|d)|crowds?"
    r"|demonstrat(?:ed|ing) (?:against|outside|in front|in the streets|for)|sit-ins?"
    r"|human chain|picket\w*|vigil)\b",
    re.IGNORECASE,
)
INTERVENTION_RE = re.compile(
    r"\b(?:arrest\w*|detain\w*|tear ?gas|water ?cannons?|pepper spray|batons?|baton-charg\w*"
    r"|dispers\w*|broke up|break up|broken up|suppress\w*|rubber bullets|stun grenades?"
    r"|smoke grenades?|cut short|block(?:ed)? (?:them|the march|the protesters)|kettl\w*"
    r"|prevented|rounded up|cordon\w*|beat(?:en)?|charged)\b",
    re.IGNORECASE,
)
FORCE_RE = re.compile(
    r"\b(?:killed|killing|died|dead|deaths?|shot|shooting|live (?:rounds|ammunition|fire)"
    r"|gunfire|bullets|opened fire|fired on|fired at|injur\w*|wounded|excessive force"
    r"|crackdown|violently|brutal\w*|fatal\w*)\b",
    re.IGNORECASE,
)
CROWD_VIOLENCE_RE = re.compile(
    r"\b(?:clash\w*|stones?|stone-throwing|pelted|rocks|molotov|petrol bombs?|torched"
    r"|set (?:\w+ )?(?:on fire|alight)|burn(?:ed|t|ing) (?:tyres|tires|cars|vehicles|buildings)"
    r"|vandali[sz]\w*|ransack\w*|riot\w*|smash\w*|looted|attacked (?:the )?police)\b",
    re.IGNORECASE,
)
# Territory: who gains.  "Recaptured" is mostly the state winning back; "seized" either side.
REGAIN_RE = re.compile(
    r"\b(?:recaptur\w*|retook|retaken|retake|regain\w*|reclaim\w*|recover\w*|liberat\w*"
    r"|freed|restored control|drove (?:back|out)|pushed back|cleared)\b",
    re.IGNORECASE,
)
TAKE_RE = re.compile(
    r"\b(?:seiz\w*|captur\w*|overr(?:an|un)|took (?:over|control)|taken (?:over|control)"
    r"|take (?:over|control)|fell (?:to|into|under)|stormed|occupied|control of|overtook)\b",
    re.IGNORECASE,
)
# What is taken must be ground: a place noun, "control", or a name that is not a person's.
GROUND_RE = re.compile(
    r"\b(?:towns?|villages?|city|cities|districts?|areas?|regions?|territor\w*|bases?|posts?"
    r"|positions?|hills?|camps?|neighbou?rhoods?|airports?|airfields?|fields?|ports?|control"
    r"|localities|capital|provinces?|strongholds?|checkpoints?|outposts?|headquarters|cent(?:re|er)"
    r"|countryside|island|border crossing|crossings?|highway|road|bridge|dam|suburbs?|quarters?)\b",
    re.IGNORECASE,
)
PERSON_RE = re.compile(
    r"\b(?:commanders?|leaders?|chief|members?|fighters?|militants?|soldiers?|suspects?"
    r"|prisoners?|weapons?|vehicles?|humvees?|tanks?|hostages?|people|civilians?)\b",
    re.IGNORECASE,
)
PASSIVE_RE = re.compile(r"\b(?:was|were|been|being)\s+$", re.IGNORECASE)
PASSIVE_AGENT_RE = re.compile(r"\b(?:by|to|into the hands of)\s+(?:the\s+)?", re.IGNORECASE)


# Every name ``actor_cues`` and ``family_cues`` can give (the dense head's cue inputs).
CUE_NAMES = tuple(sorted(
    ["a:state", "a:nonstate", "a:state_first", "a:nonstate_first", "f:crowd", "f:crowd_held",
     "f:crowd_force", "f:crowd_held_force", "f:crowd_violent", "f:crowd_calm"]
    + [f"f:{kind}{side}" for kind in ("regain", "take")
       for side in ("", "_state", "_nonstate", "_unknown")]
))  # fmt: skip


def family_cues(text: str) -> list[str]:
    """``f:`` features of the protest family (crowd, intervention, force, crowd violence and
    their combinations) and of the territory family (regain or take wording and its agent)."""
    return [*_protest_cues(text), *_territory_cues(text)]


def _protest_cues(text: str) -> list[str]:
    if not CROWD_WORDS_RE.search(text):
        return []
    held = bool(INTERVENTION_RE.search(text))
    force = bool(FORCE_RE.search(text))
    violent = bool(CROWD_VIOLENCE_RE.search(text))
    found = ["f:crowd"]
    found += ["f:crowd_held"] if held else []
    found += ["f:crowd_force"] if force else []
    found += ["f:crowd_held_force"] if held and force else []
    found += ["f:crowd_violent"] if violent else []
    found += ["f:crowd_calm"] if not (held or force or violent) else []
    return found


def _territory_cues(text: str) -> list[str]:
    regain = next((m for m in REGAIN_RE.finditer(text) if _takes_ground(text, m)), None)
    take = next((m for m in TAKE_RE.finditer(text) if _takes_ground(text, m)), None)
    verb = regain or take
    if verb is None:
        return []
    kind = "regain" if regain else "take"
    agent = _agent_side(text, verb.start(), verb.end())
    return [f"f:{kind}", f"f:{kind}_{agent}"]


def _takes_ground(text: str, verb: re.Match[str]) -> bool:
    """The verb's object is ground: "control" in the verb itself, a place noun within the
    next few words, or a capitalised name, and no person or weapon before either; in the
    passive, a place noun just before the verb."""
    if "control" in verb.group(0).lower():
        return True
    before = text[max(0, verb.start() - 50) : verb.start()]
    if PASSIVE_RE.search(before):  # "the district was overrun by ...": the subject is taken
        return bool(GROUND_RE.search(before))
    after = text[verb.end() : verb.end() + 50]
    person, ground = PERSON_RE.search(after), GROUND_RE.search(after)
    name = re.match(r"\s+(?:the\s+)?[A-Z]", after)
    first = min((m.start() for m in (person, ground) if m), default=None)
    if person and first == person.start():
        return False
    return bool(ground or name)


def _agent_side(text: str, start: int, end: int) -> str:
    """The side of the force named nearest before the verb, else after "by" behind it."""
    before = _last_side(text[:start])
    if before:
        return before
    after = PASSIVE_AGENT_RE.search(text, end)
    if after and after.start() - end < 40:
        return _first_side(text[after.end() : after.end() + 60]) or "unknown"
    return "unknown"


def _last_side(text: str) -> str | None:
    spans = [(m.start(), "state") for m in STATE_FORCE_RE.finditer(text)]
    spans += [(m.start(), "nonstate") for m in NON_STATE_FORCE_RE.finditer(text)]
    spans += [(m.start(), "nonstate") for m in IS_RE.finditer(text)]
    return max(spans)[1] if spans else None


def _first_side(text: str) -> str | None:
    spans = [(m.start(), "state") for m in STATE_FORCE_RE.finditer(text)]
    spans += [(m.start(), "nonstate") for m in NON_STATE_FORCE_RE.finditer(text)]
    spans += [(m.start(), "nonstate") for m in IS_RE.finditer(text)]
    return min(spans)[1] if spans else None
