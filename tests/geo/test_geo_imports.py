"""GeoNames dump import: small dumps written in the exact GeoNames formats."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from polemos.errors import PolemosError
from polemos.geo import Gazetteer, name_key
from polemos.geo.imports import (
    GazetteerImportError,
    import_geonames,
    imported_files,
    store_path,
)

LATMIN_ID = 99000001  # made-up geonameid: Latmin (Hama countryside) is not in cities500
ALEPPO_ID = 170063


def geoname_line(
    gid: int, name: str, lat: float, lon: float, fclass: str = "P", fcode: str = "PPL",
    cc: str = "SY", admin1: str = "10", alternates: str = "", population: int = 0,
) -> str:  # fmt: skip
    cols = [
        str(gid), name, name, alternates, f"{lat}", f"{lon}", fclass, fcode, cc, "", admin1,
        "", "", "", str(population), "", "300", "Asia/Damascus", "2024-01-01",
    ]  # fmt: skip
    assert len(cols) == 19
    return "\t".join(cols)


def alt_line(alt_id: int, gid: int, lang: str, name: str, historic: str = "") -> str:
    return "\t".join([str(alt_id), str(gid), lang, name, "", "", "", historic, "", ""])


SY_LINES = [
    geoname_line(LATMIN_ID, "Latmin", 35.3261, 36.6447, alternates="Al Lataminah,اللطامنة"),
    geoname_line(99000002, "Jabal Shahshabu", 35.62, 36.38, fclass="T", fcode="MT"),
    geoname_line(99000003, "Latmin road", 35.3, 36.6, fclass="R", fcode="RD"),  # not kept
    "99000004\tBroken\t35.0",  # malformed: 3 columns
    geoname_line(99000005, "Nowhere", 135.0, 36.0),  # malformed: latitude out of range
]


def write_zip(path: Path, member: str, lines: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(member, "\n".join(lines) + "\n")
        archive.writestr("readme.txt", "GeoNames readme\n")
    return path


def test_import_txt_adds_a_missing_village(cache_dir: Path, tmp_path: Path) -> None:
    before = Gazetteer.load(cache_dir=cache_dir)
    assert not before.candidates("Latmin")
    dump = tmp_path / "SY.txt"
    dump.write_text("\n".join(SY_LINES) + "\n", "utf-8")

    summary = import_geonames(dump, cache_dir=cache_dir)

    assert summary.kind == "geoname"
    assert summary.imported == 2 and summary.skipped == 1
    assert summary.malformed == 2 and summary.malformed_lines == [4, 5]
    assert "malformed lines: 4, 5" in summary.describe()
    gaz = Gazetteer.load(cache_dir=cache_dir)
    places = gaz.candidates("Latmin")
    assert [p.gazetteer_id for p in places] == [f"geonames:{LATMIN_ID}"]
    latmin = places[0]
    assert latmin.country_code == "SY" and latmin.admin1 == "Hama" and latmin.feature == "PPL"
    assert latmin.admin2 is not None  # derived from the OpenSyria sub-district centroids
    assert gaz.candidates("Al-Lataminah")[0].gazetteer_id == latmin.gazetteer_id
    assert gaz.city_rows(name_key("Latmin")), "the geocoder's lookup sees it too"
    mountain = gaz.candidates("Jabal Shahshabu")[0]
    assert mountain.feature == "MT"
    assert any(row == gaz.city_rows(name_key("Latmin"))[0] for _, row in gaz.fuzzy_keys("SY"))
    assert imported_files(cache_dir)[0][1] == "geoname"


def test_import_zip_is_idempotent(cache_dir: Path, tmp_path: Path) -> None:
    dump = write_zip(tmp_path / "SY.zip", "SY.txt", SY_LINES)
    first = import_geonames(dump, cache_dir=cache_dir)
    second = import_geonames(dump, cache_dir=cache_dir)
    assert first.imported == second.imported == 2
    gaz = Gazetteer.load(cache_dir=cache_dir)
    assert len(gaz.candidates("Latmin")) == 1
    assert gaz.imported_count() == 2


def test_import_alternate_names(cache_dir: Path, tmp_path: Path) -> None:
    import_geonames(write_zip(tmp_path / "SY.zip", "SY.txt", SY_LINES), cache_dir=cache_dir)
    lines = [
        alt_line(1, LATMIN_ID, "en", "Latamneh"),
        alt_line(2, ALEPPO_ID, "", "Beroea", historic="1"),  # a place of the built-in index
        alt_line(3, 98765432, "en", "Unknown place"),  # unknown geonameid: skipped
        alt_line(4, LATMIN_ID, "link", "https://en.wikipedia.org/wiki/Latamneh"),  # skipped
        "5\tnot-a-number\ten\tBad",  # malformed
    ]
    dump = write_zip(tmp_path / "alternateNamesV2.zip", "alternateNamesV2.txt", lines)
    summary = import_geonames(dump, cache_dir=cache_dir)
    assert summary.kind == "alternateNames"
    assert (summary.imported, summary.skipped, summary.malformed) == (2, 2, 1)
    assert summary.malformed_lines == [5]
    gaz = Gazetteer.load(cache_dir=cache_dir)
    assert gaz.candidates("Latamneh")[0].gazetteer_id == f"geonames:{LATMIN_ID}"
    assert f"geonames:{ALEPPO_ID}" in {p.gazetteer_id for p in gaz.candidates("Beroea")}


def test_import_rejects_what_is_not_a_dump(cache_dir: Path, tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("name,lat,lon\nLatmin,35.3,36.6\n", "utf-8")
    with pytest.raises(GazetteerImportError, match="notes.txt: not a GeoNames dump"):
        import_geonames(text, cache_dir=cache_dir)
    empty_zip = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty_zip, "w") as archive:
        archive.writestr("data.csv", "a,b\n")
    with pytest.raises(GazetteerImportError, match="empty.zip: zip holds no GeoNames"):
        import_geonames(empty_zip, cache_dir=cache_dir)
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\xff\xfe\x00garbage" * 10)
    with pytest.raises(PolemosError, match="blob.txt"):
        import_geonames(binary, cache_dir=cache_dir)
    with pytest.raises(GazetteerImportError, match="no such file"):
        import_geonames(tmp_path / "missing.zip", cache_dir=cache_dir)
    assert not store_path(cache_dir).exists() or imported_files(cache_dir) == []


def test_load_without_imports_matches_the_compiled_index(
    cache_dir: Path, gazetteer: Gazetteer
) -> None:
    gaz = Gazetteer.load(cache_dir=cache_dir)
    assert gaz.imported_count() == 0
    assert gaz.city_rows(name_key("Aleppo")) == gazetteer.city_rows(name_key("Aleppo"))


def test_import_unit_features_give_admin1_and_country_points(
    cache_dir: Path, tmp_path: Path
) -> None:
    # made-up points: an imported dump's own ADM1 / PCLI features replace the index's points
    lines = [
        geoname_line(99000101, "Ontario", 50.5, -86.5, "A", "ADM1", "CA", "08", population=1),
        geoname_line(99000102, "Canada", 62.0, -100.0, "A", "PCLI", "CA", "00", population=1),
        geoname_line(99000103, "Dependent Canada", 10.0, 10.0, "A", "PCLD", "CA", "00"),
    ]
    before = Gazetteer.load(cache_dir=cache_dir)
    ontario = before.admin1("CA", "Ontario")
    assert ontario is not None and (ontario.latitude, ontario.longitude) != (50.5, -86.5)
    dump = tmp_path / "CA.txt"
    dump.write_text("\n".join(lines) + "\n", "utf-8")
    import_geonames(dump, cache_dir=cache_dir)

    gaz = Gazetteer.load(cache_dir=cache_dir)
    ontario = gaz.admin1("CA", "Ontario")
    assert ontario is not None
    assert (ontario.latitude, ontario.longitude, ontario.gazetteer_id) == (
        50.5, -86.5, "geonames:99000101",
    )  # fmt: skip
    assert ontario.feature == "ADM1" and ontario.admin1 == "Ontario"
    canada = gaz.country("CA")
    assert canada is not None and (canada.latitude, canada.longitude) == (62.0, -100.0)
    quebec = gaz.admin1("CA", "Quebec")  # no ADM1 feature imported: the index's point
    assert quebec is not None and quebec == before.admin1("CA", "Quebec")
