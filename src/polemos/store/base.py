"""The storage interface the pipeline talks to.

A backend implements ``Store`` and registers a factory in ``STORES`` under a name;
``open_store`` picks it from the database URL: a file path or ``sqlite:///...`` opens SQLite,
``postgresql://user@host:port/db`` (or ``postgres://``) opens PostgreSQL.  Both share one
implementation of the typed methods (``polemos.store.sql``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from polemos.models import Article, Claim, Event, Rejection
from polemos.registry import Registry


@dataclass(frozen=True)
class EventFilter:
    """Filters for reading events; empty fields filter nothing."""

    since: date | None = None
    until: date | None = None
    country: str | None = None
    event_type: str | None = None
    actor: str | None = None
    limit: int | None = None
    #: ``(min_lon, min_lat, max_lon, max_lat)`` in degrees; min_lon > max_lon crosses the
    #: antimeridian.  Events without coordinates never match a geographic filter.
    bbox: tuple[float, float, float, float] | None = None
    #: ``(lat, lon, km)``: events within ``km`` kilometres (great-circle) of the point.
    near: tuple[float, float, float] | None = None


@dataclass
class StoreStats:
    articles: int = 0
    duplicates: int = 0
    rejections: int = 0
    reports: int = 0
    events: int = 0
    claims: int = 0
    pending: int = 0
    schema_version: int = 0
    extra: dict[str, int] = field(default_factory=dict)


class Store(Protocol):
    """What the pipeline needs from a database.

    Besides the typed methods, every backend offers portable SQL access for modules that
    keep their own tables or queries (the API, the actor graph): ``query``/``scalar`` read
    with ``?`` placeholders and rows readable by column name, and ``transaction(what)``
    yields a connection whose ``execute(sql, params)`` also takes ``?`` placeholders.
    ``dialect`` names the SQL flavour (``"sqlite"`` or ``"postgresql"``).
    """

    dialect: str

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[Any]:
        """Rows of a read query, each readable as ``row["column"]``."""

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """First column of the first row, or None."""

    def transaction(self, what: str) -> AbstractContextManager[Any]:
        """One committed write transaction, rolled back whole on any error."""

    def add_article(self, article: Article, signature: bytes | None) -> bool:
        """Store ``article`` (and its MinHash signature); False if its id exists already."""

    def has_article(self, article_id: str) -> bool: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def get_text(self, article_id: str) -> str | None:
        """Clean text of a stored article (the near-duplicate check compares texts)."""

    def iter_signatures(self) -> Iterator[tuple[str, bytes]]:
        """``(article_id, minhash signature)`` of every non-duplicate article."""

    def add_rejection(self, rejection: Rejection) -> None:
        """Record a rejected input (idempotent on origin + code)."""

    def rejections(self) -> list[Rejection]: ...

    def pending_articles(self, pipeline_version: str, include_stale: bool = True) -> list[str]:
        """Ids of non-duplicate articles not yet extracted by ``pipeline_version``; without
        ``include_stale``, only those never extracted (not those coded by an older version)."""

    def replace_reports(
        self, article_id: str, reports: Sequence[Event], pipeline_version: str
    ) -> None:
        """Atomically replace one article's event reports and mark it extracted."""

    def iter_reports(self) -> Iterator[Event]:
        """Every per-article event report, in a deterministic order."""

    def replace_events(self, events: Sequence[Event], claims: Sequence[Claim]) -> None:
        """Atomically replace the merged events and their claims."""

    def iter_events(self, filters: EventFilter | None = None) -> Iterator[Event]:
        """Merged events, ordered by date then id."""

    def get_event(self, event_id: str) -> Event | None:
        """One merged event by id, or None."""

    def claims_for(self, event_id: str) -> list[Claim]: ...

    def stats(self) -> StoreStats: ...

    def close(self) -> None: ...


StoreFactory = Callable[[str], Store]
STORES: Registry[StoreFactory] = Registry("store")


def open_store(url: str) -> Store:
    """Open the store for ``url``: a file path (SQLite) or ``scheme://...``."""
    scheme = url.split("://", 1)[0] if "://" in url else "sqlite"
    return STORES.get(scheme)(url)
