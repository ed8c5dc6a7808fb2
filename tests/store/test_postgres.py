"""PostgreSQL specifics: SQL translation, URL redaction, schema types, migrations."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg
import pytest

from polemos.errors import StoreError
from polemos.models import Article, Event
from polemos.store import STORES, open_store
from polemos.store.migrations import MIGRATIONS, Migration, apply_migrations, latest_version
from polemos.store.postgres import PgMigrationTarget, PostgresStore, Row, redact_url, translate

MakeArticle = Callable[..., Article]


def test_postgres_translate_placeholders_and_percent() -> None:
    assert translate("SELECT * FROM t WHERE a = ? AND b = ?") == (
        "SELECT * FROM t WHERE a = %s AND b = %s"
    )
    assert translate("SELECT '?', 'it''s ?', \"odd?col\" FROM t WHERE x LIKE '%a' AND y = ?") == (
        "SELECT '?', 'it''s ?', \"odd?col\" FROM t WHERE x LIKE '%%a' AND y = %s"
    )
    assert translate("SELECT 5 % ? -- why?\n/* what? */ FROM t") == (
        "SELECT 5 %% %s -- why?\n/* what? */ FROM t"
    )
    assert translate("SELECT 'unterminated ?") == "SELECT 'unterminated ?"


def test_postgres_redact_url() -> None:
    assert redact_url("postgresql://ann:s3cr%40t@db:5432/polemos") == (
        "postgresql://ann:***@db:5432/polemos"
    )
    assert redact_url("postgres://db/polemos?user=ann&password=pw&sslmode=require") == (
        "postgres://db/polemos?user=ann&password=***&sslmode=require"
    )
    assert redact_url("postgresql://ann@db/polemos") == "postgresql://ann@db/polemos"


def test_postgres_unreachable_server_names_database_not_password() -> None:
    port = 1  # nothing listens on 127.0.0.1:1
    url = f"postgresql://ann:hunter2@127.0.0.1:{port}/polemos?connect_timeout=2"
    with pytest.raises(StoreError) as caught:
        open_store(url)
    message = str(caught.value)
    assert message.startswith(f"cannot open database postgresql://ann:***@127.0.0.1:{port}/")
    assert "hunter2" not in message


def test_postgres_registered_names() -> None:
    assert {"postgresql", "postgres", "sqlite"} <= set(STORES.names())


def test_postgres_row_by_index_and_name() -> None:
    row = Row({"a": 0, "b": 1}, (1, "x"))
    assert (row[0], row["b"], row[-1], len(row), list(row)) == (1, "x", "x", 2, [1, "x"])
    assert dict(zip(row.keys(), row, strict=True)) == {"a": 1, "b": "x"}
    with pytest.raises(IndexError, match="nope"):
        row["nope"]


def test_postgres_schema_types(pg_url: str) -> None:
    with open_store(pg_url) as store:
        assert isinstance(store, PostgresStore)
        assert store.dialect == "postgresql"
        assert store.schema_version == latest_version()
        rows = store.query(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND table_name IN ('articles', 'events', "
            "'evidence') ORDER BY table_name, column_name"
        )
        types: dict[tuple[str, str], Any] = {(r[0], r[1]): r[2] for r in rows}
    assert types[("articles", "signature")] == "bytea"
    assert types[("events", "latitude")] == "double precision"
    assert types[("events", "timestamp")] == "bigint"
    assert types[("evidence", "id")] == "bigint"
    assert types[("events", "event_id_cnty")] == "text"


def test_postgres_big_values_and_blobs(
    pg_url: str, article: MakeArticle, event: Callable[..., Event]
) -> None:
    with open_store(pg_url) as store:
        store.add_article(article("a"), bytes(range(256)) * 4)
        assert list(store.iter_signatures()) == [("a", bytes(range(256)) * 4)]
        with pytest.raises(StoreError, match="cannot store merged events"):
            store.replace_events([event("e1", fatalities=2**70)], [])
        assert store.stats().events == 0


def _versions(url: str) -> list[tuple[int, str]]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT version, name FROM schema_migrations ORDER BY version")
        return [(int(v), str(n)) for v, n in rows.fetchall()]


def test_postgres_migrations_applied_once(pg_url: str) -> None:
    open_store(pg_url).close()
    open_store(pg_url).close()
    assert _versions(pg_url) == [(m.version, m.name) for m in MIGRATIONS]


def test_postgres_migration_failure_rolls_back(pg_url: str) -> None:
    open_store(pg_url).close()
    bad = Migration(latest_version() + 1, "broken", "CREATE TABLE t (x TEXT); CREATE TABLE t (x);")
    with psycopg.connect(pg_url, autocommit=True) as conn:
        with pytest.raises(StoreError, match="broken"):
            apply_migrations(PgMigrationTarget(conn), "db", [*MIGRATIONS, bad])
        assert conn.execute("SELECT to_regclass('t')").fetchone() == (None,)
    assert len(_versions(pg_url)) == len(MIGRATIONS)


def test_postgres_migration_per_dialect_and_callable(pg_url: str) -> None:
    open_store(pg_url).close()
    version = latest_version()

    def step(conn: Any) -> None:
        conn.execute("INSERT INTO notes (x) VALUES (?)", ("from callable",))

    extra = [
        Migration(version + 1, "per dialect", {"sqlite": "CREATE TABLE notes (x BLOB);",
                                              "postgresql": "CREATE TABLE notes (x TEXT);"}),
        Migration(version + 2, "callable", {"postgresql": step, "sqlite": step}),
    ]  # fmt: skip
    with psycopg.connect(pg_url, autocommit=True) as conn:
        target = PgMigrationTarget(conn)
        assert apply_migrations(target, "db", [*MIGRATIONS, *extra]) == [version + 1, version + 2]
        assert conn.execute("SELECT x FROM notes").fetchall() == [("from callable",)]


def test_postgres_newer_schema_refused(pg_url: str) -> None:
    open_store(pg_url).close()
    with psycopg.connect(pg_url) as conn:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (%s, 'from the future', '2099')",
            (latest_version() + 5,),
        )
    with pytest.raises(StoreError, match="newer"):
        open_store(pg_url)
