"""Relation extraction: time-stamped claims about actors, with evidence spans.

Interface (for the actor graph):

- ``extract_relations(article, doc, mentions, dates) -> list[RelationClaim]``: one article.
  ``doc`` is the spaCy doc of ``article.clean_text`` (the ``Extractor``'s), ``mentions`` its
  actor mentions (``ActorMention`` from ``ActorResolver.resolve``; ``EntityMention`` from
  ``polemos.entities`` is accepted too, and people named by spaCy are added), ``dates`` the
  article's date mentions in clean-text offsets (``find_dates(clean_text, published)``; or
  ``None`` to find them here).
- ``relations_for_text(text, extractor, published=None)``: the same from a plain text.

Each ``RelationClaim`` has a type from the actor-graph vocabulary (``RELATION_TYPES``),
its ``head`` and ``tail`` (``RelationArgument``: the resolved actor id when known, the
surface text always, and the span), the trigger and sentence spans, the date with its
ACLED time precision and basis (``text``: a date of the same clause; ``publication_date``:
no date in the clause, so the claim holds as of publication), a rule confidence and the
article id.  Every span is a ``Span`` of ``Article.text`` (mapped through
``Article.span``, as event evidence is).

Patterns read the sentence around a trigger phrase: "X joined / merged with / pledged
allegiance to Y", "X was expelled from Y", "X changed its name to Y", "X (formerly Y)",
"X, formerly known as Y", "X-linked Y", "X, a faction / an affiliate of Y", "clashes between
X and Y", "X and Y fought together", "fighting against", "led by P", "P, the leader of X",
"unit, part of force", "X within Y", "Y, which includes X", "partners, notably X", "the
X-Y war".  A person's oath or joining binds the group the text says they lead.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from polemos.actors import ActorMention
from polemos.entities import EntityMention
from polemos.models import Article, Span
from polemos.relation_rules import GROUP_OF_MEMBERS, LEADER_NOUNS, ROLE_NOUNS, RULES, Rule
from polemos.temporal import DateMention, find_dates

if TYPE_CHECKING:
    from polemos.pipeline import Extractor

RELATION_TYPES = ("renamed_to", "alias_of", "member_of", "splinter_of", "merged_into",
                  "allied_with", "fighting_against", "pledged_allegiance_to", "expelled_from",
                  "leader_of", "part_of")  # fmt: skip
UNARMED_KINDS = {"civilians", "protesters", "rioters"}
MAX_GAP = 60  # characters between a trigger and its tail
CLAUSE_BREAK_RE = re.compile(r";|,\s+(?:but|while|whereas|and then)\b|\.\s")
GOVERNING_RE = re.compile(
    r"\b(?:with|of|to|against|from|within|into|towards?|for|between|by|as)\s+(?:the\s+)?$", re.I
)


@dataclass(frozen=True)
class Argument:
    """One side of a relation in clean text."""

    start: int
    end: int
    text: str
    actor_id: str | None
    name: str | None
    kind: str  # actor kind, or the entity type for entity mentions


@dataclass(frozen=True)
class RelationArgument:
    """A side of a claim: the resolved actor (when known) and the surface text."""

    actor_id: str | None
    name: str | None
    text: str
    span: Span


@dataclass(frozen=True)
class RelationClaim:
    """A typed relation read from one sentence, with its evidence and date."""

    type: str
    head: RelationArgument
    tail: RelationArgument
    trigger_span: Span
    sentence: Span
    date: date | None
    date_precision: int
    date_basis: str
    confidence: float
    article_id: str

    @property
    def head_span(self) -> Span:
        return self.head.span

    @property
    def tail_span(self) -> Span:
        return self.tail.span

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready record."""
        return {
            "type": self.type, "head": _argument_dict(self.head),
            "tail": _argument_dict(self.tail), "trigger": self.trigger_span.model_dump(),
            "sentence": self.sentence.model_dump(),
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision, "date_basis": self.date_basis,
            "confidence": self.confidence, "article_id": self.article_id,
        }  # fmt: skip


def _argument_dict(argument: RelationArgument) -> dict[str, Any]:
    return {"actor_id": argument.actor_id, "name": argument.name, "text": argument.text,
            "span": argument.span.model_dump()}  # fmt: skip


@dataclass
class _Found:
    rule: Rule
    head: Argument
    tail: Argument
    trigger: tuple[int, int]


@dataclass
class _SentenceContext:
    start: int
    end: int
    text: str
    arguments: list[Argument] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)


def to_arguments(doc: Any, mentions: Sequence[ActorMention | EntityMention]) -> list[Argument]:
    """Actor or entity mentions as relation arguments, plus the people spaCy names."""
    arguments = [a for a in (_argument(m) for m in mentions) if a is not None]
    for ent in doc.ents:
        if ent.label_ == "PERSON" and not any(
            a.start < ent.end_char and ent.start_char < a.end for a in arguments
        ):
            arguments.append(Argument(ent.start_char, ent.end_char, ent.text, None, None, "Person"))
    return sorted(arguments, key=lambda a: a.start)


def _argument(mention: ActorMention | EntityMention) -> Argument | None:
    if isinstance(mention, ActorMention):
        if mention.kind in UNARMED_KINDS:
            return None
        actor = mention.actor
        return Argument(mention.clean_start, mention.clean_end, "", actor.id, actor.name,
                        mention.kind)  # fmt: skip
    if mention.type not in {"Organisation", "Person", "Nationality", "Location"}:
        return None
    return Argument(mention.start, mention.end, mention.text, mention.actor_id, None, mention.type)


def extract_relations(
    article: Article, doc: Any, mentions: Sequence[ActorMention | EntityMention],
    dates: Sequence[DateMention] | None = None,
) -> list[RelationClaim]:  # fmt: skip
    """Relation claims of one article (offsets of ``mentions``/``dates``: clean text)."""
    from polemos.pipeline import split_sentences

    text = article.clean_text
    arguments = [_with_text(a, text) for a in to_arguments(doc, mentions)]
    if dates is None:
        dates = find_dates(text, article.published)
    claims: list[RelationClaim] = []
    found_all: list[_Found] = []
    for sentence in split_sentences(doc):
        context = _SentenceContext(sentence.start, sentence.end, sentence.text)
        context.arguments = [a for a in arguments if sentence.start <= a.start < sentence.end]
        context.dates = [d for d in dates if sentence.start <= d.start < sentence.end]
        found = _propagate_to_groups(find_in_sentence(context), found_all)
        found_all += found
        claims += [_claim(article, context, item) for item in found]
    return claims


def _with_text(argument: Argument, text: str) -> Argument:
    surface = text[argument.start : argument.end]
    return Argument(argument.start, argument.end, surface, argument.actor_id, argument.name,
                    argument.kind)  # fmt: skip


def find_in_sentence(context: _SentenceContext) -> list[_Found]:
    """Every rule match of one sentence with both arguments found (one per trigger span)."""
    found: list[_Found] = []
    taken: list[tuple[int, int]] = []
    for rule in RULES:
        for match in rule.pattern.finditer(context.text):
            trigger = (context.start + match.start(), context.start + match.end())
            if any(trigger[0] < e and s < trigger[1] for s, e in taken):
                continue
            pairs = SHAPES[rule.shape](context, trigger)
            pairs = [(h, t) for h, t in pairs if _distinct(h, t, rule)]
            for head, tail in pairs:
                found.append(_Found(rule, head, tail, trigger))
            if pairs:
                taken.append(trigger)
    return found


NON_ACTING_TYPES = {"Location", "Nationality"}  # entity types that cannot hold a relation
GROUP_TAIL_RELATIONS = {"member_of", "leader_of", "part_of"}  # the tail is a group


def _distinct(head: Argument, tail: Argument, rule: Rule) -> bool:
    if head.start == tail.start or head.text.lower() == tail.text.lower() != "":
        return False
    if rule.type not in {"renamed_to", "alias_of"} and not _can_relate(head, tail, rule):
        return False
    same_actor = head.actor_id is not None and head.actor_id == tail.actor_id
    return not same_actor or rule.type in {"renamed_to", "alias_of"}


def _can_relate(head: Argument, tail: Argument, rule: Rule) -> bool:
    """A place or nationality adjective ("Iraqi") never acts and is only fought; a person is
    never the group of a membership or leadership."""
    if head.kind in NON_ACTING_TYPES or rule.type in GROUP_TAIL_RELATIONS and tail.kind == "Person":
        return False
    return tail.kind not in NON_ACTING_TYPES or rule.type == "fighting_against"


def _clause_of(context: _SentenceContext, position: int) -> tuple[int, int]:
    """Clean offsets of the clause of the sentence holding ``position``."""
    start, end = context.start, context.end
    for match in CLAUSE_BREAK_RE.finditer(context.text):
        offset = context.start + match.start()
        if offset < position:
            start = context.start + match.end()
        elif offset >= position:
            end = offset
            break
    return start, end


def _gap(context: _SentenceContext, start: int, end: int) -> str:
    return context.text[start - context.start : end - context.start]


def _governed(context: _SentenceContext, argument: Argument) -> bool:
    before = context.text[
        max(0, argument.start - context.start - 20) : argument.start - context.start
    ]
    return bool(GOVERNING_RE.search(before))


def _head_before(context: _SentenceContext, trigger: tuple[int, int]) -> Argument | None:
    """The acting side: the nearest ungoverned argument before the trigger, same clause."""
    clause_start, _ = _clause_of(context, trigger[0])
    before = [a for a in context.arguments if clause_start <= a.start and a.end <= trigger[0]]
    free = [a for a in before if not _governed(context, a)]
    return free[-1] if free else None


def _tail_after(context: _SentenceContext, trigger: tuple[int, int]) -> Argument | None:
    for argument in context.arguments:
        if argument.start >= trigger[1] and _negated_prefix(context, argument):
            return None
        if argument.start >= trigger[1] and not _modifies_next(context, argument):
            gap = _gap(context, trigger[1], argument.start)
            if len(gap) <= MAX_GAP and not CLAUSE_BREAK_RE.search(gap) and "," not in gap:
                return None if OTHER_OBJECT_RE.search(gap) else argument
            return None
    return None


# A gap that holds another object before the argument: "to defeat terrorism and to give
# [all Iraqis] …", "targeting the training with [the Iraqis]".
OTHER_OBJECT_RE = re.compile(r"\b(?:and|or)\s+to\b|\w\s+with\s+(?:the\s+)?$", re.I)
NEGATED_PREFIX_RE = re.compile(r"\b(?:anti|counter|pro|non)-$", re.I)


def _negated_prefix(context: _SentenceContext, argument: Argument) -> bool:
    """ "anti-coalition forces": the argument names the group's opponent, not the group."""
    offset = argument.start - context.start
    before = context.text[max(0, offset - 8) : offset]
    return bool(NEGATED_PREFIX_RE.search(before))


MODIFIER_AFTER_RE = re.compile(r"-(?:linked|affiliated|aligned|allied|backed|held|led|run)\b")


def _modifies_next(context: _SentenceContext, argument: Argument) -> bool:
    """ "ISIS-linked X": ISIS qualifies X, which is the argument."""
    return bool(MODIFIER_AFTER_RE.match(context.text, argument.end - context.start))


Pairs = list[tuple[Argument, Argument]]


def _forward(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    head, tail = _head_before(context, trigger), _tail_after(context, trigger)
    return [(head, tail)] if head and tail else []


def _adjacent_before(context: _SentenceContext, trigger: tuple[int, int]) -> Argument | None:
    before = [a for a in context.arguments if a.end <= trigger[0]]
    if before and len(_gap(context, before[-1].end, trigger[0]).strip(" \"'’”")) <= 1:
        return before[-1]
    return None


def _reverse_adjacent(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "X (formerly Y)": Y was renamed X."""
    current, former = _adjacent_before(context, trigger), _tail_after(context, trigger)
    return [(former, current)] if current and former else []


def _adjacent_forward(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    head, tail = _adjacent_before(context, trigger), _tail_after(context, trigger)
    return [(head, tail)] if head and tail else []


def _modifier(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "ISIS-linked Liwa al-Aqsa": the modified group is allied with the modifier."""
    before = [a for a in context.arguments if a.end == trigger[0]]
    tail = _tail_after(context, trigger)
    if before and tail and len(_gap(context, trigger[1], tail.start).split()) <= 1:
        return [(tail, before[-1])]
    return []


def _between(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    after = [a for a in context.arguments if a.start >= trigger[1]][:3]
    if len(after) >= 2 and re.search(r"\band\b", _gap(context, after[0].end, after[1].start)):
        return [(after[0], after[1])]
    return []


def _pair_before(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    before = [a for a in context.arguments if a.end <= trigger[0]][-2:]
    if len(before) == 2 and re.fullmatch(
        r"\s*and\s+(?:the\s+)?", _gap(context, before[0].end, before[1].start)
    ):
        return [(before[0], before[1])]
    return []


def _object_then(word: str) -> Any:
    def shape(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
        """ "the joining of X to Y", "the expulsion of X from Y"."""
        head = _tail_after(context, trigger)
        if head is None:
            return []
        rest = _gap(context, head.end, context.end)
        if not re.match(rf"\s+{word}\s", rest):
            return []
        tail = _tail_after(context, (head.end, head.end + len(word) + 1))
        return [(head, tail)] if tail else []

    return shape


def _is_person(argument: Argument) -> bool:
    return argument.kind == "Person"


def _person_after(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "X, led by P": P leads X."""
    tail, person = _head_before(context, trigger), _tail_after(context, trigger)
    return [(person, tail)] if tail and person and _is_person(person) else []


def _person_before(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "P, the leader of X"."""
    person, group = _adjacent_before(context, trigger), _tail_after(context, trigger)
    return [(person, group)] if person and group and _is_person(person) else []


def _role_of_then_person(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "Leader of X in the region, P, took ...": the person after the group."""
    group = _tail_after(context, trigger)
    if group is None:
        return []
    later = [a for a in context.arguments if a.start >= group.end and _is_person(a)]
    if later and len(_gap(context, group.end, later[0].start)) <= 40:
        return [(later[0], group)]
    return []


def _possessive_role(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "P, X's deputy director": P holds a role in X."""
    group = next((a for a in context.arguments if a.end == trigger[0]), None)
    person = _adjacent_before(context, (group.start, group.end)) if group else None
    if group is None or person is None or not _is_person(person):
        return []
    return [(person, group)] if _gap(context, person.end, group.start).strip() == "," else []


ROLE_AFTER_RE = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{ROLE_NOUNS}|{LEADER_NOUNS})\b")


def _role_apposition(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "P, an ISIL field commander": P belongs to the group named in the apposition."""
    person = _adjacent_before(context, trigger)
    group = next((a for a in context.arguments if a.start == trigger[1]), None)
    if person is None or group is None or not _is_person(person):
        return []
    return [(person, group)] if ROLE_AFTER_RE.match(_gap(context, group.end, context.end)) else []


def _possessive_allies(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "X and their Y allies" (the allies an argument of their own, or "Y" alone)."""
    holding = next((a for a in context.arguments if a.start < trigger[0] < a.end), None)
    if holding is not None and re.match(r"(?:their|its|his)\b", holding.text, re.I):
        before = [a for a in context.arguments if a.end <= holding.start][-1:]
        gap = _gap(context, before[0].end, holding.start) if before else ""
        return [(before[0], holding)] if re.fullmatch(r"\s*and\s+", gap) else []
    before = [a for a in context.arguments if a.end <= trigger[0]][-2:]
    if len(before) == 2 and re.search(
        r"\band\s+(?:their|its|his)\s*$", _gap(context, before[0].end, before[1].start)
    ):
        return [(before[0], before[1])]
    return []


def _hyphen_pair(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "the Iran-Iraq war": the two sides joined by a hyphen before the noun."""
    before = [a for a in context.arguments if a.end <= trigger[0]][-2:]
    if len(before) < 2 or _gap(context, before[1].end, trigger[0]).strip():
        return []
    return [(before[0], before[1])] if _gap(context, before[0].end, before[1].start) in (
        "-", "–") else []  # fmt: skip


GROUP_NOUN_END_RE = re.compile(rf"\b{GROUP_OF_MEMBERS}$", re.I)


def _member_of_group_noun(context: _SentenceContext, trigger: tuple[int, int]) -> Pairs:
    """ "our partners, notably X": X is one of the group the noun names."""
    group, member = _adjacent_before(context, trigger), _tail_after(context, trigger)
    if group is None or member is None or not GROUP_NOUN_END_RE.search(group.text):
        return []
    return [(member, group)]


SHAPES: dict[str, Any] = {
    "forward": _forward, "reverse_adjacent": _reverse_adjacent,
    "adjacent_forward": _adjacent_forward, "modifier": _modifier, "between": _between,
    "pair_before": _pair_before, "object_then_to": _object_then("to"),
    "object_then_from": _object_then("from"), "person_after": _person_after,
    "person_before": _person_before, "role_of_then_person": _role_of_then_person,
    "possessive_allies": _possessive_allies, "possessive_role": _possessive_role,
    "role_apposition": _role_apposition, "member_of_group_noun": _member_of_group_noun,
    "hyphen_pair": _hyphen_pair,
}  # fmt: skip
BINDING_TYPES = {"pledged_allegiance_to", "member_of", "merged_into"}


def _propagate_to_groups(found: list[_Found], earlier: list[_Found]) -> list[_Found]:
    """A leader's oath or joining binds the group the text says they lead."""
    led = {(f.head.start, f.head.end): f.tail for f in [*earlier, *found]
           if f.rule.type == "leader_of"}  # fmt: skip
    led_by_text = {f.head.text: f.tail for f in [*earlier, *found] if f.rule.type == "leader_of"}
    extra = []
    for item in found:
        if item.rule.type not in BINDING_TYPES or not _is_person(item.head):
            continue
        group = led.get((item.head.start, item.head.end)) or led_by_text.get(item.head.text)
        if group is not None and group.actor_id != item.tail.actor_id:
            rule = Rule(item.rule.type, item.rule.pattern, item.rule.shape,
                        round(item.rule.confidence * 0.8, 3))  # fmt: skip
            extra.append(_Found(rule, group, item.tail, item.trigger))
    return found + extra


def _pick_date(
    context: _SentenceContext, trigger: tuple[int, int], published: date | None
) -> tuple[date | None, int, str]:
    clause_start, clause_end = _clause_of(context, trigger[0])
    local = [d for d in context.dates if clause_start <= d.start < clause_end and d.value]
    if local:
        best = min(local, key=lambda d: abs(d.start - trigger[0]))
        return best.value, best.precision, "text"
    if published is not None:
        return published, 2, "publication_date"
    return None, 3, "unknown"


def _claim(article: Article, context: _SentenceContext, item: _Found) -> RelationClaim:
    when, precision, basis = _pick_date(context, item.trigger, article.published)
    return RelationClaim(
        type=item.rule.type,
        head=_side(article, item.head),
        tail=_side(article, item.tail),
        trigger_span=article.span(*item.trigger),
        sentence=article.span(context.start, context.end),
        date=when, date_precision=precision, date_basis=basis,
        confidence=item.rule.confidence, article_id=article.id,
    )  # fmt: skip


def _side(article: Article, argument: Argument) -> RelationArgument:
    span = article.span(argument.start, argument.end)
    return RelationArgument(argument.actor_id, argument.name, span.text, span)


def relations_for_text(
    text: str, extractor: Extractor, published: date | None = None, article_id: str = "text"
) -> list[RelationClaim]:
    """Relation claims of a plain text, with the extractor's loaded spaCy and actor graph."""
    article = text_article(text, published, article_id)
    doc = extractor.nlp(article.clean_text)
    mentions = extractor.resolver.resolve(doc)
    return extract_relations(article, doc, mentions)


def text_article(text: str, published: date | None, article_id: str) -> Article:
    """An Article for a plain text (cleaned as ingestion would)."""
    from polemos.ingest import clean_text
    from polemos.models import DateSource, content_hash

    clean, offsets = clean_text(text)
    return Article(
        id=article_id, published=published,
        published_from=DateSource.CLI if published else DateSource.NONE,
        text=text, clean_text=clean, offsets=offsets, content_hash=content_hash(text),
        origin=f"text:{article_id}", format="text",
    )  # fmt: skip
