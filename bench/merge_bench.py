"""Wall time and peak memory of cross-source merging (polemos.merge.merge_reports).

Usage:  python bench/merge_bench.py [--reports 100000] [--sizes 10000 30000] [--seed 1]

Builds single-article Event reports directly (no NLP), with skewed, ACLED-like
distributions: dates over three years, places clustered around a few dozen towns in five
countries, Zipf-distributed actors and sub-event types (a few big actors dominate, as in
real data), and a share of events (default 20 %) reported by 2-4 sources with jittered
date, coordinates, precision and fatalities.  Each size runs in a fresh subprocess so
peak RSS (ru_maxrss) is that run's; tracemalloc is not used because it slows Python
allocation several-fold.  Results go to bench/results/merge.json.  (The date-window
pruning first measured here as ``--variant windowed`` is now ``merge._cluster_block``.)
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
COUNTRIES = {  # country: (admin1 names, centre lat, centre lon)
    "Syria": (["Hama", "Idlib", "Aleppo", "Homs", "Deir ez-Zor", "Daraa"], 35.2, 37.5),
    "Iraq": (["Nineveh", "Anbar", "Kirkuk", "Diyala", "Salahuddin"], 34.0, 43.5),
    "Yemen": (["Taizz", "Marib", "Al Hudaydah", "Sanaa"], 15.3, 45.0),
    "Afghanistan": (["Helmand", "Kandahar", "Kunduz", "Nangarhar"], 33.5, 66.0),
    "Nigeria": (["Borno", "Yobe", "Adamawa"], 11.5, 13.0),
}
SUB_EVENT_TYPES = [
    ("Explosions/Remote violence", "Shelling/artillery/missile attack"),
    ("Battles", "Armed clash"),
    ("Explosions/Remote violence", "Air/drone strike"),
    ("Violence against civilians", "Attack"),
    ("Explosions/Remote violence", "Remote explosive/landmine/IED"),
    ("Battles", "Non-state actor overtakes territory"),
    ("Strategic developments", "Arrests"),
    ("Battles", "Government regains territory"),
    ("Violence against civilians", "Abduction/forced disappearance"),
    ("Explosions/Remote violence", "Suicide bomb"),
    ("Strategic developments", "Looting/property destruction"),
    ("Explosions/Remote violence", "Grenade"),
]
START = date(2016, 1, 1)
DAYS = 3 * 365


def zipf_pick(rng: random.Random, items: list[Any], exponent: float = 1.1) -> Any:
    weights = [1 / (rank**exponent) for rank in range(1, len(items) + 1)]
    return rng.choices(items, weights)[0]


def gazetteer(rng: random.Random) -> dict[str, list[tuple[str, str, float, float]]]:
    """40 towns per country: (name, admin1, lat, lon), clustered around the admin1s."""
    places = {}
    for country, (admins, lat, lon) in COUNTRIES.items():
        places[country] = [
            (f"{country}-town-{i}", admins[i % len(admins)],
             lat + rng.gauss(0, 1.2), lon + rng.gauss(0, 1.2))
            for i in range(40)
        ]  # fmt: skip
    return places


def actors_of(country: str) -> list[str]:
    return [f"Military Forces of {country}", f"Police Forces of {country}"] + [
        f"Armed Group {i} ({country})" for i in range(1, 29)
    ]


def make_reports(total: int, multi_share: float, seed: int) -> list[Any]:
    """``total`` reports; ``multi_share`` of the events are reported by 2-4 sources."""
    from polemos.models import Event

    rng = random.Random(seed)
    places = gazetteer(rng)
    reports: list[Event] = []
    event_number = 0
    while len(reports) < total:
        event_number += 1
        copies = rng.randint(2, 4) if rng.random() < multi_share else 1
        base = base_event(rng, places, event_number)
        for copy in range(min(copies, total - len(reports))):
            fields = jitter(rng, base) if copy else dict(base)
            reports.append(Event(
                event_id_cnty=f"rp_{event_number:07d}_{copy}",
                article_ids=[f"art_{event_number:07d}_{copy}"],
                source=f"Source {rng.randint(1, 400)}", **fields,
            ))  # fmt: skip
    return reports


def base_event(rng: random.Random, places: dict[str, Any], number: int) -> dict[str, Any]:
    country = zipf_pick(rng, list(COUNTRIES), 0.8)
    name, admin1, lat, lon = zipf_pick(rng, places[country], 0.9)
    event_type, sub_event_type = zipf_pick(rng, SUB_EVENT_TYPES, 1.0)
    day = START + timedelta(days=rng.randrange(DAYS))
    geo = rng.choices([1, 2, 3], [0.6, 0.3, 0.1])[0]
    return {
        "event_date": day, "year": day.year,
        "time_precision": rng.choices([1, 2, 3], [0.8, 0.15, 0.05])[0],
        "event_type": event_type, "sub_event_type": sub_event_type,
        "actor1": zipf_pick(rng, actors_of(country), 1.1),
        "actor2": zipf_pick(rng, actors_of(country), 1.1) if rng.random() < 0.6 else "",
        "country": country, "admin1": admin1, "location": name,
        "latitude": lat + rng.gauss(0, 0.02), "longitude": lon + rng.gauss(0, 0.02),
        "geo_precision": geo, "fatalities": int(rng.expovariate(0.3)) if rng.random() < 0.5 else 0,
    }  # fmt: skip


def jitter(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    """Another source's version: a day off now and then, a nearby point, another toll."""
    fields = dict(base)
    if rng.random() < 0.2:
        fields["event_date"] = base["event_date"] + timedelta(days=rng.choice([-1, 1]))
        fields["time_precision"] = max(base["time_precision"], 2)
    fields["latitude"] = base["latitude"] + rng.gauss(0, 0.03)
    fields["longitude"] = base["longitude"] + rng.gauss(0, 0.03)
    if rng.random() < 0.3:
        fields["geo_precision"] = min(3, (base["geo_precision"] or 1) + 1)
    if rng.random() < 0.4:
        fields["fatalities"] = max(0, base["fatalities"] + rng.randint(-3, 10))
    fields["year"] = fields["event_date"].year
    return fields


def measure(total: int, multi_share: float, seed: int, max_km: float) -> dict[str, Any]:
    """One run in this process: build the reports, then time merge_reports."""
    from polemos.merge import merge_reports

    started = time.perf_counter()
    reports = make_reports(total, multi_share, seed)
    built = time.perf_counter() - started
    rss_inputs = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu_started = time.perf_counter(), time.process_time()
    events, claims = merge_reports(reports, max_km)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {
        "reports": total, "events": len(events), "claims": len(claims),
        "merged_reports": total - len(events), "build_s": round(built, 2),
        "merge_s": round(seconds, 2), "merge_cpu_s": round(cpu, 2),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_after_inputs_mib": round(rss_inputs / 1024, 1),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000])
    parser.add_argument("--multi-share", type=float, default=0.2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--max-km", type=float, default=25.0)
    parser.add_argument("--one", type=int, help="internal: measure one size in-process")
    args = parser.parse_args()
    if args.one:
        measured = measure(args.one, args.multi_share, args.seed, args.max_km)
        print(json.dumps(measured))
        return
    runs = [run_child(size, args) for size in [*args.sizes, args.reports]]
    result = {
        "machine": f"{platform.machine()}, {platform.processor() or '?'}, "
        f"Python {platform.python_version()}",
        "command": " ".join(["python", *sys.argv]),
        "runs": runs,
    }
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "merge.json").write_text(json.dumps(result, indent=2) + "\n")
    for run in runs:
        print(json.dumps(run))


def run_child(size: int, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, __file__, "--one", str(size), "--seed", str(args.seed),
               "--multi-share", str(args.multi_share), "--max-km", str(args.max_km)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return dict(json.loads(done.stdout.splitlines()[-1]))


if __name__ == "__main__":
    main()
