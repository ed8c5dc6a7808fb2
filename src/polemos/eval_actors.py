"""``polemos eval ner|relations|actors``: entity, relation and actor-role scores.

- ``ner`` (re3d): entities with crowd confidence >= 0.5 of the six actor-graph types; exact
  span-and-type micro P/R/F1 with per-type scores, plus a lenient score (same type,
  overlapping spans, each gold and predicted entity matched at most once).
- ``relations`` (re3d): FightingAgainst, AlliesOf, BelongsTo, InChargeOf.  Predicted claims
  are mapped (fighting_against → FightingAgainst, allied_with → AlliesOf, member_of /
  part_of → BelongsTo, leader_of → InChargeOf); a claim matches a gold relation of its type
  when its head and tail spans overlap the gold head and tail spans (either direction for
  the symmetric FightingAgainst and AlliesOf).
- ``actors`` (ConfliBERT CAMEO NER): source ``S`` and target ``T`` spans from the event
  coder's actor1/actor2 evidence, or, in sentences without a coded event, the first two
  actor entities; exact and overlap F1 per role and overall.

Predictions come from the text only; the gold labels are compared against, never read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from polemos.entities import ENTITY_TYPES, EntityMention, EntityTagger
from polemos.evaluate import EVAL_TASKS, gold_article, prf
from polemos.pipeline import Document, Extractor
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


def _ner_result(
    records: list[dict[str, Any]], counts: dict[str, Counter[str]], lenient: Counter[str]
) -> dict[str, Any]:
    total = Counter[str]()
    for counter in counts.values():
        total.update(counter)
    result: dict[str, Any] = {"n": len(records)}
    result.update(prf(total["tp"], total["fp"], total["fn"]))
    result["by_type"] = {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in counts.items()}
    tp = lenient["tp"]
    loose = prf(tp, lenient["predicted"] - tp, lenient["gold"] - tp)
    result["lenient"] = {k: loose[k] for k in ("precision", "recall", "f1")}
    result["by_type"]["all (lenient overlap)"] = loose
    result["lenient_f1"] = loose["f1"]
    return result


def _gold_relations(record: dict[str, Any]) -> list[tuple[str, list[Any], list[Any]]]:
    return [
        (str(r["type"]), r["head_span"], r["tail_span"])
        for r in record.get("relations") or []
        if r.get("type") in GOLD_RELATIONS and float(r.get("confidence", 1)) >= MIN_CONFIDENCE
    ]


def _touches(span: Any, gold: list[Any]) -> bool:
    return bool(span.start < int(gold[1]) and int(gold[0]) < span.end)


def _relation_fits(claim: RelationClaim, kind: str, gold: tuple[str, list[Any], list[Any]]) -> bool:
    gold_kind, head, tail = gold
    if kind != gold_kind:
        return False
    forward = _touches(claim.head_span, head) and _touches(claim.tail_span, tail)
    backward = _touches(claim.head_span, tail) and _touches(claim.tail_span, head)
    return forward or (kind in SYMMETRIC and backward)


@EVAL_TASKS.register("relations")
def score_relations(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """re3d relations between entities, from the relation patterns."""
    documents = _documents(records, extractor)
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in GOLD_RELATIONS}
    tagger = EntityTagger.from_extractor(extractor, pronouns=True)
    for record, document in zip(records, documents, strict=True):
        entities = tagger.tag(document.doc, document.actors)
        claims = extract_relations(document.article, document.doc, entities)
        _count_relations(counts, claims, _gold_relations(record))
    total = Counter[str]()
    for counter in counts.values():
        total.update(counter)
    result: dict[str, Any] = {"n": len(records)}
    result.update(prf(total["tp"], total["fp"], total["fn"]))
    result["by_type"] = {k: prf(c["tp"], c["fp"], c["fn"]) for k, c in counts.items()}
    return result


def _count_relations(
    counts: dict[str, Counter[str]], claims: Iterable[RelationClaim],
    golds: list[tuple[str, list[Any], list[Any]]],
) -> None:  # fmt: skip
    free = list(golds)
    for claim in claims:
        kind = RELATION_MAP.get(claim.type)
        if kind is None:
            continue
        hit = next((g for g in free if _relation_fits(claim, kind, g)), None)
        if hit is not None:
            free.remove(hit)
            counts[kind]["tp"] += 1
        elif not any(_relation_fits(claim, kind, g) for g in golds):
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
    for record, document, entities in zip(
        records, documents, tag_documents(documents, extractor), strict=True
    ):
        predicted = _role_spans(document, entities)
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
