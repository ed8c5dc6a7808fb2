"""Roles of an event: actor1 (the side acting) and actor2 (the side acted on).

docs/codebook.md (*Roles*) describes these rules.
"""

from __future__ import annotations

import re

from polemos.actors import ActorMention
from polemos.codebook import TERRITORY
from polemos.event_units import Context, Sentence, Trigger
from polemos.models import Actor, ResolvedPlace

UNARMED = {"civilians", "protesters", "rioters"}
CROWDS = {"protesters", "rioters"}


def previous_actor(context: Context, index: int, trigger: Trigger) -> ActorMention | None:
    """The acting side of an earlier sentence of the same kind ("Near X, five strikes ...")."""
    for position in reversed(range(max(0, index - 3), index)):
        earlier, earlier_trigger = context.sentences[position], context.triggers[position]
        if earlier_trigger is None or earlier_trigger.rule.event_type != trigger.rule.event_type:
            continue
        actor1, _ = assign_roles(earlier, earlier_trigger)
        if actor1 is not None:
            return actor1
    return None


def demonstration_roles(
    context: Context, index: int, actor1: ActorMention | None, actor2: ActorMention | None
) -> tuple[ActorMention | None, ActorMention | None]:
    """Protesters/rioters are actor1; the force intervening is actor2."""
    sides = [m for m in (actor1, actor2) if m is not None]
    crowd = next((m for m in sides if m.kind in CROWDS), None)
    if crowd is None:
        for earlier in reversed(context.sentences[: index + 1]):
            crowd = next((m for m in earlier.actors if m.kind in CROWDS), None)
            if crowd is not None:
                break
    other = next((m for m in sides if m.kind not in CROWDS), None)
    return crowd, other


def acts_later(sentence: Sentence, trigger: Trigger, actor1: ActorMention | None) -> bool:
    """True when the sentence names no acting side before its trigger."""
    return actor1 is None or actor1.clean_start >= trigger.end


def assign_roles(
    sentence: Sentence, trigger: Trigger
) -> tuple[ActorMention | None, ActorMention | None]:
    """actor1 (the side acting) and actor2 (the side acted on) around the trigger."""
    armed = [m for m in sentence.actors if m.kind not in UNARMED]
    between = _between_pair(sentence, armed)
    if between:
        return between
    before = [
        m
        for m in armed
        if m.clean_start < trigger.start
        and m.clean_end <= trigger.end
        and not _governed(sentence, m)
        and not quoted_source(sentence, m)
    ]
    after = [m for m in sentence.actors if m.clean_start >= trigger.end]
    agent = _passive_agent(sentence, trigger, after) or accused_actor(sentence, trigger)
    actor1 = agent or (before[-1] if before else None) or _claimant(sentence)
    if actor1 is None and after and _directly_follows(sentence, trigger, after[0]):
        actor1 = after.pop(0)
    actor2 = next((m for m in after if actor1 is None or m.actor.id != actor1.actor.id), None)
    if actor2 is None:
        actor2 = next(
            (m for m in sentence.actors if m.kind in UNARMED and m is not actor1 and
             (actor1 is None or m.actor.id != actor1.actor.id)),
            None,
        )  # fmt: skip
    return actor1, actor2


CLAIMED_RE = re.compile(
    r"\s+(?:has |have |had |later |quickly |swiftly )?(?:claimed|claims) (?:responsibility|credit)"
)
CLAIMED_BY_RE = re.compile(r"\b(?:claimed|blamed) (?:by|on)\s+(?:the\s+)?$")


def _claimant(sentence: Sentence) -> ActorMention | None:
    """The group that "claimed responsibility" in the sentence (or "claimed by" it)."""
    for mention in sentence.actors:
        rest = sentence.text[mention.clean_end - sentence.start :]
        before = sentence.text[: mention.clean_start - sentence.start]
        if CLAIMED_RE.match(rest) or CLAIMED_BY_RE.search(before[-25:]):
            return mention
    return None


def article_claimant(context: Context, index: int) -> ActorMention | None:
    """The group claiming an attack in another sentence of the article (nearest first):
    "... killed 12 people. The Taliban claimed responsibility." """
    count = len(context.sentences)
    for distance in range(1, count):
        for position in (index + distance, index - distance):
            if 0 <= position < count:
                claimant = _claimant(context.sentences[position])
                if claimant is not None and claimant.kind not in UNARMED:
                    return claimant
    return None


def _directly_follows(sentence: Sentence, trigger: Trigger, mention: ActorMention) -> bool:
    """ "under control of X", "by X": the actor right after the trigger is the agent."""
    gap = sentence.text[trigger.end - sentence.start : mention.clean_start - sentence.start]
    return gap.strip().lower() in {"", "the", "by", "by the", "of", "of the"} and (
        trigger.rule.sub_event_type == TERRITORY or gap.strip().lower().startswith("by")
    )


# "State television quoted the army as saying rockets landed": the army is the source.
SOURCE_BEFORE_RE = re.compile(
    r"\b(?:quoted|quoting|according to|citing|cited)\s+(?:the\s+)?$", re.I
)
SOURCE_AFTER_RE = re.compile(r"\s+as\s+saying\b", re.I)


def quoted_source(sentence: Sentence, mention: ActorMention) -> bool:
    """True when the mention is quoted as the source of the report, not its agent."""
    before = sentence.text[: mention.clean_start - sentence.start]
    after = sentence.text[mention.clean_end - sentence.start :]
    return bool(SOURCE_BEFORE_RE.search(before[-20:]) or SOURCE_AFTER_RE.match(after))


PREPOSITION_RE = re.compile(
    r"\b(?:with|of|to|against|from|within|on|at|into|towards?|for)\s+(?:the\s+)?$", re.I
)


def _governed(sentence: Sentence, mention: ActorMention) -> bool:
    """True when a preposition governs the mention ("merger with X"): X is not the agent."""
    prefix = sentence.text[: mention.clean_start - sentence.start]
    return bool(PREPOSITION_RE.search(prefix[-20:]))


def _between_pair(
    sentence: Sentence, armed: list[ActorMention]
) -> tuple[ActorMention, ActorMention] | None:
    match = re.search(r"\bbetween\b", sentence.text)
    if not match:
        return None
    after = [m for m in armed if m.clean_start >= sentence.start + match.end()]
    distinct = [m for i, m in enumerate(after) if m.actor.id not in {a.actor.id for a in after[:i]}]
    return (distinct[0], distinct[1]) if len(distinct) >= 2 else None


def _passive_agent(
    sentence: Sentence, trigger: Trigger, after: list[ActorMention]
) -> ActorMention | None:
    for mention in after:
        gap = sentence.text[trigger.end - sentence.start : mention.clean_start - sentence.start]
        if re.search(r"\bby\s+(?:the\s+|an?\s+)?$", gap) and len(gap) < 40:
            after.remove(mention)
            return mention
    return None


ACCUSED_RE = re.compile(r"\b(?:accus\w+|blam\w+)\s+$", re.I)


def accused_actor(sentence: Sentence, trigger: Trigger) -> ActorMention | None:
    """ "Syria has accused Israel of bombarding ...": the accused acts, not the accuser.

    The accused is an actor mention, or a country, which stands for its military forces."""
    gap_end = trigger.start - sentence.start
    if not re.search(r"\s+of\s+$", sentence.text[:gap_end]):
        return None
    for mention in sentence.actors:
        if _accused(sentence, mention.clean_start, mention.clean_end, gap_end):
            return mention
    for place in sentence.places:
        start, end = place.mention.clean_start, place.mention.clean_end
        if _accused(sentence, start, end, gap_end):
            return _state_forces(place, start, end)
    return None


def _accused(sentence: Sentence, start: int, end: int, gap_end: int) -> bool:
    between = sentence.text[end - sentence.start : gap_end]
    before = sentence.text[: start - sentence.start]
    return bool(re.fullmatch(r"\s+of\s+", between) and ACCUSED_RE.search(before))


def _state_forces(place: ResolvedPlace, start: int, end: int) -> ActorMention | None:
    """The military forces of an accused country (a country-level place)."""
    geo = place.place
    if geo is None or geo.admin1 or not geo.country:
        return None
    actor = Actor(id=f"military_forces:{geo.country}", name=f"Military Forces of {geo.country}",
                  inter=1, country=geo.country, kind="state_force")  # fmt: skip
    return ActorMention(actor, start, end, "generic")
