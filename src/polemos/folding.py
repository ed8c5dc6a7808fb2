"""Folding within one article: summaries into precise reports, demonstrations per day.

A report that only summarises a more precise report of the same article ("captured 17
localities in Hama" after the per-town captures) adds nothing and is folded into it; a
demonstration reported in several sentences is one event per day and admin1.
"""

from __future__ import annotations

from collections.abc import Callable

from polemos.codebook import PROTESTS, RIOTS
from polemos.merge import distance_km, written_place
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
    if report.sub_event_type != kept.sub_event_type or not _same_actor(report, kept):
        return False
    if written_place(report) and report.location.casefold() != kept.location.casefold():
        return False  # a village missing from the gazetteer names a place of its own
    same_place = report.location == kept.location and report.location != ""
    coarser = (report.geo_precision or 4) == 3 or report.location == ""
    region_ok = coarser and report.admin1 in ("", kept.admin1)
    dates_ok = report.date_basis != "text" or _within(report, kept, 0 if not coarser else 31)
    if report.sub_event_type == "Change to group/activity":
        return dates_ok or report.date_basis != "text"
    return (same_place and report.event_date == kept.event_date) or (region_ok and dates_ok)


def _same_actor(report: Event, kept: Event) -> bool:
    """The same actor1; an unplaced report's "Unidentified Armed Group" (its country comes
    from a place it lacks) is the unidentified group of any country."""
    if report.actor1 == kept.actor1:
        return True
    bare = "Unidentified Armed Group"
    return report.actor1 == bare and kept.actor1.startswith(bare) and not report.location


def _within(report: Event, kept: Event, days: int) -> bool:
    if report.event_date is None or kept.event_date is None:
        return report.event_date == kept.event_date
    return abs((report.event_date - kept.event_date).days) <= days


def fold_repeats(
    reports: list[Event], lower_bound: Callable[[Event], bool] | None = None
) -> list[Event]:
    """One event per actor, day and place: a later report of the same day, place and actor1
    (or no named actor1), another wording of the same attack, is folded into the first; so
    is a later report of the same sub-event type and place that has no date of its own.
    The first report's toll stays unless ``lower_bound`` says it was only a bound ("killed
    over 26") that the repeat's higher figure makes precise."""
    kept: list[Event] = []
    for report in reports:
        earlier = next((e for e in kept if _repeats(report, e) or _nearby_repeat(report, e)),
                       None)  # fmt: skip
        if earlier is None:
            kept.append(report)
            continue
        if report.fatalities > earlier.fatalities and (
            not earlier.fatalities or (lower_bound is not None and lower_bound(earlier))
        ):
            _take_fatalities(earlier, report)  # the repeat is the one that gives the toll
        if (report.geo_precision or 4) < (earlier.geo_precision or 4):
            _take_place(earlier, report)  # "an area west of Damascus" ... "in Mezzeh"
    return kept


NEAR_REPEAT_KM = 15.0
PLACE_FIELDS = ("iso", "region", "country", "admin1", "admin2", "admin3", "location",
                "latitude", "longitude", "geo_precision")  # fmt: skip


def _nearby_repeat(report: Event, earlier: Event) -> bool:
    """The same actor's event of the same type and day, told once vaguely ("an area west
    of Damascus", precision 2 or 3) and once precisely nearby ("in Mezzeh"): one event.
    Two exact places (two villages) stay two events, and so does a place the gazetteer
    lacks, whatever its coordinates."""
    if written_place(report) or written_place(earlier) or report.event_date is None:
        return False
    same = (report.sub_event_type, report.actor1, report.event_date)
    if same != (earlier.sub_event_type, earlier.actor1, earlier.event_date):
        return False
    if max(report.geo_precision or 1, earlier.geo_precision or 1) < 2:
        return False
    km = distance_km(report, earlier)
    return km is not None and km <= NEAR_REPEAT_KM


def _take_place(target: Event, source: Event) -> None:
    for name in PLACE_FIELDS:
        setattr(target, name, getattr(source, name))
    target.replace_evidence("location", (e for e in source.evidence if e.field == "location"))


def _take_fatalities(target: Event, source: Event) -> None:
    target.fatalities = source.fatalities
    target.replace_evidence("fatalities", (e for e in source.evidence if e.field == "fatalities"))


def _repeats(report: Event, earlier: Event) -> bool:
    if not report.location or report.location != earlier.location:
        return False
    if report.event_type in (PROTESTS, RIOTS):
        return False  # fold_demonstrations keeps the most severe coding of the day
    if report.disorder_type != earlier.disorder_type:
        return False
    if report.sub_event_type == earlier.sub_event_type and not _own_date(report):
        return True  # "The gang planted a bomb in the pub" after the pub bombing was dated
    if _same_pair(report, earlier):
        return report.event_date == earlier.event_date  # "A raided B" ... "clashes of B and A"
    if report.actor1 != earlier.actor1 and not report.actor1.startswith("Unidentified"):
        return False  # an unnamed attacker on the same day and place is the same attack
    return report.event_date == earlier.event_date


def _same_pair(report: Event, earlier: Event) -> bool:
    """One actor pair named in either order (ACLED counts a clash once per pair)."""
    pair = {report.actor1, report.actor2}
    return bool(report.actor2) and pair == {earlier.actor1, earlier.actor2}


def _own_date(report: Event) -> bool:
    """True when the report's date comes from its own sentence (not inherited or published)."""
    notes = next((e for e in report.evidence if e.field == "notes"), None)
    when = next((e for e in report.evidence if e.field == "event_date"), None)
    return notes is not None and when is not None and notes.start <= when.start < notes.end
