"""A pair classifier for re3d-style relations between the entities of one sentence.

Labels: ``FightingAgainst``, ``AlliesOf``, ``BelongsTo``, ``InChargeOf`` (or none).  Every
ordered pair of entities in a sentence (within ``MAX_WORDS_BETWEEN`` words) is a
candidate; its features are the two entity types, the words between them (other entities
read as their type), a trigger lexicon, the word before the first and after the second
entity, the last word of each entity, the first and last word of the gap and its word
pairs, the order and the distance.  Each label has its own
probability threshold; FightingAgainst also reads pairs up to ``FAR_WORDS_BETWEEN`` words
apart at ``FAR_THRESHOLD``.  A relation to the first item of a coordinated list reaches the
whole list, untagged items included (``polemos.relation_lists``); two items of one list are
not InChargeOf/BelongsTo each other; a passive "captured by X" makes X the holder; a
predicate nominal ("[S] is [the largest city] held by X") gives way to its subject; a
speaker is no party to the clause it reports; pairs the text rules out are dropped
(``polemos.relation_filters``: a place fought by a target, an operation as a party, a
"with" partner without a fight word, speakers and addressees); and some phrases state a
relation outright
(``polemos.relation_cues``: "experts from X", "the commander for X").  A multinomial logistic
regression (numpy) is trained,
once per process, on the examples in ``polemos/data/relation_examples.tsv``: sentences
written for Polemos from general knowledge of conflict reporting, never taken from an
evaluation corpus.

Library call: ``RelationClassifier.default().predict(text, sentences, entities)`` returns
``PairRelation`` items with offsets into ``text``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from polemos.errors import ConfigError
from polemos.relation_cues import stated_relations
from polemos.relation_filters import REPORTED_RE, implausible
from polemos.relation_lists import list_items, list_members

__all__ = ["Entity", "PairRelation", "RelationClassifier", "list_members", "pair_features"]

LABELS = ("none", "FightingAgainst", "AlliesOf", "BelongsTo", "InChargeOf")
LABEL_CODES = {"FA": "FightingAgainst", "AO": "AlliesOf", "BT": "BelongsTo", "IC": "InChargeOf"}
TYPE_CODES = {"O": "Organisation", "P": "Person", "L": "Location", "N": "Nationality",
              "W": "Weapon", "M": "MilitaryPlatform"}  # fmt: skip
SYMMETRIC = {"FightingAgainst", "AlliesOf"}
MAX_WORDS_BETWEEN = 10
# Pairs up to FAR_WORDS_BETWEEN words apart are read too, for FightingAgainst only and with
# FAR_THRESHOLD ("X, which …, has waged a long campaign against Y").
FAR_WORDS_BETWEEN = 15
FAR_THRESHOLD = 0.8
# Per-label probability a prediction needs (chosen on the re3d dev set; the weights never see
# it).  AlliesOf is rare in news and easily confused with diplomatic co-operation, so it needs
# more than the others.
THRESHOLDS = {"FightingAgainst": 0.7, "AlliesOf": 0.8, "BelongsTo": 0.65, "InChargeOf": 0.5}
# Labels whose tail spreads over a coordinated list ("destroyed A, B and C": each one).
LIST_LABELS = {"FightingAgainst", "InChargeOf"}
EXAMPLES_FILE = "relation_examples.tsv"
L2 = 1e-3  # weight decay of the logistic regression (5-fold CV on our own examples)
EPOCHS = 300  # full-batch gradient steps
# Trigger words by relation, matched on word stems between the two entities.
TRIGGERS = {
    "fight": "attack fight fought battl clash strik struck bomb shell target kill destroy "
             "defeat against war offens raid ambush assault shot fire fired counter besieg "
             "liberat retak recaptur push expel oust drive drove suppress engag hit",
    "ally": "support back alli allianc partner together alongside assist aid help cooperat "
            "coordinat join with train equip fund",
    "belong": "member of part within includ belong 's ’s from compris faction unit wing "
              "brigad battalion affiliat serv assign",
    "control": "control held hold seiz captur command led lead head run own possess use "
               "deploy fire launch sent send have has had took operat charg govern",
}  # fmt: skip
WORD_RE = re.compile(r"[\w’']+|[^\w\s]")


@dataclass(frozen=True)
class Entity:
    """An entity of a text: offsets, type and surface."""

    start: int
    end: int
    type: str
    text: str


@dataclass(frozen=True)
class PairRelation:
    """A predicted relation between two entities (offsets into the analysed text)."""

    type: str
    head: Entity
    tail: Entity
    probability: float


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


STEMMED_TRIGGERS = {kind: {_stem(w) for w in words.split()} for kind, words in TRIGGERS.items()}


def pair_features(text: str, head: Entity, tail: Entity, others: Sequence[Entity]) -> list[str]:
    """Feature names of the ordered pair (``head``, ``tail``) in one sentence."""
    first, second = (head, tail) if head.start < tail.start else (tail, head)
    order = "ht" if first is head else "th"
    between = _between_words(text, first, second, others)
    pair, distance = f"{head.type}>{tail.type}", _bucket(len(between))
    features = [f"pair={pair}", f"order={order}", f"pair_order={pair}|{order}",
                f"dist={distance}", f"pair_dist={pair}|{distance}"]  # fmt: skip
    stems = [_stem(w) for w in between]
    features += [f"bw={w}" for w in set(stems)]
    features += [f"bw_order={w}|{order}" for w in set(stems)]
    for kind, words in STEMMED_TRIGGERS.items():
        if words & set(stems):
            features += [f"lex={kind}", f"lex_pair={kind}|{pair}|{order}"]
    features += [f"before={w}" for w in _words(text[max(0, first.start - 25) : first.start])[-2:]]
    features += [f"after={w}" for w in _words(text[second.end : second.end + 25])[:2]]
    if len(between) <= 1:
        features.append(f"adjacent={'_'.join(between)}|{pair}|{order}")
    features += [f"head_noun={_head_noun(head)}", f"tail_noun={_head_noun(tail)}"]
    return features + _edge_features(stems, order)


def _edge_features(stems: list[str], order: str) -> list[str]:
    """The words that open and close the gap ("… controlled by [X]") and its word pairs."""
    if not stems:
        return []
    features = [f"first={stems[0]}|{order}", f"last={stems[-1]}|{order}"]
    features += [f"bigram={a}_{b}" for a, b in zip(stems, stems[1:], strict=False)]
    entities = sum(1 for w in stems if w.startswith("<"))
    return features + [f"inner_entities={min(entities, 3)}"]


def _head_noun(entity: Entity) -> str:
    """The stemmed, lowercased last word of an entity ("ship" for "Italian ships"), or its
    type when that word is not alphabetic ("DDG 72")."""
    words = _words(entity.text)
    if not words or not words[-1].isalpha():
        return f"<{entity.type}>"
    return _stem(words[-1])


def _words(text: str) -> list[str]:
    return [w.lower() for w in WORD_RE.findall(text)]


def _between_words(text: str, first: Entity, second: Entity, others: Sequence[Entity]) -> list[str]:
    inner = sorted((e for e in others if first.end <= e.start and e.end <= second.start),
                   key=lambda e: e.start)  # fmt: skip
    words: list[str] = []
    cursor = first.end
    for entity in inner:
        words += _words(text[cursor : entity.start]) + [f"<{entity.type}>"]
        cursor = entity.end
    return words + _words(text[cursor : second.start])


def _bucket(count: int) -> str:
    for limit in (0, 2, 5, 10, 15):
        if count <= limit:
            return str(limit)
    return "more"


def candidate_pairs(
    text: str, sentences: Iterable[tuple[int, int]], entities: Sequence[Entity],
    max_words: int = MAX_WORDS_BETWEEN,
) -> list[tuple[Entity, Entity, list[Entity]]]:  # fmt: skip
    """Ordered entity pairs of each sentence, with the sentence's other entities."""
    pairs = []
    for start, end in sentences:
        inside = [e for e in entities if start <= e.start and e.end <= end]
        for head in inside:
            for tail in inside:
                if head is tail or head.start < tail.end and tail.start < head.end:
                    continue
                if not _plausible(text, head, tail):
                    continue
                first, second = sorted((head, tail), key=lambda e: e.start)
                if len(_words(text[first.end : second.start])) <= max_words:
                    pairs.append((head, tail, inside))
    return pairs


ACTING_TYPES = {"Organisation", "Person", "Weapon", "MilitaryPlatform"}
PRONOUNS = {"i", "me", "myself", "he", "him", "she", "her", "we", "us", "ourselves", "they",
            "them", "it", "you"}  # fmt: skip


def _plausible(text: str, head: Entity, tail: Entity) -> bool:
    """Pairs that can hold one of the relations: an acting head, two different mentions."""
    if head.type not in ACTING_TYPES or tail.type == "Nationality":
        return False
    if head.text.lower() in PRONOUNS and tail.text.lower() in PRONOUNS:
        return False
    return head.text.lower() != tail.text.lower()


class RelationClassifier:
    """Multinomial logistic regression over pair features."""

    def __init__(self, vocabulary: dict[str, int], weights: Any) -> None:
        self.vocabulary = vocabulary
        self.weights = weights

    @classmethod
    def train(
        cls, examples: Sequence[tuple[list[str], str]], epochs: int | None = None,
        l2: float | None = None,
    ) -> RelationClassifier:  # fmt: skip
        """Fit on ``(features, label)`` examples (full-batch gradient descent, L2)."""
        decay = L2 if l2 is None else l2
        epochs = EPOCHS if epochs is None else epochs
        vocabulary: dict[str, int] = {}
        for features, _ in examples:
            for name in features:
                vocabulary.setdefault(name, len(vocabulary))
        matrix = np.zeros((len(examples), len(vocabulary) + 1))
        matrix[:, -1] = 1.0  # bias
        targets = np.zeros((len(examples), len(LABELS)))
        for row, (features, label) in enumerate(examples):
            matrix[row, [vocabulary[f] for f in features]] = 1.0
            targets[row, LABELS.index(label)] = 1.0
        weights = np.zeros((matrix.shape[1], len(LABELS)))
        for _ in range(epochs):
            gradient = matrix.T @ (_softmax(matrix @ weights) - targets) / len(examples)
            weights -= 0.5 * (gradient + decay * weights)
        return cls(vocabulary, weights)

    @classmethod
    def default(cls) -> RelationClassifier:
        """The classifier trained on the bundled examples (cached per process)."""
        return _bundled_classifier()

    def probabilities(self, features: list[str]) -> Any:
        row = np.zeros(len(self.vocabulary) + 1)
        row[-1] = 1.0
        row[[self.vocabulary[f] for f in features if f in self.vocabulary]] = 1.0
        return _softmax(row @ self.weights)

    def predict(
        self, text: str, sentences: Iterable[tuple[int, int]], entities: Sequence[Entity],
        threshold: float | None = None,
    ) -> list[PairRelation]:  # fmt: skip
        """Relations between the entities of each sentence (one label per ordered pair).

        A label needs its probability in ``THRESHOLDS`` (or ``threshold`` for every label);
        a FightingAgainst/InChargeOf tail that heads a coordinated list passes the relation
        on to the list's other members."""
        found: Found = {}
        for head, tail, inside in candidate_pairs(text, sentences, entities, FAR_WORDS_BETWEEN):
            scores = self.probabilities(pair_features(text, head, tail, inside))
            best = int(np.argmax(scores))
            kind = LABELS[best]
            if best == 0 or scores[best] < _needed(text, head, tail, kind, threshold):
                continue
            if kind in UNCOORDINATED_LABELS and _coordinated(text, head, tail, entities):
                continue
            if _reported_by(text, head, tail, inside) or implausible(text, kind, head, tail):
                continue
            relation = PairRelation(kind, head, tail, float(scores[best]))
            _keep(found, _as_stated(text, relation, entities))
        for kind, head, tail in stated_relations(text, entities):
            _keep(found, PairRelation(kind, head, tail, THRESHOLDS[kind]))
        for relation in list(found.values()):
            if relation.type in LIST_LABELS:
                for member in _list_entities(text, relation.tail, entities):
                    if member != relation.head and not implausible(
                            text, relation.type, relation.head, member):  # fmt: skip
                        _keep(found, PairRelation(relation.type, relation.head, member,
                                                  relation.probability))  # fmt: skip
        return sorted(found.values(), key=lambda r: (r.head.start, r.tail.start))


Found = dict[tuple[int, int, int, int, str], PairRelation]


def _needed(text: str, head: Entity, tail: Entity, kind: str, threshold: float | None) -> float:
    """The probability ``kind`` needs: its threshold, or for a pair more than
    ``MAX_WORDS_BETWEEN`` words apart ``FAR_THRESHOLD`` (FightingAgainst) or more than 1."""
    first, second = sorted((head, tail), key=lambda e: e.start)
    if len(_words(text[first.end : second.start])) <= MAX_WORDS_BETWEEN:
        return threshold or THRESHOLDS[kind]
    return max(FAR_THRESHOLD, threshold or 0.0) if kind == "FightingAgainst" else 2.0


def _reported_by(text: str, head: Entity, tail: Entity, inside: Sequence[Entity]) -> bool:
    """ "[X] said [Y] had attacked [Z]": the speaker is not a party to what it reports when
    the reported clause names its own actor between them."""
    first, second = sorted((head, tail), key=lambda e: e.start)
    if not REPORTED_RE.match(text, first.end):
        return False
    return any(first.end <= e.start and e.end <= second.start and e.type in ACTING_TYPES
               for e in inside)  # fmt: skip


# "[the dam] was captured by [X]": the holder is the agent after "by".
PASSIVE_HOLDER_RE = re.compile(
    r"\b(?:captured|seized|held|controlled|taken|occupied|retaken|recaptured|overrun)\s+by\s*$",
    re.IGNORECASE,
)
# "[S] is [the largest city] held by X": what is said of the predicate is said of S.
COPULA_RE = re.compile(r"\s+(?:is|was|remains|remained|became)\s+$")


def _as_stated(text: str, relation: PairRelation, entities: Sequence[Entity]) -> PairRelation:
    """The relation with a passive InChargeOf read agent first, and a predicate nominal
    replaced by the subject it describes."""
    head, tail = relation.head, relation.tail
    gap = text[head.end : tail.start] if head.end <= tail.start else ""
    if relation.type == "InChargeOf" and PASSIVE_HOLDER_RE.search(gap):
        head, tail = tail, head
    head, tail = _copula_subject(text, head, entities), _copula_subject(text, tail, entities)
    return PairRelation(relation.type, head, tail, relation.probability)


def _copula_subject(text: str, entity: Entity, entities: Sequence[Entity]) -> Entity:
    before = [e for e in entities if e.end <= entity.start]
    if not before or not entity.text[:1].islower():
        return entity
    subject = max(before, key=lambda e: e.end)
    return subject if COPULA_RE.fullmatch(text[subject.end : entity.start]) else entity


# Labels that never hold between two items of one coordinated list ("ISIL-held buildings,
# three rockets and a tunnel": ISIL does not hold the rockets); allies and enemies may be
# coordinated ("clashes between X and Y").
UNCOORDINATED_LABELS = {"InChargeOf", "BelongsTo"}


def _coordinated(text: str, head: Entity, tail: Entity, entities: Sequence[Entity]) -> bool:
    """Whether the two are items of one list that a conjunction closes (a comma alone may
    be an apposition: "General P, commander, U.S. Central Command")."""
    first, second = sorted((head, tail), key=lambda e: e.start)
    members = list_members(text, first, entities)
    if second not in members:
        return False
    return re.search(r"\b(?:and|or)\b", text[first.end : members[-1].start]) is not None


def _list_entities(text: str, first: Entity, entities: Sequence[Entity]) -> list[Entity]:
    """The items of the list ``first`` opens, an untagged one as an entity of its type."""
    return [entity or Entity(start, end, first.type, text[start:end])
            for start, end, entity in list_items(text, first, entities)]  # fmt: skip


def _keep(found: Found, relation: PairRelation) -> None:
    """Add ``relation`` (a symmetric one read in text order), keeping the likelier copy."""
    head, tail = relation.head, relation.tail
    if relation.type in SYMMETRIC and tail.start < head.start:
        relation = PairRelation(relation.type, tail, head, relation.probability)
    key = (relation.head.start, relation.head.end, relation.tail.start, relation.tail.end,
           relation.type)  # fmt: skip
    if key not in found or found[key].probability < relation.probability:
        found[key] = relation


def _softmax(scores: Any) -> Any:
    shifted = np.exp(scores - scores.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


MARKUP_RE = re.compile(r"\[([^\[\]|]+)\|([OPLNWM])\]")


def parse_example(line: str, origin: str) -> tuple[str, list[Entity], dict[tuple[int, int], str]]:
    """One training line: ``text with [name|T] markup<TAB>h-t:FA,h-t:BT`` (may be empty)."""
    marked, _, labels = line.rstrip("\n").partition("\t")
    text, entities, cursor = "", [], 0
    for match in MARKUP_RE.finditer(marked):
        text += marked[cursor : match.start()]
        start = len(text)
        text += match.group(1)
        entities.append(Entity(start, len(text), TYPE_CODES[match.group(2)], match.group(1)))
        cursor = match.end()
    text += marked[cursor:]
    relations: dict[tuple[int, int], str] = {}
    for item in filter(None, (part.strip() for part in labels.split(","))):
        found = re.fullmatch(r"(\d+)-(\d+):(FA|AO|BT|IC)", item)
        if found is None or max(int(found.group(1)), int(found.group(2))) >= len(entities):
            raise ConfigError(f"{origin}: bad relation {item!r} in line {line.strip()!r}")
        head, tail, code = int(found.group(1)), int(found.group(2)), found.group(3)
        relations[(head, tail)] = LABEL_CODES[code]
        if LABEL_CODES[code] in SYMMETRIC:
            relations[(tail, head)] = LABEL_CODES[code]
    return text, entities, relations


def training_examples(lines: Iterable[str], origin: str) -> list[tuple[list[str], str]]:
    """Labelled pair features of every candidate pair in the example sentences."""
    examples = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        text, entities, relations = parse_example(line, origin)
        index = {id(e): i for i, e in enumerate(entities)}
        for head, tail, inside in candidate_pairs(text, [(0, len(text))], entities):
            label = relations.get((index[id(head)], index[id(tail)]), "none")
            examples.append((pair_features(text, head, tail, inside), label))
    return examples


@lru_cache(maxsize=1)
def _bundled_classifier() -> RelationClassifier:
    text = resources.files("polemos.data").joinpath(EXAMPLES_FILE).read_text("utf-8")
    return RelationClassifier.train(
        training_examples(text.splitlines(), f"polemos/data/{EXAMPLES_FILE}")
    )
