"""Scaling of `polemos run`: local engine vs Ray, 1 and 2 workers, on synthetic articles.

Usage:  python bench/scaling_bench.py [--articles N] [--configs local:1 local:2 ray:1 ray:2]
                                      [--shard 500] [--out bench/results/scaling.json]

The corpus (bench/synth.py, seeded, ~300 words an article) is written as sharded JSONL
(`--shard` articles a file) and read as a directory.  Every configuration runs
`polemos run DIR --engine E --workers W --json` as a subprocess on a fresh SQLite database,
end to end (ingest, near-duplicate check, extraction, writes, merge), while the resident
memory of every process it starts is sampled every 0.2 s:

* total peak RSS of the process tree (for Ray this includes gcs_server, raylet and agents);
* peak RSS of one extraction worker: a forked child (local, 2 workers), the process itself
  (local, 1 worker), or a `ray::ExtractorWorker` actor process (Ray).

Each configuration also runs on a one-article corpus; its time is the fixed start-up cost
(loading models, for Ray also starting the instance and the actors, and shutting down), and
the marginal throughput is (N - 1) / (time(N) - time(1)).  CPU ms/article is the marginal
user + system CPU time of all processes (``RUSAGE_CHILDREN``), which other load on the
machine disturbs much less than wall-clock time.  Scaling efficiency is
throughput(2 workers) / (2 x throughput(1 worker)), end to end and marginal.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import article  # noqa: E402

HERE = Path(__file__).resolve().parent


def write_shards(directory: Path, count: int, shard: int, seed: int = 7) -> Path:
    """``count`` synthetic articles as JSONL files of ``shard`` lines each."""
    import random

    directory.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    lines = [json.dumps(article(i, rng), ensure_ascii=False) for i in range(count)]
    for start in range(0, count, shard):
        part = directory / f"part-{start // shard:05d}.jsonl"
        part.write_text("\n".join(lines[start : start + shard]) + "\n", "utf-8")
    return directory


def _status(pid: int) -> tuple[int, list[int], str]:
    """(VmRSS KiB, child pids, command line) of ``pid``."""
    status = Path(f"/proc/{pid}/status").read_text()
    rss = int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        children.extend(int(c) for c in (task / "children").read_text().split())
    command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    return rss, children, command


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds used so far by ``pid`` (from /proc/PID/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def sample(root: int, ray_cpu: dict[int, float]) -> tuple[int, int]:
    """(total RSS of the tree, largest RSS of one extraction worker), in KiB.

    Ray actor processes are not children the benchmark can wait for, so their CPU time
    is read while they run, into ``ray_cpu``.
    """
    total, worker, stack = 0, 0, [(root, 0)]
    root_command = None
    while stack:
        pid, depth = stack.pop()
        try:
            rss, children, command = _status(pid)
        except (OSError, StopIteration, ValueError):
            continue
        total += rss
        if pid == root:
            root_command = command
        forked = depth == 1 and command == root_command
        if command.startswith("ray::ExtractorWorker") or forked:
            worker = max(worker, rss)
        if command.startswith("ray::"):
            ray_cpu[pid] = _cpu_seconds(pid)
        stack.extend((child, depth + 1) for child in children)
    return total, worker


def _children_cpu() -> float:
    """User + system CPU seconds of every finished (waited-for) descendant process."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(corpus: Path, engine: str, workers: int, workdir: Path) -> dict[str, Any]:
    db = workdir / f"{engine}-{workers}-{corpus.name}.db"
    command = [sys.executable, "-m", "polemos", "run", str(corpus), "--db", str(db),
               "--engine", engine, "--workers", str(workers), "--json"]  # fmt: skip
    cpu_before = _children_cpu()
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    peak_total = peak_worker = 0
    ray_cpu: dict[int, float] = {}
    while process.poll() is None:
        total, worker = sample(process.pid, ray_cpu)
        peak_total, peak_worker = max(peak_total, total), max(peak_worker, worker)
        time.sleep(0.2)
    stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu_before + sum(ray_cpu.values())
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed: {stderr.decode()[-2000:]}")
    summary = json.loads(stdout)
    if engine == "local" and workers == 1:
        peak_worker = peak_total
    return {
        "engine": engine, "workers": workers, "articles": summary["articles_new"],
        "extracted": summary["extracted"], "reports": summary["reports"],
        "events": summary["events"], "seconds": round(elapsed, 2),
        "articles_per_second": round(summary["extracted"] / elapsed, 2),
        "cpu_seconds": round(cpu, 2),
        "peak_rss_total_mib": round(peak_total / 1024, 1),
        "peak_rss_worker_mib": round(peak_worker / 1024, 1),
    }  # fmt: skip


def measure(
    corpus: Path, tiny: Path, configs: list[tuple[str, int]], workdir: Path
) -> list[dict[str, Any]]:
    results = []
    for engine, workers in configs:
        startup = run_once(tiny, engine, workers, workdir)
        result = run_once(corpus, engine, workers, workdir)
        result["startup_seconds"] = startup["seconds"]
        marginal = (result["extracted"] - 1) / max(result["seconds"] - startup["seconds"], 1e-9)
        result["marginal_articles_per_second"] = round(marginal, 2)
        cpu = (result["cpu_seconds"] - startup["cpu_seconds"]) / max(result["extracted"] - 1, 1)
        result["cpu_ms_per_article"] = round(1000 * cpu, 1)
        results.append(result)
        print(json.dumps(result), flush=True)
    return results


def efficiency(results: list[dict[str, Any]], engine: str, key: str) -> float | None:
    by_workers = {r["workers"]: r[key] for r in results if r["engine"] == engine}
    if 1 not in by_workers or 2 not in by_workers:
        return None
    return round(by_workers[2] / (2 * by_workers[1]), 3)


def markdown(results: list[dict[str, Any]], count: int, load: tuple[float, ...]) -> str:
    lines = [
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {count} synthetic articles; load average before: "
        f"{' '.join(f'{x:.2f}' for x in load)}.",
        "",
        "| engine | workers | articles | events | seconds | articles/s | start-up s | "
        "marginal articles/s | CPU ms/article | peak RSS total MiB | peak RSS per worker MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {r['engine']} | {r['workers']} | {r['articles']} | {r['events']} | {r['seconds']} "
            f"| {r['articles_per_second']} | {r['startup_seconds']} | "
            f"{r['marginal_articles_per_second']} | {r['cpu_ms_per_article']} | "
            f"{r['peak_rss_total_mib']} | "
            f"{r['peak_rss_worker_mib']} |"
        )
    for engine in ("local", "ray"):
        end_to_end = efficiency(results, engine, "articles_per_second")
        marginal = efficiency(results, engine, "marginal_articles_per_second")
        if end_to_end is not None:
            lines.append(f"\n{engine}: scaling efficiency 1 -> 2 workers {end_to_end} end to end, "
                         f"{marginal} marginal")  # fmt: skip
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--shard", type=int, default=500)
    parser.add_argument("--configs", nargs="+", default=["local:1", "local:2", "ray:1", "ray:2"])
    parser.add_argument("--out", type=Path, default=HERE / "results" / "scaling.json")
    args = parser.parse_args()
    configs = [(c.split(":")[0], int(c.split(":")[1])) for c in args.configs]
    subprocess.run([sys.executable, "-m", "polemos", "gazetteer", "build"], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="polemos-scaling-") as tmp:
        workdir = Path(tmp)
        corpus = write_shards(workdir / "corpus", args.articles, args.shard)
        tiny = write_shards(workdir / "tiny", 1, 1, seed=11)
        results = measure(corpus, tiny, configs, workdir)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"articles": args.articles, "load_before": load, "results": results}
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(markdown(results, args.articles, load))


if __name__ == "__main__":
    main()
