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
MODIFIER_RE = re.compile(r"-(?:made|backed|led|based|funded|supplied|trained|built|born)\b", re.I)
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
    if trigger.rule.splits_places:
        listed = _listed_places(context, index, trigger)
        if listed:
            return listed
    if local:
        after = [p for p in local if p.mention.clean_start >= trigger.start]
        return [after[0] if after else local[-1]]
    if resolved:
        areas = {p.place.gazetteer_id for p in resolved if p.place is not None}
        inside = _nearby_town(context, index, resolved[0]) if len(areas) == 1 else None
        return [inside or resolved[0]]  # "in Syria and Iraq" summarises; no town for it
    return _inherited_place(context, index)


def not_a_site(sentence: Sentence, place: ResolvedPlace) -> bool:
    """A place in a byline, inside an actor's name ("Communist Party of Spain", "Islamic State
    of Iraq"), or one that only modifies a noun ("U.S.-made", "Iranian-backed")."""
    start, end = place.mention.clean_start, place.mention.clean_end
    if any(a.clean_start <= start and end <= a.clean_end and (a.clean_start, a.clean_end)
           != (start, end) for a in sentence.actors):  # fmt: skip
        return True
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
        key = place_key(place)
        if key and key not in seen:
            seen.add(key)
            unique.append(place)
    return unique


# The reason given to a place named in the text but missing from the gazetteer, placed at
# the nearest region the story resolves ("took control of Morek, Latmin and Lahya").
REGION_FALLBACK = "nearest region"


def is_region_fallback(place: ResolvedPlace) -> bool:
    return (place.reason or "").startswith(REGION_FALLBACK)


def place_key(place: ResolvedPlace) -> str:
    """What tells places apart: the gazetteer entry, or the written name of a place placed
    at its region (two villages of one province are two places)."""
    if place.place is None:
        return ""
    if is_region_fallback(place):
        return f"{place.place.gazetteer_id}~{place.mention.span.text.casefold()}"
    return place.place.gazetteer_id


def _listed_places(context: Context, index: int, trigger: Trigger) -> list[ResolvedPlace]:
    """The places a splitting trigger lists after it, in text order: the resolved local
    ones, and the ones the gazetteer lacks placed at their nearest region (precision 3;
    their coordinates are never guessed)."""
    sentence = context.sentences[index]
    listed = []
    for place in sentence.places:
        if place.mention.clean_start < trigger.start or not_a_site(sentence, place):
            continue
        if place.place is None:
            if _located_by_next(sentence, place):
                continue  # "Tell Mannas near Maarat al-Numan": the next place locates it
            fallback = region_fallback(context, index, place)
            listed += [fallback] if fallback is not None else []
        elif place.geo_precision < 3:
            listed.append(place)
    return _distinct(listed)


# "X near Y", "X, 6 km north of Y": a place located by the next one.
LOCATED_BY_RE = re.compile(
    r"\s*,?\s*(?:near|outside|close to|next to|just \w+ of|on the outskirts of|"
    r"(?:about |some )?\d+\s*(?:km|kilomet\w+|miles?)\s+(?:\w+\s+)?(?:of|from)|"
    r"(?:north|south|east|west)(?:-?\w+)? of)\s+(?:the\s+)?(?:\w+\s+of\s+)?$",
    re.I,
)


def _located_by_next(sentence: Sentence, place: ResolvedPlace) -> bool:
    """True when a resolved place right after ``place`` locates it ("X near Y")."""
    later = [p for p in sentence.places if p.mention.clean_start > place.mention.clean_end]
    if not later or later[0].place is None:
        return False
    gap = sentence_text(sentence, place.mention.clean_end, later[0].mention.clean_start)
    return bool(LOCATED_BY_RE.fullmatch(gap))


def region_fallback(context: Context, index: int, place: ResolvedPlace) -> ResolvedPlace | None:
    """An unresolved place at the nearest region the story resolves: the province of the
    sentence (or of its resolved places), else the article's province, else its country;
    the written name and its span stay, precision 3."""
    region = _story_region(context, index)
    if region is None or region.place is None:
        return None
    reason = f"{REGION_FALLBACK} {region.place.name}: {place.reason or 'unresolved'}"
    return place.model_copy(update={"place": region.place, "geo_precision": 3,
                                    "reason": reason, "candidates": []})  # fmt: skip


def _story_region(context: Context, index: int) -> ResolvedPlace | None:
    """The province the sentence's places lie in (when one), else the article's single
    province, else its single country, as a region-level place the text names."""
    sentence = context.sentences[index]
    here = [p for p in sentence.places if p.place and not not_a_site(sentence, p)]
    admin1s = {p.place.admin1 for p in here if p.place and p.place.admin1}
    regions = [p for p in [*here, *context.region_places] if p.geo_precision == 3 and p.place]
    provinces = [p for p in regions if p.place and p.place.admin1]
    if admin1s:
        named = [p for p in provinces if p.place and p.place.admin1 in admin1s]
        if len(admin1s) == 1 and named:
            return named[0]
    elif len({p.place.admin1 for p in provinces if p.place}) == 1:
        return provinces[0]
    countries = [p for p in regions if p.place and not p.place.admin1]
    if len({p.place.country for p in countries if p.place}) == 1:
        return countries[0]
    return None


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
    region = _article_region(context)
    return [region.model_copy(update={"geo_precision": 3})] if region else []


def _article_region(context: Context) -> ResolvedPlace | None:
    """The province every place of the article lies in, else the country they all lie in,
    when the article names that region itself (a country named beside its province is no
    rival; a town of another province is)."""
    places = [p.place for s in context.sentences for p in s.places
              if p.place and not not_a_site(s, p)]  # fmt: skip
    admin1s = {(p.country, p.admin1) for p in places if p.admin1}
    countries = {p.country for p in places}
    for region in context.region_places:
        geo = region.place
        if geo is None:
            continue
        if geo.admin1 and admin1s == {(geo.country, geo.admin1)}:
            return region
    for region in context.region_places:
        geo = region.place
        if geo is not None and not geo.admin1 and countries == {geo.country}:
            return region
    return None


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
    next_day = NEXT_DAY_RE.search(sentence.text)
    if next_day and context.narrative:  # the sentence's own date: its words are the evidence
        when = context.narrative[-1] + timedelta(days=1)
        start, end = sentence.start + next_day.start(), sentence.start + next_day.end()
        return when, 1, "text", DateMention(start, end, next_day.group(), when, 1, "next day")
    for earlier in reversed(context.sentences[max(0, index - 8) : index]):
        if earlier.paragraph != sentence.paragraph:
            break
        if FUTURE_RE.search(earlier.text):
            continue  # "His sentencing is scheduled for October 16"
        for mention in reversed(earlier.dates):
            if mention.value:
                return narrative_date(context, earlier, mention), mention.precision, "text", mention
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
