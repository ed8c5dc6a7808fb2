"""A place the gazetteer lacks: still an event, at its nearest region, never folded away.

"Took control of Morek, Latmin and Lahya" is three events even when Latmin and Lahya are
missing from the gazetteer: they stand at the province (precision 3) under the names as
written, with their own evidence spans, and no coordinates are guessed for the villages.
The articles are short texts written for these tests, annotated by hand (no spaCy, no
gazetteer), so that only the event coder is under test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.eventkit import code_texts

from polemos.actors import ActorMention
from polemos.event_units import Sentence
from polemos.events import fold_repeats
from polemos.folding import fold_summaries
from polemos.merge import compatible, written_place
from polemos.models import (
    Actor,
    Event,
    Evidence,
    Mention,
    Place,
    ResolvedPlace,
    Span,
)
from polemos.temporal import find_dates

PUBLISHED = date(2017, 2, 10)  # a Friday
HTS = Actor(id="hts", name="Hayat Tahrir al-Sham", inter=2)
GAZETTEER = {  # name: (latitude, longitude, admin1, geo precision)
    "Morek": (35.37, 36.69, "Hama", 1),
    "Maarat al-Numan": (35.65, 36.67, "Idlib", 2),
    "Hama": (35.13, 36.75, "Hama", 3),
    "Syria": (35.0, 38.0, "", 3),
}
UNKNOWN = ("Latmin", "Lahya", "Tell Mannas")


def _place(name: str, start: int) -> ResolvedPlace:
    end = start + len(name)
    mention = Mention(span=Span(article_id="t", start=start, end=end, text=name),
                      label="GPE", clean_start=start, clean_end=end)  # fmt: skip
    if name in UNKNOWN:
        return ResolvedPlace(mention=mention, place=None, geo_precision=1,
                             reason="not in gazetteer")  # fmt: skip
    lat, lon, admin1, precision = GAZETTEER[name]
    geo = Place(gazetteer_id=f"g:{name}", name=name, latitude=lat, longitude=lon,
                country="Syria", admin1=admin1 or None)  # fmt: skip
    return ResolvedPlace(mention=mention, place=geo, geo_precision=precision)


def _sentence(text: str, offset: int) -> Sentence:
    places = [_place(name, offset + text.index(name))
              for name in [*GAZETTEER, *UNKNOWN] if name in text]  # fmt: skip
    actors = [ActorMention(HTS, offset + text.index(HTS.name),
                           offset + text.index(HTS.name) + len(HTS.name), "name")
              ] if HTS.name in text else []  # fmt: skip
    dates = [replace(d, start=d.start + offset, end=d.end + offset)
             for d in find_dates(text, PUBLISHED)]  # fmt: skip
    return Sentence(offset, offset + len(text), text, 0, actors,
                    sorted(places, key=lambda p: p.mention.clean_start), dates)  # fmt: skip


def _code(*texts: str) -> list[Event]:
    return code_texts(texts, _sentence, PUBLISHED)


LIST = "Hayat Tahrir al-Sham took control of Morek, Latmin and Lahya in Hama province on Wednesday."


def test_events_unresolved_listed_villages_are_events_at_their_province() -> None:
    events = {e.location: e for e in _code(LIST)}
    assert sorted(events) == ["Lahya", "Latmin", "Morek"]
    latmin = events["Latmin"]
    assert (latmin.geo_precision, latmin.admin1) == (3, "Hama")
    assert (latmin.latitude, latmin.longitude) == (35.13, 36.75)  # the province, not a guess
    assert latmin.tags.startswith("place:nearest-region 'Latmin' at Hama")
    assert written_place(latmin) and not written_place(events["Morek"])
    assert [e.text for e in latmin.evidence if e.field == "location"] == ["Latmin"]
    assert str(latmin.event_date) == "2017-02-08"
    assert len({e.event_id_cnty for e in events.values()}) == 3


def test_events_unresolved_village_falls_back_to_the_country() -> None:
    text = "Hayat Tahrir al-Sham took control of Morek and Latmin in Syria on Wednesday."
    latmin = {e.location: e for e in _code(text)}["Latmin"]
    assert (latmin.geo_precision, latmin.admin1, latmin.latitude) == (3, "", 35.0)


def test_events_unresolved_village_without_any_region_gets_no_invented_place() -> None:
    events = _code("Hayat Tahrir al-Sham took control of Morek and Latmin on Wednesday.")
    assert [e.location for e in events] == ["Morek"]


def test_events_unresolved_place_located_by_the_next_one_is_not_a_second_event() -> None:
    text = "Hayat Tahrir al-Sham took control of Tell Mannas near Maarat al-Numan on Wednesday."
    events = _code(text)
    assert [(e.location, e.geo_precision) for e in events] == [("Maarat al-Numan", 2)]


def _event(location: str, precision: int, tags: str = "", article: str = "a") -> Event:
    return Event(event_id_cnty=f"{article}-{location}", event_type="Battles",
                 sub_event_type="Non-state actor overtakes territory", actor1="HTS",
                 disorder_type="Political violence", event_date=date(2017, 2, 8),
                 time_precision=1, location=location, admin1="Hama", latitude=35.13,
                 longitude=36.75, geo_precision=precision, tags=tags, article_ids=[article],
                 date_basis="text", evidence=[Evidence(article_id=article, field="notes",
                                                       start=0, end=1, text=".")])  # fmt: skip


def _written(name: str, article: str = "a") -> Event:
    return _event(name, 3, f"place:nearest-region '{name}' at Hama", article)


def test_events_unresolved_villages_at_one_point_are_not_folded_as_repeats() -> None:
    kept = fold_repeats([_written("Latmin"), _written("Lahya")])
    assert [e.location for e in kept] == ["Latmin", "Lahya"]


def test_events_unresolved_village_is_not_folded_as_a_summary() -> None:
    precise = _event("Morek", 1)
    summary = _event("Hama", 3)
    kept = fold_summaries([precise, _written("Latmin"), summary])
    assert sorted(e.location for e in kept) == ["Latmin", "Morek"]  # the summary still folds


def test_events_unresolved_villages_merge_across_articles_only_by_name() -> None:
    assert not compatible(_written("Latmin", "a"), _written("Lahya", "b"), 25.0)
    assert compatible(_written("Latmin", "a"), _written("latmin", "b"), 25.0)
    assert not compatible(_written("Latmin", "a"), _event("Hama", 3, article="b"), 25.0)
