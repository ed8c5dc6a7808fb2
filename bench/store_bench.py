"""Write throughput of the stores: SQLite vs PostgreSQL, and 1 vs 2 writers on PostgreSQL.

Usage:  python bench/store_bench.py [--articles N] [--pg-url URL]

N synthetic articles (bench/synth.py) with a 512-byte MinHash-sized signature each are
written through the store interface (``add_article``: one transaction per article, as the
runner does), then three event reports with two evidence spans each per article
(``replace_reports``: one transaction per article).  Reported: articles/s and reports/s.
Then the same work split between 1 and 2 writer processes on PostgreSQL (wall time of the
whole batch).  PostgreSQL is a throw-away cluster started here with durable default
settings (fsync and synchronous_commit on), unless --pg-url names a server (the benchmark
creates and drops a database on it).  Results: a Markdown table on stdout and
bench/results/store_latest.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT), str(ROOT / "bench")]

from synth import article as synth_article  # noqa: E402
from tests.store.pgcluster import ExternalServer, PgCluster, start_server  # noqa: E402

from polemos.models import Article, Event, Evidence, OffsetMap, content_hash  # noqa: E402
from polemos.store import open_store  # noqa: E402

REPORTS_PER_ARTICLE = 3


def make_articles(count: int) -> list[Article]:
    rng = random.Random(7)
    articles = []
    for index in range(count):
        text = str(synth_article(index, rng)["text"])
        articles.append(
            Article(id=f"art_{index:07d}", text=text, clean_text=text,
                    offsets=OffsetMap.identity(len(text)), content_hash=content_hash(text),
                    origin=f"synthetic/{index}.txt", format="txt", source=f"Source {index % 37}",
                    published=date(2017, 1, 1))
        )  # fmt: skip
    return articles


def signature(article: Article) -> bytes:
    return hashlib.shake_256(article.id.encode()).digest(512)


def make_reports(article: Article) -> list[Event]:
    return [
        Event(event_id_cnty=f"{article.id}_{n}", event_date=date(2017, 1, 1), year=2017,
              event_type="Battles", sub_event_type="Armed clash", actor1="Jund al-Aqsa",
              actor2="Free Syrian Army", country="Syria", admin1="Hama", location="Kafr Zeita",
              latitude=35.37, longitude=36.6, geo_precision=1, fatalities=n,
              notes=article.clean_text[:200], article_ids=[article.id],
              evidence=[Evidence(article_id=article.id, field="actor1", start=0, end=5,
                                 text=article.clean_text[:5]),
                        Evidence(article_id=article.id, field="location", start=5, end=9,
                                 text=article.clean_text[5:9])])
        for n in range(REPORTS_PER_ARTICLE)
    ]  # fmt: skip


def write_share(url: str, articles: list[Article]) -> tuple[float, float]:
    """Write ``articles`` then their reports; seconds spent on each."""
    with open_store(url) as store:
        started = time.perf_counter()
        for item in articles:
            store.add_article(item, signature(item))
        middle = time.perf_counter()
        for item in articles:
            store.replace_reports(item.id, make_reports(item), "bench")
        return middle - started, time.perf_counter() - middle


def single_writer(name: str, url: str, articles: list[Article]) -> dict[str, Any]:
    article_s, report_s = write_share(url, articles)
    return {
        "backend": name, "writers": 1, "articles": len(articles),
        "articles_per_s": round(len(articles) / article_s, 1),
        "reports_per_s": round(len(articles) * REPORTS_PER_ARTICLE / report_s, 1),
    }  # fmt: skip


def _child(url: str, articles: list[Article], start: Any, done: Any) -> None:
    start.wait()
    done.put(write_share(url, articles))


def many_writers(url: str, articles: list[Article], writers: int) -> dict[str, Any]:
    """Split ``articles`` between ``writers`` processes; wall-clock throughput."""
    context = multiprocessing.get_context("spawn")
    start, done = context.Event(), context.Queue()
    shares = [articles[i::writers] for i in range(writers)]
    procs = [context.Process(target=_child, args=(url, s, start, done)) for s in shares]
    for proc in procs:
        proc.start()
    time.sleep(3)  # let every child import and connect
    began = time.perf_counter()
    start.set()
    results = [done.get(timeout=1800) for _ in procs]
    wall = time.perf_counter() - began
    for proc in procs:
        proc.join()
    return {
        "backend": "postgresql", "writers": writers, "articles": len(articles),
        "articles_and_reports_per_s": round(len(articles) / wall, 1),
        "wall_s": round(wall, 2), "busiest_writer_s": round(max(a + r for a, r in results), 2),
    }  # fmt: skip


def with_database(server: ExternalServer | PgCluster, run: Callable[[str], Any]) -> Any:
    url = server.new_database()
    try:
        return run(url)
    finally:
        server.drop_database(url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--pg-url", help="admin URL of an existing server (else a local one)")
    args = parser.parse_args()
    if args.pg_url:
        os.environ["POLEMOS_TEST_PG_URL"] = args.pg_url
    articles = make_articles(args.articles)
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        results.append(single_writer("sqlite", str(Path(tmp) / "bench.db"), articles))
    server = start_server(fast=False)
    if server is None:
        raise SystemExit("no PostgreSQL: install it (initdb, pg_ctl) or pass --pg-url")
    try:
        results.append(with_database(server, lambda u: single_writer("postgresql", u, articles)))
        for writers in (1, 2):
            results.append(with_database(server, lambda u, w=writers: many_writers(u, articles, w)))
    finally:
        server.stop()
    machine = f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    report = {"machine": machine, "command": " ".join(sys.argv), "results": results}
    out = ROOT / "bench" / "results" / "store_latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
