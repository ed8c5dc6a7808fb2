"""Folding within one article: summaries into precise reports, demonstrations per day.

A report that only summarises a more precise report of the same article ("captured 17
localities in Hama" after the per-town captures) adds nothing and is folded into it; a
demonstration reported in several sentences is one event per day and admin1.
"""

from __future__ import annotations

from polemos.codebook import PROTESTS, RIOTS
from polemos.models import Event


def fold_summaries(reports: list[Event]) -> list[Event]:
    """Drop reports that only summarise a more precise report of the same article."""
    kept: list[Event] = []
    for report in sorted(reports, key=_precision_rank):
        targets = [k for k in kept if _summarises(report, k)]
        if not targets:
            kept.append(report)
        for target in targets:
            if target.date_basis != "text" and report.date_basis == "text":
                _take_date(target, report)
    kept = fold_demonstrations(kept)
    return sorted(kept, key=lambda e: (e.evidence[0].start, e.location))


SEVERITY = {
    "Peaceful protest": 0, "Protest with intervention": 1,
    "Excessive force against protesters": 2, "Violent demonstration": 1, "Mob violence": 1,
}  # fmt: skip


def fold_demonstrations(reports: list[Event]) -> list[Event]:
    """One demonstration per day and admin1: the most severe coding, the most precise place."""
    groups: dict[tuple[str, str], list[Event]] = {}
    others: list[Event] = []
    for report in reports:
        if report.event_type in (PROTESTS, RIOTS) and report.event_date and report.admin1:
            groups.setdefault((report.event_date.isoformat(), report.admin1), []).append(report)
        else:
            others.append(report)
    for members in groups.values():
        others.append(_most_severe(members))
    return others


def _most_severe(members: list[Event]) -> Event:
    chosen = max(members, key=lambda r: (SEVERITY.get(r.sub_event_type, 0), -_precision_rank(r)[0]))
    placed = min(members, key=_precision_rank)
    place_fields = ("location", "latitude", "longitude", "geo_precision", "admin2", "admin3")
    update: dict[str, object] = {f: getattr(placed, f) for f in place_fields}
    extra = [e for m in members if m is not chosen for e in m.evidence if e.field != "notes"]
    update["evidence"] = [*chosen.evidence, *extra]
    return chosen.model_copy(update=update)


def _take_date(target: Event, source: Event) -> None:
    """Give ``target`` the text-based date (and its evidence) of a report folded into it."""
    target.event_date, target.year = source.event_date, source.year
    target.time_precision, target.date_basis = source.time_precision, source.date_basis
    target.evidence.extend(e for e in source.evidence if e.field == "event_date")
    target.tags = "; ".join(t for t in target.tags.split("; ") if t and not t.startswith("date:"))


def _precision_rank(report: Event) -> tuple[int, int, int]:
    return (
        report.geo_precision or 4,
        0 if report.date_basis == "text" else 1,
        report.evidence[0].start if report.evidence else 0,
    )


def _summarises(report: Event, kept: Event) -> bool:
    """True when ``report`` adds nothing to ``kept`` (same kind, actor, coarser place)."""
    if (report.sub_event_type, report.actor1) != (kept.sub_event_type, kept.actor1):
        return False
    same_place = report.location == kept.location and report.location != ""
    coarser = (report.geo_precision or 4) == 3 or report.location == ""
    region_ok = coarser and report.admin1 in ("", kept.admin1)
    dates_ok = report.date_basis != "text" or _within(report, kept, 0 if not coarser else 31)
    if report.sub_event_type == "Change to group/activity":
        return dates_ok or report.date_basis != "text"
    return (same_place and report.event_date == kept.event_date) or (region_ok and dates_ok)


def _within(report: Event, kept: Event, days: int) -> bool:
    if report.event_date is None or kept.event_date is None:
        return report.event_date == kept.event_date
    return abs((report.event_date - kept.event_date).days) <= days
