"""Unit tests for polemos.actors: alias folding, the actor graph and mention resolution."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polemos.actors import ActorMention, ActorResolver, alias_key, fold_word, load_actor_graph
from polemos.errors import ConfigError
from polemos.geo.names import name_key


@pytest.fixture(scope="module")
def nlp() -> Any:
    from polemos.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture()
def resolve(nlp: Any) -> Any:
    """Resolve the actor mentions of a text with a fresh bundled graph."""
    resolver = ActorResolver(load_actor_graph())

    def run(text: str) -> list[tuple[str, str, str]]:
        mentions = resolver.resolve(nlp(text))
        for mention in mentions:
            assert isinstance(mention, ActorMention)
        return [(text[m.clean_start : m.clean_end], m.actor.id, m.kind) for m in mentions]

    return run


# --- alias_key ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Hai’at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Hay'at Tahrir al-Sham", "Hayat Tahrir al-Sham"),
        ("Liwaa al-Aqsa", "Liwa al-Aqsa"),
        ("Ahrar al Sham", "Ahrar al-Sham"),
        ("Jaish al-Nasr", "Jaysh al-Nasr"),
        ("JUND AL-AQSA", "Jund al Aqsa"),
        ("Ahrar ash-Sham", "Ahrar al-Sham"),
        ("Hizbollah", "Hizbolah"),
        ("Ṣaraya al-Quds", "Saraya al Quds"),
    ],
)
def test_actors_alias_key_folds_romanization_variants(left: str, right: str) -> None:
    assert alias_key(left) == alias_key(right)


def test_actors_alias_key_exact_values() -> None:
    assert alias_key("Hai’at Tahrir al-Sham") == "hayat tahrir al sham"
    assert alias_key("  Liwaa  al-Aqsa ") == "liwa al aksa"
    assert fold_word("Battalion") == "bataliun"


def test_actors_alias_key_shares_the_geocoder_name_key() -> None:
    assert fold_word("Qaryatayn") == name_key("Qaryatayn")
    assert alias_key("Khan Shaykhun") == alias_key("Han Sheikhun")
    assert alias_key("Liwa al-Aqsa") == alias_key("Liwa al-Aksa")


def test_actors_alias_key_keeps_distinct_names_apart() -> None:
    assert alias_key("Ahrar al-Sham") != alias_key("Jabhat Fateh al-Sham")
    assert alias_key("Liwa al-Aqsa") != alias_key("Jund al-Aqsa")


@given(st.text(alphabet=st.sampled_from("abciAİàHzl -‐–'’‘`ʿʾ\"“”"), max_size=40))
def test_actors_alias_key_is_idempotent(name: str) -> None:
    key = alias_key(name)
    assert alias_key(key) == key
    assert key == key.strip()
    assert "  " not in key


# --- the actor graph ----------------------------------------------------------------------


def test_actors_bundled_graph_loads() -> None:
    graph = load_actor_graph()
    assert {"islamic_state", "jund_al_aqsa", "hayat_tahrir_al_sham", "coalition_cjtf_oir"} <= set(
        graph.actors
    )
    assert graph.actors["jund_al_aqsa"].name == "Jund al-Aqsa"
    assert graph.actors["jund_al_aqsa"].inter == 2
    assert graph.actors["jund_al_aqsa"].country == "SY"
    assert graph.alias_index[alias_key("Liwaa al-Aqsa")] == "jund_al_aqsa"
    assert graph.acronym_index["IS"] == "islamic_state"
    assert graph.acronym_index["HTS"] == "hayat_tahrir_al_sham"
    assert "is" not in graph.acronym_index
    expelled = graph.relations["jund_al_aqsa"][1]
    assert (expelled["type"], expelled["target"], expelled["from"]) == (
        "expelled_from",
        "jabhat_fateh_al_sham",
        "2017-01-23",
    )
    assert expelled["source"].startswith("Public record")


def test_actors_extra_yaml_file_adds_an_actor(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "actors:\n"
        "  - id: sultan_murad\n"
        "    name: Sultan Murad Division\n"
        "    inter: 2\n"
        "    country: SY\n"
        "    aliases: [Sultan Murad Division, Sultan Murad Brigade]\n"
        "    acronyms: [SMD]\n",
        encoding="utf-8",
    )
    graph = load_actor_graph([extra])
    actor = graph.actors["sultan_murad"]
    assert (actor.name, actor.inter, actor.country) == ("Sultan Murad Division", 2, "SY")
    assert graph.alias_index[alias_key("sultan murad brigade")] == "sultan_murad"
    assert graph.acronym_index["SMD"] == "sultan_murad"
    assert graph.relations["sultan_murad"] == []
    assert "islamic_state" in graph.actors  # the bundled list is still there


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("actors: [\n  - id: x\n", "invalid YAML"),
        ("groups:\n  - id: x\n", "expected a top-level 'actors' list"),
        ("", "expected a top-level 'actors' list"),
        ("actors:\n  - id: x\n    inter: 2\n", "invalid actor entry"),  # no name
        ("actors:\n  - id: x\n    name: X\n    inter: lots\n", "invalid actor entry"),
        ("actors:\n  - id: x\n    name: X\n    inter: 9\n", "invalid actor entry"),
        ("actors:\n  - just a string\n", "invalid actor entry"),
    ],
)
def test_actors_malformed_extra_file_names_the_file(
    tmp_path: Path, content: str, fragment: str
) -> None:
    extra = tmp_path / "broken.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_actor_graph([extra])
    assert info.value.message.startswith(f"{extra}: ")
    assert fragment in info.value.message


def test_actors_missing_extra_file_names_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "absent.yaml"
    with pytest.raises(ConfigError) as info:
        load_actor_graph([str(missing)])
    assert info.value.message.startswith(f"{missing}: cannot read actor file: ")


# --- resolution ---------------------------------------------------------------------------


def test_actors_resolve_spelling_variants_to_one_actor(resolve: Any) -> None:
    found = resolve(
        "Jund al-Aqsa fighters clashed with Liwa al Aqsa militants near Khan Sheikhoun."
    )
    assert found == [
        ("Jund al-Aqsa", "jund_al_aqsa", "name"),
        ("Liwa al Aqsa", "jund_al_aqsa", "name"),
    ]


def test_actors_resolve_acronyms_case_sensitively(resolve: Any) -> None:
    found = resolve("IS claimed the attack. The town is calm. ISIS and HTS fighters were seen.")
    assert found == [
        ("IS", "islamic_state", "acronym"),
        ("ISIS", "islamic_state", "acronym"),
        ("HTS", "hayat_tahrir_al_sham", "acronym"),
    ]


def test_actors_resolve_lowercase_is_is_not_islamic_state(resolve: Any) -> None:
    assert resolve("The situation is tense and the road is closed.") == []


def test_actors_resolve_iraqi_forces_and_civilians(resolve: Any, nlp: Any) -> None:
    text = "Iraqi forces shelled the village, killing five civilians."
    assert resolve(text) == [
        ("Iraqi forces", "military_forces_of_iraq", "name"),
        ("civilians", "civilians", "civilians"),
    ]
    mentions = ActorResolver(load_actor_graph()).resolve(nlp(text))
    assert mentions[0].actor.name == "Military Forces of Iraq"
    assert (mentions[1].actor.name, mentions[1].actor.inter) == ("Civilians", 7)


def test_actors_resolve_turkish_troops(resolve: Any) -> None:
    assert resolve("Turkish troops entered al-Bab on Monday.") == [
        ("Turkish troops", "military_forces_of_turkey", "name"),
    ]


def test_actors_resolve_nationality_plus_force_gives_generic_actor(nlp: Any) -> None:
    text = "French soldiers and Kenyan police patrolled the border."
    mentions = ActorResolver(load_actor_graph()).resolve(nlp(text))
    assert [
        (text[m.clean_start : m.clean_end], m.actor.name, m.actor.inter, m.kind) for m in mentions
    ] == [
        ("French soldiers", "Military Forces of France", 1, "generic"),
        ("Kenyan police", "Police Forces of Kenya", 1, "generic"),
    ]


def test_actors_resolve_protesters(resolve: Any) -> None:
    assert resolve("Hundreds of demonstrators gathered in the square.") == [
        ("demonstrators", "protesters", "protesters"),
    ]


def test_actors_resolve_descriptor_points_to_named_group(resolve: Any) -> None:
    found = resolve(
        "Hayat Tahrir al-Sham attacked the checkpoint. The group said it killed ten soldiers."
    )
    assert found == [
        ("Hayat Tahrir al-Sham", "hayat_tahrir_al_sham", "name"),
        ("The group", "hayat_tahrir_al_sham", "descriptor"),
        ("soldiers", "military_forces", "state_force"),
    ]


def test_actors_resolve_descriptor_without_earlier_group_is_dropped(resolve: Any) -> None:
    assert resolve("The group said nothing. Syrian Army forces shelled Daraa.") == [
        ("Syrian Army", "military_forces_of_syria", "name"),
    ]


def test_actors_resolve_descriptor_prefers_most_mentioned_group(resolve: Any) -> None:
    found = resolve(
        "Ahrar al-Sham fighters entered the town. Ahrar al-Sham then clashed with "
        "Jund al-Aqsa. The group later withdrew."
    )
    assert found[-1] == ("The group", "ahrar_al_sham", "descriptor")


def test_actors_resolve_lowercase_coalition_is_not_the_coalition_actor(resolve: Any) -> None:
    assert resolve("Fighters from the jihadist coalition attacked the town on Monday.") == []


def test_actors_resolve_capitalised_coalition_is_the_coalition_actor(resolve: Any) -> None:
    assert resolve("The Coalition struck targets near Raqqa.") == [
        ("Coalition", "coalition_cjtf_oir", "name"),
    ]


def test_actors_resolve_unknown_armed_org_is_provisional(nlp: Any) -> None:
    text = "The Martyrs Brigade attacked a checkpoint near Idlib on Tuesday."
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents if e.label_ == "ORG"] == [
        ("The Martyrs Brigade", "ORG")
    ]
    graph = load_actor_graph()
    mentions = ActorResolver(graph).resolve(doc)
    assert len(mentions) == 1
    mention = mentions[0]
    assert (mention.clean_start, mention.clean_end, mention.kind) == (0, 19, "provisional")
    assert mention.actor.id == "prov_martyrs_brigada"
    assert mention.actor.name == "Martyrs Brigade"
    assert mention.actor.provisional is True
    assert mention.actor.inter == 2
    assert graph.actors["prov_martyrs_brigada"] is mention.actor


def test_actors_resolve_offsets_index_the_text(nlp: Any) -> None:
    text = "On Monday, ISIS and the Syrian Army fought; later the group retreated."
    for mention in ActorResolver(load_actor_graph()).resolve(nlp(text)):
        assert 0 <= mention.clean_start < mention.clean_end <= len(text)
    found = [
        (text[m.clean_start : m.clean_end], m.actor.id)
        for m in ActorResolver(load_actor_graph()).resolve(nlp(text))
    ]
    assert found == [
        ("ISIS", "islamic_state"),
        ("Syrian Army", "military_forces_of_syria"),
        ("the group", "islamic_state"),
    ]


# --- known bugs ---------------------------------------------------------------------------


@pytest.mark.parametrize("variant", ["Hayʼat Tahrir al-Sham", "Hay´at Tahrir al-Sham"])
def test_actors_alias_key_folds_modifier_apostrophes(variant: str) -> None:
    assert alias_key(variant) == "hayat tahrir al sham"


def test_actors_alias_key_folds_ai_before_doubled_y() -> None:
    assert alias_key("Kataib Saiyid al-Shuhada") == alias_key("Kataib Sayyid al-Shuhada")


def test_actors_alias_key_idempotent_on_spacing_diacritics() -> None:
    key = alias_key("Jaish ¯ al-Izza")
    assert alias_key(key) == key


def test_actors_national_force_reuses_curated_country_actor(resolve: Any) -> None:
    assert resolve("Turkish jets bombed the town.") == [
        ("Turkish jets", "military_forces_of_turkey", "generic"),
    ]


def test_actors_unknown_battalions_org_is_provisional(nlp: Any) -> None:
    text = "Clashes erupted between the Abu Amara Battalions and the army."
    doc = nlp(text)
    assert ("the Abu Amara Battalions", "ORG") in [(e.text, e.label_) for e in doc.ents]
    mentions = ActorResolver(load_actor_graph()).resolve(doc)
    assert [(m.actor.id, m.kind) for m in mentions] == [
        ("prov_abu_amara_bataliuns", "provisional"),
        ("military_forces", "state_force"),
    ]


def test_actors_non_list_acronyms_is_a_config_error(tmp_path: Path) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text("actors:\n  - {id: x, name: X, inter: 2, acronyms: 5}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad.yaml"):
        load_actor_graph([extra])


def test_actors_string_aliases_is_rejected(tmp_path: Path) -> None:
    extra = tmp_path / "bad.yaml"
    extra.write_text(
        "actors:\n  - {id: x, name: Foo Brigade, inter: 2, aliases: Foo Brigade}\n",
        encoding="utf-8",
    )
    with pytest.raises(ConfigError, match="bad.yaml"):
        load_actor_graph([extra])


def test_actors_unnamed_forces_and_crowds_are_generic_actors(resolve: Any) -> None:
    found = resolve("Police dispersed the rioters while troops guarded the bank.")
    assert found == [
        ("Police", "police_forces", "state_force"),
        ("rioters", "rioters", "rioters"),
        ("troops", "military_forces", "state_force"),
    ]


def test_actors_national_force_is_one_mention(resolve: Any) -> None:
    found = resolve("Iraqi police fired tear gas.")
    assert found == [("Iraqi police", "police_forces_of_iraq", "generic")]


def test_actors_bundled_graph_has_the_round_three_actors() -> None:
    graph = load_actor_graph()
    expected = {"eln_colombia": (2, "CO"), "provisional_ira": (2, "GB"), "eta": (2, "ES"),
                "military_forces_of_israel": (1, "IL"), "wagner_group": (8, "RU")}  # fmt: skip
    for actor_id, (inter, country) in expected.items():
        actor = graph.actors[actor_id]
        assert (actor.inter, actor.country) == (inter, country), actor_id
    assert graph.acronym_index["ELN"] == "eln_colombia"
    assert graph.acronym_index["IDF"] == "military_forces_of_israel"
    assert graph.alias_index[alias_key("Provisional Irish Republican Army")] == "provisional_ira"
    assert graph.alias_index[alias_key("Ansar Allah")] == "houthis"
    pledges = {(r["type"], r["target"], r["from"]) for r in graph.relations["boko_haram"]}
    assert ("pledged_allegiance_to", "islamic_state", "2015-03-07") in pledges
    assert all(r["source"] for r in graph.relations["military_forces_of_israel"])


def test_actors_resolve_new_curated_actors(resolve: Any) -> None:
    found = resolve("The IDF said Wagner mercenaries and ELN rebels were not involved.")
    ids = [actor_id for _, actor_id, _ in found]
    assert ids[:3] == ["military_forces_of_israel", "wagner_group", "eln_colombia"]


def test_actors_israeli_forces_resolve_to_the_curated_state_force(resolve: Any) -> None:
    found = resolve("Israeli troops entered the camp.")
    assert found[0][1] == "military_forces_of_israel"
