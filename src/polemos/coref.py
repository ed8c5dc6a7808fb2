"""Cross-document event coreference on ECB+-style gold (``polemos eval coref``).

With gold event mentions, mentions of one topic are clustered the way Polemos's merger
thinks about reports: do the triggers name the same kind of happening (lemma, string
similarity), do the arguments agree (participants, times, places in the mention's
sentence), do the sentences and documents tell the same story.  Documents of a topic are
first grouped by content (predicted sub-topics: two earthquakes in one topic are two
stories); the pairwise score then feeds average-linkage clustering with a threshold, which
never chains two unrelated mentions through a third.

The standard coreference metrics (MUC, B³, CEAF-e and CoNLL F1, their mean) are
implemented here and checked against hand-computed examples in ``tests/test_coref.py``.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from polemos.errors import GoldFormatError, ResourceMissingError
from polemos.evaluate import EVAL_TASKS
from polemos.nlp import MODEL_HINTS
from polemos.pipeline import Extractor

Cluster = frozenset[Any]  # of hashable mention keys
Clustering = list[Cluster]

# Tuned on the even-numbered ECB+ dev topics (random search over weights and thresholds,
# docs/coref.md); the odd-numbered topics are the held-out check.  Sentence-context and
# document-cosine similarity got weight 0 in that search: the story grouping carries them.
DOC_THRESHOLD = 0.05
MENTION_THRESHOLD = 0.5
WEIGHTS = {
    "lemma": 0.3,
    "family": 0.2,
    "trigger": 0.1,
    "args": 0.2,
    "context": 0.0,
    "same_story": 0.2,
    "doc": 0.0,
}
CONTENT_POS = {"NOUN", "PROPN", "VERB", "ADJ", "NUM"}
# Event families: different words for one kind of happening in news reports (the merger's
# "compatible type family"); a general list written by hand, not learned from ECB+.
EVENT_FAMILIES: dict[str, tuple[str, ...]] = {
    "kill": ("kill", "murder", "slay", "shoot", "gun", "stab", "dead", "death", "die", "fatal",
             "homicide", "massacre", "execute", "execution", "slaughter", "assassinate"),
    "attack": ("attack", "strike", "hit", "bomb", "raid", "assault", "airstrike", "shell",
               "blast", "explode", "explosion", "fire"),
    "quake": ("earthquake", "quake", "temblor", "tremor", "aftershock"),
    "arrest": ("arrest", "detain", "detention", "custody", "apprehend", "capture", "nab"),
    "charge": ("charge", "accuse", "indict", "indictment", "allege", "prosecute"),
    "blaze": ("blaze", "burn", "flame", "inferno", "wildfire"),
    "injure": ("injure", "injury", "wound", "hurt"),
    "release": ("release", "launch", "unveil", "introduce", "issue"),
    "appoint": ("appoint", "hire", "name", "nominate", "tap", "choose", "select"),
    "acquire": ("acquire", "acquisition", "buy", "purchase", "takeover"),
    "resign": ("resign", "resignation", "quit", "leave"),
    "crash": ("crash", "collide", "collision", "wreck"),
    "convict": ("convict", "conviction", "sentence", "guilty", "jail", "imprison"),
    "suicide": ("suicide", "hang"),
}  # fmt: skip
FAMILY_OF = {word: name for name, words in EVENT_FAMILIES.items() for word in words}
ARG_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "obj", "agent", "npadvmod", "compound", "poss"}


# --- metrics ---------------------------------------------------------------------------


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> dict[str, float]:
    precision = p_num / p_den if p_den else 0.0
    recall = r_num / r_den if r_den else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _owner(clusters: Clustering) -> dict[Hashable, int]:
    return {m: i for i, c in enumerate(clusters) for m in c}


def _muc_side(key: Clustering, response: Clustering) -> tuple[int, int]:
    """MUC numerator/denominator with ``key`` partitioned by ``response``."""
    owner = _owner(response)
    num = den = 0
    for cluster in key:
        parts = {owner.get(m, ("alone", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Clustering, response: Clustering) -> dict[str, float]:
    """MUC (Vilain et al. 1995): links needed to build the clusters."""
    r_num, r_den = _muc_side(key, response)
    p_num, p_den = _muc_side(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def _b3_side(key: Clustering, response: Clustering) -> tuple[float, int]:
    total = 0.0
    for cluster in key:
        for other in response:
            shared = len(cluster & other)
            if shared:
                total += shared * shared / len(cluster)
    return total, sum(len(c) for c in key)


def b_cubed(key: Clustering, response: Clustering) -> dict[str, float]:
    """B³ (Bagga & Baldwin 1998): per-mention overlap of its key and response clusters."""
    r_num, r_den = _b3_side(key, response)
    p_num, p_den = _b3_side(response, key)
    return _prf(p_num, p_den, r_num, r_den)


def ceaf_e(key: Clustering, response: Clustering) -> dict[str, float]:
    """Entity-based CEAF (Luo 2005): best one-to-one cluster alignment with phi4."""
    total = 0.0
    for keys, responses in _overlap_components(key, response):
        matrix = [[_phi4(k, r) for r in responses] for k in keys]
        total += max_weight_matching(matrix)
    return _prf(total, len(response), total, len(key))


def _phi4(a: Cluster, b: Cluster) -> float:
    return 2 * len(a & b) / (len(a) + len(b))


def _overlap_components(
    key: Clustering, response: Clustering
) -> list[tuple[list[Cluster], list[Cluster]]]:
    """Groups of key and response clusters linked by shared mentions (alignment splits)."""
    parent = list(range(len(key) + len(response)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner = _owner(key)
    for j, cluster in enumerate(response):
        for mention in cluster:
            if mention in owner:
                parent[find(owner[mention])] = find(len(key) + j)
    groups: dict[int, tuple[list[Cluster], list[Cluster]]] = {}
    for i, cluster in enumerate(key):
        groups.setdefault(find(i), ([], []))[0].append(cluster)
    for j, cluster in enumerate(response):
        groups.setdefault(find(len(key) + j), ([], []))[1].append(cluster)
    return [g for g in groups.values() if g[0] and g[1]]


def max_weight_matching(weights: Sequence[Sequence[float]]) -> float:
    """Largest total weight of a one-to-one row/column assignment (Kuhn-Munkres)."""
    rows = len(weights)
    cols = len(weights[0]) if rows else 0
    if not rows or not cols:
        return 0.0
    if rows > cols:
        weights = [list(col) for col in zip(*weights, strict=True)]
        rows, cols = cols, rows
    cost = [[-w for w in row] for row in weights]
    assignment = _hungarian(cost, rows, cols)
    return sum(weights[i][j] for i, j in assignment)


def _hungarian(cost: list[list[float]], rows: int, cols: int) -> list[tuple[int, int]]:
    """Minimum-cost assignment of every row (rows <= cols), potentials method, O(n²m)."""
    u, v = [0.0] * (rows + 1), [0.0] * (cols + 1)
    match, way = [0] * (cols + 1), [0] * (cols + 1)
    for i in range(1, rows + 1):
        match[0], j0 = i, 0
        minv, used = [math.inf] * (cols + 1), [False] * (cols + 1)
        while match[j0]:
            used[j0] = True
            i0, delta, j1 = match[j0], math.inf, 0
            for j in range(1, cols + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(cols + 1):
                if used[j]:
                    u[match[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
        while j0:
            j1 = way[j0]
            match[j0] = match[j1]
            j0 = j1
    return [(match[j] - 1, j - 1) for j in range(1, cols + 1) if match[j]]


def conll_scores(key: Clustering, response: Clustering) -> dict[str, dict[str, float]]:
    """MUC, B³, CEAF-e and CoNLL (the mean of their F1; its P and R are means too)."""
    scores = {"muc": muc(key, response), "b3": b_cubed(key, response),
              "ceaf_e": ceaf_e(key, response)}  # fmt: skip
    scores["conll"] = {
        name: sum(s[name] for s in scores.values()) / 3 for name in ("precision", "recall", "f1")
    }
    return scores


# --- mentions and documents ------------------------------------------------------------


@dataclass(frozen=True)
class CorefMention:
    """One gold event mention with the features the clusterer compares."""

    key: tuple[str, int, int]  # (document id, start, end)
    topic: str
    chain: str
    trigger: str
    head: str  # lemma of the trigger's syntactic head, -ing and plural -s stripped
    family: str | None  # EVENT_FAMILIES name of the head
    args: frozenset[str]  # participants, times and places of the sentence, typed
    context: frozenset[str]  # content lemmas of the sentence, trigger excluded


@dataclass
class CorefDoc:
    """A gold document: its topic, content lemmas and mentions."""

    id: str
    topic: str
    lemmas: Counter[str]
    mentions: list[CorefMention] = field(default_factory=list)


def topic_of(record: dict[str, Any]) -> str:
    """The ECB+ topic: ``meta.topic`` or the id's prefix before ``_``."""
    meta = record.get("meta") or {}
    return str(meta.get("topic") or str(record["id"]).split("_")[0])


def parse_documents(records: Sequence[dict[str, Any]], nlp: Any) -> list[CorefDoc]:
    """Documents with their event mentions; a mention without a chain is a format error."""
    texts = (str(r["text"]) for r in records)
    return [_document(r, parsed) for r, parsed in zip(records, nlp.pipe(texts), strict=True)]


def _document(record: dict[str, Any], parsed: Any) -> CorefDoc:
    lemmas = Counter(t.lemma_.lower() for t in parsed if t.pos_ in CONTENT_POS)
    doc = CorefDoc(id=str(record["id"]), topic=topic_of(record), lemmas=lemmas)
    entities = record.get("entities") or []
    for event in record.get("events") or []:
        doc.mentions.append(_mention(doc, event, parsed, entities))
    return doc


def _mention(
    doc: CorefDoc, event: dict[str, Any], parsed: Any, entities: list[Any]
) -> CorefMention:
    trigger = event.get("trigger") or {}
    chain = event.get("coref_chain") or trigger.get("coref_chain")
    if not chain or "start" not in trigger:
        raise GoldFormatError(f"record {doc.id}: event mention without trigger span or coref_chain")
    start, end = int(trigger["start"]), int(trigger["end"])
    span = parsed.char_span(start, end, alignment_mode="expand")
    head = _head_token(span) if span is not None and len(span) else parsed[0]
    head_word = stem(head.lemma_.lower())
    sentence = head.sent
    args = _sentence_args(sentence, entities) | _syntactic_args(head, span)
    context = frozenset(
        t.lemma_.lower() for t in sentence
        if t.pos_ in CONTENT_POS and not (start <= t.idx < end)
    )  # fmt: skip
    return CorefMention(
        key=(doc.id, start, end), topic=doc.topic, chain=str(chain),
        trigger=str(trigger.get("text", "")).lower(), head=head_word,
        family=FAMILY_OF.get(head_word),
        args=args, context=context,
    )  # fmt: skip


def _head_token(span: Any) -> Any:
    """The span's syntactic root, or its last noun/verb when the root is a number or word."""
    if span.root.pos_ in {"NOUN", "VERB", "PROPN", "ADJ"}:
        return span.root
    content = [t for t in span if t.pos_ in {"NOUN", "VERB", "PROPN"}]
    return content[-1] if content else span.root


def stem(lemma: str) -> str:
    """A light stem: ``shooting`` -> ``shoot``, ``dies`` -> ``die`` (lemmas miss nouns)."""
    if lemma.endswith("ing") and len(lemma) > 5:
        lemma = lemma[:-3]
        return lemma[:-1] if len(lemma) > 3 and lemma[-1] == lemma[-2] else lemma
    if lemma.endswith("s") and not lemma.endswith("ss") and len(lemma) > 3:
        return lemma[:-1]
    return lemma


def _sentence_args(sentence: Any, entities: list[Any]) -> frozenset[str]:
    """Typed entity mentions (gold spans, never their chains) and named entities in the sentence."""
    found = {
        f"{e.get('type', 'ENT')}:{str(e.get('text', '')).lower()}"
        for e in entities
        if sentence.start_char <= int(e.get("start", -1)) < sentence.end_char
    }
    found |= {f"NE:{ent.text.lower()}" for ent in sentence.ents}
    return frozenset(found)


def _syntactic_args(head: Any, span: Any) -> frozenset[str]:
    """Lemmas of the trigger's subject/object/oblique dependents."""
    inside = {t.i for t in span} if span is not None else {head.i}
    found = set()
    for child in head.children:
        if child.dep_ in ARG_DEPS and child.i not in inside:
            found.add(f"ARG:{child.lemma_.lower()}")
        if child.dep_ == "prep":
            found |= {f"ARG:{g.lemma_.lower()}" for g in child.children if g.dep_ == "pobj"}
    return frozenset(found)


# --- similarity and clustering ---------------------------------------------------------


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def tfidf_vectors(docs: Sequence[CorefDoc]) -> list[dict[str, float]]:
    """Unit-length TF-IDF vectors of the documents' content lemmas (IDF within ``docs``)."""
    frequency: Counter[str] = Counter(w for d in docs for w in d.lemmas)
    vectors = []
    for doc in docs:
        weights = {
            w: (1 + math.log(n)) * math.log((1 + len(docs)) / (1 + frequency[w]))
            for w, n in doc.lemmas.items()
        }
        norm = math.sqrt(sum(x * x for x in weights.values())) or 1.0
        vectors.append({w: x / norm for w, x in weights.items()})
    return vectors


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(w, 0.0) for w, x in a.items())


def agglomerate(sim: list[list[float]], threshold: float, linkage: str = "average") -> list[int]:
    """Cluster label per item: merge the most similar pair while its linkage ≥ threshold.

    ``average`` (size-weighted mean similarity) or ``complete`` (least similar pair)
    linkage, so a cluster never grows through a chain of pairwise-similar items.  Ties
    break on the lowest index, so the result depends only on the order of the input.
    """
    import numpy as np

    size = len(sim)
    matrix = np.array(sim, dtype=float).reshape(size, size)
    np.fill_diagonal(matrix, -np.inf)
    counts = np.ones(size)
    labels = list(range(size))
    while size > 1:
        best = int(np.argmax(matrix))
        i, j = divmod(best, size)
        if matrix[i, j] < threshold:
            break
        i, j = min(i, j), max(i, j)
        if linkage == "complete":
            merged = np.minimum(matrix[i], matrix[j])
        else:
            merged = (counts[i] * matrix[i] + counts[j] * matrix[j]) / (counts[i] + counts[j])
        matrix[i], matrix[:, i] = merged, merged
        matrix[i, i] = -np.inf
        matrix[j], matrix[:, j] = -np.inf, -np.inf
        counts[i] += counts[j]
        labels = [i if label == j else label for label in labels]
    return labels


@dataclass(frozen=True)
class CorefParams:
    """Knobs of the clusterer (defaults tuned on half of ECB+ dev)."""

    mention_threshold: float = MENTION_THRESHOLD
    doc_threshold: float = DOC_THRESHOLD
    linkage: str = "average"
    weights: tuple[tuple[str, float], ...] = tuple(WEIGHTS.items())


def pair_score(
    a: CorefMention, b: CorefMention, same_story: bool, doc_sim: float, weights: dict[str, float]
) -> float:
    """Weighted evidence that two mentions refer to one event (0..1 for weights summing to 1)."""
    features = {
        "lemma": float(a.head == b.head),
        "family": float(a.head != b.head and a.family is not None and a.family == b.family),
        "trigger": fuzz.ratio(a.trigger, b.trigger) / 100,
        "args": jaccard(a.args, b.args),
        "context": jaccard(a.context, b.context),
        "same_story": float(same_story),
        "doc": doc_sim,
    }
    return sum(weights[name] * value for name, value in features.items())


def story_labels(
    docs: Sequence[CorefDoc], params: CorefParams
) -> tuple[list[int], list[list[float]]]:
    """Predicted sub-topic of each document, and the document similarity matrix."""
    vectors = tfidf_vectors(docs)
    sim = [[cosine(a, b) for b in vectors] for a in vectors]
    return agglomerate(sim, params.doc_threshold, "average"), sim


def cluster_topic(docs: Sequence[CorefDoc], params: CorefParams) -> Clustering:
    """Mention clusters of one topic's documents."""
    stories, doc_sim = story_labels(docs, params)
    weights = dict(params.weights)
    items = [(d, m) for d, doc in enumerate(docs) for m in doc.mentions]
    sim = [
        [pair_score(m, n, stories[d] == stories[e], doc_sim[d][e], weights) for e, n in items]
        for d, m in items
    ]
    labels = agglomerate(sim, params.mention_threshold, params.linkage)
    return _group([m.key for _, m in items], labels)


def _group(keys: Sequence[Hashable], labels: Sequence[Hashable]) -> Clustering:
    groups: dict[Hashable, set[Hashable]] = {}
    for key, label in zip(keys, labels, strict=True):
        groups.setdefault(label, set()).add(key)
    return [frozenset(g) for g in groups.values()]


def by_topic(docs: Iterable[CorefDoc]) -> dict[str, list[CorefDoc]]:
    topics: dict[str, list[CorefDoc]] = {}
    for doc in sorted(docs, key=lambda d: d.id):
        topics.setdefault(doc.topic, []).append(doc)
    return topics


def cluster_mentions(docs: Iterable[CorefDoc], params: CorefParams) -> Clustering:
    """Predicted clusters over all topics (mentions never link across topics)."""
    return [c for topic in by_topic(docs).values() for c in cluster_topic(topic, params)]


def lemma_baseline(docs: Iterable[CorefDoc]) -> Clustering:
    """The classic baseline: mentions of one topic with the same head lemma corefer."""
    mentions = [m for d in docs for m in d.mentions]
    return _group([m.key for m in mentions], [(m.topic, m.head) for m in mentions])


def gold_clusters(docs: Iterable[CorefDoc]) -> Clustering:
    mentions = [m for d in docs for m in d.mentions]
    return _group([m.key for m in mentions], [(m.topic, m.chain) for m in mentions])


# --- the eval task ---------------------------------------------------------------------


@lru_cache(maxsize=2)
def load_parser(name: str) -> Any:
    """The spaCy pipeline with tagger, lemmatizer and parser (the extractor drops them)."""
    import spacy

    try:
        return spacy.load(name)
    except OSError:
        raise ResourceMissingError(
            f"spaCy pipeline '{name}' is not installed", hint=MODEL_HINTS.get(name)
        ) from None


def _rounded(scores: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    return {k: {m: round(v, 4) for m, v in s.items()} for k, s in scores.items()}


def _half(docs: Sequence[CorefDoc], parity: int) -> list[CorefDoc]:
    return [d for d in docs if _topic_number(d.topic) % 2 == parity]


def _topic_number(topic: str) -> int:
    digits = "".join(ch for ch in topic if ch.isdigit())
    return int(digits) if digits else sum(map(ord, topic))


def coref_report(docs: Sequence[CorefDoc], params: CorefParams) -> dict[str, Any]:
    """Scores of the clusterer and the lemma baseline on all topics and on each half."""
    gold = gold_clusters(docs)
    ours = _rounded(conll_scores(gold, cluster_mentions(docs, params)))
    baseline = _rounded(conll_scores(gold, lemma_baseline(docs)))
    result: dict[str, Any] = {
        "n": len(docs),
        "topics": len(by_topic(docs)),
        "mentions": sum(len(d.mentions) for d in docs),
        "gold_clusters": len(gold),
        **ours["b3"],
        "conll_f1": ours["conll"]["f1"],
        "muc_f1": ours["muc"]["f1"],
        "b3_f1": ours["b3"]["f1"],
        "ceaf_e_f1": ours["ceaf_e"]["f1"],
        "lemma_baseline_conll_f1": baseline["conll"]["f1"],
        "metrics": ours,
        "lemma_baseline": baseline,
    }
    for name, parity in (("tune_topics_even", 0), ("held_out_topics_odd", 1)):
        half = _half(docs, parity)
        if half:
            half_gold = gold_clusters(half)
            scores = conll_scores(half_gold, cluster_mentions(half, params))
            result[f"conll_f1_{name}"] = round(scores["conll"]["f1"], 4)
            scores = conll_scores(half_gold, lemma_baseline(half))
            result[f"lemma_baseline_conll_f1_{name}"] = round(scores["conll"]["f1"], 4)
    result["by_type"] = {name.replace("_", "-"): ours[name] for name in ("b3", "muc", "ceaf_e")}
    result["by_type"]["conll"] = ours["conll"]
    result["by_type"]["lemma-baseline conll"] = baseline["conll"]
    return result


@EVAL_TASKS.register("coref")
def score_coref(records: list[dict[str, Any]], extractor: Extractor) -> dict[str, Any]:
    """Cross-document event coreference with gold mentions (ECB+): B³, MUC, CEAF-e, CoNLL."""
    usable = [r for r in records if r.get("events")]
    if not usable:
        raise GoldFormatError("coref gold needs records with 'events' carrying 'coref_chain'")
    docs = parse_documents(usable, load_parser(extractor.config["nlp"]["model"]))
    return coref_report(docs, CorefParams())
