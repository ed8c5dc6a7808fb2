"""Schema migrations: applied once, recorded, newer schemas and non-databases refused."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from polemos.errors import StoreError
from polemos.store import STORES, open_store
from polemos.store.migrations import (
    MIGRATIONS,
    Migration,
    apply_migrations,
    latest_version,
    split_statements,
)
from polemos.store.sqlite import SQLiteStore, db_path_from_url

TABLES = {
    "articles", "rejections", "reports", "events", "evidence", "claims", "schema_migrations",
}  # fmt: skip


def _migration_rows(path: Path) -> list[tuple[int, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT version, name FROM schema_migrations").fetchall()


def test_migrations_applied_once_and_recorded(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    assert _migration_rows(db_path) == [(m.version, m.name) for m in MIGRATIONS]
    with sqlite3.connect(db_path) as conn:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        applied_at = conn.execute("SELECT applied_at FROM schema_migrations").fetchone()[0]
    assert names >= TABLES
    assert applied_at


def test_migrations_reopen_is_noop(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    with sqlite3.connect(db_path) as conn:
        before = conn.execute("SELECT * FROM schema_migrations").fetchall()
    with SQLiteStore(db_path) as store:
        assert store.schema_version == latest_version()
        assert apply_migrations(store.connection, str(db_path)) == []
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT * FROM schema_migrations").fetchall() == before


def test_migrations_only_missing_ones_applied(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    extra = Migration(latest_version() + 1, "add notes table", "CREATE TABLE notes (x TEXT);")
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        assert apply_migrations(conn, "db", [*MIGRATIONS, extra]) == [extra.version]
        assert apply_migrations(conn, "db", [*MIGRATIONS, extra]) == []
    finally:
        conn.close()
    assert _migration_rows(db_path)[-1] == (extra.version, extra.name)


def test_migrations_failed_migration_rolls_back(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    bad = Migration(latest_version() + 1, "broken", "CREATE TABLE t (x); CREATE TABLE t (x);")
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        with pytest.raises(StoreError, match="broken"):
            apply_migrations(conn, "db", [*MIGRATIONS, bad])
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()
    assert "t" not in tables
    assert len(_migration_rows(db_path)) == len(MIGRATIONS)


def test_migrations_callable_step(db_path: Path) -> None:
    def step(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE from_callable (x INTEGER)")

    SQLiteStore(db_path).close()
    conn = sqlite3.connect(db_path, isolation_level=None)
    try:
        extra = Migration(latest_version() + 1, "callable", step)
        assert apply_migrations(conn, "db", [*MIGRATIONS, extra]) == [extra.version]
    finally:
        conn.close()


def test_migrations_newer_schema_refused(db_path: Path) -> None:
    SQLiteStore(db_path).close()
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO schema_migrations VALUES (?, 'from the future', '2099-01-01')",
            (latest_version() + 5,),
        )
    with pytest.raises(StoreError, match="newer"):
        SQLiteStore(db_path)


def test_migrations_non_database_file_refused_and_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    content = b"These are my precious notes, not a database.\n" * 100
    path.write_bytes(content)
    with pytest.raises(StoreError, match="notes.db"):
        SQLiteStore(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_migrations_missing_directory_refused(tmp_path: Path) -> None:
    path = tmp_path / "no" / "such" / "dir" / "polemos.db"
    with pytest.raises(StoreError, match="does not exist"):
        SQLiteStore(path)
    assert not (tmp_path / "no").exists()


def test_migrations_directory_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="directory"):
        SQLiteStore(tmp_path)


def test_migrations_pragmas(sqlite_store: SQLiteStore) -> None:
    conn = sqlite_store.connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0


def test_migrations_registered_and_urls(tmp_path: Path) -> None:
    assert "sqlite" in STORES
    path = tmp_path / "x.db"
    store = open_store(f"sqlite:///{path}")  # absolute path: sqlite:////tmp/...
    store.close()
    assert path.exists()
    plain = open_store(str(tmp_path / "y.db"))
    plain.close()
    assert db_path_from_url("sqlite:///rel/x.db") == "rel/x.db"
    assert db_path_from_url("sqlite:////abs/x.db") == "/abs/x.db"
    assert db_path_from_url("sqlite://") == ":memory:"
    with pytest.raises(StoreError):
        db_path_from_url("sqlite://host/x.db")


def test_migrations_split_statements() -> None:
    sql = "CREATE TABLE a (x TEXT DEFAULT ';');\n-- comment\nCREATE TABLE b (y);\n"
    assert list(split_statements(sql)) == [
        "CREATE TABLE a (x TEXT DEFAULT ';');",
        "-- comment\nCREATE TABLE b (y);",
    ]


@pytest.mark.parametrize("content", [b"x", b"SQLite format 2\x00" + b"\x00" * 100, b"{}\n"])
def test_migrations_short_or_foreign_files_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a SQLite database"):
        SQLiteStore(path)
    assert path.read_bytes() == content


def test_migrations_empty_file_becomes_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with SQLiteStore(path) as store:
        assert store.schema_version == latest_version()
