"""The units the event coder walks: sentences (or clauses of them) with their annotations.

``Sentence`` carries the actors, places and dates found inside it; ``Trigger`` is the codebook
rule that fired and its span; ``Context`` is what the coder knows about the article so far.
``clauses`` cuts a sentence at clause boundaries (";", "while", ", and") so that a sentence
reporting several events on distinct places or days can be coded as several units.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from polemos.actors import ActorMention
from polemos.codebook import (
    BATTLES,
    CAMPAIGN_RE,
    CONDITIONAL_RE,
    DESCRIBED_RE,
    EXPLOSIONS,
    FOUND_RE,
    NON_EVENT_RE,
    ORDINAL_RE,
    PASSIVE_CAPTURE_RE,
    PROGRESSIVE_RE,
    PROTESTS,
    REMENTION_RE,
    RIOTS,
    RULES,
    UNEXPLODED_RE,
    TriggerRule,
    first_trigger,
    is_background,
    nominal_trigger,
)
from polemos.models import Article, ResolvedPlace
from polemos.temporal import DateMention


@dataclass
class Sentence:
    """A sentence of clean text with the annotations that fall inside it."""

    start: int
    end: int
    text: str
    paragraph: int
    actors: list[ActorMention] = field(default_factory=list)
    places: list[ResolvedPlace] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


@dataclass
class Trigger:
    rule: TriggerRule
    start: int
    end: int


@dataclass
class Context:
    """What the coder knows about the article while walking its sentences."""

    article: Article
    sentences: list[Sentence]
    region_places: list[ResolvedPlace]
    version: str
    triggers: list[Trigger | None] = field(default_factory=list)  # one per sentence
    narrative: list[date] = field(default_factory=list)  # text dates of the events so far
    corrections: dict[int, str] = field(default_factory=dict)  # date mention start → note


def detect_trigger(sentence: Sentence) -> Trigger | None:
    """The highest-priority non-hypothetical trigger of ``sentence``."""
    found = first_trigger(sentence.text)
    if found is None:
        return None
    rule, start, end = found
    return Trigger(rule, sentence.start + start, sentence.start + end)


CLASSIFIER_RULE = "classifier"  # name of the rule standing for a classifier-only trigger
# A line of a list ("*2015-12-21, Special Agent ..."): victim lists and "see also" entries
# repeat what the prose reports.
LIST_LINE_RE = re.compile(r"(?:^|\s)\*\s*\S")


def is_list_line(sentence: Sentence) -> bool:
    return bool(LIST_LINE_RE.search(sentence.text))


# "asked Cuba to capture X" (but "managed to capture the city" reports it), "the capture of".
REQUESTED_CAPTURE_RE = re.compile(
    r"\b(?:asked|urged|called on|ordered|tried|attempted|wants?|seeks?|sought)\b[^.;]{0,40}"
    r"\bto\s+$|\bthe\s+$",
    re.I,
)


def not_an_event(sentence: Sentence, trigger: Trigger) -> bool:
    """True when an article sentence's trigger reports no new event: habitual or background
    wording, running totals, warrants, plans, open questions ("whether"), a re-mention that
    gives an already reported attack a new reading ("the attack in X was an air strike"), a
    purpose ("to protest", "to capture"), a capture as a noun, a political rally, an
    agreement already in force ("the ceasefire"), or a line of a list."""
    prefix = sentence.text[: trigger.start - sentence.start]
    if NON_EVENT_RE.search(sentence.text) or is_list_line(sentence):
        return True
    if CONDITIONAL_RE.search(sentence.text) or ORDINAL_RE.search(sentence.text):
        return True
    if CAMPAIGN_RE.search(prefix) or (REMENTION_RE.search(prefix) and not sentence.dates):
        return True
    if trigger.rule.name == CLASSIFIER_RULE and is_background(prefix):
        return True  # a classifier-only trigger gets the rules' background check too
    if DESCRIBED_RE.search(prefix) or (not sentence.dates and PROGRESSIVE_RE.search(prefix)):
        return True  # "used Humvees as a car bomb", "are inflicting the worst bombardment"
    if trigger.rule.event_type == EXPLOSIONS and _not_exploded(sentence, trigger, prefix):
        return True  # "had found another possible explosive device", "did not go off"
    if trigger.rule.name == "territory" and REQUESTED_CAPTURE_RE.search(prefix):
        return True  # "asked Cuba to capture X", "leading to the capture of X"
    if trigger.rule.name == "agreement" and re.search(r"\bthe\s+$", prefix):
        return True  # "to monitor the ceasefire": an agreement already in force
    if trigger.rule.event_type not in (PROTESTS, RIOTS):
        return False
    return bool(re.search(r"\bto\s+$|\b(?:political|campaign|election|electoral)\s+$", prefix))


def _not_exploded(sentence: Sentence, trigger: Trigger, prefix: str) -> bool:
    """A device found, or one that never went off, is no explosion."""
    rest = sentence.text[trigger.end - sentence.start :]
    return bool(
        FOUND_RE.search(prefix)
        or UNEXPLODED_RE.search(rest)
        or re.search(r"\b(?:unexploded|undetonated)\s+(?:[\w-]+\s+)?$", prefix, re.I)
    )


def dated_background(sentence: Sentence, published: date | None) -> bool:
    """A sentence dated only by an earlier year ("used at the marathon in 2013") recalls a
    past event: news coding records current events."""
    dates = [d for d in sentence.dates if d.value is not None]
    if published is None or not dates:
        return False
    year_only = all(d.precision == 3 and re.fullmatch(r"in \d{4}", d.text, re.I) for d in dates)
    return year_only and all(d.value is not None and d.value.year < published.year for d in dates)


TERRITORY_RULE = next(rule for rule in RULES if rule.name == "territory")


def passive_capture(sentence: Sentence, trigger: Trigger) -> Trigger:
    """ "Morek was captured by X after days of fighting": a battle whose sentence reports
    the passive capture of a place named before it is that takeover."""
    if trigger.rule.event_type != BATTLES or trigger.rule.name == "territory":
        return trigger
    match = PASSIVE_CAPTURE_RE.search(sentence.text)
    if match is None:
        return trigger
    start, end = sentence.start + match.start(), sentence.start + match.end()
    named = any(p.place and p.mention.clean_start < start for p in sentence.places)
    return Trigger(TERRITORY_RULE, start, end) if named else trigger


def detect_nominal(sentence: Sentence) -> Trigger | None:
    """A noun reporting an event ("a Friday blast", "survived an attack on his life")."""
    found = nominal_trigger(sentence.text)
    if found is None or is_list_line(sentence):
        return None
    rule, start, end = found
    trigger = Trigger(rule, sentence.start + start, sentence.start + end)
    return None if not_an_event(sentence, trigger) else trigger


# Where one sentence may report a new event: a semicolon, "while"/"whereas", ", and" or
# ", as" before a new clause.  Splitting is only kept when the clauses differ in place or
# day (``events.split_units``).
CLAUSE_BREAK_RE = re.compile(r";\s*|,\s+(?:while|whereas|and|as well as)\s+|\s+while\s+", re.I)


def restrict(sentence: Sentence, start: int, end: int) -> Sentence:
    """The part ``start``–``end`` (offsets of the clean text) of ``sentence`` as a unit."""
    text = sentence.text[start - sentence.start : end - sentence.start]
    stripped = text.strip(" ,;")
    start += text.index(stripped) if stripped else 0
    end = start + len(stripped)
    return Sentence(
        start, end, stripped, sentence.paragraph,
        [m for m in sentence.actors if start <= m.clean_start < end],
        [p for p in sentence.places if start <= p.mention.clean_start < end],
        [d for d in sentence.dates if start <= d.start < end],
    )  # fmt: skip


def clauses(sentence: Sentence) -> list[Sentence]:
    """``sentence`` cut at clause boundaries (a single unit when it has none)."""
    cuts = [m for m in CLAUSE_BREAK_RE.finditer(sentence.text) if m.start() > 0]
    if not cuts:
        return [sentence]
    bounds = [0, *(m.start() for m in cuts), len(sentence.text)]
    starts = [0, *(m.end() for m in cuts)]
    parts = [
        restrict(sentence, sentence.start + s, sentence.start + e)
        for s, e in zip(starts, bounds[1:], strict=True)
    ]
    return [p for p in parts if p.text]


# A section heading of a wiki page ("==Aftermath==") ends what the sentence before it says;
# so does a run of three or more spaces, the paragraph break of texts whose line breaks were
# flattened ("... the peace process.    190102132047518    Duque then announced ...") and
# the break after a headline without a full stop ("Last rebel group    In November, ...").
HEADING_RE = re.compile(r"\s*==+[^=\n]{1,60}==+\s*|[ \t\u00a0]{3,}")


def sections(sentence: Sentence) -> list[Sentence]:
    """``sentence`` cut at wiki section headings and flattened paragraph breaks (each starts
    another section)."""
    return [item for item in section_items(sentence) if isinstance(item, Sentence)]


def section_items(sentence: Sentence) -> list[Sentence | str]:
    """The parts of ``sentence`` (see ``sections``) in order, with each wiki heading between
    them as its raw text ("==Background==", "=== Kabul ==="), also where no text follows."""
    items: list[Sentence | str] = []
    at = 0
    for match in HEADING_RE.finditer(sentence.text):
        items.append(restrict(sentence, sentence.start + at, sentence.start + match.start()))
        if "=" in match.group():
            items.append(match.group().strip())
        at = match.end()
    items.append(restrict(sentence, sentence.start + at, sentence.end))
    return [item for item in items if isinstance(item, str) or item.text]


# A wiki section that tells what came before the story's events (ACLED codes the events of
# the story, not their history).
BACKGROUND_SECTION_RE = re.compile(
    r"(?:historical\s+)?(?:background|history|context|prelude|origins?)", re.I
)


@dataclass
class SectionState:
    """Where the coder is in a wiki page: inside a background section (down to which heading
    level) and how many headings it has passed (each starts a paragraph)."""

    background_level: int | None = None
    headings: int = 0

    @property
    def background(self) -> bool:
        return self.background_level is not None

    def enter(self, heading: str) -> None:
        """Pass ``heading``: a background section lasts until a heading of its level or
        higher ("==Background== ===Early years===" stays background)."""
        level = len(heading) - len(heading.lstrip("="))
        self.headings += 1
        if self.background_level is not None and level <= self.background_level:
            self.background_level = None
        if self.background_level is None and background_section(heading.strip("= ")):
            self.background_level = level


def background_section(title: str) -> bool:
    """True for the title of a section that recounts the background ("==Background==")."""
    return bool(BACKGROUND_SECTION_RE.fullmatch(title.strip()))


def span_of(sentence: Sentence, first: Sentence, last: Sentence) -> Sentence:
    """The part of ``sentence`` from unit ``first`` to unit ``last`` (inclusive)."""
    return restrict(sentence, first.start, last.end)
