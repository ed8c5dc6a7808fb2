"""End-to-end runs: idempotency, crash safety, bad input, evidence offsets."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import ARTICLES, write_articles

from polemos.config import load_config
from polemos.runner import run
from polemos.store import open_store

TABLES = {
    "articles": "id, content_hash, clean_text, duplicate_of, extracted_version",
    "reports": "event_id_cnty, article_id, record",
    "events": "event_id_cnty, record, timestamp",
    "claims": "event_id, report_id, field, value",
    "evidence": 'owner_kind, owner_id, article_id, field, start, "end", text',
    "rejections": "origin, code, reason",
}


def dump(db: Path, tables: dict[str, str] = TABLES) -> dict[str, list[Any]]:
    """Every row of the content tables, in a stable order."""
    with sqlite3.connect(db) as connection:
        return {
            name: sorted(map(tuple, connection.execute(f"SELECT {columns} FROM {name}")))
            for name, columns in tables.items()
        }


def run_once(db: Path, paths: list[Path], published: date | None = None) -> Any:
    store = open_store(str(db))
    try:
        return run(store, paths, load_config(environ={}), published)
    finally:
        store.close()


def test_runner_rerun_leaves_database_unchanged(articles_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    first = run_once(db, [articles_dir], date(2017, 2, 10))
    before = dump(db)
    second = run_once(db, [articles_dir], date(2017, 2, 10))
    assert first.articles_new == 3 and first.events > 0
    assert second.articles_new == 0 and second.articles_known == 3 and second.extracted == 0
    assert dump(db) == before


def test_runner_evidence_indexes_original_text(articles_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    run_once(db, [articles_dir], date(2017, 2, 10))
    store = open_store(str(db))
    try:
        events = list(store.iter_events())
        texts = {a: store.get_article(a).text for e in events for a in e.article_ids}  # type: ignore[union-attr]
    finally:
        store.close()
    evidence = [item for event in events for item in event.evidence]
    assert evidence
    for item in evidence:
        assert texts[item.article_id][item.start : item.end] == item.text
    raw = ARTICLES["kafr.txt"]
    kafr = [e for e in evidence if e.text == "Kafr Zeita"]
    assert kafr and raw[kafr[0].start : kafr[0].end] == "Kafr Zeita"


def test_runner_syndicated_copy_counts_once(tmp_path: Path) -> None:
    directory = tmp_path / "in"
    directory.mkdir()
    body = (
        "On February 9, Jund al-Aqsa captured the town of Kafr Zeita in northern Hama province "
        "after clashes with the Free Syrian Army, local sources said. About 30 fighters were "
        "killed and some 100 others were taken prisoner. The group also seized warehouses with "
        "arms, ammunition and military hardware in the town, the sources said. Rebel commanders "
        "said they would try to retake Kafr Zeita in the coming days and called for help.\n"
    )
    (directory / "original.txt").write_text("Rebels lose Kafr Zeita\n\n" + body, "utf-8")
    (directory / "copy.txt").write_text(
        "Jund al-Aqsa takes town\n\n" + body + "\nShare this article\n", "utf-8"
    )
    db = tmp_path / "p.db"
    summary = run_once(db, [directory], date(2017, 2, 10))
    assert summary.duplicates == 1
    rows = dump(db, {"articles": "id, duplicate_of"})["articles"]
    assert sum(1 for _, original_id in rows if original_id) == 1
    store = open_store(str(db))
    try:
        kafr = [e for e in store.iter_events() if e.location.startswith("Kafr")]
    finally:
        store.close()
    assert len(kafr) == 1 and len(kafr[0].article_ids) == 1


def _without_timestamps(rows: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Event rows with the (run-time) timestamp removed from their record."""
    events = []
    for event_id, record in rows["events"]:
        data = json.loads(record)
        data.pop("timestamp")
        events.append((event_id, data))
    return {**rows, "events": events}


def _spawn(db: Path, directory: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "polemos", "run", str(directory), "--db", str(db),
               "--published", "2017-02-10", "--json"]  # fmt: skip
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _count(db: Path, table: str) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=5) as connection:
            return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    except sqlite3.OperationalError:
        return 0


def _many_articles(directory: Path, copies: int) -> Path:
    directory.mkdir()
    for number in range(copies):
        text = (
            f"Clashes in Hama, report {number}\n\nOn February {1 + number % 27}, Jund al-Aqsa "
            f"captured the town of Kafr Zeita after clashes with the Free Syrian Army. "
            f"{number + 2} fighters were killed, sources said in report {number}.\n"
        )
        (directory / f"a{number:03}.txt").write_text(text, "utf-8")
    return directory


@pytest.mark.slow
def test_runner_sigkill_then_rerun_loses_and_duplicates_nothing(tmp_path: Path) -> None:
    directory = _many_articles(tmp_path / "in", 60)
    reference, crashed = tmp_path / "reference.db", tmp_path / "crashed.db"
    assert subprocess.run([sys.executable, "-m", "polemos", "run", str(directory), "--db",
                           str(reference), "--published", "2017-02-10", "--json"],
                          capture_output=True, check=False).returncode == 0  # fmt: skip
    process = _spawn(crashed, directory)
    deadline = time.monotonic() + 120
    while _count(crashed, "reports") < 5 and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _count(crashed, "articles") > 0
    assert subprocess.run([sys.executable, "-m", "polemos", "run", str(directory), "--db",
                           str(crashed), "--published", "2017-02-10", "--json"],
                          capture_output=True, check=False).returncode == 0  # fmt: skip
    tables = {k: v for k, v in TABLES.items() if k != "events"}
    tables["events"] = "event_id_cnty, record"
    expected, got = (
        _without_timestamps(dump(reference, tables)),
        _without_timestamps(dump(crashed, tables)),
    )
    assert len(got["articles"]) == 60
    assert got == expected
    with sqlite3.connect(crashed) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_runner_bad_inputs_are_rejected_and_good_ones_kept(tmp_path: Path) -> None:
    directory = write_articles(tmp_path / "mixed")
    (directory / "binary.txt").write_bytes(b"\x00\x01\x02PNG" * 50)
    (directory / "empty.txt").write_bytes(b"")
    (directory / "latin1.txt").write_bytes(
        "Caf\xe9 bombing in Mosul killed five.".encode("latin-1") * 5
    )
    (directory / "broken.jsonl").write_text('{"id": "x", "text": \n', "utf-8")
    (directory / "corrupt.warc.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (directory / "broken.html").write_text("<html><body><div></div>", "utf-8")
    db = tmp_path / "p.db"
    summary = run_once(db, [directory, tmp_path / "missing.txt"], date(2017, 2, 10))
    codes = sorted(r.code for r in summary.rejections)
    assert summary.articles_new == 3
    assert codes == ["binary", "corrupt", "empty", "encoding", "malformed", "no_text", "unreadable"]
    stored = dump(db, {"rejections": "code"})["rejections"]
    assert sorted(code for (code,) in stored) == codes


def test_runner_gold_events_evidence_points_to_gold_ids(tmp_path: Path) -> None:
    from tests.conftest import needs_gold

    gold = needs_gold("events.dev.jsonl")
    records = {
        json.loads(line)["id"]: json.loads(line)["text"] for line in gold.read_text().splitlines()
    }
    db = tmp_path / "gold.db"
    run_once(db, [gold])
    store = open_store(str(db))
    try:
        events = list(store.iter_events())
    finally:
        store.close()
    assert events
    for event in events:
        for item in event.evidence:
            assert records[item.article_id][item.start : item.end] == item.text


def test_runner_same_id_with_other_text_is_rejected_as_conflict(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    record = {"id": "doc-1", "text": "Clashes were reported in Mosul between two armed groups."}
    first.write_text(json.dumps(record) + "\n", "utf-8")
    second.write_text(json.dumps({**record, "text": record["text"] + " Updated."}) + "\n", "utf-8")
    db = tmp_path / "p.db"
    run_once(db, [first])
    summary = run_once(db, [second])
    assert [(r.origin, r.code) for r in summary.rejections] == [(f"{second}:1", "conflict")]
    assert "already stored with different text" in summary.rejections[0].reason
    store = open_store(str(db))
    try:
        assert store.get_article("doc-1").text == record["text"]  # type: ignore[union-attr]
    finally:
        store.close()


def test_runner_overlong_article_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_text("Fighting continued near Mosul. " * 200, "utf-8")
    store = open_store(str(tmp_path / "p.db"))
    try:
        config = load_config(environ={}, overrides=["ingest.max_chars=1000"])
        summary = run(store, [path], config)
    finally:
        store.close()
    assert [r.code for r in summary.rejections] == ["too_large"]
    assert "max_chars is 1000" in summary.rejections[0].reason


def test_runner_two_workers_give_the_same_events(articles_dir: Path, tmp_path: Path) -> None:
    results = []
    for workers in (1, 2):
        config = load_config(environ={}, overrides=[f"pipeline.workers={workers}",
                                                    "pipeline.batch_size=1"])  # fmt: skip
        store = open_store(str(tmp_path / f"w{workers}.db"))
        try:
            run(store, [articles_dir], config, date(2017, 2, 10))
            results.append([e.model_copy(update={"timestamp": 0}) for e in store.iter_events()])
        finally:
            store.close()
    assert results[0] and results[0] == results[1]


def test_runner_reprocess_recodes_older_versions_and_keeps_event_ids(
    articles_dir: Path, tmp_path: Path
) -> None:
    from polemos.pipeline import Extractor
    from polemos.review import changes_since
    from polemos.runner import extract_pending, merge_store

    config = load_config()
    store = open_store(str(tmp_path / "p.db"))
    try:
        run(store, [articles_dir], config)
        before = {e.event_id_cnty: e.timestamp for e in store.iter_events()}
        feed = len(changes_since(store))
        with store.transaction("pretend an older pipeline coded them") as conn:
            conn.execute("UPDATE articles SET extracted_version = 'polemos-0.0.1/rules-0'")
        extractor = Extractor(config)
        assert extract_pending(store, extractor).extracted == 0
        summary = extract_pending(store, extractor, reprocess=True)
        merge_store(store, config, summary)
        assert summary.extracted == len(ARTICLES) + 1  # two files and one JSONL record
        assert {e.event_id_cnty: e.timestamp for e in store.iter_events()} == before
        assert len(changes_since(store)) == feed  # nothing changed, nothing in the feed
    finally:
        store.close()
