"""Place, fatalities and date of an event, each with the text span it came from.

docs/codebook.md (*Place, date, fatalities*) describes these rules.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from polemos.codebook import FATALITY_PATTERNS, number_value
from polemos.event_units import Context, Sentence, Trigger
from polemos.models import ResolvedPlace
from polemos.temporal import DateMention, narrative_reading

Fatalities = tuple[int, list[tuple[int, int]]]  # total and the spans it came from


# A reporter's byline ("By MARI YAMAGUCHI, Associated Press") names a person, not a place.
BYLINE_RE = re.compile(r"\bBy\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}\s*,")
# "The next day": the day after the event reported last.
NEXT_DAY_RE = re.compile(
    r"\b(?:the|on the) (?:next|following) (?:day|morning|evening|night)\b", re.I
)
# "U.S.-made", "Iranian-backed": a place that only modifies a noun is not where events happen.
MODIFIER_RE = re.compile(
    r"-(?:made|backed|led|based|funded|supplied|trained|built|born)\b", re.I
)
# A sentence about what is to come lends its date to no earlier event.
FUTURE_RE = re.compile(
    r"\b(?:scheduled|set|due|expected|planned|slated) (?:for|to|on)\b|\bwill\b", re.I
)


def choose_places(context: Context, index: int, trigger: Trigger) -> list[ResolvedPlace]:
    """Where the event happened: resolved places of the sentence, else the context.

    When the sentence names only one country or province, a town inside it named in a
    neighbouring sentence ("an attack on a mosque in northern Iraq ... the attack in
    Daquq") is the more precise place."""
    sentence = context.sentences[index]
    resolved = [p for p in sentence.places if p.place is not None and not not_a_site(sentence, p)]
    local = [p for p in resolved if p.geo_precision < 3]
    if local:
        after = [p for p in local if p.mention.clean_start >= trigger.start]
        if trigger.rule.splits_places and after:
            return _distinct(after)
        return [after[0] if after else local[-1]]
    if resolved:
        areas = {p.place.gazetteer_id for p in resolved if p.place is not None}
        inside = _nearby_town(context, index, resolved[0]) if len(areas) == 1 else None
        return [inside or resolved[0]]  # "in Syria and Iraq" summarises; no town for it
    return _inherited_place(context, index)


def not_a_site(sentence: Sentence, place: ResolvedPlace) -> bool:
    """A place in a byline, or one that only modifies a noun ("U.S.-made", "Iranian-backed")."""
    at = place.mention.clean_start - sentence.start
    if any(m.start() <= at < m.end() for m in BYLINE_RE.finditer(sentence.text)):
        return True
    after = sentence.text[place.mention.clean_end - sentence.start :]
    return bool(MODIFIER_RE.match(after))


def _nearby_town(context: Context, index: int, broad: ResolvedPlace) -> ResolvedPlace | None:
    """A local place inside ``broad`` (a country or province) from the two sentences
    before or after, nearest first."""
    area = broad.place
    if area is None:
        return None
    for distance in (1, 2):
        for position in (index + distance, index - distance):
            if not 0 <= position < len(context.sentences):
                continue
            for place in context.sentences[position].places:
                inner = place.place
                if inner is None or place.geo_precision >= 3 or inner.country != area.country:
                    continue
                if not area.admin1 or inner.admin1 == area.admin1:
                    return place
    return None


def _distinct(places: list[ResolvedPlace]) -> list[ResolvedPlace]:
    seen: set[str] = set()
    unique = []
    for place in places:
        if place.place and place.place.gazetteer_id not in seen:
            seen.add(place.place.gazetteer_id)
            unique.append(place)
    return unique


def _inherited_place(context: Context, index: int) -> list[ResolvedPlace]:
    """A place from the previous sentences of the paragraph, else the article's region."""
    sentence = context.sentences[index]
    for earlier in reversed(context.sentences[max(0, index - 2) : index]):
        if earlier.paragraph != sentence.paragraph:
            break
        resolved = [p for p in earlier.places if p.place and not not_a_site(earlier, p)]
        if resolved:
            last = resolved[-1]
            return [last.model_copy(update={"geo_precision": max(last.geo_precision, 2)})]
    admin1s = {p.place.admin1 for p in context.region_places if p.place}
    if len(admin1s) == 1:
        return [context.region_places[0].model_copy(update={"geo_precision": 3})]
    return []


def find_fatalities(sentence: Sentence) -> tuple[int, list[tuple[int, int]]]:
    """Reported deaths in the sentence (conservative) and the spans they came from."""
    total = 0
    spans: list[tuple[int, int]] = []
    for pattern in FATALITY_PATTERNS:
        for match in pattern.finditer(sentence.text):
            start, end = sentence.start + match.start("num"), sentence.start + match.end("num")
            if any(start < e and s < end for s, e in spans):
                continue
            value = number_value(match.group("num"))
            if value:
                total += value
                spans.append((start, end))
    return total, spans


def pick_date(
    context: Context, index: int, anchor: int
) -> tuple[date | None, int, str, DateMention | None]:
    """(date, time precision, basis, mention) for an event whose trigger is at ``anchor``."""
    sentence = context.sentences[index]
    dates = [m for m in sentence.dates if not _dateline(sentence, m)]
    if dates:
        mention = min(dates, key=lambda m: (_distance(m, anchor), m.start))
        if mention.value is None:
            return None, mention.precision, "unresolved", mention
        return narrative_date(context, sentence, mention), mention.precision, "text", mention
    if NEXT_DAY_RE.search(sentence.text) and context.narrative:
        return context.narrative[-1] + timedelta(days=1), 1, "text", None
    for earlier in reversed(context.sentences[max(0, index - 8) : index]):
        if earlier.paragraph != sentence.paragraph:
            break
        if FUTURE_RE.search(earlier.text):
            continue  # "His sentencing is scheduled for October 16"
        for mention in reversed(earlier.dates):
            if mention.value:
                return mention.value, mention.precision, "text", mention
    published = context.article.published
    if published is None:
        return None, 3, "unknown", None
    return published, 2, "publication_date", None


def narrative_date(context: Context, sentence: Sentence, mention: DateMention) -> date | None:
    """The mention's date, or the reading the narrative supports (``temporal.narrative_reading``);
    the choice is recorded in ``context.corrections``."""
    if mention.value is None:
        return None
    prefix = sentence.text[: mention.start - sentence.start][-40:]
    last = max(context.narrative, default=None)
    value, note = narrative_reading(mention, context.article.published, last, prefix)
    if note:
        context.corrections[mention.start] = note
    return value


def _dateline(sentence: Sentence, mention: DateMention) -> bool:
    """A wire dateline ("BEIRUT, Feb 10 (Wire) -") dates the report, not the event."""
    offset = mention.end - sentence.start
    return offset < 60 and bool(re.match(r"\s*(?:\([^)]*\))?\s*[-–—]\s", sentence.text[offset:]))


def _distance(mention: DateMention, anchor: int) -> int:
    return mention.start - anchor if mention.start >= anchor else anchor - mention.end



def assign_fatalities(sentence: Sentence, places: list[ResolvedPlace]) -> list[Fatalities]:
    """The sentence's reported deaths shared out over its events, one entry per place.

    ACLED splits a total only when the text does: when figures stand between the places
    ("took A, killing 3, and B, killing 5"), each figure goes to the place before it;
    otherwise the figures are one total, given once, to the first event (never copied).
    """
    total, spans = find_fatalities(sentence)
    shares: list[Fatalities] = [(0, []) for _ in range(max(len(places), 1))]
    if len(shares) == 1 or not spans:
        shares[0] = (total, spans)
        return shares
    starts = [p.mention.clean_start for p in places]
    interleaved = any(starts[0] < s < starts[-1] for s, _ in spans)
    for start, end in spans:
        owner = max((i for i, at in enumerate(starts) if at < start), default=0)
        owner = owner if interleaved else 0
        value = number_value(sentence_text(sentence, start, end)) or 0
        count, owned = shares[owner]
        shares[owner] = (count + value, [*owned, (start, end)])
    return shares


def sentence_text(sentence: Sentence, start: int, end: int) -> str:
    """The text at clean-text offsets ``start``–``end`` inside ``sentence``."""
    return sentence.text[start - sentence.start : end - sentence.start]
