"""Throughput and peak memory of `polemos run` with 1 and 2 worker processes.

Usage:  python bench/run_bench.py [--articles N] [--out docs/performance.md]

Each configuration runs `polemos run` as a subprocess on a fresh database over N synthetic
articles (bench/synth.py) and samples the resident memory of the whole process tree
(parent + workers) every 0.1 s.  The compiled gazetteer is built beforehand so one-time
index building is not timed.  Results go to bench/results/latest.json and a Markdown table
that can be pasted into docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import write_corpus  # noqa: E402

HERE = Path(__file__).resolve().parent


def tree_rss_kib(pid: int) -> int:
    """Resident memory (KiB) of ``pid`` and all its descendants."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += int(
                next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS"))
            )
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                stack.extend(int(child) for child in children)
        except (OSError, StopIteration, ValueError):
            continue
    return total


def run_once(corpus: Path, workers: int, workdir: Path) -> dict[str, float]:
    db = workdir / f"bench-{workers}.db"
    command = [sys.executable, "-m", "polemos", "run", str(corpus), "--db", str(db),
               "--workers", str(workers), "--json"]  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss_kib(process.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    stdout, stderr = process.communicate()
    if process.returncode != 0:
        raise SystemExit(f"polemos run failed: {stderr.decode()[-2000:]}")
    summary = json.loads(stdout)
    return {
        "workers": workers,
        "articles": summary["articles_new"],
        "events": summary["events"],
        "reports": summary["reports"],
        "seconds": round(elapsed, 2),
        "articles_per_second": round(summary["articles_new"] / elapsed, 2),
        "peak_rss_mib": round(peak / 1024, 1),
    }


def markdown(results: list[dict[str, float]], count: int) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
        f"{count} synthetic articles (bench/synth.py), `polemos run` end to end "
        "(ingest + near-duplicate check + extraction + merge) on a fresh SQLite database.",
        "",
        "| workers | articles | reports | events | seconds | articles/s | peak RSS (MiB, all processes) |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r['workers']} | {r['articles']} | {r['reports']} | {r['events']} | "
                     f"{r['seconds']} | {r['articles_per_second']} | {r['peak_rss_mib']} |")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    subprocess.run([sys.executable, "-m", "polemos", "gazetteer", "build"], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="polemos-bench-") as tmp:
        workdir = Path(tmp)
        corpus = write_corpus(workdir / "corpus.jsonl", args.articles)
        results = [run_once(corpus, workers, workdir) for workers in args.workers]
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    print(markdown(results, args.articles))


if __name__ == "__main__":
    main()
