"""Look-ups over a geocoder's output, shared by the geo tests."""

from __future__ import annotations

from polemos.models import Place, ResolvedPlace


def by_text(places: list[ResolvedPlace]) -> dict[str, ResolvedPlace]:
    """Resolved places keyed by their surface text."""
    return {rp.mention.span.text: rp for rp in places}


def place_of(places: list[ResolvedPlace], text: str) -> Place:
    """The gazetteer place that ``text`` resolved to (fails the test when unresolved)."""
    place = by_text(places)[text].place
    assert place is not None, f"{text!r} is unresolved"
    return place
