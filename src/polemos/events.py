"""Event coding: sentences with codebook triggers become ACLED-style event reports.

ACLED counts one event per actor pair, day and location.  A sentence is coded as one unit,
or, when its clauses report events on distinct places or days ("near Ar Raqqah, five
strikes ...; near Mosul, three strikes ..."), as one unit per clause (``split_units``); a
clause that adds no place or day of its own folds into its neighbour, and the codebook's
priority picks the type ("clashes ... and an airstrike" is one battle).  Within a unit, rules
that split places give one report per place ("took control of Morek, Latmin and Lahya");
fatality figures stay with the place the text gives them to (``assign_fatalities``).
Hypothetical or negated wording is skipped; every field taken from the text carries its
evidence span.  Within one article, a summary report (region-level or undated) that repeats
a more precise report is folded into it.

The parts live in ``event_units`` (units, clauses), ``event_roles`` (actors),
``event_fields`` (place, fatalities, date) and ``event_build`` (the Event record).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from functools import partial

from polemos.actors import ActorMention
from polemos.classify import (
    ARTICLE,
    NONE,
    SNIPPET,
    Prediction,
    Thresholds,
    TypeModel,
    combine,
    forget_texts,
    type_model,
)
from polemos.codebook import (
    BATTLES,
    CROWD_RE,
    DEADLY_FORCE_RE,
    EXPLOSIONS,
    IMPLIED_ACTOR1,
    PROTESTS,
    REMENTION_RE,
    RIOTS,
    SUB_EVENT_TYPES,
    TERRITORY,
    VIOLENT_CROWD_RE,
    TriggerRule,
    number_value,
)
from polemos.event_build import VIOLENT_TYPES, build_event
from polemos.event_fields import (
    Fatalities,
    assign_fatalities,
    choose_places,
    find_fatalities,
    not_a_site,
    pick_date,
)
from polemos.event_roles import (
    acts_later,
    article_claimant,
    assign_roles,
    demonstration_roles,
    previous_actor,
)
from polemos.event_units import (
    CLASSIFIER_RULE,
    Context,
    SectionState,
    Sentence,
    Trigger,
    clauses,
    dated_background,
    detect_nominal,
    detect_trigger,
    is_list_line,
    not_an_event,
    passive_capture,
    section_items,
    span_of,
)
from polemos.explain import summary_note
from polemos.folding import fold_repeats, fold_summaries
from polemos.models import Article, Event, Evidence, ResolvedPlace

__all__ = [
    "Context", "Sentence", "Trigger", "assign_roles", "choose_places", "classify_sentence",
    "classify_snippet", "code_article", "detect_trigger", "find_fatalities", "pick_date",
    "refine_trigger", "split_units", "typed_trigger",
]  # fmt: skip

TERRITORY_TYPES = ("Government regains territory", "Non-state actor overtakes territory")
SPLITTING_TYPES = {"Armed clash", "Air/drone strike", *TERRITORY_TYPES}


def rule_label(sentence: Sentence, trigger: Trigger, prediction: Prediction) -> str:
    """The sub-event type the rules give; territory is settled by the classifier here."""
    sub_type = refine_trigger(sentence, trigger).rule.sub_event_type
    if sub_type != TERRITORY:
        return sub_type
    return max(TERRITORY_TYPES, key=lambda t: prediction.probabilities.get(t, 0.0))


def classify_sentence(
    sentence: Sentence, model: TypeModel, limits: Thresholds = ARTICLE
) -> tuple[Trigger | None, Prediction, str, str]:
    """(rule trigger, classifier prediction, combined sub-type or NONE, basis)."""
    trigger = detect_trigger(sentence)
    name = trigger.rule.name if trigger else None
    prediction = model.predict(sentence.text, name)
    by_rules = rule_label(sentence, trigger, prediction) if trigger else None
    label, basis = combine(by_rules, prediction, limits)
    return trigger, prediction, label, basis


def classify_snippet(text: str, model: TypeModel) -> str:
    """ACLED sub-event type (or NONE) of a short event description, rules + classifier."""
    return classify_sentence(Sentence(0, len(text), text, 0), model, SNIPPET)[2]


def code_article(
    article: Article, sentences: Sequence[Sentence], version: str, model: TypeModel | None = None
) -> list[Event]:
    """Event reports for one article (typed by the rules and the configured classifier)."""
    model = model or type_model()
    forget_texts()  # the per-text caches serve this article's sentences only
    units: list[Sentence] = []
    triggers: list[Trigger | None] = []
    wiki = SectionState()  # a heading starts a paragraph: nothing is inherited across it
    for sentence in sentences:
        if _is_headline(sentences, sentence):
            continue
        for item in section_items(sentence):
            if isinstance(item, str):
                wiki.enter(item)
                continue
            part = replace(item, paragraph=item.paragraph + wiki.headings)
            for unit, trigger in split_units(part, model):
                units.append(unit)
                trigger = _article_trigger(unit, trigger)
                past = wiki.background or dated_background(unit, article.published)
                triggers.append(None if past else trigger)
    regions = [p for s in sentences for p in s.places
               if p.place and p.geo_precision == 3 and not not_a_site(s, p)]  # fmt: skip
    context = Context(article, units, regions, version, triggers)
    coded = fold_summaries(fold_repeats(_walk(context), partial(_lower_bound, context)))
    for report in coded:
        report.notes = summary_note(report)
    return coded


def _walk(context: Context) -> list[Event]:
    """The reports of the article's units in order; follow-up sentences and re-mentions
    add to the events already reported instead of reporting new ones."""
    reports: list[Event] = []
    last: tuple[int, Event] | None = None
    group: list[Event] = []  # the events of the last unit that reported several
    for index, (unit, trigger) in enumerate(zip(context.sentences, context.triggers,
                                                strict=True)):  # fmt: skip
        follow_up = last is not None and index - last[0] <= 2
        numbered = numbered_event(unit, group) if trigger is None else None
        again = re_mention(unit, trigger, reports, follow_up) if trigger else None
        if numbered is not None:  # "The second bombing occurred in Kabul"
            _restate_fatalities(context, unit, numbered)
            last = (index, numbered)
        elif again is not None:
            _restate_fatalities(context, unit, again)
        elif trigger is not None and not (follow_up and _only_reports_deaths(unit, trigger)):
            coded = _code_unit(context, index, trigger)
            reports.extend(coded)
            last = (index, coded[-1]) if coded else last
            group = coded if len(coded) > 1 else group
        elif last is not None and follow_up and not is_list_line(unit):
            _weapon_reading(context, unit, last[1])
            _follow_up_fatalities(context, unit, last[1])
    return reports


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
NUMBERED_RE = re.compile(
    r"(?P<before>\b(?:after|before|since|following|than)\s+)?\b(?:the|this|that|an?)\s+"
    r"(?P<nth>first|second|third|fourth|fifth)\s+(?:[\w-]+\s+)?"
    r"(?:attack|blast|explosion|bombing|strike|airstrike|assault|raid)\b",
    re.I,
)


def numbered_event(unit: Sentence, group: list[Event]) -> Event | None:
    """ "Two bombings killed 48 in Charikar and Kabul. The first attack ... killed 26":
    the event of the group that an ordinal re-mention names ("after the first attack, a
    second bombing ..." names the second)."""
    named = [m for m in NUMBERED_RE.finditer(unit.text) if not m["before"]]
    if not named or len(group) < 2:
        return None
    nth = ORDINALS[named[-1]["nth"].lower()]
    return group[nth - 1] if nth <= len(group) else None


# "The clashes around the positions took place with casualties ...": a sentence opening
# with a definite event noun tells more about the event just reported.
OPENING_MENTION_RE = re.compile(
    r"^\W*(?:the|this|that|these|those)\s+(?:[\w-]+\s+){0,2}?(?:(?P<battle>clash(?:es)?|"
    r"fighting|battles?|raids?|assault)|(?P<blast>bombings?|blasts?|explosions?|strikes?|"
    r"air ?strikes?|shelling)|attacks?|incidents?|operations?)\b",
    re.I,
)
# "... and the bomb exploded at 9:20", "involved in the failed assassination attempt".
DEFINITE_RE = re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+)?$", re.I)


def re_mention(
    unit: Sentence, trigger: Trigger, reports: list[Event], follow_up: bool
) -> Event | None:
    """The event already reported that a unit with no date of its own tells more about; None
    when the unit may report a new event.  Without a place of its own either, the unit opens
    with a definite event noun right after that event ("The clashes ... took place with
    casualties"), or its trigger is a definite noun phrase ("the bomb exploded") of a kind
    already reported; quoted speech ("'a bomb went off in New York', said ...") may name the
    event's province again."""
    if not reports:
        return None
    prefix = unit.text[: trigger.start - unit.start]
    if unit.dates:
        return _same_place_again(unit, trigger, reports, prefix)
    same_kind = [r for r in reversed(reports) if r.event_type == trigger.rule.event_type]
    admin1s = {p.place.admin1 for p in unit.places if p.place}
    if _in_quotation(prefix):
        return next((r for r in same_kind if not admin1s or admin1s == {r.admin1}), None)
    if admin1s:
        return None
    opening = OPENING_MENTION_RE.match(unit.text)
    if follow_up and opening:
        kinds = {BATTLES} if opening["battle"] else {EXPLOSIONS} if opening["blast"] else None
        return next((r for r in reversed(reports) if kinds is None or r.event_type in kinds),
                    None)  # fmt: skip
    return same_kind[0] if same_kind and _definite_noun(unit, trigger, prefix) else None


def _same_place_again(
    unit: Sentence, trigger: Trigger, reports: list[Event], prefix: str
) -> Event | None:
    """ "On Friday, Colombia blamed the ELN for the bombing of a police academy in Bogota":
    a definite event noun at a place where an event of its kind was reported in the week
    before is that event again; the unit's date belongs to its other verb ("blamed")."""
    if not _definite_noun(unit, trigger, prefix):
        return None
    names = {p.place.name for p in unit.places if p.place}
    latest = max((d.value for d in unit.dates if d.value), default=None)
    for report in reversed(reports):
        days = (latest - report.event_date).days if latest and report.event_date else None
        if (report.sub_event_type == trigger.rule.sub_event_type and report.location in names
                and days is not None and 0 <= days <= 7):  # fmt: skip
            return report
    return None


def _definite_noun(unit: Sentence, trigger: Trigger, prefix: str) -> bool:
    """ "the bomb exploded", "the failed assassination attempt": the trigger heads a definite
    noun phrase (not "the rebels attacked", where "the" goes with the actor)."""
    match = DEFINITE_RE.search(prefix)
    if match is None:
        return False
    word = unit.text[trigger.start - unit.start : trigger.end - unit.start].split()[0]
    start = unit.start + match.start()
    after_the = [a for a in unit.actors if start <= a.clean_start < trigger.start]
    return not after_the and not word.lower().endswith("ed")


def _in_quotation(prefix: str) -> bool:
    """True when the text before a trigger opens a quotation it has not closed: a speaker
    commenting on an event ("'a bomb went off in New York', said ...")."""
    return prefix.count("“") > prefix.count("”") or prefix.count('"') % 2 == 1


def _weapon_reading(context: Context, unit: Sentence, report: Event) -> None:
    """ "Witnesses believe the attack in Daquq was an air strike": a re-mention that names
    the weapon of an attack just reported makes it that explosion."""
    if report.sub_event_type != "Attack":
        return
    found = detect_trigger(unit)
    if found is None or found.rule.event_type != EXPLOSIONS:
        return
    if not REMENTION_RE.search(unit.text[: found.start - unit.start]):
        return
    report.event_type, report.sub_event_type = EXPLOSIONS, found.rule.sub_event_type
    span = context.article.span(found.start, found.end)
    report.replace_evidence("sub_event_type", [Evidence.of("sub_event_type", span)])


# "The attack also killed ...", "three more": deaths added to the toll, not restating it.
MORE_DEATHS_RE = re.compile(r"\b(?:also|more|another|other|others|further|additional)\b", re.I)


# "22 people were killed in this attack": a toll of the event already reported.
BACK_REFERENCE_RE = re.compile(
    r"\b(?:in|during|by|from)\s+(?:the|this|that)\s+(?:[\w-]+\s+)?(?:attack|blast|"
    r"explosion|bombing|incident|strike|clashes|fighting|assault|raid)\b",
    re.I,
)


def _follow_up_fatalities(context: Context, unit: Sentence, report: Event) -> None:
    """Deaths in the sentences after an event: "The explosion killed 12", "12 were killed
    in this attack" restate the toll (the conservative figure stays), other follow-ups add
    theirs."""
    restated = OPENING_MENTION_RE.match(unit.text) or BACK_REFERENCE_RE.search(unit.text)
    if restated and not MORE_DEATHS_RE.search(unit.text):
        _restate_fatalities(context, unit, report)
    else:
        _add_fatalities(context, unit, report)


def _restate_fatalities(context: Context, unit: Sentence, report: Event) -> None:
    """Deaths in a re-mention are another figure for the same victims, not more of them:
    the event keeps the most conservative reported figure."""
    total, spans = find_fatalities(unit)
    if not total or (report.fatalities and report.fatalities <= total
                     and not _lower_bound(context, report)):  # fmt: skip
        return
    report.fatalities = total
    found = [Evidence.of("fatalities", context.article.span(start, end)) for start, end in spans]
    report.replace_evidence("fatalities", found)


LOWER_BOUND_RE = re.compile(r"\b(?:over|more than|at least)\s+$", re.I)


def _lower_bound(context: Context, report: Event) -> bool:
    """ "killed over 26" ... "26 people and the bomber were killed": a figure given as a
    lower bound is not contradicted by a higher restated one, which is the precise toll."""
    spans = [e for e in report.evidence if e.field == "fatalities"]
    if len(spans) != 1:
        return False
    before = context.article.text[max(0, spans[0].start - 12) : spans[0].start]
    return bool(LOWER_BOUND_RE.search(before))


def _article_trigger(unit: Sentence, trigger: Trigger | None) -> Trigger | None:
    """Article-only checks on a unit's trigger: background and re-mentions are not events;
    a unit without a verb trigger may report its event with a noun ("a Friday blast"), and
    a bombing named next to an attack gives the weapon ("the X bombing was an attack")."""
    if trigger is not None and not_an_event(unit, trigger):
        return None
    if trigger is not None:
        trigger = passive_capture(unit, trigger)
    if trigger is None or trigger.rule.sub_event_type == "Attack":
        nominal = detect_nominal(unit)  # "the X bombing was an attack on ...": the weapon
        if nominal is not None and (trigger is None or nominal.rule.event_type == EXPLOSIONS):
            return nominal
    return trigger


def split_units(sentence: Sentence, model: TypeModel) -> list[tuple[Sentence, Trigger | None]]:
    """The sentence as one unit, or one unit per clause reporting its own place or day.

    Clauses without a trigger join the event clause before them (the first event clause
    when they lead).  An event clause with no place or date of its own, or with the same
    ones as the previous event clause, folds into it: the merged unit is typed again, so
    the codebook's priority settles the type (a battle absorbs its air strikes).
    """
    whole = typed_trigger(sentence, model)
    parts = clauses(sentence)
    if whole is None or len(parts) < 2:
        return [(sentence, whole)]
    groups: list[list[Sentence]] = []
    has_event: list[bool] = []
    for part in parts:
        starts_event = typed_trigger(part, model) is not None
        new_event = bool(groups) and has_event[-1] and starts_event
        if groups and not (new_event and _own_setting(part, groups[-1])):
            groups[-1].append(part)  # leading clauses join the first event clause
            has_event[-1] = has_event[-1] or starts_event
        else:
            groups.append([part])
            has_event.append(starts_event)
    if len(groups) < 2:
        return [(sentence, whole)]
    units = [span_of(sentence, group[0], group[-1]) for group in groups]
    return [(unit, typed_trigger(unit, model)) for unit in units]


def _own_setting(part: Sentence, previous: list[Sentence]) -> bool:
    """True when ``part`` names a place or day the previous event clause does not."""
    places = {p.place.gazetteer_id for p in part.places if p.place}
    days = {d.value for d in part.dates if d.value}
    if not places and not days:
        return False
    before_places = {p.place.gazetteer_id for u in previous for p in u.places if p.place}
    before_days = {d.value for u in previous for d in u.dates if d.value}
    return bool(places - before_places) or bool(days - before_days)


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
    rule = TriggerRule(CLASSIFIER_RULE, NEVER_RE, EVENT_TYPE_OF[label], sub_type, 0,
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


def _only_reports_deaths(unit: Sentence, trigger: Trigger) -> bool:
    """A sentence typed by the classifier alone that reports deaths ("About 30 militants were
    killed") right after an event gives that event's fatalities, not a new event."""
    if trigger.rule.name != CLASSIFIER_RULE or detect_trigger(unit) is not None:
        return False
    return find_fatalities(unit)[0] > 0


def _add_fatalities(context: Context, sentence: Sentence, report: Event) -> None:
    """Deaths reported in a follow-up sentence belong to the event just reported; a figure
    that refers back to known victims ("All six of the members killed") adds nothing."""
    total, spans = find_fatalities(sentence)
    spans = [(s, e) for s, e in spans if not _refers_back(context.article.clean_text[:s])]
    total = sum(number_value(context.article.clean_text[s:e]) or 0 for s, e in spans)
    if not total:
        return
    report.fatalities += total
    for start, end in spans:
        report.evidence.append(Evidence.of("fatalities", context.article.span(start, end)))


def _refers_back(before: str) -> bool:
    """ "All six of the members killed": a figure for victims already counted (but "killing
    the three on the spot" reports them)."""
    tail = before[-20:]
    if re.search(r"\b(?:killing|killed|kills)\s+the\s+$", tail, re.I):
        return False
    return bool(re.search(r"\b(?:all|the|those|these|both)\s+$", tail, re.I))


def refine_trigger(sentence: Sentence, trigger: Trigger) -> Trigger:
    """Demonstrations: violent wording makes a riot; else deadly force makes an excessive-force
    event (ACLED: excessive force is used against peaceful protesters)."""
    rule = trigger.rule
    crowd = rule.event_type in (PROTESTS, RIOTS) or (
        rule.event_type == BATTLES and bool(CROWD_RE.search(sentence.text))
    )
    if not crowd:
        return trigger
    if VIOLENT_CROWD_RE.search(sentence.text):  # ACLED: violent crowds make riots, even
        sub_type, event_type = "Violent demonstration", RIOTS  # when force kills some of them
    elif DEADLY_FORCE_RE.search(sentence.text) and rule.event_type != RIOTS:
        sub_type, event_type = "Excessive force against protesters", PROTESTS
    else:
        return trigger
    refined = replace(rule, event_type=event_type, sub_event_type=sub_type, splits_places=False)
    return Trigger(refined, trigger.start, trigger.end)


NOMINAL_AGENTLESS = {"nominal_bombing", "nominal_attack"}
# "ETA's bombing", "the Taliban fighters' bombing": what may sit between an actor and the
# nominal trigger it owns.
OWNER_GAP_RE = re.compile(
    r"(?:'s|’s)?\s*(?:(?:fighters|militants|members|gunmen|insurgents|rebels|"
    r"troops|forces|unit|cell)\s+)?"
)


def _owns(sentence: Sentence, actor: ActorMention, trigger: Trigger) -> bool:
    """ "the Taliban car bombing", "ETA's bombing", "Taliban fighters set off a car bomb": the
    actor right before a nominal trigger, or the subject of an agentive verb before it."""
    gap = sentence.text[actor.clean_end - sentence.start : trigger.start - sentence.start]
    if actor.clean_end > trigger.start or "," in gap:
        return False
    return bool(OWNER_GAP_RE.fullmatch(gap) or AGENT_VERB_RE.search(gap))


# "Taliban fighters set off a car bomb": a verb that makes the actor before a noun its agent.
AGENT_VERB_RE = re.compile(
    r"\b(?:set off|detonated|planted|carried out|staged|launched|claimed|used|exploded)\b", re.I
)


COUNTED_RE = re.compile(r"\b(?:two|three|four|five|twin|both|\d+)\s+(?:[\w-]+\s+)?$", re.I)


def counted_split(sentence: Sentence, trigger: Trigger) -> Trigger:
    """ "Two suicide bombings killed 48 in Charikar and Kabul": a counted plural trigger
    splits its places like the rules marked *splits places*."""
    word = sentence.text[trigger.start - sentence.start : trigger.end - sentence.start]
    prefix = sentence.text[: trigger.start - sentence.start]
    if trigger.rule.splits_places or not word.lower().endswith("s"):
        return trigger
    if not COUNTED_RE.search(prefix[-30:]):
        return trigger
    return Trigger(replace(trigger.rule, splits_places=True), trigger.start, trigger.end)


def _below_country(place: ResolvedPlace) -> bool:
    """True for a resolved place inside a country (a town, a province), not a country."""
    geo = place.place
    return geo is not None and bool(geo.admin1) and not geo.feature.startswith("PCL")


def _code_unit(context: Context, index: int, trigger: Trigger) -> list[Event]:
    sentence = context.sentences[index]
    trigger = refine_trigger(sentence, trigger)
    actor1, actor2 = assign_roles(sentence, trigger)
    if trigger.rule.event_type in (PROTESTS, RIOTS):
        actor1, actor2 = demonstration_roles(context, index, actor1, actor2)
    elif acts_later(sentence, trigger, actor1):
        inherited = previous_actor(context, index, trigger)
        if inherited is not None and (actor1 is None or inherited.actor.id != actor1.actor.id):
            actor1, actor2 = inherited, actor1 if actor2 is None else actor2
    if (
        trigger.rule.name in NOMINAL_AGENTLESS
        and actor1 is not None
        and not _owns(sentence, actor1, trigger)
    ):
        actor1 = None  # "police searched for the man behind a Friday blast": not the agent
    if actor1 is None and trigger.rule.event_type in VIOLENT_TYPES:
        actor1 = article_claimant(context, index)  # "the Taliban claimed responsibility"
    implied = trigger.rule.sub_event_type in IMPLIED_ACTOR1
    if actor1 is None and trigger.rule.event_type not in VIOLENT_TYPES and not implied:
        return []
    if trigger.rule.sub_event_type == "Armed clash" and (actor1 is None or actor2 is None):
        return []  # a battle needs two named armed sides
    places = choose_places(context, index, counted_split(sentence, trigger))
    if trigger.rule.sub_event_type == "Arrests" and not any(map(_below_country, places)):
        return []  # an arrest is coded where it happened, not somewhere in a country
    deaths: list[Fatalities] = assign_fatalities(sentence, places)
    actors: tuple[ActorMention | None, ActorMention | None] = (actor1, actor2)
    if len(places) < 2:
        return [build_event(context, index, trigger, actors, places[0] if places else None,
                            deaths[0], trigger.start)]  # fmt: skip
    return [
        build_event(context, index, trigger, actors, place, share, place.mention.clean_start)
        for place, share in zip(places, deaths, strict=True)
    ]
