"""Merging into the store end to end: ``polemos.review.merge_into_store`` on N reports.

Unlike ``merge_bench.py`` (clustering and reconciliation in memory), this stores the
synthetic reports (same generator) as articles + reports in a fresh SQLite database, then
times the whole merge: reading every report, clustering, stable ids, source basis, writing
the events, claims, change feed and merge log; then a re-run with nothing changed.

Usage: python bench/merge_store_bench.py [--reports 100000] [--out bench/results/merge_store.json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from merge_bench import make_reports  # noqa: E402

from polemos.config import load_config  # noqa: E402
from polemos.models import Article, DateSource, Event, OffsetMap, content_hash  # noqa: E402
from polemos.review import merge_into_store  # noqa: E402
from polemos.store import open_store  # noqa: E402
from polemos.store.base import Store  # noqa: E402


def load(store: Store, reports: list[Event]) -> int:
    by_article: dict[str, list[Event]] = {}
    for report in reports:
        by_article.setdefault(report.article_ids[0], []).append(report)
    for article_id, members in by_article.items():
        body = f"report {article_id}"
        article = Article(
            id=article_id, source=members[0].source or "Source", published=date(2020, 1, 1),
            published_from=DateSource.METADATA, text=body, clean_text=body,
            offsets=OffsetMap.identity(len(body)), content_hash=content_hash(body),
            origin=article_id, format="txt",
        )  # fmt: skip
        store.add_article(article, None)
        store.replace_reports(article_id, members, "bench")
    return len(by_article)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("bench/results/merge_store.json"))
    args = parser.parse_args()
    reports = make_reports(args.reports, 0.2, 7)
    store = open_store(str(Path(tempfile.mkdtemp()) / "merge.db"))
    started = time.perf_counter()
    articles = load(store, reports)
    loaded = time.perf_counter() - started
    config = load_config()
    started = time.perf_counter()
    outcome = merge_into_store(store, config)
    first = time.perf_counter() - started
    started = time.perf_counter()
    merge_into_store(store, config)
    rerun = time.perf_counter() - started
    result: dict[str, Any] = {
        "reports": args.reports, "articles": articles, "events": len(outcome.events),
        "load_s": round(loaded, 1), "first_merge_s": round(first, 1),
        "rerun_merge_s": round(rerun, 1),
        "peak_rss_mib_whole_process": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }  # fmt: skip
    print(json.dumps(result))
    args.out.write_text(json.dumps(result, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
