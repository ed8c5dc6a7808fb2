"""Near-duplicate detection: MinHash LSH candidates confirmed by real Jaccard similarity."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

_SEED = 1
# datasketch >= 2.0 needs the permutation scheme spelt out; "legacy" keeps signatures
# (uint64 values) identical to those of datasketch 1.x.
_SCHEME: dict[str, Any] = (
    {"scheme": "legacy"} if "scheme" in inspect.signature(MinHash.__init__).parameters else {}
)
_APOSTROPHES = re.compile(r"['’`]")
_PUNCTUATION = re.compile(r"[^\w\s]+")


def normalise(text: str) -> list[str]:
    """Words of ``text``: lowercase, punctuation stripped, whitespace collapsed."""
    text = _APOSTROPHES.sub("", text.lower())
    return _PUNCTUATION.sub(" ", text).split()


def shingles(text: str, size: int = 5) -> set[str]:
    """The set of ``size``-word shingles of the normalised text."""
    words = normalise(text)
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def jaccard(left: set[str], right: set[str]) -> float:
    """Jaccard similarity of two sets (0.0 when both are empty)."""
    union = len(left | right)
    return len(left & right) / union if union else 0.0


class DuplicateIndex:
    """Finds near-duplicate articles (syndicated or re-posted copies).

    Pass clean text (``Article.clean_text``).  LSH proposes candidates; each is
    confirmed by the Jaccard similarity of the real shingle sets.
    """

    def __init__(self, shingle_words: int = 5, num_perm: int = 128, threshold: float = 0.8):
        self.shingle_words = shingle_words
        self.num_perm = num_perm
        self.threshold = threshold
        # A lower LSH threshold trades a few more candidates for fewer misses.
        self._lsh = MinHashLSH(threshold=max(threshold - 0.1, 0.05), num_perm=num_perm)
        self._shingles: dict[str, set[str]] = {}
        self._ids: set[str] = set()
        # The hash permutations depend only on num_perm and the seed: draw them once
        # (datasketch would redraw them for every MinHash, ~1 ms each).
        self._permutations = MinHash(num_perm=num_perm, seed=_SEED, **_SCHEME).permutations

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> DuplicateIndex:
        """Build from the ``[ingest]`` section of a configuration dict."""
        ingest = config.get("ingest", {})
        return cls(
            shingle_words=int(ingest.get("shingle_words", 5)),
            num_perm=int(ingest.get("num_perm", 128)),
            threshold=float(ingest.get("duplicate_threshold", 0.8)),
        )

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._ids

    def _minhash(self, shingle_set: Iterable[str]) -> MinHash:
        minhash = MinHash(
            num_perm=self.num_perm, seed=_SEED, permutations=self._permutations, **_SCHEME
        )
        minhash.update_batch([item.encode("utf-8") for item in sorted(shingle_set)])
        return minhash

    def _from_signature(self, signature: bytes) -> MinHash:
        values = np.frombuffer(signature, dtype=np.uint64)
        if len(values) != self.num_perm:
            raise ValueError(f"signature has {len(values)} values, expected {self.num_perm}")
        return MinHash(
            num_perm=self.num_perm,
            seed=_SEED,
            hashvalues=values.copy(),
            permutations=self._permutations,
            **_SCHEME,
        )

    def signature(self, text: str) -> bytes:
        """The serialised MinHash of ``text`` (``num_perm`` uint64 values)."""
        shingle_set = shingles(text, self.shingle_words)
        return bytes(self._minhash(shingle_set).hashvalues.astype(np.uint64).tobytes())

    def add(self, article_id: str, text: str, signature: bytes | None = None) -> None:
        """Register an article and keep its shingles in memory."""
        shingle_set = shingles(text, self.shingle_words)
        self._shingles[article_id] = shingle_set
        if signature is None:
            self._insert(article_id, self._minhash(shingle_set))
        else:
            self._insert(article_id, self._from_signature(signature))

    def load(self, article_id: str, signature: bytes) -> None:
        """Register a stored article by its signature only (text fetched on demand)."""
        self._insert(article_id, self._from_signature(signature))

    def _insert(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self._ids:
            self._lsh.insert(article_id, minhash)
            self._ids.add(article_id)

    def _candidate_shingles(
        self, article_id: str, get_text: Callable[[str], str | None]
    ) -> set[str] | None:
        if article_id not in self._shingles:
            text = get_text(article_id)
            if text is None:
                return None
            self._shingles[article_id] = shingles(text, self.shingle_words)
        return self._shingles[article_id]

    def find_duplicate(
        self, text: str, get_text: Callable[[str], str | None] = lambda _id: None
    ) -> str | None:
        """Lowest-sorting registered id whose Jaccard similarity is >= threshold."""
        query = shingles(text, self.shingle_words)
        if not query:
            return None
        for candidate in sorted(self._lsh.query(self._minhash(query))):
            other = self._candidate_shingles(candidate, get_text)
            if other is not None and jaccard(query, other) >= self.threshold:
                return str(candidate)
        return None
