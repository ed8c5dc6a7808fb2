"""Event coding: sentences with codebook triggers become ACLED-style event reports.

One report per trigger sentence and place (ACLED counts one event per actor pair, day
and location); hypothetical or negated wording is skipped; every field taken from the
text carries its evidence span.  Within one article, a summary report (region-level or
undated) that repeats a more precise report is folded into it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from polemos.actors import ActorMention
from polemos.classify import NONE, Prediction, TypeModel, combine, type_model
from polemos.codebook import (
    BATTLES,
    CROWD_RE,
    DEADLY_FORCE_RE,
    DISORDER_TYPES,
    FATALITY_PATTERNS,
    IMPLIED_ACTOR1,
    PROTESTS,
    RIOTS,
    SUB_EVENT_TYPES,
    TERRITORY,
    VAC,
    VIOLENT_CROWD_RE,
    TriggerRule,
    first_trigger,
    number_value,
)
from polemos.explain import summary_note
from polemos.folding import fold_summaries
from polemos.models import (
    Actor,
    Article,
    Event,
    Evidence,
    ResolvedPlace,
    Span,
    short_id,
)
from polemos.temporal import DateMention, narrative_reading

VIOLENT_TYPES = {BATTLES, VAC, "Explosions/Remote violence"}
UNARMED = {"civilians", "protesters", "rioters"}
CROWDS = {"protesters", "rioters"}
COUNTRY_FILLED = {"civilians", "protesters", "rioters", "police_forces", "military_forces",
                  "unidentified"}  # fmt: skip


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


TERRITORY_TYPES = ("Government regains territory", "Non-state actor overtakes territory")
SPLITTING_TYPES = {"Armed clash", "Air/drone strike", *TERRITORY_TYPES}


def rule_label(sentence: Sentence, trigger: Trigger, prediction: Prediction) -> str:
    """The sub-event type the rules give; territory is settled by the classifier here."""
    sub_type = refine_trigger(sentence, trigger).rule.sub_event_type
    if sub_type != TERRITORY:
        return sub_type
    return max(TERRITORY_TYPES, key=lambda t: prediction.probabilities.get(t, 0.0))


def classify_sentence(
    sentence: Sentence, model: TypeModel
) -> tuple[Trigger | None, Prediction, str, str]:
    """(rule trigger, classifier prediction, combined sub-type or NONE, basis)."""
    trigger = detect_trigger(sentence)
    name = trigger.rule.name if trigger else None
    prediction = model.predict(sentence.text, name)
    by_rules = rule_label(sentence, trigger, prediction) if trigger else None
    label, basis = combine(by_rules, prediction)
    return trigger, prediction, label, basis


def classify_snippet(text: str, model: TypeModel) -> str:
    """ACLED sub-event type (or NONE) of a short event description, rules + classifier."""
    return classify_sentence(Sentence(0, len(text), text, 0), model)[2]


def code_article(
    article: Article, sentences: Sequence[Sentence], version: str, model: TypeModel | None = None
) -> list[Event]:
    """Event reports for one article (typed by the rules and the configured classifier)."""
    model = model or type_model()
    regions = [p for s in sentences for p in s.places if p.place and p.geo_precision == 3]
    triggers = [typed_trigger(sentence, model) for sentence in sentences]
    context = Context(article, list(sentences), regions, version, triggers)
    reports: list[Event] = []
    last: tuple[int, Event] | None = None
    for index, (sentence, trigger) in enumerate(zip(sentences, triggers, strict=True)):
        if _is_headline(sentences, sentence):
            continue
        if trigger is not None:
            coded = _code_sentence(context, index, trigger)
            reports.extend(coded)
            last = (index, coded[0]) if coded else last
        elif last is not None and index - last[0] <= 2:
            _add_fatalities(context, sentence, last[1])
    coded = fold_summaries(reports)
    for report in coded:
        report.notes = summary_note(report)
    return coded


EVENT_TYPE_OF = {sub: event_type for event_type, subs in SUB_EVENT_TYPES.items() for sub in subs}
NEVER_RE = re.compile(r"(?!)")


def typed_trigger(sentence: Sentence, model: TypeModel) -> Trigger | None:
    """The sentence's trigger with the sub-event type the rules and classifier agree on."""
    trigger, prediction, label, basis = classify_sentence(sentence, model)
    if label == NONE:
        return None
    if trigger is not None and basis != "classifier":
        return trigger
    sub_type = TERRITORY if label in TERRITORY_TYPES else label
    rule = TriggerRule("classifier", NEVER_RE, EVENT_TYPE_OF[label], sub_type, 0,
                       label in SPLITTING_TYPES)  # fmt: skip
    if trigger is not None:
        return Trigger(rule, trigger.start, trigger.end)
    start, end = prediction.cue or (0, len(sentence.text))
    return Trigger(rule, sentence.start + start, sentence.start + end)


def _is_headline(sentences: Sequence[Sentence], sentence: Sentence) -> bool:
    """A headline (first line, no final full stop) repeats the body: not coded on its own."""
    if sentence.paragraph != 0 or sentences[-1].paragraph == 0:
        return False
    return not sentence.text.rstrip().endswith((".", "!", "?", '"', "”"))


def _add_fatalities(context: Context, sentence: Sentence, report: Event) -> None:
    """Deaths reported in a follow-up sentence belong to the event just reported."""
    total, spans = find_fatalities(sentence)
    if not total:
        return
    report.fatalities += total
    for start, end in spans:
        report.evidence.append(Evidence.of("fatalities", context.article.span(start, end)))


def _previous_actor(context: Context, index: int, trigger: Trigger) -> ActorMention | None:
    """The acting side of an earlier sentence of the same kind ("Near X, five strikes ...")."""
    for position in reversed(range(max(0, index - 3), index)):
        earlier, earlier_trigger = context.sentences[position], context.triggers[position]
        if earlier_trigger is None or earlier_trigger.rule.event_type != trigger.rule.event_type:
            continue
        actor1, _ = assign_roles(earlier, earlier_trigger)
        if actor1 is not None:
            return actor1
    return None


def refine_trigger(sentence: Sentence, trigger: Trigger) -> Trigger:
    """Demonstrations: violent wording makes a riot, deadly force an excessive-force event."""
    rule = trigger.rule
    crowd = rule.event_type in (PROTESTS, RIOTS) or (
        rule.event_type == BATTLES and bool(CROWD_RE.search(sentence.text))
    )
    if not crowd:
        return trigger
    if DEADLY_FORCE_RE.search(sentence.text) and rule.event_type != RIOTS:
        sub_type, event_type = "Excessive force against protesters", PROTESTS
    elif VIOLENT_CROWD_RE.search(sentence.text):
        sub_type, event_type = "Violent demonstration", RIOTS
    else:
        return trigger
    refined = replace(rule, event_type=event_type, sub_event_type=sub_type, splits_places=False)
    return Trigger(refined, trigger.start, trigger.end)


def _code_sentence(context: Context, index: int, trigger: Trigger) -> list[Event]:
    sentence = context.sentences[index]
    trigger = refine_trigger(sentence, trigger)
    actor1, actor2 = assign_roles(sentence, trigger)
    if trigger.rule.event_type in (PROTESTS, RIOTS):
        actor1, actor2 = _demonstration_roles(context, index, actor1, actor2)
    elif _acts_later(sentence, trigger, actor1):
        inherited = _previous_actor(context, index, trigger)
        if inherited is not None and (actor1 is None or inherited.actor.id != actor1.actor.id):
            actor1, actor2 = inherited, actor1 if actor2 is None else actor2
    implied = trigger.rule.sub_event_type in IMPLIED_ACTOR1
    if actor1 is None and trigger.rule.event_type not in VIOLENT_TYPES and not implied:
        return []
    if trigger.rule.sub_event_type == "Armed clash" and (actor1 is None or actor2 is None):
        return []  # a battle needs two named armed sides
    places = choose_places(context, index, trigger)
    fatalities = find_fatalities(sentence)
    reports = []
    for position, place in enumerate(places or [None]):
        deaths = fatalities if position == 0 else (0, [])
        reports.append(_build(context, index, trigger, (actor1, actor2), place, deaths))
    return reports


def _demonstration_roles(
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


def _acts_later(sentence: Sentence, trigger: Trigger, actor1: ActorMention | None) -> bool:
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
    ]
    after = [m for m in sentence.actors if m.clean_start >= trigger.end]
    agent = _passive_agent(sentence, trigger, after)
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


def _claimant(sentence: Sentence) -> ActorMention | None:
    """The group that "claimed responsibility" in the sentence."""
    for mention in sentence.actors:
        rest = sentence.text[mention.clean_end - sentence.start :]
        if re.match(r"\s+(?:has |have |had )?(?:claimed|claims) responsibility", rest):
            return mention
    return None


def _directly_follows(sentence: Sentence, trigger: Trigger, mention: ActorMention) -> bool:
    """ "under control of X", "by X": the actor right after the trigger is the agent."""
    gap = sentence.text[trigger.end - sentence.start : mention.clean_start - sentence.start]
    return gap.strip().lower() in {"", "the", "by", "by the", "of", "of the"} and (
        trigger.rule.sub_event_type == TERRITORY or gap.strip().lower().startswith("by")
    )


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


def choose_places(context: Context, index: int, trigger: Trigger) -> list[ResolvedPlace]:
    """Where the event happened: resolved places of the sentence, else the context."""
    sentence = context.sentences[index]
    resolved = [p for p in sentence.places if p.place is not None]
    local = [p for p in resolved if p.geo_precision < 3]
    if local:
        after = [p for p in local if p.mention.clean_start >= trigger.start]
        if trigger.rule.splits_places and after:
            return _distinct(after)
        return [after[0] if after else local[-1]]
    if resolved:
        return [resolved[0]]
    return _inherited_place(context, index)


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
        resolved = [p for p in earlier.places if p.place is not None]
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
    for earlier in reversed(context.sentences[max(0, index - 8) : index]):
        if earlier.paragraph != sentence.paragraph:
            break
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


def _build(
    context: Context,
    index: int,
    trigger: Trigger,
    actors: tuple[ActorMention | None, ActorMention | None],
    place: ResolvedPlace | None,
    deaths: tuple[int, list[tuple[int, int]]],
) -> Event:
    article, sentence = context.article, context.sentences[index]
    when, precision, basis, date_mention = pick_date(context, index, trigger.start)
    if when is not None and basis == "text" and precision == 1:
        context.narrative.append(when)
    correction = context.corrections.get(date_mention.start, "") if date_mention else ""
    event_type, sub_type = _type_for(trigger, actors)
    country = (place.place.country or "") if place and place.place else ""
    actor1 = _actor_name(actors[0], country) or _unidentified(event_type, country)
    actor2 = _actor_name(actors[1], country)
    inter1 = _inter(actors[0], actor1)
    inter2 = _inter(actors[1], actor2) if actor2 else None
    implied_agent = not actor1 and sub_type in IMPLIED_ACTOR1
    if implied_agent:  # ACLED conventions: arrests by police, protests by protesters ...
        actor1, inter1 = _implied_actor1(sub_type, country)
    implied_victims = event_type == VAC and not actor2
    if implied_victims:  # ACLED: violence against civilians always has civilian victims
        actor2, inter2 = (f"Civilians ({country})" if country else "Civilians"), 7
    evidence = [Evidence.of("notes", article.span(sentence.start, sentence.end))]
    evidence.append(Evidence.of("sub_event_type", article.span(trigger.start, trigger.end)))
    evidence += _actor_evidence(article, actors)
    if date_mention is not None:
        evidence.append(_evidence(article, "event_date", date_mention))
    if place is not None:
        evidence.append(Evidence.of("location", place.mention.span))
    evidence += [Evidence.of("fatalities", article.span(s, e)) for s, e in deaths[1]]
    geo = place.place if place else None
    report_id = short_id(
        "rp", article.id, str(sentence.start), geo.gazetteer_id if geo else "", sub_type
    )
    return Event(
        event_id_cnty=report_id,
        event_date=when,
        year=when.year if when else None,
        time_precision=precision,
        disorder_type=DISORDER_TYPES[event_type],
        event_type=event_type,
        sub_event_type=sub_type,
        actor1=actor1,
        inter1=inter1,
        actor2=actor2,
        inter2=inter2,
        interaction=_interaction(inter1, inter2),
        civilian_targeting="Civilian targeting" if inter2 == 7 else "",
        iso=geo.iso_numeric if geo else None,
        region=(geo.region or "") if geo else "",
        country=(geo.country or "") if geo else "",
        admin1=(geo.admin1 or "") if geo else "",
        admin2=(geo.admin2 or "") if geo else "",
        location=geo.name if geo else "",
        latitude=geo.latitude if geo else None,
        longitude=geo.longitude if geo else None,
        geo_precision=place.geo_precision if place else None,
        source=article.source or "",
        notes="",
        fatalities=deaths[0],
        tags=_join_tags(
            _tags(basis, place, actors[0]),
            "actor1:implied" if implied_agent else "",
            "actor2:implied" if implied_victims else "",
            correction,
        ),
        evidence=evidence,
        article_ids=[article.id],
        date_basis=basis,
        pipeline_version=context.version,
    )


IMPLIED_NAMES = {
    "police_forces": ("Police Forces of {country}", "Police Forces", 1),
    "protesters": ("Protesters ({country})", "Protesters", 6),
    "rioters": ("Rioters ({country})", "Rioters", 5),
}


def _implied_actor1(sub_type: str, country: str) -> tuple[str, int]:
    with_country, bare, inter = IMPLIED_NAMES[IMPLIED_ACTOR1[sub_type]]
    return (with_country.format(country=country) if country else bare), inter


def _join_tags(*tags: str) -> str:
    return "; ".join(tag for tag in tags if tag)


def _evidence(article: Article, field_name: str, mention: DateMention) -> Evidence:
    span: Span = article.span(mention.start, mention.end)
    return Evidence.of(field_name, span)


def _actor_evidence(
    article: Article, actors: tuple[ActorMention | None, ActorMention | None]
) -> list[Evidence]:
    found = []
    for field_name, mention in zip(("actor1", "actor2"), actors, strict=True):
        if mention is not None:
            found.append(
                Evidence.of(field_name, article.span(mention.clean_start, mention.clean_end))
            )
    return found


def _type_for(
    trigger: Trigger, actors: tuple[ActorMention | None, ActorMention | None]
) -> tuple[str, str]:
    rule = trigger.rule
    actor1, actor2 = actors
    if rule.sub_event_type == TERRITORY:
        state = actor1 is not None and actor1.actor.inter == 1
        return (
            BATTLES,
            "Government regains territory" if state else "Non-state actor overtakes territory",
        )
    if rule.event_type == BATTLES and actor2 is not None and actor2.actor.inter == 7:
        return VAC, "Attack"
    return rule.event_type, rule.sub_event_type


def _actor_name(mention: ActorMention | None, country: str) -> str:
    if mention is None:
        return ""
    actor: Actor = mention.actor
    if actor.id in ("police_forces", "military_forces"):
        return f"{actor.name} of {country}" if country else actor.name
    if actor.id in COUNTRY_FILLED:
        return f"{actor.name} ({country})" if country else actor.name
    return actor.name


def _unidentified(event_type: str, country: str) -> str:
    if event_type not in VIOLENT_TYPES:
        return ""
    return f"Unidentified Armed Group ({country})" if country else "Unidentified Armed Group"


def _inter(mention: ActorMention | None, name: str) -> int | None:
    if mention is not None:
        return mention.actor.inter
    return 3 if name.startswith("Unidentified") else None


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _tags(basis: str, place: ResolvedPlace | None, actor1: ActorMention | None) -> str:
    tags = []
    if basis != "text":
        tags.append(f"date:{basis}")
    if place is None:
        tags.append("place:unresolved")
    if actor1 is not None and actor1.kind in {"descriptor", "provisional"}:
        tags.append(f"actor1:{actor1.kind}")
    return "; ".join(tags)
