"""The actor knowledge graph in the store: actors, time-bounded aliases and relation claims.

Curated knowledge (the bundled ``polemos/data/actors.yaml``, the user's extra files and
actors added with ``polemos actors add/import``) and relation claims extracted from
articles live side by side in three tables (``actors``, ``actor_aliases``,
``actor_relations``; migration 3).  Each relation row keeps its origin (``curated``,
``user`` or ``extracted``), its source (a curated source note or the article's source), its
date interval and its evidence spans, so a claim never overwrites a curated fact: both are
shown, and disagreements are flagged.

Queries are time-aware: ``show_actor(store, name, as_of=date)`` gives the name the actor
bore then and the relations valid then.  An ``expelled_from`` claim implies membership up to
its date, so a group is shown inside a coalition before it was expelled.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import yaml

from polemos.actors import (
    BUNDLED_ORIGIN,
    ActorGraph,
    alias_key,
    load_actor_graph,
    parse_actor_file,
)
from polemos.errors import NotFoundError, UsageError
from polemos.models import short_id
from polemos.store.base import Store

RELATION_TYPES = (
    "renamed_to", "alias_of", "member_of", "splinter_of", "merged_into", "allied_with",
    "fighting_against", "pledged_allegiance_to", "expelled_from", "leader_of", "part_of",
)  # fmt: skip
# Relations that mark a moment (true from their date on) rather than a state with an end.
EVENT_RELATIONS = {"renamed_to", "merged_into", "pledged_allegiance_to", "expelled_from",
                   "splinter_of"}  # fmt: skip
INTER_LABELS = {
    0: "unknown", 1: "State forces", 2: "Rebel group", 3: "Political militia",
    4: "Identity militia", 5: "Rioters", 6: "Protesters", 7: "Civilians",
    8: "External/Other forces",
}  # fmt: skip
CURATED = "curated"
USER = "user"
EXTRACTED = "extracted"


@dataclass(frozen=True)
class RelationRecord:
    """One relation claim as stored: curated, user-given or extracted from an article."""

    type: str
    head: str
    tail: str
    tail_name: str
    valid_from: str | None = None
    valid_to: str | None = None
    date_precision: int | None = None
    origin: str = CURATED
    source: str | None = None
    article_id: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    confidence: float | None = None

    @property
    def id(self) -> str:
        first = self.evidence[0] if self.evidence else {}
        return short_id(
            "rel", self.type, self.head, self.tail, self.origin, self.article_id or "",
            str(first.get("start", "")), self.valid_from or "", self.source or "",
        )  # fmt: skip


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _origin_of(file_origin: str) -> str:
    return CURATED if file_origin == BUNDLED_ORIGIN else USER


# -- writing -------------------------------------------------------------------------


def sync_curated(store: Store, graph: ActorGraph) -> int:
    """Write the graph's curated and user actors into the store; the number of actors.

    Rows of origin ``curated``/``user`` are replaced whole in one transaction; extracted
    relation claims are left as they are.
    """
    entries = sorted(graph.entries.items())
    with store.transaction("store the curated actor graph") as conn:
        for table in ("actors", "actor_aliases", "actor_relations"):
            conn.execute(f"DELETE FROM {table} WHERE origin IN (?, ?)", (CURATED, USER))
        for actor_id, (entry, file_origin) in entries:
            _write_entry(conn, graph, actor_id, entry, _origin_of(file_origin), file_origin)
    return len(entries)


def _write_entry(
    conn: Any, graph: ActorGraph, actor_id: str, entry: dict[str, Any], origin: str, where: str
) -> None:
    actor = graph.actors[actor_id]
    source = str(entry.get("source") or where)
    conn.execute(
        "INSERT INTO actors (id, name, inter, country, kind, description, origin, source, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (actor.id, actor.name, actor.inter, actor.country, actor.kind,
         entry.get("description"), origin, source, _now()),
    )  # fmt: skip
    for alias in _alias_rows(actor_id, actor.name, entry, origin, source):
        conn.execute(
            "INSERT INTO actor_aliases (actor_id, name, name_key, acronym, official, script, "
            "valid_from, valid_to, origin, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT DO NOTHING",
            alias,
        )
    for relation in _curated_relations(graph, actor_id, entry, origin, source):
        _insert_relation(conn, relation)


def _alias_rows(
    actor_id: str, name: str, entry: dict[str, Any], origin: str, source: str
) -> Iterator[tuple[Any, ...]]:
    items = [{"name": name, "official": True}]
    items += [_as_item(a) for a in entry.get("aliases", [])]
    items += [{**_as_item(a), "acronym": True} for a in entry.get("acronyms", [])]
    for item in items:
        text = str(item["name"])
        yield (
            actor_id, text, alias_key(text), int(bool(item.get("acronym"))),
            int(bool(item.get("official"))), item.get("script") or _script(text),
            _date_text(item.get("from")), _date_text(item.get("to")), origin,
            item.get("source") or source,
        )  # fmt: skip


def _as_item(value: Any) -> dict[str, Any]:
    return dict(value) if isinstance(value, dict) else {"name": str(value)}


def _script(text: str) -> str:
    """``arabic``, ``cyrillic`` or ``latin``: the script of the first letter."""
    for ch in text:
        if "\u0600" <= ch <= "\u06ff":
            return "arabic"
        if "\u0400" <= ch <= "\u04ff":
            return "cyrillic"
        if ch.isalpha():
            return "latin"
    return "latin"


def _date_text(value: Any) -> str | None:
    return None if value in (None, "") else str(value)


def _curated_relations(
    graph: ActorGraph, actor_id: str, entry: dict[str, Any], origin: str, source: str
) -> Iterator[RelationRecord]:
    for item in entry.get("relations", []):
        if not isinstance(item, dict) or item.get("type") not in RELATION_TYPES:
            raise UsageError(f"actor {actor_id!r}: invalid relation {item!r}")
        target = str(item.get("target", ""))
        tail = target if target in graph.actors else resolve_name(graph, target) or target
        named = item["type"] == "renamed_to" or tail not in graph.actors
        yield RelationRecord(
            type=str(item["type"]), head=actor_id, tail=tail,
            tail_name=target if named else graph.actors[tail].name,
            valid_from=_date_text(item.get("from")), valid_to=_date_text(item.get("to")),
            origin=origin, source=str(item.get("source") or source),
        )  # fmt: skip


def resolve_name(graph: ActorGraph, name: str) -> str | None:
    """The id of the actor ``name`` (an alias, an acronym or an id) names, if any."""
    if name in graph.actors:
        return name
    return graph.acronym_index.get(name) or graph.alias_index.get(alias_key(name))


def _insert_relation(conn: Any, relation: RelationRecord) -> None:
    conn.execute(
        "INSERT INTO actor_relations (id, type, head, tail, tail_name, valid_from, valid_to, "
        "date_precision, origin, source, article_id, evidence, confidence, recorded_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
        (relation.id, relation.type, relation.head, relation.tail, relation.tail_name,
         relation.valid_from, relation.valid_to, relation.date_precision, relation.origin,
         relation.source, relation.article_id, json.dumps(relation.evidence),
         relation.confidence, _now()),
    )  # fmt: skip


def records_from_claims(claims: Iterable[Any], source: str) -> list[RelationRecord]:
    """Graph records of ``polemos.relations.RelationClaim`` objects from one article.

    A side the text names but the graph does not know is kept by its surface name
    (``name:<text>``) so the claim is not lost.
    """
    return [
        RelationRecord(
            type=claim.type,
            head=_side_id(claim.head),
            tail=_side_id(claim.tail),
            tail_name=_side_name(claim.tail, claim.type),
            valid_from=claim.date.isoformat() if claim.date else None,
            date_precision=claim.date_precision,
            origin=EXTRACTED,
            source=source,
            article_id=claim.article_id,
            evidence=_claim_evidence(claim),
            confidence=claim.confidence,
        )  # fmt: skip
        for claim in claims
    ]


def _side_name(side: Any, kind: str) -> str:
    """The canonical name of a resolved side; the surface text of a new name or unknown side."""
    return str(side.text if kind == "renamed_to" or not side.name else side.name)


def _side_id(side: Any) -> str:
    return str(side.actor_id) if side.actor_id else f"name:{side.text}"


def _claim_evidence(claim: Any) -> list[dict[str, Any]]:
    spans = [("sentence", claim.sentence), ("head", claim.head.span),
             ("trigger", claim.trigger_span), ("tail", claim.tail.span)]  # fmt: skip
    return [
        {
            "role": role,
            "article_id": span.article_id,
            "start": span.start,
            "end": span.end,
            "text": span.text,
        }  # fmt: skip
        for role, span in spans
    ]


def record_claims(
    store: Store, article_ids: Iterable[str], relations: Sequence[RelationRecord]
) -> None:
    """Replace the extracted relation claims of ``article_ids`` with ``relations``."""
    ids = sorted(set(article_ids))
    with store.transaction("store extracted actor relations") as conn:
        for article_id in ids:
            conn.execute(
                "DELETE FROM actor_relations WHERE origin = ? AND article_id = ?",
                (EXTRACTED, article_id),
            )
        for relation in relations:
            _insert_relation(conn, relation)


# -- reading -------------------------------------------------------------------------


def stored_actor_entries(store: Store) -> list[tuple[dict[str, Any], str]]:
    """``(entry, origin)`` of every actor imported into or added to this database."""
    entries = []
    for row in store.query("SELECT origin, content FROM actor_files ORDER BY origin"):
        entries += [
            (entry, row["origin"]) for entry in parse_actor_file(row["content"], row["origin"])
        ]
    return entries


def graph_for(store: Store, config: dict[str, Any] | None = None) -> ActorGraph:
    """The curated graph, the configured extra files and this database's own actors."""
    extra = config["actors"]["extra_files"] if config else []
    return load_actor_graph(extra, stored_actor_entries(store))


def prepare_actors(store: Store, config: dict[str, Any]) -> dict[str, Any]:
    """Store the current curated graph and return ``config`` carrying this database's own
    actors (``actors.stored_entries``) to every extraction worker."""
    sync_curated(store, graph_for(store, config))
    entries = stored_actor_entries(store)
    if not entries:
        return config
    return {**config, "actors": {**config["actors"], "stored_entries": entries}}


def ensure_synced(store: Store, config: dict[str, Any] | None = None) -> None:
    """Store the curated graph when the database holds no actors yet."""
    if not store.scalar("SELECT COUNT(*) FROM actors"):
        sync_curated(store, graph_for(store, config))


def import_actor_file(store: Store, path: Path, config: dict[str, Any] | None = None) -> int:
    """Keep the actor YAML file ``path`` in the database and use it; the number of actors."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read actor file: {error}") from None
    entries = parse_actor_file(text, str(path))
    _store_actor_file(store, f"file:{path.name}", text)
    sync_curated(store, graph_for(store, config))
    return len(entries)


def _store_actor_file(store: Store, origin: str, text: str) -> None:
    with store.transaction("store an actor file") as conn:
        conn.execute("DELETE FROM actor_files WHERE origin = ?", (origin,))
        conn.execute(
            "INSERT INTO actor_files (origin, content, imported_at) VALUES (?, ?, ?)",
            (origin, text, _now()),
        )


ADDED_ORIGIN = "added"


def slug(name: str) -> str:
    """An actor id made from a name: folded words joined by underscores."""
    folded = unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", folded).strip("_") or "actor"


def add_actor(
    store: Store, entry: dict[str, Any], config: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Add (or replace, by id) one actor given as an actor-file entry; the actor's view."""
    text = store.scalar("SELECT content FROM actor_files WHERE origin = ?", (ADDED_ORIGIN,))
    entries = parse_actor_file(text, ADDED_ORIGIN) if text else []
    entries = [e for e in entries if e.get("id") != entry.get("id")] + [entry]
    dumped = yaml.safe_dump({"actors": entries}, allow_unicode=True, sort_keys=False)
    parse_actor_file(dumped, ADDED_ORIGIN)
    _store_actor_file(store, ADDED_ORIGIN, dumped)
    sync_curated(store, graph_for(store, config))
    return show_actor(store, str(entry["id"]), config=config)


def find_actor(store: Store, name: str) -> str:
    """The id of the actor ``name`` names (id, acronym, or alias); NotFoundError if none."""
    if store.scalar("SELECT id FROM actors WHERE id = ?", (name,)):
        return name
    acronym = store.scalar(
        "SELECT actor_id FROM actor_aliases WHERE acronym = 1 AND name = ? ORDER BY actor_id",
        (name,),
    )
    found = acronym or store.scalar(
        "SELECT actor_id FROM actor_aliases WHERE acronym = 0 AND name_key = ? "
        "ORDER BY origin, actor_id",
        (alias_key(name),),
    )
    if not found:
        raise NotFoundError(f"no actor named {name!r}", hint="see `polemos actors list`")
    return str(found)


def list_actors(store: Store, config: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every actor with its aliases and the number of merged events naming it."""
    ensure_synced(store, config)
    aliases: dict[str, list[str]] = {}
    for row in store.query("SELECT actor_id, name FROM actor_aliases ORDER BY actor_id, name"):
        aliases.setdefault(row["actor_id"], []).append(row["name"])
    counts = _event_counts(store)
    return [
        {
            "id": row["id"],
            "name": row["name"],
            "type": row["inter"],
            "type_label": INTER_LABELS.get(row["inter"], "unknown"),
            "country": row["country"],
            "origin": row["origin"],
            "aliases": aliases.get(row["id"], []),
            "events": counts.get(row["name"], 0),
        }  # fmt: skip
        for row in store.query("SELECT * FROM actors ORDER BY name, id")
    ]


def _event_counts(store: Store) -> dict[str, int]:
    counts: dict[str, int] = {}
    for column in ("actor1", "actor2"):
        sql = f"SELECT {column} AS name, COUNT(*) AS n FROM events GROUP BY {column}"
        for row in store.query(sql):
            counts[row["name"]] = counts.get(row["name"], 0) + int(row["n"])
    return counts


def actor_names(store: Store, name: str, config: dict[str, Any] | None = None) -> list[str]:
    """The canonical name and every alias of the actor ``name`` names (for filtering)."""
    ensure_synced(store, config)
    try:
        actor_id = find_actor(store, name)
    except NotFoundError:
        return [name]  # a generic or provisional actor is named as it is
    names = [str(store.scalar("SELECT name FROM actors WHERE id = ?", (actor_id,)))]
    rows = store.query(
        "SELECT name FROM actor_aliases WHERE actor_id = ? ORDER BY name", (actor_id,)
    )
    return names + sorted({row["name"] for row in rows} - set(names))


def show_actor(
    store: Store,
    name_or_id: str,
    as_of: date | None = None,
    config: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The actor, its aliases and its relations (valid on ``as_of`` when given)."""
    ensure_synced(store, config)
    actor_id = find_actor(store, name_or_id)
    row = next(iter(store.query("SELECT * FROM actors WHERE id = ?", (actor_id,))))
    aliases = [_alias_view(a) for a in store.query(
        "SELECT * FROM actor_aliases WHERE actor_id = ? ORDER BY valid_from, name", (actor_id,)
    )]  # fmt: skip
    relations = _relations_of(store, actor_id)
    if as_of is not None:
        aliases = [a for a in aliases if _valid_on(a, as_of, moment=False)]
        relations = [
            r for r in relations if _valid_on(r, as_of, moment=r["type"] in EVENT_RELATIONS)
        ]
    _flag_disagreements(relations)
    return {
        "id": actor_id, "name": row["name"], "name_as_of": _name_then(aliases, row["name"], as_of),
        "as_of": as_of.isoformat() if as_of else None, "type": row["inter"],
        "type_label": INTER_LABELS.get(row["inter"], "unknown"), "country": row["country"],
        "description": row["description"], "origin": row["origin"], "source": row["source"],
        "aliases": aliases, "relations": relations,
    }  # fmt: skip


def _alias_view(row: Any) -> dict[str, Any]:
    return {
        "name": row["name"], "acronym": bool(row["acronym"]), "official": bool(row["official"]),
        "script": row["script"], "valid_from": row["valid_from"], "valid_to": row["valid_to"],
        "origin": row["origin"], "source": row["source"],
    }  # fmt: skip


def _relation_view(row: Any, reverse: bool = False) -> dict[str, Any]:
    return {
        "type": row["type"], "direction": "incoming" if reverse else "outgoing",
        "target": row["head"] if reverse else row["tail"],
        "target_name": _display(row["head_name"]) if reverse else row["tail_name"],
        "valid_from": row["valid_from"], "valid_to": row["valid_to"],
        "date_precision": row["date_precision"], "origin": row["origin"],
        "curated": row["origin"] != EXTRACTED, "source": row["source"],
        "article_id": row["article_id"], "evidence": json.loads(row["evidence"]),
        "confidence": row["confidence"], "derived_from": None, "disagrees_with": [],
    }  # fmt: skip


def _display(actor: str) -> str:
    return str(actor).removeprefix("name:")


_RELATION_SQL = (
    "SELECT r.*, COALESCE(h.name, r.head) AS head_name FROM actor_relations r "
    "LEFT JOIN actors h ON h.id = r.head WHERE r.{side} = ? "
    "ORDER BY r.valid_from, r.type, r.tail, r.origin, r.id"
)


def _relations_of(store: Store, actor_id: str) -> list[dict[str, Any]]:
    outgoing = [
        _relation_view(r) for r in store.query(_RELATION_SQL.format(side="head"), (actor_id,))
    ]
    incoming = [
        _relation_view(r, reverse=True)
        for r in store.query(_RELATION_SQL.format(side="tail"), (actor_id,))
        if r["head"] != actor_id
    ]
    return outgoing + _implied_memberships(outgoing) + incoming


def _implied_memberships(relations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """An expulsion from Y at d implies membership of Y until d (same source)."""
    implied = []
    for relation in relations:
        if relation["type"] != "expelled_from" or not relation["valid_from"]:
            continue
        implied.append({
            **relation, "type": "member_of", "valid_from": None,
            "valid_to": relation["valid_from"], "derived_from": "expelled_from",
        })  # fmt: skip
    return implied


def _day(text: str | None, *, end: bool = False) -> date | None:
    """A stored date (YYYY, YYYY-MM or YYYY-MM-DD) as a day: its first, or with ``end`` its last."""
    if not text:
        return None
    parts = [int(p) for p in text[:10].split("-")]
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        if not end:
            return date(parts[0], parts[1], 1)
        following = date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def _valid_on(item: dict[str, Any], day: date, *, moment: bool) -> bool:
    """Valid on ``day``: started by then and (for states) not yet ended."""
    start = _day(item.get("valid_from"))
    if start is not None and start > day:
        return False
    ends = item.get("valid_to")
    if moment or not ends:
        return True
    last = _day(ends, end=True)
    # An exact end date is the first day the relation no longer holds; a month or year
    # end holds through that month or year.
    return last is None or (day < last if len(ends) >= 10 else day <= last)


def _name_then(aliases: list[dict[str, Any]], name: str, as_of: date | None) -> str:
    """The latest official name started on or before ``as_of`` (else the canonical name)."""
    if as_of is None:
        return name
    official = [a for a in aliases if a["official"] and a["valid_from"]]
    official.sort(key=lambda a: a["valid_from"])
    return official[-1]["name"] if official else name


def _flag_disagreements(relations: list[dict[str, Any]]) -> None:
    """Claims of one relation (type + target) whose dates differ name each other's source."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for relation in relations:
        key = (relation["type"], relation["target"], relation["direction"])
        groups.setdefault(key, []).append(relation)
    for claims in groups.values():
        for claim in claims:
            claim["disagrees_with"] = sorted(
                {
                    str(other["source"])
                    for other in claims
                    if other is not claim and not _dates_agree(other, claim)
                }
            )


PRECISION_DAYS = {None: 0, 1: 0, 2: 7, 3: 31}
"""Two claims' dates agree when one contains the other (2017-02 and 2017-02-07) or they lie
within the window of the coarser date precision (a week-precision reading of one moment)."""


def _dates_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    window = max(
        PRECISION_DAYS.get(a["date_precision"], 0), PRECISION_DAYS.get(b["date_precision"], 0)
    )
    return all(_date_texts_agree(a[k], b[k], window) for k in ("valid_from", "valid_to"))


def _date_texts_agree(a: str | None, b: str | None, window: int) -> bool:
    if not a or not b:
        return a == b
    if a.startswith(b) or b.startswith(a):
        return True
    first, second = _day(a), _day(b)
    return first is not None and second is not None and abs((first - second).days) <= window


def actor_graph(
    store: Store, as_of: date | None = None, config: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Nodes (actors) and edges (relations valid on ``as_of`` when given)."""
    ensure_synced(store, config)
    nodes = [
        {"id": r["id"], "name": r["name"], "type": r["inter"], "origin": r["origin"]}
        for r in store.query("SELECT id, name, inter, origin FROM actors ORDER BY id")
    ]
    known = {n["id"] for n in nodes}
    edges = []
    for row in store.query("SELECT * FROM actor_relations ORDER BY head, type, tail, id"):
        edge = {
            "source": row["head"], "target": row["tail"], "target_name": row["tail_name"],
            "type": row["type"], "valid_from": row["valid_from"], "valid_to": row["valid_to"],
            "origin": row["origin"], "evidence": json.loads(row["evidence"]),
        }  # fmt: skip
        if as_of is None or _valid_on(edge, as_of, moment=edge["type"] in EVENT_RELATIONS):
            edges.append(edge)
    for edge in edges:
        for end, name in ((edge["source"], _display(edge["source"])),
                          (edge["target"], edge["target_name"])):  # fmt: skip
            if end not in known:
                nodes.append({"id": end, "name": name, "type": 0, "origin": "mentioned"})
                known.add(end)
    return {"as_of": as_of.isoformat() if as_of else None, "nodes": nodes, "edges": edges}
