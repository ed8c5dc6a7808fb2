"""``polemos eval ner|relations|actors``: entity, relation and actor-role scores.

- ``ner`` (re3d): entities with crowd confidence >= 0.5 of the six actor-graph types; exact
  span-and-type micro P/R/F1 with per-type scores, plus a lenient score (same type,
  overlapping spans, each gold and predicted entity matched at most once).
- ``relations`` (re3d): FightingAgainst, AlliesOf, BelongsTo, InChargeOf.  Predicted claims
  are mapped (fighting_against → FightingAgainst, allied_with → AlliesOf, member_of /
  part_of → BelongsTo, leader_of → InChargeOf); a claim matches a gold relation of its type
  when its head and tail spans overlap the gold head and tail spans (either direction for
  the symmetric FightingAgainst and AlliesOf).  ``halves`` scores the even- and
  odd-indexed documents apart (0-based file order), to show whether one half carries the
  result.
- ``actors`` (ConfliBERT CAMEO NER): source ``S`` and target ``T`` mentions from the event
  coder's actor1/actor2 evidence, or, in sentences without a coded event, the first two
  actor entities, then drawn as CAMEO draws them: the subject and object noun phrases of
  the event verb, read from spaCy's dependency parse (loaded for this evaluation only);
  exact and overlap F1 per role and overall.

Predictions come from the text only; the gold labels are compared against, never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from polemos.entities import ENTITY_TYPES, EntityMention, EntityTagger
from polemos.errors import ResourceMissingError
from polemos.evaluate import EVAL_TASKS, gold_article, prf
from polemos.pipeline import Document, Extractor
from polemos.relation_args import nominal_arguments
from polemos.relation_classifier import Entity, RelationClassifier
from polemos.relations import RelationClaim, extract_relations

MIN_CONFIDENCE = 0.5
RELATION_MAP = {"fighting_against": "FightingAgainst", "allied_with": "AlliesOf",
                "member_of": "BelongsTo", "part_of": "BelongsTo",
                "leader_of": "InChargeOf"}  # fmt: skip
GOLD_RELATIONS = ("FightingAgainst", "AlliesOf", "BelongsTo", "InChargeOf")
SYMMETRIC = {"FightingAgainst", "AlliesOf"}
ACTOR_ROLES = ("S", "T")
Triple = tuple[int, int, str]


def _gold_entities(record: dict[str, Any]) -> set[Triple]:
    return {
        (int(e["start"]), int(e["end"]), str(e["type"]))
        for e in record.get("entities") or []
        if e.get("type") in ENTITY_TYPES and float(e.get("confidence", 1)) >= MIN_CONFIDENCE
    }


def _documents(records: Sequence[dict[str, Any]], extractor: Extractor) -> list[Document]:
    """Each gold text run through the configured stages (spaCy parses in batches)."""
    documents = [Document(gold_article(record)) for record in records]
    texts = [d.article.clean_text for d in documents]
    for document, doc in zip(documents, extractor.nlp.pipe(texts, batch_size=32), strict=True):
        document.doc = doc
        for item in extractor.stages:
            item.run(document, extractor)
    return documents


def _to_text(document: Document, entity: EntityMention) -> EntityMention:
    """The entity with offsets into the article's original text."""
    span = document.article.span(entity.start, entity.end)
    return EntityMention(span.start, span.end, span.text, entity.type, entity.source,
                         entity.actor_id)  # fmt: skip


def tag_documents(documents: Sequence[Document], extractor: Extractor) -> list[list[EntityMention]]:
    """re3d-style entities of each document (pronouns included, as re3d annotates them)."""
    tagger = EntityTagger.from_extractor(extractor, pronouns=True)
    return [[_to_text(d, e) for e in tagger.tag(d.doc, d.actors)] for d in documents]


def _lenient_matches(gold: set[Triple], predicted: set[Triple]) -> int:
    free = sorted(gold)
    matched = 0
    for start, end, kind in sorted(predicted):
        hit = next((g for g in free if g[2] == kind and g[0] < end and start < g[1]), None)
        if hit is not None:
            free.remove(hit)
            matched += 1
    return matched


@EVAL_TASKS.register("ner")
def score_ner(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """Entity recognition with re3d's types (exact spans; lenient overlap reported too)."""
    documents = _documents(records, extractor)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in ENTITY_TYPES}
    lenient: Counter[str] = Counter()
    for record, entities in zip(records, tag_documents(documents, extractor), strict=True):
        gold = _gold_entities(record)
        predicted = {(e.start, e.end, e.type) for e in entities}
        for start, end, kind in predicted | gold:
            key = ("tp" if (start, end, kind) in gold else "fp") if (
                (start, end, kind) in predicted) else "fn"  # fmt: skip
            counts[kind][key] += 1
        lenient["tp"] += _lenient_matches(gold, predicted)
        lenient["gold"] += len(gold)
        lenient["predicted"] += len(predicted)
    return _ner_result(records, counts, lenient)


def _micro_average(
    records: list[dict[str, Any]], counts: dict[str, Counter[str]]
) -> dict[str, Any]:
    """Micro-averaged precision/recall/F1 over every type's counts, and each type's own."""
    total = Counter[str]()
    for counter in counts.values():
        total.update(counter)
    result: dict[str, Any] = {"n": len(records)}
    result.update(prf(total["tp"], total["fp"], total["fn"]))
    result["by_type"] = {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in counts.items()}
    return result


def _ner_result(
    records: list[dict[str, Any]], counts: dict[str, Counter[str]], lenient: Counter[str]
) -> dict[str, Any]:
    result = _micro_average(records, counts)
    tp = lenient["tp"]
    loose = prf(tp, lenient["predicted"] - tp, lenient["gold"] - tp)
    result["lenient"] = {k: loose[k] for k in ("precision", "recall", "f1")}
    result["by_type"]["all (lenient overlap)"] = loose
    result["lenient_f1"] = loose["f1"]
    return result


def _gold_relations(record: dict[str, Any]) -> list[tuple[str, list[Any], list[Any]]]:
    """The record's relations of the four types; a symmetric one that re3d lists in both
    directions ("A AlliesOf B" and "B AlliesOf A") is one relation."""
    golds: list[tuple[str, list[Any], list[Any]]] = []
    seen: set[tuple[str, tuple[int, int], tuple[int, int]]] = set()
    for r in record.get("relations") or []:
        if r.get("type") not in GOLD_RELATIONS or float(r.get("confidence", 1)) < MIN_CONFIDENCE:
            continue
        kind, head, tail = str(r["type"]), r["head_span"], r["tail_span"]
        ends = ((int(head[0]), int(head[1])), (int(tail[0]), int(tail[1])))
        key = (kind, *sorted(ends)) if kind in SYMMETRIC else (kind, *ends)
        if key not in seen:
            seen.add(key)  # type: ignore[arg-type]
            golds.append((kind, head, tail))
    return golds


Prediction = tuple[str, tuple[int, int], tuple[int, int]]  # re3d type, head, tail spans


def _touches(span: tuple[int, int], gold: list[Any]) -> bool:
    return bool(span[0] < int(gold[1]) and int(gold[0]) < span[1])


def _relation_fits(predicted: Prediction, gold: tuple[str, list[Any], list[Any]]) -> bool:
    kind, head_span, tail_span = predicted
    gold_kind, head, tail = gold
    if kind != gold_kind:
        return False
    forward = _touches(head_span, head) and _touches(tail_span, tail)
    backward = _touches(head_span, tail) and _touches(tail_span, head)
    return forward or (kind in SYMMETRIC and backward)


@EVAL_TASKS.register("relations")
def score_relations(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """re3d relations between entities: the relation patterns' claims, mapped to re3d's
    types, plus the pair classifier's relations."""
    documents = _documents(records, extractor)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in GOLD_RELATIONS}
    halves: list[Counter[str]] = [Counter(), Counter()]
    tagger = EntityTagger.from_extractor(extractor, pronouns=True)
    for index, (record, document) in enumerate(zip(records, documents, strict=True)):
        entities = tagger.tag(document.doc, document.actors)
        claims = extract_relations(document.article, document.doc, entities)
        predicted = _claim_predictions(claims) + _classifier_predictions(document, entities)
        own: dict[str, Counter[str]] = {kind: Counter() for kind in GOLD_RELATIONS}
        _count_relations(own, _unique(predicted), _gold_relations(record))
        for kind, counter in own.items():
            counts[kind].update(counter)
            halves[index % 2].update(counter)
    result = _micro_average(records, counts)
    result["halves"] = {name: prf(c["tp"], c["fp"], c["fn"])
                        for name, c in zip(("even", "odd"), halves, strict=True)}  # fmt: skip
    return result


# re3d's AlliesOf is a fighting alliance; the bare "X supports Y" pattern (confidence 0.55,
# mostly aid and diplomacy in re3d's documents) is not mapped to it.
MIN_ALLIANCE_CONFIDENCE = 0.6


def _claim_predictions(claims: Iterable[RelationClaim]) -> list[Prediction]:
    return [
        (RELATION_MAP[c.type], (c.head_span.start, c.head_span.end),
         (c.tail_span.start, c.tail_span.end))
        for c in claims if c.type in RELATION_MAP and _mapped(c)
    ]  # fmt: skip


def _mapped(claim: RelationClaim) -> bool:
    return claim.type != "allied_with" or claim.confidence >= MIN_ALLIANCE_CONFIDENCE


def _classifier_predictions(document: Document, entities: list[EntityMention]) -> list[Prediction]:
    """The pair classifier over the tagger's entities and the group phrases re3d relates
    but the tagger leaves out ("40 members", "the terrorist group"), sentence by sentence."""
    from polemos.pipeline import split_sentences

    text = document.article.clean_text
    sentences = [(s.start, s.end) for s in split_sentences(document.doc)]
    arguments = [Entity(e.start, e.end, e.type, e.text) for e in entities]
    arguments = sorted(arguments + nominal_arguments(text, arguments), key=lambda e: e.start)
    found = RelationClassifier.default().predict(text, sentences, arguments)
    article = document.article
    predictions = []
    for relation in found:
        head = article.span(relation.head.start, relation.head.end)
        tail = article.span(relation.tail.start, relation.tail.end)
        predictions.append((relation.type, (head.start, head.end), (tail.start, tail.end)))
    return predictions


def _unique(predictions: list[Prediction]) -> list[Prediction]:
    """Each relation once (a symmetric one in either direction)."""
    seen: set[Prediction] = set()
    unique = []
    for kind, head, tail in predictions:
        key = (kind, *sorted((head, tail))) if kind in SYMMETRIC else (kind, head, tail)
        if key not in seen:
            seen.add(key)  # type: ignore[arg-type]
            unique.append((kind, head, tail))
    return unique


def _count_relations(
    counts: dict[str, Counter[str]], predictions: Iterable[Prediction],
    golds: list[tuple[str, list[Any], list[Any]]],
) -> None:  # fmt: skip
    free = list(golds)
    for predicted in predictions:
        kind = predicted[0]
        hit = next((g for g in free if _relation_fits(predicted, g)), None)
        if hit is not None:
            free.remove(hit)
            counts[kind]["tp"] += 1
        elif not any(_relation_fits(predicted, g) for g in golds):
            counts[kind]["fp"] += 1
    for gold_kind, _, _ in free:
        counts[gold_kind]["fn"] += 1


def _role_spans(document: Document, entities: list[EntityMention]) -> dict[str, tuple[int, int]]:
    """Source and target spans (original text): the first report's actors, else entities."""
    spans: dict[str, tuple[int, int]] = {}
    if document.reports:
        for evidence in document.reports[0].evidence:
            role = {"actor1": "S", "actor2": "T"}.get(evidence.field)
            if role and role not in spans:
                spans[role] = _widest(evidence.start, evidence.end, entities)
    actors = [e for e in entities if e.type in {"Organisation", "Person"} and e.source != "pronoun"]
    taken = set(spans.values())
    for role in ACTOR_ROLES:
        if role not in spans:
            spare = next(((e.start, e.end) for e in actors if (e.start, e.end) not in taken), None)
            if spare is not None:
                spans[role] = spare
                taken.add(spare)
    return spans


# Dependency labels of a noun phrase's clauses, left out of the phrase ("a resolution [to
# extend the inquiry]", "a man [who crossed the border]").
CLAUSE_DEPS = {"relcl", "acl", "advcl"}
OBJECT_DEPS = {"dobj", "obj", "attr", "dative", "oprd"}
OBJECT_PREPOSITIONS = {"against", "on", "with", "to", "at", "in", "into", "upon", "for", "from"}
# Nouns that name an act aimed at someone: "air strikes against X" targets X.
ACT_NOUNS = {"strike", "strikes", "airstrike", "airstrikes", "attack", "attacks", "raid", "raids",
             "assault", "offensive", "bombardment", "action", "operation", "operations",
             "statement", "concern", "responsibility", "message", "campaign", "war",
             "sanctions", "charges"}  # fmt: skip
Spans = dict[str, tuple[int, int]]


@lru_cache(maxsize=2)
def dependency_parser(name: str) -> Any:
    """spaCy's tok2vec and parser only (the pipeline runs with the parser off; only this
    evaluation reads dependency arcs)."""
    import spacy

    try:
        return spacy.load(name, exclude=["lemmatizer", "ner", "tagger", "attribute_ruler",
                                         "senter"])  # fmt: skip
    except OSError as error:
        raise ResourceMissingError(
            f"spaCy pipeline '{name}' is not installed ({error})",
            hint=f"install the spaCy package '{name}'",
        ) from None


def phrase_roles(parsed: Any, spans: Spans) -> Spans:
    """CAMEO draws a role as the whole noun phrase: the source is the subject phrase that
    holds the source mention, the target the object phrase of that subject's verb (through
    "attack against X" to X), each without its relative and infinitive clauses."""
    source = parsed.char_span(*spans["S"], alignment_mode="expand") if "S" in spans else None
    if source is None:
        source = _first_subject(parsed)
    if source is None:
        return spans
    roles = dict(spans)
    passive = _passive_roles(source)
    if passive is not None:
        roles["S"], roles["T"] = passive
        return roles
    subject = _subject_of_root(source)
    if subject is not None:
        source = subject
        roles["S"] = _phrase_offsets(source.root)
    target = _object_of(source)
    if target is not None:
        roles["T"] = _phrase_offsets(_through_act_noun(target))
    return roles


def _first_subject(parsed: Any) -> Any:
    """The subject of the first sentence's main verb (no actor entity was found)."""
    root = next(iter(parsed.sents)).root if len(parsed) else None
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None) if root else None
    return parsed[subject.i : subject.i + 1] if subject is not None else None


def _passive_roles(source: Any) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """A passive sentence ("T was attacked by S"): the agent acts on the passive subject."""
    root = source.sent.root
    patient = next((c for c in root.children if c.dep_ == "nsubjpass"), None)
    agent = next((g for c in root.children if c.dep_ == "agent" for g in c.children
                  if g.dep_ == "pobj"), None)  # fmt: skip
    if patient is None or agent is None:
        return None
    return _phrase_offsets(agent), _phrase_offsets(patient)


def _subject_of_root(source: Any) -> Any:
    """The subject of the sentence's main verb, when the source mention is not a subject
    ("A court released [the source mention]": the court acts)."""
    if source.root.dep_ in {"nsubj", "nsubjpass"}:
        return source[source.root.i - source.start : source.root.i - source.start + 1]
    root = source.sent.root
    subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.i in range(source.start, source.end):
        return None
    return subject.doc[subject.i : subject.i + 1]


def _object_of(source: Any) -> Any:
    """The object of the verb whose subject is ``source`` (or of a verb coordinated with it),
    else a preposition's object that is not a date."""
    verb = source.root.head if source.root.dep_ in {"nsubj", "nsubjpass"} else source.sent.root
    verbs = [verb] + [c for c in verb.children if c.dep_ == "conj"]
    inside = range(source.start, source.end)
    objects = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "against"
               for g in c.children if g.dep_ == "pobj"]  # fmt: skip
    objects += [c for v in verbs for c in v.children if c.dep_ in OBJECT_DEPS and c.i not in inside]
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in OBJECT_PREPOSITIONS:
            objects += [g for g in child.children if g.dep_ == "pobj" and not _is_date(g)]
    for child in verb.children:
        if child.dep_ in {"xcomp", "ccomp"}:
            objects += [g for g in child.children if g.dep_ in OBJECT_DEPS]
    return objects[0] if objects else None


DATE_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "today", "yesterday", "tonight", "week", "month", "year", "weekend", "morning",
              "evening", "night", "january", "february", "march", "april", "may", "june",
              "july", "august", "september", "october", "november", "december"}  # fmt: skip


def _is_date(token: Any) -> bool:
    return token.lower_ in DATE_WORDS or token.like_num


def _through_act_noun(token: Any) -> Any:
    """What an object aims at: an act noun's target ("air strikes against X"), or what an
    abstract noun concerns ("an ultimatum to X"); people and groups stay themselves."""
    if token.lower_ in ACT_NOUNS:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in {"against", "on", "to", "for", "upon"}:
                return next((g for g in child.children if g.dep_ == "pobj"), token)
            if child.dep_ == "acl":
                return next((g for g in child.children if g.dep_ in OBJECT_DEPS), token)
    if token.text.islower() and token.lower_ not in HUMAN_NOUNS:
        return _aimed_at(token) or _dative(token) or token
    return token


def _dative(token: Any) -> Any:
    """ "gave an ultimatum to X": the verb's "to" object receives the abstract object."""
    if token.dep_ not in OBJECT_DEPS:
        return None
    to = next((c for c in token.head.children if c.dep_ in {"prep", "dative"} and c.lower_ == "to"),
              None)  # fmt: skip
    return next((g for g in to.children if g.dep_ == "pobj"), None) if to is not None else None


HUMAN_NOUNS = {"people", "civilians", "soldiers", "troops", "forces", "members", "fighters",
               "militants", "officers", "policemen", "police", "students", "residents",
               "workers", "leaders", "officials", "rebels", "protesters", "demonstrators",
               "children", "women", "men", "journalists", "activists", "refugees", "prisoners",
               "detainees", "hostages", "villagers", "worshippers", "passengers", "personnel",
               "staff", "supporters", "delegation", "government", "army", "insurgents"}  # fmt: skip
# Prepositions that name whom an abstract object concerns ("an ultimatum to X").
AIM_PREPOSITIONS = {"to", "into", "with", "on", "against", "by", "upon", "over", "about", "in",
                    "for", "from", "at", "towards", "toward", "among", "between"}  # fmt: skip


def _aimed_at(token: Any, depth: int = 0) -> Any:
    """ "an ultimatum to X", "a suspension of aid to X": the object of the aim preposition."""
    for child in token.children:
        if child.dep_ != "prep":
            continue
        pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if child.lower_ in AIM_PREPOSITIONS:
            return pobj
        if child.lower_ == "of" and depth == 0:
            deeper = _aimed_at(pobj, 1)
            if deeper is not None:
                return deeper
    return None


def _phrase_offsets(head: Any) -> tuple[int, int]:
    """Character offsets of ``head``'s phrase up to a comma after the head."""
    tokens = sorted(_phrase_tokens(head), key=lambda t: t.i)
    while len(tokens) > 1 and tokens[-1].is_punct:
        tokens.pop()
    while len(tokens) > 1 and tokens[0].is_punct:
        tokens.pop(0)
    cut = next((n for n, t in enumerate(tokens) if t.i > head.i and (
        t.text == "," or t.i != tokens[n - 1].i + 1)), None)  # fmt: skip
    tokens = tokens[:cut] if cut else tokens
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _phrase_tokens(token: Any) -> list[Any]:
    found = [token]
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            found += _phrase_tokens(child)
    return found


def _widest(start: int, end: int, entities: list[EntityMention]) -> tuple[int, int]:
    """The entity span holding an actor mention ("the Tanzanian government")."""
    holding = [e for e in entities if e.start <= start and end <= e.end]
    return max(((e.start, e.end) for e in holding), key=lambda s: s[1] - s[0], default=(start, end))


@EVAL_TASKS.register("actors")
def score_actors(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """Source/target actor spans of sentences (ConfliBERT CAMEO NER)."""
    documents = _documents(records, extractor)
    exact = {role: Counter[str]() for role in ACTOR_ROLES}
    overlap = {role: Counter[str]() for role in ACTOR_ROLES}
    parser = dependency_parser(extractor.config["nlp"]["model"])
    parses = parser.pipe((d.article.text for d in documents), batch_size=64)
    for record, document, entities, parsed in zip(
        records, documents, tag_documents(documents, extractor), parses, strict=True
    ):
        predicted = phrase_roles(parsed, _role_spans(document, entities))
        for role in ACTOR_ROLES:
            gold = [(int(e["start"]), int(e["end"])) for e in record.get("entities") or []
                    if e.get("type") == role]  # fmt: skip
            _count_role(exact[role], overlap[role], predicted.get(role), gold)
    return _actors_result(records, exact, overlap)


def _count_role(
    exact: Counter[str], overlap: Counter[str], predicted: tuple[int, int] | None,
    gold: list[tuple[int, int]],
) -> None:  # fmt: skip
    if predicted is not None:
        exact["tp" if predicted in gold else "fp"] += 1
        hit = any(predicted[0] < end and start < predicted[1] for start, end in gold)
        overlap["tp" if hit else "fp"] += 1
    exact["fn"] += len(gold) - (predicted in gold)
    overlapping = predicted is not None and any(
        predicted[0] < end and start < predicted[1] for start, end in gold
    )
    overlap["fn"] += len(gold) - overlapping


def _actors_result(
    records: list[dict[str, Any]], exact: dict[str, Counter[str]],
    overlap: dict[str, Counter[str]],
) -> dict[str, Any]:  # fmt: skip
    total, loose = Counter[str](), Counter[str]()
    for role in ACTOR_ROLES:
        total.update(exact[role])
        loose.update(overlap[role])
    result: dict[str, Any] = {"n": len(records)}
    result.update(prf(total["tp"], total["fp"], total["fn"]))
    result["by_type"] = {f"{role} (exact)": prf(c["tp"], c["fp"], c["fn"])
                         for role, c in exact.items()}  # fmt: skip
    result["by_type"].update({f"{role} (overlap)": prf(c["tp"], c["fp"], c["fn"])
                              for role, c in overlap.items()})  # fmt: skip
    lenient = prf(loose["tp"], loose["fp"], loose["fn"])
    result["lenient"] = {k: lenient[k] for k in ("precision", "recall", "f1")}
    result["by_type"]["all (overlap)"] = lenient
    result["overlap_f1"] = lenient["f1"]
    return result
