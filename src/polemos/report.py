"""Presenting events: rich tables for people, plain dicts for machines."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table

from polemos.models import Event


def event_dict(event: Event) -> dict[str, Any]:
    """ACLED columns in ACLED order, then evidence and article ids (stable keys)."""
    row = event.acled_row()
    row["evidence"] = [e.model_dump(mode="json") for e in event.evidence]
    row["article_ids"] = list(event.article_ids)
    return row


def event_dicts(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [event_dict(event) for event in events]


def events_table(events: Sequence[Event]) -> Table:
    """A compact table: one row per event."""
    table = Table(title=f"{len(events)} events", show_lines=False)
    for column in ("date", "tp", "sub-event type", "actor 1", "actor 2", "location", "gp",
                   "deaths", "source"):  # fmt: skip
        table.add_column(column, overflow="fold")
    table.caption = "tp/gp: ACLED time/geo precision (1 exact, 2 near/week, 3 region/month)"
    for event in events:
        table.add_row(
            event.event_date.isoformat() if event.event_date else "?",
            str(event.time_precision),
            event.sub_event_type,
            event.actor1,
            event.actor2,
            ", ".join(p for p in (event.location, event.admin1, event.country) if p) or "?",
            str(event.geo_precision or "-"),
            str(event.fatalities),
            event.source,
        )
    return table
