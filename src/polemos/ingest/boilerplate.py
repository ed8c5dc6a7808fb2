"""Line-level boilerplate filter with an offset map back to the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from polemos.models import OffsetMap

_RAW_PATTERNS: list[str] = [
    # donation / support prompts
    r"support (us|southfront|our (work|journalism|reporting)|independent journalism)[.!]?",
    r"(please )?(donate|make a donation)( now| today)?[.!]?",
    # comment sections
    r"leave a (reply|comment)( cancel reply)?:?",
    r"(\d+ )?(comments?|responses?)( \(\d+\))?:?",
    r"(post(ed)? a|add a|view) comments?:?",
    r"your email address will not be published\.?( required fields are marked \*)?",
    r"required fields are marked \*",
    r"you must be logged in to post a comment\.?",
    # share prompts
    r"share( this| this article| this story| this post)?( on \w+)?( via \w+)?:?",
    r"(click|tap) to (share|email|print)\b.*",
    r"(tweet|pin it|email|print|like this:?|like|whatsapp|telegram)",
    r"(facebook|twitter|linkedin|reddit|vk)( ?[|/,] ?(facebook|twitter|linkedin|reddit|vk))*",
    r"follow us on \w+.*",
    r"join (us|our channel) on telegram.*",
    # related content
    r"(related|similar)( posts| articles| stories| news| content)?:?",
    r"(you (may|might) also like|recommended( for you)?|read more|see also|more stories):?",
    # newsletters / subscriptions
    r"(sign up|subscribe)( now| today| here)?[.!]?",
    r"(sign up|subscribe|register) (to|for) (our|the) .*(newsletter|updates|mailing list).*",
    r"get the latest .* (in|to) your inbox.*",
    r"enter your e-?mail( address)?.*",
    # cookie notices
    r"(we|this (web)?site) uses? cookies\b.*",
    r"(accept|allow|manage)( all)? cookies.*",
    r"cookie (policy|settings|preferences|notice|consent).*",
    r"by (continuing|using) (to (use|browse) )?this (web)?site,? you (agree|consent)\b.*",
    # page furniture
    r"(advertisement|sponsored( content)?|skip to (main )?content|loading\.\.\.)",
    r"(©|\(c\)|copyright)\s*\d{4}.*",
    r"all rights reserved\.?",
]

BOILERPLATE_PATTERNS: list[re.Pattern[str]] = [
    re.compile(pattern, re.IGNORECASE) for pattern in _RAW_PATTERNS
]
"""Whole-line regexes (matched against the stripped line); append to extend."""

_MAX_BOILERPLATE_CHARS = 300


@dataclass(frozen=True)
class _Line:
    start: int
    body: str
    end: str

    @property
    def length(self) -> int:
        return len(self.body) + len(self.end)


def is_boilerplate(line: str) -> bool:
    """Whether one line (without its newline) is boilerplate."""
    stripped = line.strip()
    if not stripped or len(stripped) > _MAX_BOILERPLATE_CHARS:
        return False
    return any(pattern.fullmatch(stripped) for pattern in BOILERPLATE_PATTERNS)


def _split_nl(text: str) -> list[str]:
    parts = text.split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    return lines + [parts[-1]] if parts[-1] else lines


def _line_key(body: str) -> str:
    return " ".join(body.split())


def _kept_lines(text: str) -> list[_Line]:
    """Lines that survive: not boilerplate, not repeats, no runs of blank lines."""
    seen: set[str] = set()
    kept: list[_Line] = []
    for line in _lines(text):
        key = _line_key(line.body)
        if not key:
            if kept and _line_key(kept[-1].body):
                kept.append(line)
            continue
        if key not in seen and not is_boilerplate(line.body):
            kept.append(line)
        seen.add(key)
    while kept and not _line_key(kept[-1].body):
        kept.pop()
    return kept


def _lines(text: str) -> list[_Line]:
    parts = _split_nl(text)
    lines: list[_Line] = []
    position = 0
    for raw in parts:
        body = raw[:-1] if raw.endswith("\n") else raw
        body = body[:-1] if body.endswith("\r") else body
        lines.append(_Line(position, body, raw[len(body) :]))
        position += len(raw)
    return lines


def clean_text(text: str) -> tuple[str, OffsetMap]:
    """Drop boilerplate and repeated lines; return the clean text and its offset map.

    Kept lines are copied whole (with their own line terminators), so for any range
    ``a..b`` inside one kept line ``text[m.to_text(a):m.to_text(b, is_end=True)]``
    equals ``clean[a:b]``.
    """
    pieces: list[str] = []
    segments: list[tuple[int, int, int]] = []
    clean_pos = 0
    for line in _kept_lines(text):
        if segments and segments[-1][1] + segments[-1][2] == line.start:
            clean_start, text_start, length = segments[-1]
            segments[-1] = (clean_start, text_start, length + line.length)
        else:
            segments.append((clean_pos, line.start, line.length))
        pieces.append(text[line.start : line.start + line.length])
        clean_pos += line.length
    return "".join(pieces), OffsetMap(segments=segments)
