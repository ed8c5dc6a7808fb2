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
from collections.abc import Iterable, Sequence

from polemos.models import Claim, Event, short_id

CLAIM_FIELDS = ("event_date", "sub_event_type", "actor1", "actor2", "location", "fatalities")
DATE_WINDOW_DAYS = {1: 0, 2: 7, 3: 31}


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


def _same_place(a: Event, b: Event, max_km: float) -> bool:
    if 3 in (a.geo_precision, b.geo_precision):
        return bool(a.admin1) and a.admin1 == b.admin1
    km = distance_km(a, b)
    if km is None:
        return bool(a.location) and a.location == b.location
    return km <= max_km


def cluster(reports: Iterable[Event], max_km: float) -> list[list[Event]]:
    """Complete-linkage clusters of compatible reports, deterministic.

    Reports are blocked by (sub-event type, actor1) first: only reports sharing both can
    be compatible, so each block is clustered on its own.
    """
    blocks: dict[tuple[str, str], list[Event]] = {}
    for report in reports:
        blocks.setdefault((report.sub_event_type, report.actor1), []).append(report)
    clusters: list[list[Event]] = []
    for key in sorted(blocks):
        clusters.extend(_cluster_block(blocks[key], max_km))
    return clusters


def _cluster_block(reports: list[Event], max_km: float) -> list[list[Event]]:
    clusters: list[list[Event]] = []
    for report in sorted(reports, key=_order_key):
        home = next((c for c in clusters if all(compatible(report, m, max_km) for m in c)), None)
        if home is None:
            clusters.append([report])
        else:
            home.append(report)
    return clusters


def _order_key(report: Event) -> tuple[str, int, int, str]:
    return (
        report.event_date.isoformat() if report.event_date else "9999",
        report.time_precision,
        report.geo_precision or 4,
        report.event_id_cnty,
    )


def reconcile(members: Sequence[Event]) -> Event:
    """One event from its reports (ACLED rules), keeping every report's evidence."""
    best = min(members, key=lambda r: (r.geo_precision or 4, r.time_precision, r.event_id_cnty))
    dated = min(members, key=lambda r: (r.time_precision, r.event_date, r.event_id_cnty))
    figures = sorted({r.fatalities for r in members if r.fatalities > 0})
    event_id = short_id("ev", min(r.event_id_cnty for r in members))
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
