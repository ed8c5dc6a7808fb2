"""One sense per discourse: a name that the text shows to be a place in one mention is a
place in its other mentions too ("Gainesville police" makes "Another Gainesville business"
and "Gainesville's Tom Thumb" Gainesville, though spaCy tags them as a person)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Protocol, TypeVar

from polemos.geo.toponym import Toponym

#: Cues of a town in local news ("Berea police", "R-Elbow Lake", "ROSWELL - ").
LOCAL_CUES = frozenset({"local", "hometown", "dateline"})

#: A title before a word makes it a person's name right there ("Mr. Lincoln").
_TITLE_BEFORE = re.compile(
    r"\b(Mr|Mrs|Ms|Miss|Dr|Sen|Rep|Gov|Gen|Sgt|Lt|Capt|Col|Judge|President|Coach)\.?\s+$"
)


def echoes(
    found: Iterable[Toponym], kept: list[Toponym], name_spans: set[tuple[int, int]], text: str
) -> list[Toponym]:
    """The mentions of ``found`` left out of ``kept`` whose name is spelled exactly as a kept
    place name of the text, flagged ``echo``. A mention that is a word of a person's name
    right where it stands ("Paris Hilton", "Mr. Lincoln") stays out."""
    places = {
        t.text
        for t in kept
        if t.known
        and (t.strong or LOCAL_CUES & set(t.cues))
        and not (t.demonym or t.street or t.echo)
    }
    taken = {(t.start, t.end) for t in kept}
    echoed = []
    for top in found:
        if top.text not in places or top.surname or (top.start, top.end) in taken:
            continue
        if (top.start, top.end) in name_spans or _TITLE_BEFORE.search(text[: top.start][-16:]):
            continue
        top.echo = True
        echoed.append(top)
    return echoed


class _Choice(Protocol):
    reason: str | None
    row: int | None


C = TypeVar("C", bound=_Choice)


def share_qualified(
    toponyms: list[Toponym], choices: list[C], qualified: str, keep: str = ""
) -> list[C]:
    """A name qualified once ("Springfield, Ohio") means the same place in its bare mentions
    ("Springfield's finances"): they take the qualified mention's choice. A name qualified
    two ways ("Springfield, Ill." and "Springfield, Mass.") is left alone, and so are
    mentions with a qualifier or a cue of their own (a province, a county) and choices made
    for the reason ``keep`` ("Washington, D.C." does not make the story's state, named
    "Wash." in its dateline, the capital)."""
    rows: dict[str, set[int]] = {}
    first: dict[str, C] = {}
    for top, choice in zip(toponyms, choices, strict=True):
        if choice.reason == qualified and choice.row is not None:
            rows.setdefault(top.key, set()).add(choice.row)
            first.setdefault(top.key, choice)
    shared = []
    for top, choice in zip(toponyms, choices, strict=True):
        bare = top.qualifier is None and not (top.admin or top.county or top.street)
        bare = bare and (not keep or choice.reason != keep)
        if bare and len(rows.get(top.key, ())) == 1 and choice.row not in rows[top.key]:
            shared.append(replace(first[top.key], reason=SHARED))  # type: ignore[type-var]
        else:
            shared.append(choice)
    return shared


SHARED = "as the mention qualified by its state or country"
