"""The trained sub-event-type classifier that works next to the codebook rules.

A multinomial logistic regression over sparse text features (word stems, stem bigrams), the
codebook rules that fire in the text and argument cues (``type_features``: the sides named,
and two-stage cues of the protest and territory families), trained by class-balanced
averaged stochastic gradient descent with numpy (no torch, no scikit-learn), mixed with a
complement naive Bayes over the same features.  Training is deterministic (fixed seed, fixed
order) and takes a few seconds.

* The **shipped** model is trained, on first use, from the examples written for Polemos in
  ``polemos/data/type_examples.tsv`` and cached in the user cache directory, keyed by a
  hash of the examples and of this module's ``MODEL_VERSION``.
* A **local** model is trained by the user on labelled snippets they hold
  (``polemos train types --gold FILE``) and written to the cache directory, never into the
  package; the coder uses it when ``events.type_model`` (or the environment variable
  ``POLEMOS_EVENTS__TYPE_MODEL``) names it.

``combine`` is the rule that joins the classifier's probabilities with the codebook's
trigger: docs/codebook.md describes it.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import random
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from polemos.codebook import (
    CROWD_RE,
    DEADLY_FORCE_RE,
    VIOLENT_CROWD_RE,
    first_trigger,
    rule_matches,
)
from polemos.datafiles import user_cache_dir
from polemos.errors import GoldFormatError, ResourceMissingError
from polemos.type_embeddings import (
    DenseHead,
    embeddings_enabled,
    encoder_name,
    mix_for,
    train_head,
)
from polemos.type_features import actor_cues, family_cues

MODEL_VERSION = "types-10"
NONE = "NONE"
AUTO = "<auto>"
EPOCHS = 50
LEARNING_RATE = 0.5
SEED = 13
NB_WEIGHT = 0.3  # share of the complement naive Bayes in the mixed probabilities
# Structured cues compete with hundreds of word and character features in one averaged
# score; each is entered as this many copies so that it weighs like a few words
# (docs/codebook.md: 10 and 3 chosen by 5-fold cross-validation).
FAMILY_REPEAT = 10  # the protest and territory family cues (type_features.family_cues)
ACTOR_REPEAT = 3  # the state / non-state force cues (type_features.actor_cues)
NB_SMOOTHING = 1.0  # additive smoothing of the naive Bayes feature counts


@dataclass(frozen=True)
class Thresholds:
    """When the classifier's reading beats the rules' (see ``combine``)."""

    new_event: float  # a text without a trigger becomes an event above this probability
    override: float  # the classifier replaces the rule's sub-type above this probability
    non_event: float  # the classifier vetoes a rule trigger as a non-event above this
    # With the optional dense head: depart from the rules only where the sparse model alone
    # departs the same way (the dense head can hold the classifier back, never push it on).
    sparse_must_agree: bool = False


# Article sentences are mostly background: the rules lead and the classifier must be sure
# (0.5 since types-5, whose class-balanced model is bolder: at 0.45 it coded two background
# sentences of the seed articles as events; 0.55 / 0.6 since types-6, whose weighted cues
# make it bolder again: at 0.5 it coded an expulsion and an execution of the seed as
# *Change to group/activity*; docs/codebook.md).
# With the optional dense head the sparse model alone must agree (types-8, docs/codebook.md):
# the mix is peakier than the sparse model these thresholds were chosen for.
ARTICLE = Thresholds(new_event=0.55, override=0.6, non_event=0.75, sparse_must_agree=True)
# Snippets (CASE 2021) describe an event by construction: the classifier leads.  Chosen by
# 5-fold cross-validation on CASE 2021 dev, checked by a nested one (docs/codebook.md).
SNIPPET = Thresholds(new_event=0.2, override=0.3, non_event=0.4)

_TOKEN_RE = re.compile(r"[a-z]+|\d+")
_STOP = frozenset(["the", "a", "an", "of", "in", "on", "at", "to", "and", "or", "by", "for",
                   "with", "from", "as", "is", "was", "were", "be", "been", "that", "this", "it",
                   "its", "their", "his", "her", "they", "he", "she", "which", "who"])  # fmt: skip


# Sizes of the caches of the feature extraction: words recur across a corpus; a text recurs
# only within one article (a sentence, then a unit that is the whole sentence).
WORD_CACHE_SIZE = 1 << 16
TEXT_CACHE_SIZE = 256


@lru_cache(maxsize=WORD_CACHE_SIZE)
def stem(word: str) -> str:
    """A crude suffix-stripping stem ("clashes" → "clash", "captured" → "captur")."""
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)] + keep
    return word


def tokens(text: str) -> list[tuple[str, int, int]]:
    """(stem, start, end) of every word of ``text``; numerals become ``<num>``."""
    return list(_tokens(text))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    found = []
    for match in _TOKEN_RE.finditer(text.lower()):
        word = match.group(0)
        found.append(("<num>" if word.isdigit() else stem(word), match.start(), match.end()))
    return tuple(found)


def forget_texts() -> None:
    """Empty the caches kept per text (``features``, ``tokens``, the codebook's rule scan):
    the event coder calls it per article, so that only its own sentences are reused."""
    _features.cache_clear()
    _tokens.cache_clear()
    rule_matches.cache_clear()
    first_trigger.cache_clear()


def rule_names(text: str) -> list[str]:
    """Names of the codebook rules whose trigger pattern occurs in ``text``."""
    return [rule.name for rule, _ in rule_matches(text)]


def trigger_name(text: str) -> str | None:
    """Name of the codebook rule that wins in ``text`` (None when no rule fires)."""
    found = first_trigger(text)
    return found[0].name if found else None


# Argument cues of the codebook: who is there and how violent it is.
CUES = (("crowd", CROWD_RE), ("violent_crowd", VIOLENT_CROWD_RE), ("deadly", DEADLY_FORCE_RE))


def char_grams(word: str) -> set[str]:
    """Character 4-grams of ``word`` with boundary marks ("<shel", "shel", "lled", "led>")."""
    return set(_char_grams(word))


@lru_cache(maxsize=WORD_CACHE_SIZE)
def _char_grams(word: str) -> frozenset[str]:
    marked = f"<{word}>"
    return frozenset(f"c:{marked[i : i + 4]}" for i in range(len(marked) - 3))


def features(text: str, trigger: str | None) -> list[str]:
    """Sparse binary features: stems, 5-letter prefixes, stem bigrams, character 4-grams,
    the codebook rules and argument cues that match, the state and non-state forces named
    (``type_features.actor_cues``), and the winning rule."""
    return list(_features(text, trigger))


@lru_cache(maxsize=TEXT_CACHE_SIZE)
def _features(text: str, trigger: str | None) -> tuple[str, ...]:
    stems = [s for s, _, _ in _tokens(text)]
    found = {f"w:{s}" for s in stems if s not in _STOP}
    found |= {f"p:{s[:5]}" for s in stems if len(s) > 5}
    found |= {f"b:{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)}
    for word in set(_TOKEN_RE.findall(text.lower())):
        if not word.isdigit() and word not in _STOP:
            found |= _char_grams(word)
    found |= {f"r:{name}" for name in rule_names(text)}
    found |= {f"e:{rule.event_type}" for rule, _ in rule_matches(text)}
    found |= {f"k:{name}" for name, pattern in CUES if pattern.search(text)}
    found.update(_repeated(actor_cues(text), ACTOR_REPEAT))
    found.update(_repeated(family_cues(text), FAMILY_REPEAT))
    found.add(f"t:{trigger or '-'}")
    return tuple(sorted(found))


def _repeated(cues: Iterable[str], copies: int) -> list[str]:
    """``copies`` distinct feature names per cue ("f:crowd#0", "f:crowd#1" …)."""
    return [f"{cue}#{i}" for cue in cues for i in range(copies)]


@dataclass(frozen=True)
class Prediction:
    """The classifier's reading of one text."""

    label: str
    probability: float
    probabilities: dict[str, float]
    cue: tuple[int, int] | None  # span (in the text) of the word that weighed most
    sparse: Prediction | None = None  # the sparse model's own reading when a dense head mixed


@dataclass
class TypeModel:
    """Weights of a multinomial logistic regression over sparse binary features."""

    labels: list[str]
    vocabulary: dict[str, int]
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    origin: str = "shipped"
    dense: DenseHead | None = None  # the optional embedding model (type_embeddings)
    naive_bayes: np.ndarray | None = None  # (features, labels) complement naive Bayes weights
    _predictions: dict[tuple[str, str | None], Prediction] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )  # the event coder asks about a sentence more than once

    def scores(self, names: Iterable[str]) -> np.ndarray:
        return self._scores(self._ids(names))

    def _scores(self, ids: list[int]) -> np.ndarray:
        scale = 1.0 / math.sqrt(max(len(ids), 1))
        return self.weights[ids].sum(axis=0) * scale + self.bias

    def _ids(self, names: Iterable[str]) -> list[int]:
        return sorted({i for i in map(self.vocabulary.get, names) if i is not None})

    def sparse_probabilities(self, names: Sequence[str]) -> np.ndarray:
        """The regression's probabilities, mixed with the naive Bayes' when the model has it."""
        ids = self._ids(names)
        probabilities = _softmax(self._scores(ids))
        if self.naive_bayes is None:
            return probabilities
        votes = self.naive_bayes[ids].sum(axis=0)
        centred = votes - votes.sum() / votes.size
        spread = math.sqrt(float(centred @ centred) / votes.size)  # the population std
        standardised = centred / spread if spread > 0 else centred * 0.0
        mixed: np.ndarray = (1 - NB_WEIGHT) * probabilities + NB_WEIGHT * _softmax(standardised)
        return mixed

    def predict(self, text: str, trigger: str | None = AUTO) -> Prediction:
        """Label probabilities of ``text`` given the winning rule (found here by default)."""
        if trigger == AUTO:
            trigger = trigger_name(text)
        key = (text, trigger)
        known = self._predictions.get(key)
        if known is None:
            if len(self._predictions) >= TEXT_CACHE_SIZE:
                self._predictions.clear()
            known = self._predictions[key] = self._predict(text, trigger)
        return known

    def _predict(self, text: str, trigger: str | None) -> Prediction:
        probabilities = self.sparse_probabilities(_features(text, trigger))
        sparse = self._reading(text, probabilities)
        if self.dense is None:
            return sparse
        dense = self.dense
        mixed = mix_for(probabilities, dense.probabilities(text), dense.encoder_name)
        return replace(self._reading(text, mixed), sparse=sparse)

    def _reading(self, text: str, probabilities: np.ndarray) -> Prediction:
        best = int(np.argmax(probabilities))
        by_label = {label: float(p) for label, p in zip(self.labels, probabilities, strict=True)}
        return Prediction(self.labels[best], float(probabilities[best]), by_label,
                          self._cue(text, best))  # fmt: skip

    def _cue(self, text: str, label_index: int) -> tuple[int, int] | None:
        best: tuple[float, int, int] | None = None
        for word, start, end in _tokens(text):
            index = self.vocabulary.get(f"w:{word}")
            if index is None:
                continue
            weight = float(self.weights[index, label_index])
            if best is None or weight > best[0]:
                best = (weight, start, end)
        return (best[1], best[2]) if best and best[0] > 0 else None


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max())
    result: np.ndarray = shifted / shifted.sum()
    return result


@dataclass(frozen=True)
class Example:
    text: str
    label: str


def train(
    examples: Sequence[Example],
    origin: str = "shipped",
    embeddings: bool | None = None,
    encoder: str | None = None,
) -> TypeModel:
    """Averaged-SGD logistic regression; the same examples always give the same model.

    With ``embeddings`` (default: ``POLEMOS_EVENTS__TYPE_EMBEDDINGS``) a dense head over
    sentence embeddings is trained too (optional extra ``embeddings``), with the sentence
    encoder ``encoder`` (default: ``POLEMOS_EVENTS__TYPE_ENCODER``, else ``minilm``)."""
    model = _train_sparse(examples, origin)
    if embeddings if embeddings is not None else embeddings_enabled():
        targets = [model.labels.index(e.label) for e in examples]
        balance = class_weights(targets, len(model.labels))
        model.dense = train_head([e.text for e in examples], targets, len(model.labels),
                                 encoder or encoder_name(), balance)  # fmt: skip
    return model


def _train_sparse(examples: Sequence[Example], origin: str) -> TypeModel:
    labels = sorted({e.label for e in examples})
    rows = [features(e.text, trigger_name(e.text)) for e in examples]
    vocabulary = {name: i for i, name in enumerate(sorted({n for row in rows for n in row}))}
    encoded = [np.array(sorted({vocabulary[n] for n in row})) for row in rows]
    targets = [labels.index(e.label) for e in examples]
    weights, bias = _regression(encoded, targets, len(vocabulary), len(labels))
    naive_bayes = complement_naive_bayes(encoded, targets, len(vocabulary), len(labels))
    return TypeModel(labels, vocabulary, weights, bias, origin, naive_bayes=naive_bayes)


def class_weights(targets: Sequence[int], labels: int) -> np.ndarray:
    """Per-label loss weights inverse to the label's frequency (mean weight per example 1)."""
    counts = np.bincount(np.asarray(targets, dtype=int), minlength=labels).astype(float)
    return np.divide(counts.sum() / np.count_nonzero(counts), counts,
                     out=np.zeros(labels), where=counts > 0)  # fmt: skip


def complement_naive_bayes(
    encoded: Sequence[np.ndarray], targets: Sequence[int], width: int, labels: int
) -> np.ndarray:
    """Complement naive Bayes weights (Rennie et al. 2003) over binary features: a label
    scores by how unlike the *other* labels' texts a text is; columns normalised."""
    counts = np.zeros((width, labels))
    for ids, target in zip(encoded, targets, strict=True):
        counts[ids, target] += 1.0
    complement = counts.sum(axis=1, keepdims=True) - counts + NB_SMOOTHING
    weights: np.ndarray = -np.log(complement / complement.sum(axis=0, keepdims=True))
    return weights / np.abs(weights).sum(axis=0, keepdims=True)


def _regression(
    encoded: Sequence[np.ndarray], targets: Sequence[int], width: int, labels: int
) -> tuple[np.ndarray, np.ndarray]:
    """Averaged SGD on the class-weighted softmax loss, one example at a time."""
    balance = class_weights(targets, labels)
    weights = np.zeros((width, labels))
    bias = np.zeros(labels)
    totals, bias_totals = np.zeros_like(weights), np.zeros_like(bias)
    order = list(range(len(encoded)))
    shuffler, step = random.Random(SEED), 1
    for epoch in range(EPOCHS):
        shuffler.shuffle(order)
        rate = LEARNING_RATE / (1 + epoch * 0.1)
        for i in order:
            ids, scale = encoded[i], 1.0 / math.sqrt(len(encoded[i]))
            gradient = _softmax(weights[ids].sum(axis=0) * scale + bias)
            gradient[targets[i]] -= 1.0
            gradient *= balance[targets[i]]
            weights[ids] -= rate * scale * gradient
            bias -= rate * gradient
            totals[ids] += step * rate * scale * gradient
            bias_totals += step * rate * gradient
            step += 1
    return weights - totals / step, bias - bias_totals / step


# ---------------------------------------------------------------------------------------
# Combining with the codebook rules


def combine(
    rule_label: str | None, prediction: Prediction, limits: Thresholds = ARTICLE
) -> tuple[str, str]:
    """(sub-event type or NONE, basis) from the rule's reading and the classifier's.

    With ``limits.sparse_must_agree`` and a prediction mixed with the dense head, the
    classifier departs from the rules only where its sparse reading alone departs the same
    way; otherwise the rules' reading stands.

    * No rule trigger: the classifier's label when it is an event type above
      ``limits.new_event``, else NONE.
    * A rule trigger: kept, unless the classifier prefers another event type above
      ``limits.override`` (and more than the rule's), or calls it a non-event above
      ``limits.non_event``.
    """
    decided = _combine(rule_label, prediction, limits)
    if not limits.sparse_must_agree or prediction.sparse is None:
        return decided
    if decided[0] == _combine(rule_label, prediction.sparse, limits)[0]:
        return decided
    return (rule_label, "rules") if rule_label else (NONE, "none")


def _combine(rule_label: str | None, prediction: Prediction, limits: Thresholds) -> tuple[str, str]:
    label, probability = prediction.label, prediction.probability
    if rule_label is None:
        if label != NONE and probability >= limits.new_event:
            return label, "classifier"
        return NONE, "none"
    if label == rule_label:
        return rule_label, "rules+classifier"
    if label == NONE:
        return (NONE, "classifier") if probability >= limits.non_event else (rule_label, "rules")
    rule_probability = prediction.probabilities.get(rule_label, 0.0)
    if probability >= limits.override and probability > rule_probability:
        return label, "classifier"
    return rule_label, "rules"


# ---------------------------------------------------------------------------------------
# Examples, caching and the models in use


def read_examples(text: str, origin: str) -> list[Example]:
    """``label<TAB>sentence`` lines (``#`` comments and blank lines skipped)."""
    examples = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        label, tab, sentence = line.partition("\t")
        if not tab or not sentence.strip():
            raise GoldFormatError(f"{origin}:{number}: expected 'label<TAB>sentence'")
        examples.append(Example(sentence.strip(), label.strip()))
    return examples


def shipped_examples_text() -> str:
    return resources.files("polemos.data").joinpath("type_examples.tsv").read_text("utf-8")


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/polemos`` (or ``~/.cache/polemos``)."""
    return user_cache_dir()


def save_model(model: TypeModel, path: Path) -> None:
    """Write ``model`` as a numpy archive (no pickles)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = sorted(model.vocabulary, key=model.vocabulary.__getitem__)
    temporary = path.with_name(path.name + ".tmp.npz")
    arrays: dict[str, Any] = {
        "labels": np.array(model.labels), "vocabulary": np.array(names),
        "weights": model.weights, "bias": model.bias, "origin": np.array(model.origin),
    }  # fmt: skip
    if model.naive_bayes is not None:
        arrays["naive_bayes"] = model.naive_bayes
    if model.dense is not None:
        arrays.update(dense_weights=model.dense.weights, dense_bias=model.dense.bias,
                      dense_encoder=np.array(model.dense.encoder_name),
                      dense_cues=np.array(model.dense.cue_names, dtype=str),
                      dense_cue_scale=np.array(model.dense.cue_scale))  # fmt: skip
    np.savez(temporary, **arrays)
    temporary.replace(path)


def load_model(path: Path) -> TypeModel:
    """A model written by ``save_model``; a clear error names a missing or broken file."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            names = [str(n) for n in archive["vocabulary"]]
            dense = None
            if "dense_weights" in archive:
                dense = DenseHead(str(archive["dense_encoder"]), archive["dense_weights"],
                                  archive["dense_bias"], *_dense_cues(archive))  # fmt: skip
            naive_bayes = archive.get("naive_bayes")
            return TypeModel([str(x) for x in archive["labels"]],
                             {n: i for i, n in enumerate(names)}, archive["weights"],
                             archive["bias"], str(archive["origin"]), dense,
                             naive_bayes)  # fmt: skip
    except FileNotFoundError:
        raise ResourceMissingError(
            f"type model {path} does not exist",
            hint="train one with `polemos train types --gold FILE`",
        ) from None
    except (OSError, KeyError, ValueError) as error:
        raise ResourceMissingError(f"type model {path} is unreadable: {error}") from None


def _dense_cues(archive: Any) -> tuple[tuple[str, ...], float]:
    """The dense head's cue names and scale (none in files written before types-9)."""
    if "dense_cues" not in archive:
        return (), 0.0
    return tuple(str(n) for n in archive["dense_cues"]), float(archive["dense_cue_scale"])


def _feature_code() -> bytes:
    """The source of the modules that turn text into features: a cached model is only
    reused by the code that trained it, even if MODEL_VERSION was not bumped."""
    from polemos import codebook, type_features

    return b"".join(
        Path(module.__file__).read_bytes()
        for module in (sys.modules[__name__], type_features, codebook)
        if module.__file__
    )


def _shipped_key(embeddings: bool, encoder: str) -> str:
    flavour = ("+embeddings" if encoder == "minilm" else f"+{encoder}") if embeddings else ""
    digest = hashlib.sha256((MODEL_VERSION + flavour + shipped_examples_text()).encode("utf-8"))
    digest.update(_feature_code())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def shipped_model(embeddings: bool = False, encoder: str = "minilm") -> TypeModel:
    """The model trained on the bundled examples (cached on disk after the first run);
    ``embeddings`` adds the dense head over sentence embeddings of ``encoder`` (extra
    ``embeddings``)."""
    path = cache_dir() / f"types-shipped-{_shipped_key(embeddings, encoder)}.npz"
    if path.exists():
        try:
            return load_model(path)
        except ResourceMissingError:
            pass  # a damaged cache file is rebuilt below
    model = train(read_examples(shipped_examples_text(), "type_examples.tsv"),
                  embeddings=embeddings, encoder=encoder)  # fmt: skip
    with contextlib.suppress(OSError):  # a read-only cache only costs training time
        save_model(model, path)
    return model


@lru_cache(maxsize=4)
def _local_model(path: str) -> TypeModel:
    return load_model(Path(path))


def configured_model_path(config: dict[str, Any] | None) -> str:
    """``events.type_model`` from the configuration, else ``POLEMOS_EVENTS__TYPE_MODEL``."""
    section = (config or {}).get("events") or {}
    return str(section.get("type_model") or os.environ.get("POLEMOS_EVENTS__TYPE_MODEL", ""))


def type_model(config: dict[str, Any] | None = None) -> TypeModel:
    """The configured local model, else the shipped one (with embeddings of the configured
    encoder when switched on)."""
    path = configured_model_path(config)
    if path:
        return _local_model(str(Path(path).expanduser()))
    if embeddings_enabled(config):
        return shipped_model(True, encoder_name(config))
    return shipped_model(False)
