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
