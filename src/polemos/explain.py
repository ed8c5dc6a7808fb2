"""Human-readable accounts of events: ACLED-style notes, and evidence marked in its text.

``summary_note`` writes the one-sentence note of a coded event from its fields;
``explain_event`` shows the sentence(s) an event came from with each field's evidence
span marked (``polemos explain EVENT_ID``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from polemos.errors import NotFoundError
from polemos.models import Event, Evidence

NOTE_VERBS = {
    "Government regains territory": "regained control of {place} from {actor2}",
    "Non-state actor overtakes territory": "took control of {place} from {actor2}",
    "Armed clash": "clashed with {actor2} in {place}",
    "Air/drone strike": "carried out an air/drone strike against {actor2} in {place}",
    "Shelling/artillery/missile attack": "shelled {actor2} in {place}",
    "Remote explosive/landmine/IED": "detonated an explosive device against {actor2} in {place}",
    "Suicide bomb": "carried out a suicide bombing against {actor2} in {place}",
    "Grenade": "threw a grenade at {actor2} in {place}",
    "Chemical weapon": "used chemical weapons against {actor2} in {place}",
    "Attack": "attacked {actor2} in {place}",
    "Abduction/forced disappearance": "abducted {actor2} in {place}",
    "Sexual violence": "committed sexual violence against {actor2} in {place}",
    "Arrests": "arrested {actor2} in {place}",
    "Peaceful protest": "demonstrated in {place}",
    "Protest with intervention": "demonstrated in {place}; {actor2} intervened",
    "Excessive force against protesters": "demonstrated in {place}; {actor2} used lethal force",
    "Violent demonstration": "rioted in {place}",
    "Change to group/activity": "announced a change to its group or activity (with {actor2})",
    "Disrupted weapons use": "disrupted weapons use in {place}",
}


def summary_note(event: Event) -> str:
    """One ACLED-style sentence from the event's fields: "On 9 February 2017, X took ..."."""
    where = f"{event.location} ({event.admin1})" if event.location and event.admin1 else (
        event.location or "an unidentified location")  # fmt: skip
    default = f"was involved in a {event.sub_event_type.lower()} event in {{place}}"
    template = NOTE_VERBS.get(event.sub_event_type, default)
    verb = template.format(place=where, actor2=event.actor2 or "unidentified targets")
    verb = re.sub(r" from unidentified targets| \(with unidentified targets\)", "", verb)
    when = event.event_date
    day = when.strftime("%-d %B %Y") if when else "an unknown date"
    opener = f"On {day}" if event.time_precision == 1 else f"Around {day}"
    deaths = f" {event.fatalities} reported fatalities." if event.fatalities else ""
    return f"{opener}, {event.actor1 or 'an unidentified group'} {verb}.{deaths}"


@dataclass(frozen=True)
class Explained:
    """One source sentence (or passage) of an event with its evidence spans marked."""

    article_id: str
    start: int
    end: int
    marked: str
    fields: list[Evidence]


def find_event(store: Any, event_id: str) -> Event:
    """The merged event ``event_id`` of ``store``; NotFoundError names it when absent."""
    getter = getattr(store, "get_event", None)
    event = getter(event_id) if getter else None
    if event is None:
        event = next((e for e in store.iter_events() if e.event_id_cnty == event_id), None)
    if event is None:
        raise NotFoundError(f"no event {event_id!r} in the database",
                            hint="list event ids with `polemos events --json`")  # fmt: skip
    return event


def explain_event(store: Any, event_id: str) -> tuple[Event, list[Explained]]:
    """The event and, per passage its evidence came from, the text with spans marked."""
    event = find_event(store, event_id)
    passages = [e for e in event.evidence if e.field == "notes"]
    explained = []
    for passage in passages:
        article = store.get_article(passage.article_id)
        if article is None:
            continue
        inside = [e for e in event.evidence if e.article_id == passage.article_id
                  and e.field != "notes" and _near(passage, e)]  # fmt: skip
        start = min([passage.start, *(e.start for e in inside)])
        end = max([passage.end, *(e.end for e in inside)])
        end = _sentence_end(article.text, end)
        marked = mark_spans(article.text, start, end, inside)
        explained.append(Explained(passage.article_id, start, end, marked, inside))
    return event, explained


def _near(passage: Evidence, span: Evidence) -> bool:
    """Inside the passage, or in the follow-up sentences the coder reads (fatalities)."""
    return passage.start - 300 <= span.start and span.end <= passage.end + 600


def _sentence_end(text: str, position: int) -> int:
    found = re.search(r"[.!?](?:\s|$)", text[position:])
    return position + found.end() if found else len(text)


def mark_spans(text: str, start: int, end: int, spans: list[Evidence]) -> str:
    """``text[start:end]`` with each span written ``[span text]{field}``."""
    opens: dict[int, int] = {}
    closes: dict[int, list[str]] = {}
    for span in spans:
        opens[span.start] = opens.get(span.start, 0) + 1
        closes.setdefault(span.end, []).append(span.field)
    pieces = []
    for position in range(start, end + 1):
        for name in closes.get(position, []):
            pieces.append(f"]{{{name}}}")
        pieces.append("[" * opens.get(position, 0))
        if position < end:
            pieces.append(text[position])
    return " ".join("".join(pieces).split())
