"""Cross-article merging: reports of the same event become one event with claims.

First version (the merging issue deepens it): reports join when they share the
sub-event type and actor1, their dates agree within the coarser time precision and their
places lie within ``max_km`` (or share the admin1 when one is region-level).  Clustering
is complete-linkage over reports sorted by content, so the result does not depend on the
order of ingestion and never chains unrelated events.  Reconciliation follows ACLED: the
most conservative fatality figure, the most precise date and place.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from polemos.models import Claim, Event, short_id

CLAIM_FIELDS = ("event_date", "sub_event_type", "actor1", "actor2", "location", "fatalities")
DATE_WINDOW_DAYS = {1: 0, 2: 7, 3: 31}


# The tag of an event whose place the gazetteer lacks: it stands at its region (precision
# 3) under the name as written, and is never folded into another place's event.
WRITTEN_PLACE_TAG = "place:nearest-region"


def written_place(event: Event) -> bool:
    """True when the event's location is a name the gazetteer lacks, placed at its region."""
    return any(t.startswith(WRITTEN_PLACE_TAG) for t in event.tags.split("; "))


def distance_km(a: Event, b: Event) -> float | None:
    """Great-circle distance between two events, None when either has no point."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))  # type: ignore[arg-type]
    hav = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(hav))


def compatible(a: Event, b: Event, max_km: float) -> bool:
    """Could ``a`` and ``b`` be reports of one event?"""
    if set(a.article_ids) & set(b.article_ids):
        return False
    if (a.sub_event_type, a.actor1) != (b.sub_event_type, b.actor1):
        return False
    if a.event_date is None or b.event_date is None:
        return False
    window = DATE_WINDOW_DAYS[max(a.time_precision, b.time_precision)]
    if abs((a.event_date - b.event_date).days) > window:
        return False
    return _same_place(a, b, max_km)


SAME_PLACE_KM = 2.0
"""Two exact places (geo precision 1) with different names are one place only this close
(spellings or entries of one town); farther apart they are neighbouring villages."""


def _same_place(a: Event, b: Event, max_km: float) -> bool:
    if written_place(a) or written_place(b):  # a village the gazetteer lacks, at its region:
        return a.location.casefold() == b.location.casefold()  # its name, not its coordinates
    if 3 in (a.geo_precision, b.geo_precision):
        return bool(a.admin1) and a.admin1 == b.admin1
    km = distance_km(a, b)
    if km is None:
        return bool(a.location) and a.location == b.location
    if a.geo_precision == b.geo_precision == 1 and a.location != b.location:
        return km <= min(SAME_PLACE_KM, max_km)
    return km <= max_km


def link_score(a: Event, b: Event, max_km: float) -> tuple[float, list[str]]:
    """How alike two compatible reports are (0-1), and why: date, place and actor2."""
    window = DATE_WINDOW_DAYS[max(a.time_precision, b.time_precision)]
    days = abs((a.event_date - b.event_date).days) if a.event_date and b.event_date else 0
    reasons = [f"same sub-event type {a.sub_event_type}", f"same actor1 {a.actor1}"]
    reasons.append(f"dates {days} days apart (window {window})")
    date_part = 1.0 - days / (window + 1)
    km = distance_km(a, b)
    if 3 in (a.geo_precision, b.geo_precision) or km is None:
        reasons.append(f"same region {a.admin1 or a.location}")
        place_part = 0.5
    else:
        reasons.append(f"{km:.1f} km apart (max {max_km:g})")
        place_part = 1.0 - km / (max_km + 1)
    actors_agree = not a.actor2 or not b.actor2 or a.actor2 == b.actor2
    reasons.append("actor2 agrees" if actors_agree else f"actor2 differs: {a.actor2} / {b.actor2}")
    score = (date_part + place_part + (1.0 if actors_agree else 0.5)) / 3
    return round(score, 3), reasons


def cluster(
    reports: Iterable[Event],
    max_km: float,
    cannot_link: frozenset[frozenset[str]] = frozenset(),
) -> list[list[Event]]:
    """Complete-linkage clusters of compatible reports, deterministic.

    Reports are blocked by (sub-event type, actor1) first: only reports sharing both can
    be compatible, so each block is clustered on its own.  ``cannot_link`` holds pairs of
    report ids an analyst split apart: they never share a cluster.
    """
    blocks: dict[tuple[str, str], list[Event]] = {}
    for report in reports:
        blocks.setdefault((report.sub_event_type, report.actor1), []).append(report)
    clusters: list[list[Event]] = []
    for key in sorted(blocks):
        clusters.extend(_cluster_block(blocks[key], max_km, cannot_link))
    return clusters


def _cluster_block(
    reports: list[Event], max_km: float, cannot_link: frozenset[frozenset[str]]
) -> list[list[Event]]:
    """Reports in date order; each joins the first open cluster that takes it.

    A cluster whose first (earliest) report is more than the widest date window older than
    the current report can take neither it nor any later one, so it leaves the open list:
    each report is compared with about a month of clusters, not the whole block.
    """
    widest = timedelta(days=max(DATE_WINDOW_DAYS.values()))
    clusters: list[list[Event]] = []
    open_clusters: deque[list[Event]] = deque()
    for report in sorted(reports, key=_order_key):
        if report.event_date is not None:
            while open_clusters and _first_day(open_clusters[0]) < report.event_date - widest:
                open_clusters.popleft()
        home = next((c for c in open_clusters if _joins(report, c, max_km, cannot_link)), None)
        if home is not None:
            home.append(report)
            continue
        clusters.append([report])
        if report.event_date is not None:
            open_clusters.append(clusters[-1])
    return clusters


def _first_day(members: list[Event]) -> date:
    day = members[0].event_date
    return day if day is not None else date.max


def _joins(
    report: Event, members: list[Event], max_km: float, cannot_link: frozenset[frozenset[str]]
) -> bool:
    return all(
        compatible(report, m, max_km)
        and frozenset((report.event_id_cnty, m.event_id_cnty)) not in cannot_link
        for m in members
    )


def cluster_score(members: Sequence[Event], max_km: float) -> tuple[float | None, list[str]]:
    """Complete linkage: the weakest pair's score and reasons (None for one report)."""
    ordered = sorted(members, key=_order_key)
    pairs = [(a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]]
    if not pairs:
        return None, ["single report"]
    scored = [link_score(a, b, max_km) for a, b in pairs]
    return min(scored, key=lambda item: item[0])


def _order_key(report: Event) -> tuple[str, int, int, str]:
    return (
        report.event_date.isoformat() if report.event_date else "9999",
        report.time_precision,
        report.geo_precision or 4,
        report.event_id_cnty,
    )


def new_event_id(members: Sequence[Event]) -> str:
    """The id a newly seen event gets: a hash of its first report's id."""
    return short_id("ev", min(r.event_id_cnty for r in members))


def reconcile(members: Sequence[Event], event_id: str | None = None) -> Event:
    """One event from its reports (ACLED rules), keeping every report's evidence."""
    best = min(members, key=lambda r: (r.geo_precision or 4, r.time_precision, r.event_id_cnty))
    dated = min(members, key=lambda r: (r.time_precision, r.event_date, r.event_id_cnty))
    figures = sorted({r.fatalities for r in members if r.fatalities > 0})
    event_id = event_id or new_event_id(members)
    tags = [t for t in best.tags.split("; ") if t]
    if len(figures) > 1:
        tags.append("fatalities:disputed " + "/".join(map(str, figures)))
    return best.model_copy(
        update={
            "event_id_cnty": event_id,
            "event_date": dated.event_date,
            "year": dated.year,
            "time_precision": dated.time_precision,
            "fatalities": figures[0] if figures else 0,
            "source": "; ".join(sorted({r.source for r in members if r.source})),
            "evidence": [e for r in sorted(members, key=_order_key) for e in r.evidence],
            "article_ids": sorted({a for r in members for a in r.article_ids}),
            "tags": "; ".join(tags),
        }
    )


def claims_of(event: Event, members: Sequence[Event]) -> list[Claim]:
    """Each member report's value of each claim field, with that field's evidence."""
    claims = []
    for report in sorted(members, key=lambda r: r.event_id_cnty):
        dumped = report.model_dump(mode="json")
        for field in CLAIM_FIELDS:
            claims.append(
                Claim(
                    event_id=event.event_id_cnty,
                    report_id=report.event_id_cnty,
                    article_id=report.article_ids[0] if report.article_ids else "",
                    source=report.source,
                    field=field,
                    value=dumped[field],
                    evidence=[e for e in report.evidence if e.field == field],
                )
            )
    return claims


def merge_reports(reports: Iterable[Event], max_km: float) -> tuple[list[Event], list[Claim]]:
    """Merged events (sorted by date and id) and their claims."""
    events: list[Event] = []
    claims: list[Claim] = []
    for members in cluster(reports, max_km):
        event = reconcile(members)
        events.append(event)
        claims.extend(claims_of(event, members))
    events.sort(key=lambda e: (e.event_date.isoformat() if e.event_date else "", e.event_id_cnty))
    return events, claims
