"""Geocoder speed and memory: index build, load, name lookup, geoparse without spaCy.

Usage:  python bench/geo_bench.py [--gold ../shared/gold/lgl.dev.jsonl] [--docs 200]

* build: the compiled index built from scratch into a temporary cache directory;
* load: the cached index loaded again;
* lookup: per toponym of the gold file (warm), the index probe the geocoder makes
  (`name_key` + `city_rows`) and the full `Gazetteer.candidates` (builds `Place` records);
* geoparse: `Geocoder.geocode` per document on pre-parsed spaCy docs (spaCy time excluded);
* memory: the resident-size growth (VmRSS) of loading the index in a fresh process.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed(function):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function()
    return result, time.perf_counter() - started


def build_and_load() -> dict[str, float]:
    from polemos.geo import Gazetteer

    with tempfile.TemporaryDirectory(prefix="polemos-geo-bench-") as tmp:
        _, build = timed(lambda: Gazetteer.load(cache_dir=Path(tmp)))
        _, load = timed(lambda: Gazetteer.load(cache_dir=Path(tmp)))
    return {"build_seconds": round(build, 2), "load_seconds": round(load, 2)}


def index_memory_mib() -> float:
    code = (
        "from polemos.geo import Gazetteer\n"
        "def rss():\n"
        "    lines = open('/proc/self/status').read().splitlines()\n"
        "    return int(next(l for l in lines if l.startswith('VmRSS')).split()[1]) / 1024\n"
        "before = rss(); g = Gazetteer.load(); print(rss() - before)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return round(float(output.stdout.strip()), 1)


def lookups_and_geoparse(gold: Path, docs: int) -> dict[str, float]:
    from polemos.config import load_config
    from polemos.evaluate import gold_article
    from polemos.geo import name_key
    from polemos.pipeline import Extractor

    records = [json.loads(line) for line in gold.read_text("utf-8").split("\n") if line.strip()]
    records = records[:docs]
    extractor = Extractor(load_config(environ={}))
    extractor.warm_up()
    names = [t["text"] for r in records for t in r.get("toponyms") or []]
    gazetteer = extractor.geocoder.gazetteer
    for name in names:
        gazetteer.candidates(name)
    _, probe = timed(lambda: [gazetteer.city_rows(name_key(name)) for name in names])
    _, lookup = timed(lambda: [gazetteer.candidates(name) for name in names])
    articles = [gold_article(r) for r in records]
    parsed = list(extractor.nlp.pipe([a.clean_text for a in articles]))
    _, geoparse = timed(
        lambda: [extractor.geocoder.geocode(d, a) for d, a in zip(parsed, articles, strict=True)]
    )
    return {
        "names": len(names),
        "index_probe_microseconds": round(probe / max(len(names), 1) * 1e6, 1),
        "candidates_microseconds": round(lookup / max(len(names), 1) * 1e6, 1),
        "documents": len(articles),
        "geoparse_docs_per_second": round(len(articles) / geoparse, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--gold", type=Path, default=ROOT.parent / "shared/gold/lgl.dev.jsonl")
    parser.add_argument("--docs", type=int, default=200)
    args = parser.parse_args()
    results = build_and_load()
    results["index_memory_mib"] = index_memory_mib()
    if args.gold.exists():
        results.update(lookups_and_geoparse(args.gold, args.docs))
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "geo.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
