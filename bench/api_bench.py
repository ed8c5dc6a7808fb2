"""API latency under concurrent clients: 100k synthetic events in SQLite, uvicorn on loopback.

    python bench/api_bench.py [--events 100000] [--clients 20] [--requests 400]

Builds a SQLite database of synthetic events (written through the store's
``replace_events``), starts ``uvicorn`` in a separate process on 127.0.0.1 (a free port),
then for each scenario runs ``--clients`` concurrent httpx async clients sending
``--requests`` requests in all, and reports p50/p95/max latency.  Every request loop is
bounded; the server is stopped at the end.  Results go to bench/results/api.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from polemos.models import Event
from polemos.store import open_store

ROOT = Path(__file__).resolve().parent
TYPES = {
    "Battles": ["Armed clash", "Government regains territory", "Non-state actor overtakes territory"],
    "Explosions/Remote violence": ["Air/drone strike", "Shelling/artillery/missile attack", "Remote explosive/landmine/IED", "Suicide bomb"],
    "Violence against civilians": ["Attack", "Abduction/forced disappearance"],
    "Protests": ["Peaceful protest", "Protest with intervention"],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": ["Arrests", "Looting/property destruction", "Headquarters or base established"],
}
COUNTRIES = [
    ("Syria", 760, "Middle East", ["Idlib", "Hama", "Aleppo", "Homs", "Raqqa"], (33.0, 37.0, 36.0, 41.0)),
    ("Iraq", 368, "Middle East", ["Nineveh", "Anbar", "Kirkuk", "Baghdad", "Diyala"], (30.0, 37.0, 39.0, 48.0)),
    ("Yemen", 887, "Middle East", ["Taizz", "Marib", "Al Hudaydah"], (13.0, 17.0, 43.0, 50.0)),
    ("Somalia", 706, "Eastern Africa", ["Banadir", "Lower Shabelle", "Bay"], (-1.0, 10.0, 41.0, 50.0)),
    ("Nigeria", 566, "Western Africa", ["Borno", "Yobe", "Zamfara", "Kaduna"], (5.0, 13.0, 4.0, 14.0)),
    ("Mali", 466, "Western Africa", ["Mopti", "Gao", "Timbuktu"], (12.0, 20.0, -8.0, 3.0)),
    ("Afghanistan", 4, "Caucasus and Central Asia", ["Kabul", "Helmand", "Kandahar"], (31.0, 37.0, 62.0, 70.0)),
    ("Ukraine", 804, "Europe", ["Donetsk", "Luhansk", "Kharkiv", "Zaporizhia"], (46.0, 51.0, 30.0, 39.0)),
]
ACTORS = ["Jund al-Aqsa", "Ahrar al-Sham", "Hayat Tahrir al-Sham", "Islamic State", "Al Shabaab",
          "Boko Haram", "Military Forces of Syria", "Military Forces of Iraq", "Taliban",
          "Protesters (Iraq)", "Civilians (Syria)", "Unidentified Armed Group (Syria)"]  # fmt: skip
SOURCES = [f"Source {i:02d}" for i in range(30)]
WORDS = ["clashes", "shelling", "village", "checkpoint", "convoy", "fighters", "airstrike", "market", "protesters", "police", "town", "district", "road", "bridge", "hospital", "school", "mortar", "drone", "patrol", "base"]  # fmt: skip


def synthetic_events(count: int, seed: int = 11) -> list[Event]:
    """``count`` varied events over ten years, eight countries and six event types."""
    rng = random.Random(seed)
    start = date(2015, 1, 1)
    types = list(TYPES)
    events = []
    for i in range(count):
        event_type = rng.choices(types, weights=[30, 30, 15, 15, 4, 6])[0]
        country, iso, region, admins, (la0, la1, lo0, lo1) = rng.choice(COUNTRIES)
        day = start + timedelta(days=rng.randrange(3650))
        sources = rng.sample(SOURCES, 2 if rng.random() < 0.1 else 1)
        events.append(Event(
            event_id_cnty=f"SYN{i:07d}", event_date=day, year=day.year,
            time_precision=rng.choice([1, 1, 1, 2, 3]), disorder_type="Political violence",
            event_type=event_type, sub_event_type=rng.choice(TYPES[event_type]),
            actor1=rng.choice(ACTORS), actor2=rng.choice(["", *ACTORS]), iso=iso, region=region,
            country=country, admin1=rng.choice(admins), location=f"Place {rng.randrange(500)}",
            latitude=round(rng.uniform(la0, la1), 5), longitude=round(rng.uniform(lo0, lo1), 5),
            geo_precision=rng.choice([1, 2, 3]), source="; ".join(sources),
            notes=" ".join(rng.choices(WORDS, k=rng.randrange(12, 40))),
            fatalities=rng.choice([0, 0, 0, 1, 2, 3, 5, 8, 13, 40]), timestamp=1_700_000_000,
            article_ids=[f"syn-article-{i}"],
        ))  # fmt: skip
    return events


def build_db(path: Path, count: int) -> float:
    started = time.perf_counter()
    store = open_store(str(path))
    try:
        store.replace_events(synthetic_events(count), [])
    finally:
        store.close()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, workers: int) -> subprocess.Popen[bytes]:
    """``polemos serve`` in its own process group (so its workers stop with it)."""
    env = {k: v for k, v in os.environ.items() if k != "POLEMOS_API_TOKEN"}
    command = [sys.executable, "-m", "polemos", "serve", "--db", str(db), "--port", str(port),
               "--workers", str(workers)]  # fmt: skip
    process = subprocess.Popen(command, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/config", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("the API server did not start within 60 s")


def vary(path: str, n: int) -> str:
    """``{since}`` in ``path`` becomes a different date for every request (cache misses)."""
    return path.replace("{since}", (date(2015, 1, 1) + timedelta(days=n % 3000)).isoformat())


async def run_scenario(base: str, path: str, clients: int, requests: int) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    remaining = requests

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            started = time.perf_counter()
            response = await client.get(vary(path, remaining))
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await client.get(vary(path, requests + 1))  # warm up
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        wall = time.perf_counter() - started
    latencies.sort()
    return {
        "path": path, "requests": len(latencies), "errors": errors,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1], 1),
        "max_ms": round(latencies[-1], 1), "req_per_s": round(len(latencies) / wall, 1),
    }  # fmt: skip


def scenarios(base: str) -> dict[str, str]:
    first = httpx.get(f"{base}/api/events?limit=100").json()
    return {
        "events first page": "/api/events?limit=100",
        "events first page, uncached count": "/api/events?limit=100&since={since}",
        "events second page (cursor)": f"/api/events?limit=100&cursor={first['next_cursor']}",
        "events filtered (type+country+deaths)":
            "/api/events?event_type=Battles&country=Syria&min_fatalities=5",
        "events sorted by deaths": "/api/events?sort=-fatalities",
        "events text search": "/api/events?q=checkpoint%20convoy",
        "timeline (auto = month)": "/api/stats/timeline?interval=auto",
        "timeline, uncached (since varies)": "/api/stats/timeline?interval=auto&since={since}",
        "timeline by week, one type": "/api/stats/timeline?interval=week&event_type=Protests",
        "map grid zoom 3": "/api/map?zoom=3",
        "map grid zoom 3, uncached": "/api/map?zoom=3&since={since}",
        "map grid zoom 6 in a bbox": "/api/map?zoom=6&bbox=35,33,41,37",
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2, help="polemos serve --workers")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "api.json")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # so the server is stopped too
    with tempfile.TemporaryDirectory(prefix="polemos-api-bench-") as tmp:
        db = Path(tmp) / "bench.db"
        build_s = build_db(db, args.events)
        print(f"built {args.events} events in {build_s:.1f} s", flush=True)
        port = free_port()
        server = start_server(db, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        results = []
        try:
            for name, path in scenarios(base).items():
                alone = asyncio.run(run_scenario(base, path, 1, 20))
                result = asyncio.run(run_scenario(base, path, args.clients, args.requests))
                result["p50_ms_one_client"] = alone["p50_ms"]
                results.append({"scenario": name, **result})
                print(f"{name:40s} p50 {result['p50_ms']:7.1f} ms  p95 {result['p95_ms']:7.1f} ms"
                      f"  max {result['max_ms']:7.1f} ms  {result['req_per_s']:6.1f} req/s"
                      f"  errors {result['errors']}  (one client: p50 {alone['p50_ms']} ms)",
                      flush=True)  # fmt: skip
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    report = {
        "events": args.events, "clients": args.clients, "requests_per_scenario": args.requests,
        "server_workers": args.workers, "load_average_after": os.getloadavg(),
        "build_seconds": round(build_s, 1), "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores", "results": results,
    }  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n", "utf-8")


if __name__ == "__main__":
    main()
