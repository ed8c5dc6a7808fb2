"""Tests of near-duplicate detection."""

from __future__ import annotations

import pytest

from polemos.ingest import DuplicateIndex, clean_text
from polemos.ingest.dedup import jaccard, normalise, shingles

ORIGINAL = """Turkish drones strike Kurdish positions near Kobani

Turkish drones struck positions of the Syrian Democratic Forces near the town of Kobani on
Tuesday, killing at least four fighters and wounding six others, according to a war monitor.
The Syrian Observatory for Human Rights said the strikes targeted a military post and a
vehicle on the road between Kobani and Ain Issa. The SDF said it would respond to the
attacks and accused Ankara of trying to destabilise the region. Local residents reported
hearing several explosions in the early hours of the morning and said that ambulances
rushed the wounded to a hospital in Kobani. Turkey has carried out dozens of drone strikes
in northern Syria this year, saying it targets militants linked to the PKK. The latest
strikes came a day after clashes between Turkish-backed factions and the SDF near Manbij.
Kurdish officials called on the international coalition to pressure Ankara to halt the
strikes, which they said endangered the fight against remaining Islamic State cells.
"""

SYNDICATED = (
    "SDF fighters killed in drone attack, monitor says\n\n"
    + ORIGINAL.split("\n", 2)[2].replace("Tuesday", "Tuesday,")
    + "\nThis story was originally published by Example Wire and is republished with "
    "permission. Copyright 2021.\n"
)

SAME_TOPIC = """Kurdish forces clash with Turkish-backed fighters near Manbij

Clashes broke out between the Manbij Military Council and Turkish-backed Syrian National Army
factions west of Manbij on Wednesday, a war monitor said. At least two fighters were killed
and several others were wounded in the fighting near the village of Arima. The Syrian
Observatory for Human Rights said Turkish artillery shelled villages in the countryside of
Manbij during the clashes. The SDF accused Turkey of escalating the conflict in northern
Syria after a series of drone strikes near Kobani earlier in the week.
"""


def _clean(text: str) -> str:
    return clean_text(text)[0]


def test_dedup_normalise_strips_punctuation_and_case() -> None:
    assert normalise("  The SDF's   fighters, (four)\nkilled! ") == [
        "the", "sdfs", "fighters", "four", "killed"
    ]  # fmt: skip
    assert shingles("a b c", 5) == {"a b c"}
    assert shingles("", 5) == set()
    assert jaccard(set(), set()) == 0.0


def test_dedup_finds_syndicated_copy() -> None:
    index = DuplicateIndex()
    index.add("art_original", _clean(ORIGINAL))
    assert index.find_duplicate(_clean(SYNDICATED), lambda _id: None) == "art_original"


def test_dedup_ignores_same_topic_article() -> None:
    index = DuplicateIndex()
    index.add("art_original", _clean(ORIGINAL))
    assert index.find_duplicate(_clean(SAME_TOPIC), lambda _id: None) is None


def test_dedup_loaded_signature_uses_get_text() -> None:
    writer = DuplicateIndex()
    signature = writer.signature(_clean(ORIGINAL))
    assert len(signature) == 128 * 8
    reader = DuplicateIndex()
    reader.load("art_stored", signature)
    fetched: list[str] = []

    def get_text(article_id: str) -> str | None:
        fetched.append(article_id)
        return _clean(ORIGINAL)

    assert reader.find_duplicate(_clean(SYNDICATED), get_text) == "art_stored"
    assert fetched == ["art_stored"]
    assert "art_stored" in reader and len(reader) == 1


def test_dedup_unknown_text_is_not_confirmed() -> None:
    index = DuplicateIndex()
    index.load("art_gone", index.signature(_clean(ORIGINAL)))
    assert index.find_duplicate(_clean(SYNDICATED), lambda _id: None) is None


def test_dedup_lowest_id_and_deterministic() -> None:
    results = []
    for _ in range(3):
        index = DuplicateIndex()
        for article_id in ("art_c", "art_a", "art_b"):
            index.add(article_id, _clean(ORIGINAL))
        results.append((index.find_duplicate(_clean(SYNDICATED)), index.signature(ORIGINAL)))
    assert results[0][0] == "art_a"
    assert results == [results[0]] * 3


def test_dedup_add_with_signature_and_config() -> None:
    index = DuplicateIndex.from_config(
        {"ingest": {"shingle_words": 4, "num_perm": 64, "duplicate_threshold": 0.7}}
    )
    assert (index.shingle_words, index.num_perm, index.threshold) == (4, 64, 0.7)
    index.add("art_x", _clean(ORIGINAL), signature=index.signature(_clean(ORIGINAL)))
    assert index.find_duplicate(_clean(SYNDICATED)) == "art_x"
    with pytest.raises(ValueError, match="expected 64"):
        index.load("art_y", DuplicateIndex().signature("some text"))
