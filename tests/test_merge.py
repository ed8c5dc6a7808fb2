"""Unit tests for polemos.merge: cross-article clustering and ACLED-style reconciliation."""

from __future__ import annotations

import itertools
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from polemos.merge import claims_of, compatible, distance_km, merge_reports, reconcile
from polemos.models import Event, Evidence, short_id

MAX_KM = 25.0
# Two villages in Hama governorate, about 1.1 km apart, and one about 33 km away.
SURAN = (35.2897, 36.7436)
TAYBAT = (35.2797, 36.7436)
FAR = (35.5897, 36.7436)


def report(
    event_id: str,
    article: str,
    *,
    day: date = date(2017, 3, 21),
    time_precision: int = 1,
    point: tuple[float, float] | None = SURAN,
    geo_precision: int | None = 1,
    actor1: str = "Hayat Tahrir al-Sham",
    fatalities: int = 0,
    source: str = "",
    admin1: str = "Hama",
    location: str = "Suran",
    sub_event_type: str = "Armed clash",
    tags: str = "",
) -> Event:
    """A single article's report of a battle, with evidence for fatalities and date."""
    evidence = [
        Evidence(article_id=article, field="event_date", start=0, end=9, text="yesterday"),
    ]
    if fatalities:
        text = f"{fatalities} killed"
        evidence.append(
            Evidence(
                article_id=article, field="fatalities", start=20, end=20 + len(text), text=text
            )
        )
    return Event(
        event_id_cnty=event_id,
        event_type="Battles",
        sub_event_type=sub_event_type,
        article_ids=[article],
        event_date=day,
        year=day.year,
        time_precision=time_precision,
        latitude=point[0] if point else None,
        longitude=point[1] if point else None,
        geo_precision=geo_precision,
        admin1=admin1,
        location=location,
        actor1=actor1,
        fatalities=fatalities,
        source=source,
        tags=tags,
        evidence=evidence,
    )


def summary(events: list[Event]) -> list[tuple[str, list[str]]]:
    return [(e.event_id_cnty, e.article_ids) for e in events]


# --- distance and compatibility -----------------------------------------------------------


def test_merge_distance_km_known_values() -> None:
    a = report("r1", "a1", point=SURAN)
    assert distance_km(a, a) == 0.0
    # 0.01 degree of latitude is about 1.112 km on the 6371 km sphere.
    assert distance_km(a, report("r2", "a2", point=TAYBAT)) == pytest.approx(1.112, abs=0.001)
    assert distance_km(a, report("r3", "a3", point=FAR)) == pytest.approx(33.36, abs=0.01)


def test_merge_distance_km_none_without_point() -> None:
    assert distance_km(report("r1", "a1"), report("r2", "a2", point=None)) is None


def test_merge_compatible_same_battle_two_articles() -> None:
    a = report("r1", "a1", fatalities=30)
    b = report("r2", "a2", point=TAYBAT, fatalities=119)
    assert compatible(a, b, MAX_KM) is True
    assert compatible(b, a, MAX_KM) is True


def test_merge_compatible_rejects_same_article() -> None:
    a = report("r1", "a1")
    b = report("r2", "a1", point=TAYBAT)
    assert compatible(a, b, MAX_KM) is False


def test_merge_compatible_rejects_shared_article_among_several() -> None:
    a = report("r1", "a1").model_copy(update={"article_ids": ["a1", "a9"]})
    b = report("r2", "a2").model_copy(update={"article_ids": ["a2", "a9"]})
    assert compatible(a, b, MAX_KM) is False


@pytest.mark.parametrize(
    "change",
    [
        {"sub_event_type": "Shelling/artillery/missile attack"},
        {"actor1": "Military Forces of Syria"},
        {"event_date": date(2017, 3, 22)},
        {"event_date": None},
        {"latitude": FAR[0], "longitude": FAR[1]},
    ],
)
def test_merge_compatible_rejects_each_difference(change: dict[str, Any]) -> None:
    a = report("r1", "a1")
    b = report("r2", "a2").model_copy(update=change)
    assert compatible(a, b, MAX_KM) is False


def test_merge_compatible_week_precision_allows_seven_days() -> None:
    a = report("r1", "a1", day=date(2017, 3, 21))
    assert compatible(a, report("r2", "a2", day=date(2017, 3, 28), time_precision=2), MAX_KM)
    assert not compatible(a, report("r2", "a2", day=date(2017, 3, 29), time_precision=2), MAX_KM)


def test_merge_compatible_month_precision_matches_within_31_days() -> None:
    day = report("r1", "a1", day=date(2017, 3, 21))
    month = report("r2", "a2", day=date(2017, 3, 15), time_precision=3)
    assert compatible(day, month, MAX_KM)
    assert compatible(day, month.model_copy(update={"event_date": date(2017, 4, 21)}), MAX_KM)
    assert not compatible(day, month.model_copy(update={"event_date": date(2017, 4, 22)}), MAX_KM)


def test_merge_compatible_region_level_place_compares_admin1() -> None:
    exact = report("r1", "a1", point=SURAN)
    region = report("r2", "a2", point=(35.13, 36.75), geo_precision=3)
    assert compatible(exact, region, MAX_KM)
    assert not compatible(exact, region.model_copy(update={"admin1": "Idlib"}), MAX_KM)


def test_merge_compatible_without_points_compares_location_names() -> None:
    a = report("r1", "a1", point=None)
    assert compatible(a, report("r2", "a2", point=None), MAX_KM)
    assert not compatible(a, report("r2", "a2", point=None, location="Halfaya"), MAX_KM)
    assert not compatible(
        report("r1", "a1", point=None, location=""),
        report("r2", "a2", point=None, location=""),
        MAX_KM,
    )


# --- merging ------------------------------------------------------------------------------


def test_merge_two_reports_of_one_battle_become_one_event() -> None:
    a = report("r1", "a1", fatalities=30, source="SANA")
    b = report("r2", "a2", point=TAYBAT, fatalities=119, source="Syrian Observatory")
    events, claims = merge_reports([a, b], MAX_KM)

    assert len(events) == 1
    event = events[0]
    assert event.event_id_cnty == short_id("ev", "r1")
    assert event.fatalities == 30
    assert "fatalities:disputed" in event.tags
    assert event.tags == "fatalities:disputed 30/119"
    assert event.article_ids == ["a1", "a2"]
    assert event.source == "SANA; Syrian Observatory"
    assert event.event_date == date(2017, 3, 21)
    assert [(e.article_id, e.field, e.text) for e in event.evidence] == [
        ("a1", "event_date", "yesterday"),
        ("a1", "fatalities", "30 killed"),
        ("a2", "event_date", "yesterday"),
        ("a2", "fatalities", "119 killed"),
    ]

    fatality_claims = [c for c in claims if c.field == "fatalities"]
    assert [
        (c.event_id, c.report_id, c.article_id, c.source, c.value) for c in fatality_claims
    ] == [
        (event.event_id_cnty, "r1", "a1", "SANA", 30),
        (event.event_id_cnty, "r2", "a2", "Syrian Observatory", 119),
    ]
    assert [[e.text for e in c.evidence] for c in fatality_claims] == [
        ["30 killed"],
        ["119 killed"],
    ]
    assert len(claims) == 2 * 6
    assert {c.field for c in claims} == {
        "event_date", "sub_event_type", "actor1", "actor2", "location", "fatalities",
    }  # fmt: skip
    date_claims = [c for c in claims if c.field == "event_date"]
    assert [c.value for c in date_claims] == ["2017-03-21", "2017-03-21"]


def test_merge_agreeing_fatalities_are_not_disputed() -> None:
    a = report("r1", "a1", fatalities=12, tags="women")
    b = report("r2", "a2", fatalities=12)
    (event,), _ = merge_reports([a, b], MAX_KM)
    assert event.fatalities == 12
    assert event.tags == "women"


def test_merge_zero_fatalities_are_unknown_not_conservative() -> None:
    a = report("r1", "a1", fatalities=0)
    b = report("r2", "a2", fatalities=7)
    (event,), _ = merge_reports([a, b], MAX_KM)
    assert event.fatalities == 7
    assert event.tags == ""


def test_merge_two_battles_far_apart_same_day_stay_two_events() -> None:
    a = report("r1", "a1", fatalities=3)
    b = report("r2", "a2", point=FAR, location="Kafr Zita", fatalities=5)
    events, claims = merge_reports([a, b], MAX_KM)
    assert summary(events) == [
        (short_id("ev", "r1"), ["a1"]),
        (short_id("ev", "r2"), ["a2"]),
    ]
    assert [e.fatalities for e in events] == [3, 5]
    assert len(claims) == 12


def test_merge_same_article_never_merges_with_itself() -> None:
    a = report("r1", "a1", fatalities=4)
    b = report("r2", "a1", point=TAYBAT, fatalities=4)
    events, _ = merge_reports([a, b], MAX_KM)
    assert summary(events) == [(short_id("ev", "r1"), ["a1"]), (short_id("ev", "r2"), ["a1"])]


def test_merge_month_precision_report_joins_day_report() -> None:
    day = report("r1", "a1", day=date(2017, 3, 21), fatalities=9)
    month = report("r2", "a2", day=date(2017, 3, 15), time_precision=3, geo_precision=2)
    (event,), _ = merge_reports([month, day], MAX_KM)
    # The most precise date and place win.
    assert (event.event_date, event.time_precision, event.geo_precision) == (
        date(2017, 3, 21),
        1,
        1,
    )
    assert event.article_ids == ["a1", "a2"]


def test_merge_reconcile_takes_place_from_most_precise_report() -> None:
    coarse = report("r1", "a1", point=(35.3, 36.75), geo_precision=2, location="Hama district")
    exact = report("r2", "a2", point=SURAN, geo_precision=1, location="Suran")
    event = reconcile([coarse, exact])
    assert (event.location, event.latitude, event.longitude) == ("Suran", SURAN[0], SURAN[1])
    assert event.event_id_cnty == short_id("ev", "r1")


def test_merge_complete_linkage_does_not_chain() -> None:
    # A-B 20 km, B-C 20 km, A-C 40 km: B may join A or C, never both.
    a = report("ra", "a1", point=(35.0, 36.7))
    b = report("rb", "a2", point=(35.0 + 20 / 111.195, 36.7))
    c = report("rc", "a3", point=(35.0 + 40 / 111.195, 36.7))
    assert compatible(a, b, MAX_KM) and compatible(b, c, MAX_KM)
    assert not compatible(a, c, MAX_KM)
    events, _ = merge_reports([c, b, a], MAX_KM)
    # Reports are taken in (date, precision, id) order: B joins A, C cannot join {A, B}.
    assert sorted(summary(events)) == sorted(
        [(short_id("ev", "ra"), ["a1", "a2"]), (short_id("ev", "rc"), ["a3"])]
    )


def test_merge_event_ids_are_deterministic() -> None:
    def build() -> list[Event]:
        return [
            report("r1", "a1", fatalities=30),
            report("r2", "a2", fatalities=119),
            report("r3", "a3", point=FAR, location="Kafr Zita"),
        ]

    first, _ = merge_reports(build(), MAX_KM)
    second, _ = merge_reports(list(reversed(build())), MAX_KM)
    assert [e.event_id_cnty for e in first] == [short_id("ev", "r1"), short_id("ev", "r3")]
    assert [e.event_id_cnty for e in first] == [e.event_id_cnty for e in second]


def test_merge_claims_of_lists_every_field_of_every_report() -> None:
    a = report("r2", "a2", fatalities=5, source="AFP")
    b = report("r1", "a1", fatalities=8).model_copy(update={"actor2": "Civilians"})
    event = reconcile([a, b])
    claims = claims_of(event, [a, b])
    assert [(c.report_id, c.field, c.value) for c in claims] == [
        ("r1", "event_date", "2017-03-21"),
        ("r1", "sub_event_type", "Armed clash"),
        ("r1", "actor1", "Hayat Tahrir al-Sham"),
        ("r1", "actor2", "Civilians"),
        ("r1", "location", "Suran"),
        ("r1", "fatalities", 8),
        ("r2", "event_date", "2017-03-21"),
        ("r2", "sub_event_type", "Armed clash"),
        ("r2", "actor1", "Hayat Tahrir al-Sham"),
        ("r2", "actor2", ""),
        ("r2", "location", "Suran"),
        ("r2", "fatalities", 5),
    ]
    assert {c.event_id for c in claims} == {short_id("ev", "r1")}
    assert [c.source for c in claims if c.field == "fatalities"] == ["", "AFP"]
    assert [len(c.evidence) for c in claims] == [1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1]


def test_merge_claims_of_report_without_article() -> None:
    lone = report("r1", "a1").model_copy(update={"article_ids": []})
    claims = claims_of(reconcile([lone]), [lone])
    assert {c.article_id for c in claims} == {""}


def test_merge_empty_input() -> None:
    assert merge_reports([], MAX_KM) == ([], [])


def test_merge_events_sorted_by_date_then_id() -> None:
    late = report("r0", "a1", day=date(2017, 3, 25))
    early = report("r9", "a2", day=date(2017, 3, 20), point=FAR)
    undated = report("r5", "a3").model_copy(update={"event_date": None, "year": None})
    events, _ = merge_reports([late, early, undated], MAX_KM)
    assert [e.event_date for e in events] == [None, date(2017, 3, 20), date(2017, 3, 25)]


FOUR = [
    report("r1", "a1", fatalities=30, source="SANA"),
    report("r2", "a2", point=TAYBAT, fatalities=119, source="SOHR"),
    report("r3", "a3", day=date(2017, 3, 15), time_precision=3, geo_precision=2),
    report("r4", "a4", point=FAR, location="Kafr Zita", fatalities=2),
]


def _dump(result: tuple[list[Event], list[Any]]) -> tuple[list[dict[str, Any]], list[Any]]:
    events, claims = result
    return [e.model_dump() for e in events], [c.model_dump() for c in claims]


def test_merge_result_identical_for_every_input_order() -> None:
    expected = _dump(merge_reports(FOUR, MAX_KM))
    assert [e["article_ids"] for e in expected[0]] == [["a1", "a2", "a3"], ["a4"]]
    for order in itertools.permutations(FOUR):
        assert _dump(merge_reports(order, MAX_KM)) == expected


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(
        st.tuples(
            st.integers(0, 6),  # day offset
            st.sampled_from([1, 2, 3]),  # time precision
            st.integers(0, 4),  # ~0.1 degree steps of latitude (about 11 km)
            st.integers(0, 60),  # fatalities
            st.sampled_from(["a1", "a2", "a3", "a4"]),
        ),
        min_size=1,
        max_size=6,
    ),
    seed=st.randoms(use_true_random=False),
)
def test_merge_any_permutation_gives_the_same_result(data: list[Any], seed: Any) -> None:
    reports = [
        report(
            f"r{index}",
            article,
            day=date(2017, 3, 1) + timedelta(days=offset),
            time_precision=precision,
            point=(35.0 + 0.1 * step, 36.7),
            fatalities=killed,
        )
        for index, (offset, precision, step, killed, article) in enumerate(data)
    ]
    expected = _dump(merge_reports(reports, MAX_KM))
    shuffled = list(reports)
    seed.shuffle(shuffled)
    assert _dump(merge_reports(shuffled, MAX_KM)) == expected
    # Every report lands in exactly one event and every event's members are pairwise
    # compatible (complete linkage), as the claims record.
    by_id = {r.event_id_cnty: r for r in reports}
    members: dict[str, set[str]] = {}
    for claim in expected[1]:
        members.setdefault(claim["event_id"], set()).add(claim["report_id"])
    assert sorted(rid for group in members.values() for rid in group) == sorted(by_id)
    assert set(members) == {e["event_id_cnty"] for e in expected[0]}
    for group in members.values():
        for left, right in itertools.combinations(sorted(group), 2):
            assert compatible(by_id[left], by_id[right], MAX_KM)
