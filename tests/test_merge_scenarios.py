"""Cross-source merging end to end: conflict-news scenarios through `polemos.runner.run`.

Each test writes small JSONL articles (written for these tests, not real reports), runs
the whole pipeline on a temporary SQLite store the way `polemos run` does, and checks the
merged events and their claims.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from polemos.config import load_config
from polemos.models import Event
from polemos.runner import RunSummary, run
from polemos.samples import samples_path
from polemos.store import open_store
from polemos.store.base import Store

PUBLISHED = "2017-03-22"  # a Wednesday: "on Tuesday" is 2017-03-21
KAFR_BODY = (
    "Syrian army troops clashed with Hayat Tahrir al-Sham fighters in the town of Kafr Zeita "
    "in northern Hama on Tuesday, a monitor said. Five fighters were killed.\n\n"
    "The monitor said the fighting began before dawn and lasted several hours, with both "
    "sides bringing in reinforcements from nearby positions. Residents of the town had fled "
    "towards the north in recent weeks as the front line moved closer to their homes.\n\n"
    "Neither side commented on the clashes, and the figures could not be independently "
    "verified."
)
KAFR_WIRE = {
    "id": "wire-kafr",
    "text": "Rebels clash with army in Kafr Zeita\n\n" + KAFR_BODY,
    "meta": {"source": "Wire A", "published": PUBLISHED},
}
KAFR_SAME_TEXT_OTHER_SOURCE = {
    "id": "paper-kafr",
    "text": KAFR_WIRE["text"],
    "meta": {"source": "Paper B", "published": PUBLISHED},
}
KAFR_SYNDICATED = {
    "id": "daily-kafr",
    "text": "Army and HTS fight for Hama town\n\n" + KAFR_BODY + "\n\nShare this article",
    "meta": {"source": "Example Daily", "published": PUBLISHED},
}
KAFR_ACTIVISTS = {
    "id": "activists-kafr",
    "text": "Heavy battle in Hama countryside\n\nSyrian government forces clashed with Hayat "
    "Tahrir al-Sham militants in Kafr Zeita in northern Hama on Tuesday, activists reported. "
    "At least 12 fighters were killed in the fighting, activists said.",
    "meta": {"source": "Activist Channel", "published": PUBLISHED},
}
# Mūrak lies about 8 km east of Kafr Zaytā: a different battle on the same day.
MURAK = {
    "id": "wire-murak",
    "text": "Fighting in Murak\n\nSyrian army troops clashed with Hayat Tahrir al-Sham fighters "
    "in the village of Murak in northern Hama on Tuesday, a monitor said. Nine fighters were "
    "killed.",
    "meta": {"source": "Wire C", "published": PUBLISHED},
}
KIRKUK = {
    "id": "news-kirkuk",
    "text": "Bomb near Kirkuk\n\nA roadside bomb exploded next to an Iraqi police patrol near "
    "Kirkuk on Tuesday, killing two policemen, a security source said.",
    "meta": {"source": "Example News", "published": PUBLISHED},
}


def write_jsonl(path: Path, records: Sequence[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def ingest(store: Store, tmp_path: Path, *records: dict[str, Any]) -> RunSummary:
    """One `polemos run` over a file holding ``records``."""
    path = write_jsonl(tmp_path / f"{records[0]['id']}.jsonl", records)
    return run(store, [path], load_config(environ={}))


@pytest.fixture
def store(tmp_path: Path) -> Any:
    opened = open_store(str(tmp_path / "polemos.db"))
    yield opened
    opened.close()


def events_of(store: Store) -> list[Event]:
    return list(store.iter_events())


def sources_of(event: Event) -> set[str]:
    return {s for s in event.source.split("; ") if s}


def test_merge_scenarios_same_report_under_two_source_names(store: Store, tmp_path: Path) -> None:
    ingest(store, tmp_path, KAFR_WIRE)
    before = events_of(store)
    ingest(store, tmp_path, KAFR_SAME_TEXT_OTHER_SOURCE)
    after = events_of(store)
    assert len(before) == len(after) == 1
    assert sources_of(after[0]) == {"Wire A", "Paper B"}


def test_merge_scenarios_syndicated_copy_adds_no_event(store: Store, tmp_path: Path) -> None:
    ingest(store, tmp_path, KAFR_WIRE)
    summary = ingest(store, tmp_path, KAFR_SYNDICATED)
    assert summary.duplicates == 1
    events = events_of(store)
    assert len(events) == 1
    assert events[0].fatalities == 5


def test_merge_scenarios_syndicated_copy_source_is_listed(store: Store, tmp_path: Path) -> None:
    ingest(store, tmp_path, KAFR_WIRE)
    ingest(store, tmp_path, KAFR_SYNDICATED)
    assert "Example Daily" in sources_of(events_of(store)[0])


def test_merge_scenarios_two_reports_one_battle(store: Store, tmp_path: Path) -> None:
    ingest(store, tmp_path, KAFR_WIRE, KAFR_ACTIVISTS)
    events = events_of(store)
    assert len(events) == 1
    event = events[0]
    assert event.article_ids == ["activists-kafr", "wire-kafr"]
    assert event.fatalities == 5
    assert "fatalities:disputed 5/12" in event.tags.split("; ")
    assert sources_of(event) == {"Wire A", "Activist Channel"}
    claimed = {
        (c.source, c.value)
        for c in store.claims_for(event.event_id_cnty)
        if c.field == "fatalities"
    }
    assert claimed == {("Wire A", 5), ("Activist Channel", 12)}


def test_merge_scenarios_neighbouring_villages_stay_two(store: Store, tmp_path: Path) -> None:
    ingest(store, tmp_path, KAFR_WIRE, MURAK)
    events = events_of(store)
    assert sorted(e.location for e in events) == ["Kafr Zaytā", "Mūrak"]


def comparable(events: list[Event]) -> list[dict[str, Any]]:
    """Events without the fields that record history (stable id, change timestamp)."""
    dumped = [e.model_dump(mode="json", exclude={"timestamp", "event_id_cnty"}) for e in events]
    return sorted(dumped, key=lambda e: e["article_ids"])


def events_after(directory: Path, batches: list[list[dict[str, Any]]]) -> list[Event]:
    directory.mkdir()
    store = open_store(str(directory / "polemos.db"))
    try:
        for records in batches:
            ingest(store, directory, *records)
        return events_of(store)
    finally:
        store.close()


def test_merge_scenarios_ingest_order_does_not_matter(tmp_path: Path) -> None:
    records = [KAFR_ACTIVISTS, KIRKUK, KAFR_WIRE]
    forward = events_after(tmp_path / "forward", [[r] for r in records])
    backward = events_after(tmp_path / "backward", [[r] for r in reversed(records)])
    assert len(forward) == 2
    assert comparable(forward) == comparable(backward)


def test_merge_scenarios_one_run_in_any_file_order_gives_identical_ids(tmp_path: Path) -> None:
    records = [KAFR_ACTIVISTS, KIRKUK, KAFR_WIRE]
    forward = events_after(tmp_path / "forward", [records])
    backward = events_after(tmp_path / "backward", [records[::-1]])
    strip = [e.model_dump(mode="json", exclude={"timestamp"}) for e in forward]
    assert strip == [e.model_dump(mode="json", exclude={"timestamp"}) for e in backward]


def test_merge_scenarios_seed_events_stay_apart(store: Store) -> None:
    run(store, [samples_path() / "seeds.jsonl"], load_config(environ={}))
    reports = list(store.iter_reports())
    events = events_of(store)
    assert len(reports) >= 10
    assert len(events) == len(reports)
    assert all(len(e.article_ids) == 1 for e in events)
