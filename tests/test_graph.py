"""The actor graph in the store: curated sync, time-aware views, claims side by side."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from polemos.errors import ConfigError, NotFoundError
from polemos.graph import (
    EXTRACTED,
    RelationRecord,
    actor_graph,
    actor_names,
    add_actor,
    import_actor_file,
    list_actors,
    record_claims,
    show_actor,
    slug,
    stored_actor_entries,
)
from polemos.store import open_store
from polemos.store.base import Store


@pytest.fixture
def store(any_store: Store) -> Store:
    """Each test runs on SQLite and on PostgreSQL."""
    return any_store


def _relations(view: dict, kind: str) -> list[dict]:
    return [r for r in view["relations"] if r["type"] == kind]


def test_graph_every_alias_and_acronym_finds_one_actor(store: Store) -> None:
    names = ["Jund al-Aqsa", "Liwa al-Aqsa", "Liwa al Aqsa", "Liwaa al-Aqsa", "LAA"]
    assert {show_actor(store, name)["id"] for name in names} == {"jund_al_aqsa"}


def test_graph_acronyms_are_case_sensitive(store: Store) -> None:
    assert show_actor(store, "IS")["id"] == "islamic_state"
    with pytest.raises(NotFoundError, match="no actor named 'laa'"):
        show_actor(store, "laa")


def test_graph_as_of_gives_the_name_borne_then(store: Store) -> None:
    before = show_actor(store, "LAA", as_of=date(2017, 1, 29))
    after = show_actor(store, "LAA", as_of=date(2017, 3, 1))
    assert (before["name_as_of"], after["name_as_of"]) == ("Jund al-Aqsa", "Liwa al-Aqsa")
    assert "Liwa al-Aqsa" not in {a["name"] for a in before["aliases"]}


def test_graph_as_of_filters_relations_by_their_interval(store: Store) -> None:
    inside = show_actor(store, "jund_al_aqsa", as_of=date(2016, 12, 1))
    later = show_actor(store, "jund_al_aqsa", as_of=date(2017, 3, 1))
    assert [r["target"] for r in _relations(inside, "member_of")][:1] == ["jabhat_fateh_al_sham"]
    assert _relations(inside, "pledged_allegiance_to") == []
    assert _relations(later, "member_of") == []
    assert [r["target"] for r in _relations(later, "pledged_allegiance_to")] == ["islamic_state"]
    assert [r["target_name"] for r in _relations(later, "renamed_to")] == ["Liwa al-Aqsa"]


def _expelled_claim(day: str) -> RelationRecord:
    span = {"article_id": "a1", "start": 10, "end": 60, "text": "Jund al-Aqsa was expelled"}
    return RelationRecord(
        type="expelled_from", head="jund_al_aqsa", tail="hayat_tahrir_al_sham",
        tail_name="Hai'at Tahrir al-Sham", valid_from=day, date_precision=2, origin=EXTRACTED,
        source="SouthFront", article_id="a1", evidence=[span],
    )  # fmt: skip


def test_graph_extracted_expulsion_implies_membership_until_then(store: Store) -> None:
    show_actor(store, "LAA")  # stores the curated graph
    record_claims(store, ["a1"], [_expelled_claim("2017-01-30")])
    view = show_actor(store, "LAA", as_of=date(2017, 1, 29))
    member = [r for r in _relations(view, "member_of") if r["origin"] == EXTRACTED]
    assert [(r["target"], r["valid_to"], r["derived_from"]) for r in member] == [
        ("hayat_tahrir_al_sham", "2017-01-30", "expelled_from")
    ]
    assert member[0]["evidence"][0]["article_id"] == "a1"


def test_graph_claims_never_overwrite_curated_facts(store: Store) -> None:
    show_actor(store, "LAA")
    curated = RelationRecord(type="expelled_from", head="jund_al_aqsa",
                             tail="jabhat_fateh_al_sham", tail_name="JFS",
                             valid_from="2017-01-28", origin=EXTRACTED, source="Other Wire",
                             article_id="a2")  # fmt: skip
    record_claims(store, ["a2"], [curated])
    claims = _relations(show_actor(store, "LAA"), "expelled_from")
    jfs = [c for c in claims if c["target"] == "jabhat_fateh_al_sham"]
    assert sorted((c["origin"], c["valid_from"]) for c in jfs) == [
        ("curated", "2017-01-23"),
        (EXTRACTED, "2017-01-28"),
    ]
    assert all(c["disagrees_with"] for c in jfs)


def test_graph_record_claims_replaces_an_articles_claims(store: Store) -> None:
    show_actor(store, "LAA")
    record_claims(store, ["a1"], [_expelled_claim("2017-01-30")])
    record_claims(store, ["a1"], [_expelled_claim("2017-01-31")])
    dates = [r["valid_from"] for r in _relations(show_actor(store, "LAA"), "expelled_from")]
    assert sorted(dates) == ["2017-01-23", "2017-01-31"]


def test_graph_incoming_relations_show_on_the_target(store: Store) -> None:
    view = show_actor(store, "HTS")
    incoming = [r for r in view["relations"] if r["direction"] == "incoming"]
    assert ("merged_into", "jabhat_fateh_al_sham") in {(r["type"], r["target"]) for r in incoming}


def test_graph_actor_names_lists_aliases_and_passes_unknown_names(store: Store) -> None:
    names = actor_names(store, "HTS")
    assert names[0] == "Hayat Tahrir al-Sham" and "Hay'at Tahrir al-Sham" in names
    assert actor_names(store, "Unidentified Armed Group (Syria)") == [
        "Unidentified Armed Group (Syria)"
    ]


def test_graph_list_and_graph_views(store: Store) -> None:
    listed = {a["id"]: a for a in list_actors(store)}
    assert listed["jund_al_aqsa"]["type_label"] == "Rebel group"
    graph = actor_graph(store, as_of=date(2017, 3, 1))
    edges = {(e["source"], e["type"], e["target"]) for e in graph["edges"]}
    assert ("jund_al_aqsa", "pledged_allegiance_to", "islamic_state") in edges
    assert ("jund_al_aqsa", "member_of", "jabhat_fateh_al_sham") not in edges


def test_graph_add_actor_is_kept_in_the_database(store: Store) -> None:
    entry = {"id": "jaish_al_nasr", "name": "Jaish al-Nasr", "inter": 2, "country": "SY",
             "aliases": ["Army of Victory"]}  # fmt: skip
    view = add_actor(store, entry)
    assert view["name"] == "Jaish al-Nasr"
    assert show_actor(store, "Army of Victory")["id"] == "jaish_al_nasr"
    assert [e["id"] for e, _ in stored_actor_entries(store)] == ["jaish_al_nasr"]


def test_graph_import_actor_file(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "actors:\n  - {id: sham_legion, name: Faylaq al-Sham, inter: 2, aliases: [Sham Legion],\n"
        "     relations: [{type: allied_with, target: ahrar_al_sham, from: '2015-03'}]}\n",
        "utf-8",
    )
    assert import_actor_file(store, path) == 1
    view = show_actor(store, "Sham Legion")
    assert [(r["type"], r["target"], r["origin"]) for r in view["relations"]] == [
        ("allied_with", "ahrar_al_sham", "user")
    ]


def test_graph_import_rejects_a_bad_file_and_keeps_the_graph(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("actors:\n  - {id: x, name: X}\n", "utf-8")
    with pytest.raises(ConfigError, match="bad.yaml: invalid actor entry"):
        import_actor_file(store, path)
    assert show_actor(store, "LAA")["id"] == "jund_al_aqsa"
    assert stored_actor_entries(store) == []


def test_graph_slug() -> None:
    assert slug("Jaish al-Nasr") == "jaish_al_nasr"
    assert slug("!!!") == "actor"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A database with the two seed articles coded (relation claims included)."""
    from polemos.config import load_config
    from polemos.runner import run
    from polemos.samples import samples_path

    opened = open_store(str(tmp_path_factory.mktemp("seeded") / "polemos.db"))
    run(opened, [samples_path() / "seeds.jsonl"], load_config())
    yield opened
    opened.close()


def _extracted(view: dict, kind: str) -> list[dict]:
    return [r for r in _relations(view, kind) if r["origin"] == EXTRACTED]


def test_graph_seeds_give_rename_expulsion_and_pledge(seeded: Store) -> None:
    view = show_actor(seeded, "Liwaa al-Aqsa")
    renamed = _extracted(view, "renamed_to")
    expelled = _extracted(view, "expelled_from")
    pledged = _extracted(view, "pledged_allegiance_to")
    assert [(r["target_name"], r["valid_from"]) for r in renamed] == [
        ("Liwa al-Aqsa", "2017-02-07")
    ]
    assert [(r["target"], r["valid_from"]) for r in expelled] == [
        ("hayat_tahrir_al_sham", "2017-01-31")
    ]
    assert {r["target"] for r in pledged} == {"islamic_state"}
    assert all(
        "2017-01-24" <= r["valid_from"] <= "2017-02-10" for r in renamed + expelled + pledged
    )
    for relation in renamed + expelled + pledged:
        sentence = relation["evidence"][0]
        assert sentence["article_id"] == "seed-southfront-jund-al-aqsa" and sentence["text"]


def test_graph_seeds_as_of_dates(seeded: Store) -> None:
    before = show_actor(seeded, "LAA", as_of=date(2017, 1, 29))
    inside = {r["target"] for r in _relations(before, "member_of")}
    assert inside & {"hayat_tahrir_al_sham", "jabhat_fateh_al_sham"}
    after = show_actor(seeded, "LAA", as_of=date(2017, 3, 1))
    assert after["name_as_of"] == "Liwa al-Aqsa"
    assert "islamic_state" in {r["target"] for r in _relations(after, "pledged_allegiance_to")}
    both = {r["origin"] for r in _relations(after, "expelled_from")}
    assert both == {"curated", EXTRACTED}  # the curated date and the article's, side by side
