"""Two writer processes ingesting overlapping inputs into one database leave no duplicates."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

from polemos.store import open_store

WRITER = textwrap.dedent(
    """
    import sys
    from datetime import date
    from pathlib import Path

    from polemos.config import load_config
    from polemos.models import Event, Evidence
    from polemos.runner import ingest_paths
    from polemos.store import open_store

    url, directory = sys.argv[1], Path(sys.argv[2])
    with open_store(url) as store:
        summary = ingest_paths(store, [directory], load_config(), published=date(2024, 3, 2))
        ids = sorted(store.pending_articles("v1"))
        for article_id in ids:
            report = Event(event_id_cnty=f"{article_id}_r", event_type="Battles",
                           sub_event_type="Armed clash", event_date=date(2024, 3, 1),
                           evidence=[Evidence(article_id=article_id, field="notes",
                                              start=0, end=4, text="text")])
            store.replace_reports(article_id, [report], "v1")
        merged = list(store.iter_reports())
        store.replace_events(merged, [])
        print(summary.articles_new, summary.articles_known, summary.duplicates)
    """
)
VOCABULARY = [
    *[
        "army",
        "rebels",
        "town",
        "village",
        "clashes",
        "shelling",
        "convoy",
        "checkpoint",
        "militia",
        "police",
    ],
    *[
        "protest",
        "market",
        "bridge",
        "river",
        "province",
        "district",
        "fighters",
        "civilians",
        "airstrike",
    ],
    *[
        "drone",
        "mortar",
        "ambush",
        "patrol",
        "border",
        "camp",
        "hospital",
        "school",
        "road",
        "supply",
        "talks",
    ],
]


def _article_text(number: int) -> str:
    rng = random.Random(number)
    words = " ".join(rng.choice(VOCABULARY) for _ in range(60))
    return f"Report number {number}. {words}.\n"


def _write_inputs(directory: Path, numbers: range) -> Path:
    directory.mkdir()
    for number in numbers:
        (directory / f"report_{number:03d}.txt").write_text(_article_text(number), "utf-8")
    return directory


def _start_writer(url: str, directory: Path) -> subprocess.Popen[str]:
    env = dict(os.environ)
    src = str(Path(__file__).resolve().parents[2] / "src")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [src, env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, url, str(directory)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True,
    )  # fmt: skip


def test_store_concurrent_writers_leave_no_duplicates(store_url: str, tmp_path: Path) -> None:
    open_store(store_url).close()  # migrate first: both writers then start from version N
    first = _write_inputs(tmp_path / "first", range(0, 40))
    second = _write_inputs(tmp_path / "second", range(20, 60))
    writers = [_start_writer(store_url, first), _start_writer(store_url, second)]
    outputs = [writer.communicate(timeout=300) for writer in writers]
    for writer, (_, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
    counts = [tuple(int(n) for n in out.split()) for out, _ in outputs]
    assert [new + known for new, known, _ in counts] == [40, 40]
    assert sum(new for new, _, _ in counts) == 60
    assert all(duplicates == 0 for _, _, duplicates in counts)
    with open_store(store_url) as store:
        stats = store.stats("v1")
        assert (stats.articles, stats.duplicates, stats.pending) == (60, 0, 0)
        assert stats.reports == 60
        assert (
            store.scalar(
                "SELECT count(*) FROM (SELECT content_hash FROM articles "
                "GROUP BY content_hash HAVING count(*) > 1) AS repeated"
            )
            == 0
        )
        assert store.scalar("SELECT count(DISTINCT owner_id) FROM evidence "
                            "WHERE owner_kind = 'report'") == 60  # fmt: skip
        # Each merge replaced the event set whole: what is left is one merge's snapshot.
        event_ids = [e.event_id_cnty for e in store.iter_events()]
        report_ids = {r.event_id_cnty for r in store.iter_reports()}
        assert 40 <= len(event_ids) <= 60
        assert set(event_ids) <= report_ids
        assert stats.extra["evidence"] == 60 + len(event_ids)
