"""Crash safety: a writer SIGKILLed mid-loop leaves a clean, complete database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from polemos.models import content_hash
from polemos.store import SQLiteStore

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from polemos.models import Article, Event, Evidence, OffsetMap, content_hash
    from polemos.store.sqlite import SQLiteStore

    store = SQLiteStore(sys.argv[1])
    for i in range(1_000_000):
        text = f"Article {i}: clashes in Kidal. " + "x" * (i % 50_000) + " end."
        article_id = f"art_{i:07d}"
        store.add_article(
            Article(id=article_id, text=text, clean_text=text,
                    offsets=OffsetMap.identity(len(text)), content_hash=content_hash(text),
                    origin=f"{i}.txt", format="txt"),
            bytes(range(256)) * 4,
        )
        reports = [
            Event(event_id_cnty=f"{article_id}_{n}", event_type="Battles",
                  sub_event_type="Armed clash", event_date=date(2024, 1, 1),
                  evidence=[Evidence(article_id=article_id, field="notes", start=0,
                                     end=len(text), text=text)])
            for n in range(3)
        ]
        store.replace_reports(article_id, reports, "v1")
        print(i, flush=True)
    """
)

KILL_AFTER = 40


def _run_and_kill(db_path: Path) -> int:
    """Start the writer, SIGKILL it after KILL_AFTER committed articles; the last seen."""
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip
    last = -1
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            last = int(line)
            if last >= KILL_AFTER:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert last >= KILL_AFTER, proc.stderr.read() if proc.stderr else ""
    assert proc.returncode == -signal.SIGKILL
    return last


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sqlite_crash_leaves_consistent_db(tmp_path: Path) -> None:
    db_path = tmp_path / "crash.db"
    last_committed = _run_and_kill(db_path)
    with SQLiteStore(db_path) as store:
        assert store.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.connection.execute("PRAGMA foreign_key_check").fetchall() == []
        articles = list(store.iter_articles())
        assert len(articles) >= last_committed + 1
        for article in articles:
            assert article.content_hash == content_hash(article.text)
            assert article.text.endswith(" end.")
            assert store.get_text(article.id) == article.text
            reports = store.reports_for(article.id)
            if store.extracted_version(article.id) == "v1":
                assert len(reports) == 3
                assert all(r.evidence[0].text == article.text for r in reports)
            else:
                assert reports == []
        extracted = len(articles) - len(store.pending_articles("v1"))
        assert extracted >= last_committed + 1
        assert len(list(store.iter_signatures())) == len(articles)
