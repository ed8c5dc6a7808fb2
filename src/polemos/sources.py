"""The source registry: who reported an event, and how much weight their word carries.

Sources come from three places, later ones winning: article metadata (the ``source`` name
and the URL's domain, origin ``metadata``), the bundled ``polemos/data/sources.yaml``
(origin ``curated``) and the user's files in ``[sources] extra_files`` (origin ``user``).
They are kept in the store's ``sources`` table (migration 4).

``source_basis`` tells on what an event rests: one source, several independent ones, or
only claims by parties to the fighting.  Syndicated copies never count twice: a
near-duplicate article is linked at ingestion and never coded.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from polemos.datafiles import yaml_list
from polemos.errors import ConfigError
from polemos.models import Event
from polemos.store.base import Store

SOURCE_FIELDS = ("domain", "source_scale", "type", "affiliation", "reliability")
SINGLE, MULTIPLE, PARTY_ONLY = "sources:single", "sources:multiple", "sources:party-claims-only"


def load_registry(extra_files: Sequence[str | Path] = ()) -> list[dict[str, Any]]:
    """Curated and user source entries (checked), each with its ``origin``."""
    bundled = resources.files("polemos.data").joinpath("sources.yaml").read_text("utf-8")
    entries = _parse(bundled, "polemos/data/sources.yaml", "curated")
    for path in extra_files:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read source file: {error}") from None
        entries += _parse(text, str(path), "user")
    return entries


def _parse(text: str, where: str, origin: str) -> list[dict[str, Any]]:
    items = yaml_list(text, where, "sources")
    for item in items:
        if not isinstance(item, dict) or not item.get("name"):
            raise ConfigError(f"{where}: a source entry needs a name: {item!r}")
        if not isinstance(item.get("domains", []), list):
            raise ConfigError(f"{where}: source {item['name']!r}: 'domains' must be a list")
        region = item.get("region")
        if region is not None and not (isinstance(region, str) and _REGION.match(region)):
            raise ConfigError(
                f"{where}: source {item['name']!r}: 'region' must be a GeoNames country or "
                f"admin1 code such as 'SY' or 'US.TX', not {region!r}"
            )
    return [{**item, "origin": origin} for item in items]


#: A source's home region: a country (ISO2) or one of its admin1 units (GeoNames code).
_REGION = re.compile(r"^[A-Z]{2}(\.[A-Z0-9]{1,3})?$")


def source_regions(entries: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Each source's name (case-folded) and domains -> its home ``region``, for the sources
    that have one (a local paper's state: its bare town names are read there first)."""
    regions: dict[str, str] = {}
    for entry in entries:
        region = entry.get("region")
        if region:
            for key in [str(entry["name"]), *entry.get("domains", [])]:
                regions[key.casefold()] = str(region)
    return regions


def region_of(regions: dict[str, str], source: str | None, url: str | None) -> str | None:
    """The home region of an article's source, by its name, else by its URL's domain."""
    for key in (source, domain_of(url)):
        if key and key.casefold() in regions:
            return regions[key.casefold()]
    return None


def domain_of(url: str | None) -> str | None:
    """``www.example.com/path`` -> ``example.com``."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.removeprefix("www.") or None


def sync_sources(store: Store, config: dict[str, Any]) -> None:
    """Fill the ``sources`` table from article metadata and the registry files."""
    registry = load_registry(config["sources"]["extra_files"])
    rows = {row[0]: row for row in _metadata_rows(store)}
    for entry in registry:
        rows[str(entry["name"])] = _registry_row(entry)
    with store.transaction("store the source registry") as conn:
        conn.execute("DELETE FROM sources")
        for row in sorted(rows.values(), key=lambda r: r[0]):
            conn.execute(
                "INSERT INTO sources (name, domain, source_scale, type, affiliation, "
                "reliability, origin, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                row,
            )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _metadata_rows(store: Store) -> Iterator[tuple[Any, ...]]:
    sql = "SELECT source, MIN(url) AS url FROM articles WHERE source IS NOT NULL GROUP BY source"
    for row in store.query(sql):
        if row["source"]:
            yield (row["source"], domain_of(row["url"]), None, None, None, None, "metadata", _now())


def _registry_row(entry: dict[str, Any]) -> tuple[Any, ...]:
    domains = entry.get("domains") or []
    affiliation = entry.get("affiliation")
    if entry.get("party"):
        affiliation = f"party: {affiliation or 'unnamed'}"
    domain = domains[0] if domains else None
    return (str(entry["name"]), domain, entry.get("source_scale"), entry.get("type"),
            affiliation, entry.get("reliability"), entry["origin"], _now())  # fmt: skip


def list_sources(store: Store) -> list[dict[str, Any]]:
    """Registry rows with the number of articles and merged events naming each source."""
    sql = "SELECT source, COUNT(*) AS n FROM articles WHERE duplicate_of IS NULL GROUP BY source"
    articles = {row["source"]: int(row["n"]) for row in store.query(sql)}
    events: dict[str, int] = {}
    for event in store.iter_events():
        for name in {s for s in event.source.split("; ") if s}:
            events[name] = events.get(name, 0) + 1
    return [
        {
            "name": row["name"],
            **{k: row[k] for k in SOURCE_FIELDS},
            "party": (row["affiliation"] or "").startswith("party:"),
            "origin": row["origin"],
            "articles": articles.get(row["name"], 0),
            "events": events.get(row["name"], 0),
        }  # fmt: skip
        for row in store.query("SELECT * FROM sources ORDER BY name")
    ]


def source_basis(store: Store) -> Callable[[Sequence[Event]], str]:
    """A function giving the ``sources:`` tag of an event from its member reports."""
    parties = {
        row["name"]
        for row in store.query("SELECT name, affiliation FROM sources")
        if (row["affiliation"] or "").startswith("party:")
    }

    def basis(members: Sequence[Event]) -> str:
        names = {r.source for r in members if r.source} or {""}
        if names <= parties:
            return PARTY_ONLY
        return MULTIPLE if len(names) > 1 else SINGLE

    return basis
