"""Tests of the line-level boilerplate filter and its offset map."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polemos.ingest import BOILERPLATE_PATTERNS, clean_text, is_boilerplate

SEEDS = Path("/work/shared/seeds")

BOILERPLATE_LINES = [
    "Support SouthFront",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Share this:",
    "Share on Facebook",
    "Click to share on Twitter (Opens in new window)",
    "Tweet",
    "Related posts",
    "Subscribe to our newsletter for daily updates",
    "We use cookies to improve your experience on our site.",
]


def _check_ranges(text: str, clean: str, offsets, ranges) -> None:
    for a, b in ranges:
        start, end = offsets.to_text(a), offsets.to_text(b, is_end=True)
        assert text[start:end] == clean[a:b], (a, b)


def _line_ranges(clean: str) -> list[tuple[int, int]]:
    """Every (a, b) pair inside each line of ``clean`` (newline included), sampled."""
    ranges = []
    position = 0
    for line in clean.splitlines(keepends=True):
        end = position + len(line)
        step = max(1, len(line) // 7)
        points = list(range(position, end + 1, step)) + [end]
        ranges += [(a, b) for a in points for b in points if a <= b]
        position = end
    return ranges


@pytest.mark.parametrize("line", BOILERPLATE_LINES)
def test_boilerplate_drops_known_prompts(line: str) -> None:
    text = f"Gunmen attacked a village in Borno state.\n{line}\nTen people were killed.\n"
    clean, _ = clean_text(text)
    assert line not in clean
    assert "Gunmen attacked" in clean and "Ten people were killed." in clean


def test_boilerplate_keeps_byline_and_headline() -> None:
    text = (
        "Headline about clashes\n\nby Eray Fox (Twitter)\n\nBody text.\n\nHeadline about clashes\n"
    )
    clean, _ = clean_text(text)
    assert clean == "Headline about clashes\n\nby Eray Fox (Twitter)\n\nBody text.\n"


def test_boilerplate_repeated_lines_keep_first() -> None:
    text = "Caption of a photo.\nBody one.\nCaption of a photo.\nBody two.\n"
    clean, offsets = clean_text(text)
    assert clean == "Caption of a photo.\nBody one.\nBody two.\n"
    _check_ranges(text, clean, offsets, _line_ranges(clean))


def test_boilerplate_keeps_crlf_and_maps_offsets() -> None:
    text = "Title\r\n\r\nShare this:\r\n\r\nSoldiers were killed.\r\nTweet"
    clean, offsets = clean_text(text)
    assert clean == "Title\r\n\r\nSoldiers were killed.\r\n"
    _check_ranges(text, clean, offsets, _line_ranges(clean))


def test_boilerplate_patterns_are_extendable() -> None:
    line = "Buy our merchandise today"
    assert not is_boilerplate(line)
    BOILERPLATE_PATTERNS.append(re.compile("buy our merchandise.*", re.IGNORECASE))
    try:
        assert is_boilerplate(line)
    finally:
        BOILERPLATE_PATTERNS.pop()


def test_boilerplate_empty_text() -> None:
    assert clean_text("")[0] == ""
    assert clean_text("\n\n  \n")[0] == ""


_WORDS = st.sampled_from(["army", "shelled", "Idlib", "on", "Monday", "killing", "3", "'s", "é"])
_CONTENT = st.lists(_WORDS, min_size=1, max_size=6).map(" ".join)
_LINE = st.one_of(_CONTENT, st.sampled_from(BOILERPLATE_LINES), st.just(""), st.just("   "))
_ENDING = st.sampled_from(["\n", "\r\n"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_LINE, _ENDING), max_size=25), st.booleans())
def test_boilerplate_offset_invariant(lines: list[tuple[str, str]], trailing: bool) -> None:
    text = "".join(body + ending for body, ending in lines)
    if not trailing and text:
        text = text.rstrip("\r\n")
    clean, offsets = clean_text(text)
    _check_ranges(text, clean, offsets, _line_ranges(clean))
    kept = [line.strip() for line in clean.splitlines() if line.strip()]
    assert len(kept) == len(set(kept))
    assert not any(is_boilerplate(line) for line in kept)


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {path} not present")
    return path.read_bytes().decode("utf-8")


def test_boilerplate_seed_southfront() -> None:
    text = _seed("000_81707db8ca4dc230.txt")
    clean, offsets = clean_text(text)
    assert "Support SouthFront" not in clean
    assert "Leave a Reply" not in clean
    assert "Your email address" not in clean
    headline = "Jund al-Aqsa Joins to ISIS, Captures 17 Populated Localities in Hama & Idlib"
    assert clean.startswith(headline) and clean.count(headline) == 1
    event_lines = [line for line in text.splitlines() if len(line) > 100]
    assert len(event_lines) == 8
    assert all(line in clean for line in event_lines)
    assert "took control of Morek, Latmin, Lahya" in clean
    _check_ranges(text, clean, offsets, _line_ranges(clean))


def test_boilerplate_seed_caption_repeat() -> None:
    text = _seed("004_195cb865a73249a2.txt")
    clean, offsets = clean_text(text)
    caption = "Location of Tell Mannas (here Talmenes) village in Idlib"
    assert text.count(caption) == 2 and clean.count(caption) == 1
    assert "by Eray Fox (Twitter)" in clean
    for line in text.splitlines():
        if line.strip() and caption not in line:
            assert line in clean
    _check_ranges(text, clean, offsets, _line_ranges(clean))
