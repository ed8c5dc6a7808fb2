"""Merging into the store with stable ids, an audit trail and analyst overrides.

``merge_into_store`` re-clusters every stored report (``polemos.merge``), then:

- gives each cluster a **stable id**: the previous event sharing the most of its reports
  keeps its id (greedy, deterministic); a new cluster gets a hash of its first report id;
- applies the analyst's **overrides**, kept in ``merge_overrides`` so they survive re-runs:
  a *split* forbids reports of one article to share an event with the others, a *join*
  puts two events' reports into one event (keeping the first event's id);
- applies **field corrections** (``field_corrections``) and tags the corrected fields;
- tags each event with its **source basis** (``polemos.sources``);
- records what changed in ``event_changes`` (created / updated with the changed fields /
  deleted): the change feed; unchanged events keep their timestamp;
- writes a ``merge_log`` row (score, reasons, reports) for each created or changed event.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from polemos.config import load_config
from polemos.errors import NotFoundError, UsageError
from polemos.merge import claims_of, cluster, cluster_score, new_event_id, reconcile
from polemos.models import Claim, Event, short_id
from polemos.sources import source_basis, sync_sources
from polemos.store.base import Store

CORRECTABLE_FIELDS = (
    "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2",
    "assoc_actor_1", "assoc_actor_2", "civilian_targeting", "country", "admin1", "admin2",
    "location", "latitude", "longitude", "geo_precision", "fatalities", "notes",
)  # fmt: skip
IGNORED_IN_DIFF = {"timestamp"}


@dataclass
class MergeOutcome:
    """What one merge did."""

    events: list[Event] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    at: int = 0


@dataclass(frozen=True)
class Overrides:
    """The analyst's standing decisions about merging."""

    cannot_link: frozenset[frozenset[str]] = frozenset()
    joins: tuple[tuple[str, frozenset[str], frozenset[str]], ...] = ()  # (keep id, a, b)


def _now() -> int:
    return int(time.time())


def _config(config: dict[str, Any] | None) -> dict[str, Any]:
    return config if config is not None else load_config()


# -- merging -------------------------------------------------------------------------


def merge_into_store(store: Store, config: dict[str, Any], now: int | None = None) -> MergeOutcome:
    """Recompute the merged events from every report, keeping ids stable."""
    now = _now() if now is None else now
    max_km = config["merge"]["max_km"]
    overrides = load_overrides(store)
    reports = list(store.iter_reports())
    clusters = apply_joins(cluster(reports, max_km, overrides.cannot_link), overrides)
    members_before = previous_members(store)
    ids = assign_ids(clusters, members_before, overrides)
    sync_sources(store, config)
    basis = source_basis(store)
    corrections = load_corrections(store)
    copies = syndicated_sources(store)
    previous = {e.event_id_cnty: e for e in store.iter_events()}
    events, claims, scores = [], [], {}
    for event_id, members in zip(ids, clusters, strict=True):
        event = _with_copies(reconcile(members, event_id), copies)
        event = _finish(event, members, basis, corrections.get(event_id))
        events.append(event)
        claims.extend(claims_of(event, members))
        scores[event_id] = cluster_score(members, max_km)
    return _write(store, events, claims, previous, members_before, scores, now)


def syndicated_sources(store: Store) -> dict[str, set[str]]:
    """Sources of the near-duplicate copies of each article (never coded themselves)."""
    copies: dict[str, set[str]] = {}
    sql = "SELECT duplicate_of, source FROM articles WHERE duplicate_of IS NOT NULL"
    for row in store.query(sql):
        if row["source"]:
            copies.setdefault(row["duplicate_of"], set()).add(row["source"])
    return copies


def _with_copies(event: Event, copies: dict[str, set[str]]) -> Event:
    """List the sources of syndicated copies too (they still count as one source)."""
    own = {s for s in event.source.split("; ") if s}
    extra = set().union(*(copies.get(a, set()) for a in event.article_ids)) - own
    if not extra:
        return event
    tags = [t for t in event.tags.split("; ") if t] + ["syndicated: " + ", ".join(sorted(extra))]
    return event.model_copy(
        update={"source": "; ".join(sorted(own | extra)), "tags": "; ".join(tags)}
    )


def _finish(
    event: Event, members: Sequence[Event], basis: Any, corrections: dict[str, Any] | None
) -> Event:
    tags = [t for t in event.tags.split("; ") if t]
    tags.append(basis(members))
    update: dict[str, Any] = {}
    for name, value in sorted((corrections or {}).items()):
        update[name] = value
        tags.append(f"corrected:{name}")
    if "event_date" in update and update["event_date"]:
        update["year"] = int(str(update["event_date"])[:4])
    data = {**event.model_dump(), **update, "tags": "; ".join(tags)}
    return Event.model_validate(data)


def apply_joins(clusters: list[list[Event]], overrides: Overrides) -> list[list[Event]]:
    """Clusters after the analyst's joins (a join never overrides a split)."""
    for _, side_a, side_b in overrides.joins:
        touched = [c for c in clusters if {r.event_id_cnty for r in c} & (side_a | side_b)]
        if len(touched) < 2 or not _may_join(touched, overrides.cannot_link):
            continue
        joined = [r for c in touched for r in c]
        clusters = [c for c in clusters if not any(c is t for t in touched)] + [joined]
    return sorted(clusters, key=lambda c: min(r.event_id_cnty for r in c))


def _may_join(clusters: list[list[Event]], cannot_link: frozenset[frozenset[str]]) -> bool:
    ids = [r.event_id_cnty for c in clusters for r in c]
    return not any(frozenset((a, b)) in cannot_link for a in ids for b in ids if a < b)


def previous_members(store: Store) -> dict[str, set[str]]:
    """Report ids of each stored event (from its claims)."""
    members: dict[str, set[str]] = {}
    for row in store.query("SELECT DISTINCT event_id, report_id FROM claims"):
        members.setdefault(row["event_id"], set()).add(row["report_id"])
    return members


def assign_ids(
    clusters: Sequence[Sequence[Event]],
    before: dict[str, set[str]],
    overrides: Overrides = Overrides(),
) -> list[str]:
    """A stable id for each cluster: the best-overlapping previous id, else a new one."""
    owner = {report: event_id for event_id, reports in before.items() for report in reports}
    preferred = {r: keep for keep, a, b in overrides.joins for r in a | b}
    candidates = []
    for index, members in enumerate(clusters):
        overlap: dict[str, int] = {}
        for report in members:
            if report.event_id_cnty in owner:
                overlap[owner[report.event_id_cnty]] = (
                    overlap.get(owner[report.event_id_cnty], 0) + 1
                )
        bonus = {preferred[r.event_id_cnty] for r in members if r.event_id_cnty in preferred}
        for event_id, count in overlap.items():
            candidates.append((event_id not in bonus, -count, event_id, index))
    ids: list[str | None] = [None] * len(clusters)
    used: set[str] = set()
    for _, _, event_id, index in sorted(candidates):
        if ids[index] is None and event_id not in used:
            ids[index] = event_id
            used.add(event_id)
    return [
        _fresh_id(clusters[i], used) if ids[i] is None else str(ids[i]) for i in range(len(ids))
    ]


def _fresh_id(members: Sequence[Event], used: set[str]) -> str:
    event_id, n = new_event_id(members), 1
    while event_id in used:
        n += 1
        event_id = short_id("ev", min(r.event_id_cnty for r in members), str(n))
    used.add(event_id)
    return event_id


# -- writing the result ---------------------------------------------------------------


def _write(
    store: Store,
    events: list[Event],
    claims: list[Claim],
    previous: dict[str, Event],
    members_before: dict[str, set[str]],
    scores: dict[str, tuple[float | None, list[str]]],
    now: int,
) -> MergeOutcome:
    outcome = MergeOutcome(at=now)
    stamped, changes, logs = [], [], []
    members_now = _members(claims)
    for event in events:
        before = previous.get(event.event_id_cnty)
        changed = changed_fields(before, event)
        if (
            before is not None
            and not changed
            and members_now[event.event_id_cnty] == members_before.get(event.event_id_cnty)
        ):
            stamped.append(before)
            continue
        kind = "created" if before is None else "updated"
        (outcome.created if before is None else outcome.updated).append(event.event_id_cnty)
        stamped.append(event.model_copy(update={"timestamp": now}))
        changes.append((event.event_id_cnty, now, kind, json.dumps(changed)))
        logs.append(_log_row(event, members_now, scores, now))
    for event_id in sorted(set(previous) - {e.event_id_cnty for e in events}):
        outcome.deleted.append(event_id)
        changes.append((event_id, now, "deleted", "[]"))
    stamped.sort(key=lambda e: (e.event_date.isoformat() if e.event_date else "", e.event_id_cnty))
    if changes:
        store.replace_events(stamped, claims)
        _record(store, changes, logs)
    outcome.events = stamped
    return outcome


def _members(claims: Iterable[Claim]) -> dict[str, set[str]]:
    members: dict[str, set[str]] = {}
    for claim in claims:
        members.setdefault(claim.event_id, set()).add(claim.report_id)
    return members


def changed_fields(before: Event | None, after: Event) -> list[str]:
    """Names of the fields that differ (every field for a new event)."""
    if before is None:
        return []
    old, new = before.model_dump(mode="json"), after.model_dump(mode="json")
    return sorted(k for k in new if k not in IGNORED_IN_DIFF and old.get(k) != new[k])


def _log_row(
    event: Event,
    members: dict[str, set[str]],
    scores: dict[str, tuple[float | None, list[str]]],
    now: int,
) -> tuple[Any, ...]:
    score, reasons = scores[event.event_id_cnty]
    reports = sorted(members[event.event_id_cnty])
    action = "merge" if len(reports) > 1 else "single"
    return (event.event_id_cnty, now, action, "pipeline", score, json.dumps(reasons),
            json.dumps(reports), json.dumps(event.article_ids))  # fmt: skip


def _record(store: Store, changes: list[tuple[Any, ...]], logs: list[tuple[Any, ...]]) -> None:
    with store.transaction("record event changes") as conn:
        for change in changes:
            conn.execute(
                "INSERT INTO event_changes (event_id, at, change, fields) VALUES (?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",
                change,
            )
        for row in logs:
            conn.execute(
                "INSERT INTO merge_log (event_id, at, action, actor, score, reasons, "
                "report_ids, article_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )


# -- overrides and corrections ----------------------------------------------------------


def load_overrides(store: Store) -> Overrides:
    cannot: set[frozenset[str]] = set()
    joins = []
    for row in store.query("SELECT * FROM merge_overrides ORDER BY created_at, id"):
        side_a, side_b = (
            set(json.loads(row["report_ids"])),
            set(json.loads(row["other_report_ids"])),
        )
        if row["action"] == "split":
            cannot |= {frozenset((a, b)) for a in side_a for b in side_b}
        else:
            joins.append((row["event_id"], frozenset(side_a), frozenset(side_b)))
    return Overrides(frozenset(cannot), tuple(joins))


def load_corrections(store: Store) -> dict[str, dict[str, Any]]:
    corrections: dict[str, dict[str, Any]] = {}
    for row in store.query("SELECT event_id, field, value FROM field_corrections ORDER BY field"):
        corrections.setdefault(row["event_id"], {})[row["field"]] = json.loads(row["value"])
    return corrections


def _event_reports(store: Store, event_id: str) -> dict[str, str]:
    """``report_id -> article_id`` of a stored event; NotFoundError when unknown."""
    rows = store.query(
        "SELECT DISTINCT report_id, article_id FROM claims WHERE event_id = ?", (event_id,)
    )
    reports = {row["report_id"]: row["article_id"] for row in rows}
    if not reports:
        raise NotFoundError(f"no event {event_id!r}", hint="see `polemos merges list`")
    return reports


def _add_override(store: Store, action: str, event_id: str, other: str,
                  side_a: list[str], side_b: list[str], note: str) -> None:  # fmt: skip
    now = _now()
    override_id = short_id("ov", action, event_id, other, str(now), *side_a)
    with store.transaction(f"record a merge {action}") as conn:
        conn.execute(
            "INSERT INTO merge_overrides (id, action, event_id, other_id, report_ids, "
            "other_report_ids, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            (override_id, action, event_id, other, json.dumps(sorted(side_a)),
             json.dumps(sorted(side_b)), note, now),
        )  # fmt: skip
        conn.execute(
            "INSERT INTO merge_log (event_id, at, action, actor, score, reasons, report_ids, "
            "article_ids) VALUES (?, ?, ?, 'analyst', NULL, ?, ?, '[]')",
            (event_id, now, action, json.dumps([note] if note else []),
             json.dumps(sorted(side_a + side_b))),
        )  # fmt: skip


def split_event(
    store: Store,
    event_id: str,
    article_id: str,
    config: dict[str, Any] | None = None,
    note: str = "",
) -> list[str]:
    """Take ``article_id``'s reports out of ``event_id`` for good; the resulting event ids."""
    reports = _event_reports(store, event_id)
    side_a = sorted(r for r, a in reports.items() if a == article_id)
    side_b = sorted(r for r, a in reports.items() if a != article_id)
    if not side_a:
        raise NotFoundError(f"article {article_id!r} is not a source of event {event_id!r}")
    if not side_b:
        raise UsageError(
            f"event {event_id!r} rests on article {article_id!r} alone: nothing to split"
        )
    _add_override(store, "split", event_id, article_id, side_a, side_b, note)
    merge_into_store(store, _config(config))
    return _events_holding(store, side_a + side_b)


def join_events(
    store: Store,
    event_a: str,
    event_b: str,
    config: dict[str, Any] | None = None,
    note: str = "",
) -> str:
    """Merge ``event_b`` into ``event_a`` for good; the joined event's id (``event_a``)."""
    if event_a == event_b:
        raise UsageError("cannot join an event with itself")
    side_a, side_b = sorted(_event_reports(store, event_a)), sorted(_event_reports(store, event_b))
    _add_override(store, "join", event_a, event_b, side_a, side_b, note)
    merge_into_store(store, _config(config))
    return _events_holding(store, side_a)[0]


def _events_holding(store: Store, report_ids: list[str]) -> list[str]:
    holders = {
        row["event_id"]
        for report_id in report_ids
        for row in store.query(
            "SELECT DISTINCT event_id FROM claims WHERE report_id = ?", (report_id,)
        )
    }
    return sorted(holders)


def correct_field(
    store: Store,
    event_id: str,
    name: str,
    value: Any,
    note: str = "",
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Set one field of a merged event for good (it survives re-runs); the event."""
    event = get_event(store, event_id)
    if name not in CORRECTABLE_FIELDS:
        raise UsageError(f"field {name!r} cannot be corrected", hint=", ".join(CORRECTABLE_FIELDS))
    try:
        checked = Event.model_validate({**event.model_dump(), name: value})
    except ValueError as error:
        raise UsageError(f"invalid value {value!r} for {name}: {error}") from None
    stored = checked.model_dump(mode="json")[name]
    with store.transaction("record a field correction") as conn:
        conn.execute(
            "DELETE FROM field_corrections WHERE event_id = ? AND field = ?", (event_id, name)
        )
        conn.execute(
            "INSERT INTO field_corrections (event_id, field, value, note, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (event_id, name, json.dumps(stored), note, _now()),
        )
        conn.execute(
            "INSERT INTO merge_log (event_id, at, action, actor, score, reasons, report_ids, "
            "article_ids) VALUES (?, ?, 'correct', 'analyst', NULL, ?, '[]', '[]')",
            (event_id, _now(), json.dumps([f"{name} = {stored!r}", *([note] if note else [])])),
        )
    merge_into_store(store, _config(config))
    return get_event(store, event_id).model_dump(mode="json")


def get_event(store: Store, event_id: str) -> Event:
    event = store.get_event(event_id)
    if event is None:
        raise NotFoundError(f"no event {event_id!r}", hint="see `polemos events`")
    return event


# -- reading the trail ------------------------------------------------------------------


def merge_history(store: Store, event_id: str) -> list[dict[str, Any]]:
    """Every merge, split, join and correction recorded for ``event_id``, oldest first."""
    rows = store.query(
        "SELECT * FROM merge_log WHERE event_id = ? ORDER BY at, action", (event_id,)
    )
    return [
        {
            "at": _iso(row["at"]),
            "action": row["action"],
            "by": row["actor"],
            "score": row["score"],
            "reasons": json.loads(row["reasons"]),
            "report_ids": json.loads(row["report_ids"]),
            "article_ids": json.loads(row["article_ids"]),
        }  # fmt: skip
        for row in rows
    ]


def _iso(epoch: int) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).isoformat(timespec="seconds")


def list_merges(store: Store, limit: int | None = None) -> list[dict[str, Any]]:
    """Events resting on more than one report, with their latest merge score."""
    found = []
    sql = (
        "SELECT event_id FROM claims GROUP BY event_id "
        "HAVING COUNT(DISTINCT report_id) > 1 ORDER BY event_id"
    )
    merged = {row["event_id"] for row in store.query(sql)}
    for event in store.iter_events():
        if event.event_id_cnty not in merged:
            continue
        reports = _event_reports(store, event.event_id_cnty)
        history = [h for h in merge_history(store, event.event_id_cnty) if h["action"] == "merge"]
        last = history[-1] if history else {"score": None, "reasons": []}
        found.append({
            "event_id": event.event_id_cnty, "event_date": str(event.event_date),
            "sub_event_type": event.sub_event_type, "location": event.location,
            "reports": len(reports), "articles": sorted(set(reports.values())),
            "sources": event.source, "score": last["score"], "reasons": last["reasons"],
        })  # fmt: skip
    return found[:limit] if limit else found


def show_merge(store: Store, event_id: str) -> dict[str, Any]:
    """An event with its reports' claims side by side and its merge history."""
    event = get_event(store, event_id)
    claims: dict[str, dict[str, Any]] = {}
    for claim in store.claims_for(event_id):
        blank = {"report_id": claim.report_id, "article_id": claim.article_id,
                 "source": claim.source, "fields": {}}  # fmt: skip
        entry = claims.setdefault(claim.report_id, blank)
        entry["fields"][claim.field] = claim.value
    return {
        "event": event.model_dump(mode="json"),
        "reports": [claims[k] for k in sorted(claims)],
        "history": merge_history(store, event_id),
    }


def changes_since(store: Store, since: int = 0) -> list[dict[str, Any]]:
    """The change feed: events created, updated or deleted after ``since`` (epoch seconds)."""
    rows = store.query(
        "SELECT * FROM event_changes WHERE at > ? ORDER BY at, event_id, change", (int(since),)
    )
    return [
        {
            "at": _iso(row["at"]),
            "timestamp": int(row["at"]),
            "event_id": row["event_id"],
            "change": row["change"],
            "fields": json.loads(row["fields"]),
        }  # fmt: skip
        for row in rows
    ]
