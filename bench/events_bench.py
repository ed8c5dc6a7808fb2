"""Per-article time of the NLP (spaCy) stage and of the event-coding stage, same articles.

Usage:  python bench/events_bench.py [--synthetic N] [--repeats 3] [--shared ../shared]

Issue 5's speed goal: the events stage adds at most 30% to the NLP stage's per-article time.

* corpus: the two seed articles and every article text of the shared gold files that are
  present (events.dev.jsonl, and the re3d / WikiEvents articles our codings in tests/fixtures
  reference), plus N synthetic articles (bench/synth.py; used alone when nothing else is
  present);
* nlp: spaCy over the corpus with ``nlp.pipe`` (batch 32, as ``Extractor.process`` does) plus
  the ``nlp`` stage's sentence split;
* then every configured stage on the parsed documents, timed stage by stage (clean, actors,
  places, dates, events, relations); ``events`` is ``code_article`` (rules + classifier);
* each measurement is repeated and the median total is kept; resources (spaCy, actor graph,
  gazetteer, type model) are loaded and warmed up before timing.

Results go to bench/results/events.json and a Markdown table for docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEEDS = {"000_81707db8ca4dc230.txt": "2017-02-10", "004_195cb865a73249a2.txt": "2017-05-15"}
CODINGS = ["re3d_events.jsonl", "wikievents_events.jsonl"]


def seed_records(shared: Path) -> list[dict[str, Any]]:
    records = []
    for name, published in SEEDS.items():
        path = shared / "seeds" / name
        if path.exists():
            text = path.read_text("utf-8")
            records.append(
                {"id": f"seed-{name[:3]}", "text": text, "meta": {"published": published}}
            )
    return records


def gold_records(shared: Path) -> list[dict[str, Any]]:
    """events.dev plus the shared texts our own codings reference (read by id)."""
    from polemos.evaluate import read_gold

    records: list[dict[str, Any]] = []
    if (shared / "gold" / "events.dev.jsonl").exists():
        records += read_gold(shared / "gold" / "events.dev.jsonl")
    for coding in CODINGS:
        needed = {json.loads(line)["text_ref"]["file"] for line in _lines(coding)}
        if all((shared / "gold" / name).exists() for name in needed):
            records += read_gold(ROOT / "tests" / "fixtures" / coding)
    return records


def _lines(coding: str) -> list[str]:
    path = ROOT / "tests" / "fixtures" / coding
    return [line for line in path.read_text("utf-8").splitlines() if line.strip()]


def synthetic_records(count: int) -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="polemos-events-bench-") as tmp:
        path = write_corpus(Path(tmp) / "synthetic.jsonl", count)
        return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def time_stages(extractor: Any, articles: list[Any]) -> dict[str, float]:
    """Seconds spent in spaCy + each stage over ``articles`` (one pass)."""
    from polemos.pipeline import Document

    spent: dict[str, float] = defaultdict(float)
    texts = [article.clean_text for article in articles]
    started = time.perf_counter()
    docs = list(extractor.nlp.pipe(texts, batch_size=32))
    spent["nlp"] += time.perf_counter() - started
    documents = [Document(article, doc=doc) for article, doc in zip(articles, docs, strict=True)]
    for item in extractor.stages:
        started = time.perf_counter()
        for document in documents:
            item.run(document, extractor)
        spent[item.name] += time.perf_counter() - started
    return dict(spent)


def measure(extractor: Any, articles: list[Any], repeats: int) -> dict[str, Any]:
    runs = [time_stages(extractor, articles) for _ in range(repeats)]
    median = {name: statistics.median(run[name] for run in runs) for name in runs[0]}
    words = sum(len(article.clean_text.split()) for article in articles)
    per_article_ms = {
        name: round(1000 * value / len(articles), 2) for name, value in median.items()
    }
    after_nlp = sum(value for name, value in median.items() if name not in ("clean", "nlp"))
    return {
        "articles": len(articles),
        "mean_words": round(words / len(articles)),
        "repeats": repeats,
        "per_article_ms": per_article_ms,
        "events_over_nlp": round(median["events"] / median["nlp"], 3),
        "after_nlp_over_nlp": round(after_nlp / median["nlp"], 3),
    }


def markdown(results: dict[str, dict[str, Any]]) -> str:
    stages = list(next(iter(results.values()))["per_article_ms"])
    lines = [
        "| corpus | articles | mean words | "
        + " | ".join(f"{s} ms" for s in stages)
        + " | events / nlp | all stages after nlp / nlp |",
        "|---|---|---|" + "---|" * len(stages) + "---|---|",
    ]
    for name, r in results.items():
        cells = " | ".join(str(r["per_article_ms"][s]) for s in stages)
        lines.append(f"| {name} | {r['articles']} | {r['mean_words']} | {cells} | "
                     f"{r['events_over_nlp']:.1%} | {r['after_nlp_over_nlp']:.1%} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    from polemos.config import load_config
    from polemos.evaluate import gold_article
    from polemos.pipeline import Extractor

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--synthetic", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    corpora = {
        "seeds + shared gold articles": seed_records(args.shared) + gold_records(args.shared)
    }
    if args.synthetic:
        corpora["synthetic (bench/synth.py)"] = synthetic_records(args.synthetic)
    extractor = Extractor(load_config(environ={}))
    extractor.warm_up()
    results = {}
    for name, records in corpora.items():
        if not records:
            continue
        articles = [gold_article(record) for record in records]
        time_stages(extractor, articles[:5])  # warm-up: type model, caches
        results[name] = measure(extractor, articles, args.repeats)
    load = os.getloadavg()
    meta = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
            f"{platform.python_version()}", "loadavg_before_end": [round(x, 2) for x in load]}  # fmt: skip
    (HERE / "results").mkdir(exist_ok=True)
    output = {"meta": meta, "results": results}
    (HERE / "results" / "events.json").write_text(json.dumps(output, indent=2) + "\n")
    print(json.dumps(output, indent=2))
    print(markdown(results))


if __name__ == "__main__":
    main()
