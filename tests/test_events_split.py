"""Several events in one sentence: one report per place and day, fatalities kept in place.

The sentences are short fixtures written for these tests; actors, places and dates are
annotated by hand (no spaCy, no gazetteer) so that only the event coder is under test.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from tests.eventkit import code_texts

from polemos.actors import ActorMention
from polemos.classify import shipped_model
from polemos.event_units import Sentence, clauses
from polemos.events import detect_trigger, refine_trigger, split_units
from polemos.models import Actor, Event, Mention, Place, ResolvedPlace, Span
from polemos.temporal import find_dates

PUBLISHED = date(2017, 2, 10)  # a Friday
ACTORS = {
    "Rebels": Actor(id="rebels", name="Rebels", inter=2),
    "Hayat Tahrir al-Sham": Actor(id="hts", name="Hayat Tahrir al-Sham", inter=2),
    "government forces": Actor(id="military_forces", name="Military Forces", inter=1),
    "the army": Actor(id="military_forces", name="Military Forces", inter=1),
    "Coalition forces": Actor(id="coalition", name="Global Coalition Against Daesh", inter=8),
    "Islamic State": Actor(id="is", name="Islamic State", inter=2),
}
PLACES = ("Morek", "Latmin", "Lahya", "Ar Raqqah", "Mosul", "Kafr Nabudah", "Hama", "Idlib")


def _place(name: str, start: int) -> ResolvedPlace:
    end = start + len(name)
    mention = Mention(span=Span(article_id="t", start=start, end=end, text=name),
                      label="GPE", clean_start=start, clean_end=end)  # fmt: skip
    geo = Place(gazetteer_id=f"g:{name}", name=name, latitude=35.0, longitude=36.7,
                country="Syria", admin1="Hama")  # fmt: skip
    return ResolvedPlace(mention=mention, place=geo, geo_precision=1)


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


def _sentence(text: str, offset: int = 0) -> Sentence:
    """One annotated sentence: every known actor, place and date in ``text``."""
    actors = [
        ActorMention(actor, offset + at, offset + at + len(name), "name")
        for name, actor in ACTORS.items()
        for at in _occurrences(text, name)
    ]
    places = [_place(name, offset + at) for name in PLACES for at in _occurrences(text, name)]
    dates = [replace(d, start=d.start + offset, end=d.end + offset)
             for d in find_dates(text, PUBLISHED)]  # fmt: skip
    return Sentence(
        offset, offset + len(text), text, 0,
        sorted(actors, key=lambda m: m.clean_start),
        sorted(places, key=lambda p: p.mention.clean_start),
        dates,
    )  # fmt: skip


def _code(*texts: str) -> list[Event]:
    """Events of an article made of ``texts`` (one sentence each, one paragraph)."""
    return code_texts(texts, _sentence, PUBLISHED)


def _by_place(events: list[Event]) -> dict[str, Event]:
    return {e.location: e for e in events}


def test_events_split_territory_list_gives_one_event_per_place() -> None:
    events = _code("Hayat Tahrir al-Sham took control of Morek, Latmin and Lahya on Wednesday.")
    assert sorted(e.location for e in events) == ["Lahya", "Latmin", "Morek"]
    assert {e.sub_event_type for e in events} == {"Non-state actor overtakes territory"}
    assert {str(e.event_date) for e in events} == {"2017-02-08"}
    assert {e.actor1 for e in events} == {"Hayat Tahrir al-Sham"}


def test_events_split_total_fatalities_are_not_copied_to_every_place() -> None:
    text = "Hayat Tahrir al-Sham took control of Morek, Latmin and Lahya, killing 30 people."
    events = _code(text)
    assert {e.location: e.fatalities for e in events} == {"Morek": 30, "Latmin": 0, "Lahya": 0}


def test_events_split_figures_between_places_stay_with_their_place() -> None:
    text = "Hayat Tahrir al-Sham took control of Morek, killing 12 soldiers, and Latmin, killing 5."
    events = _by_place(_code(text))
    assert events["Morek"].fatalities == 12 and events["Latmin"].fatalities == 5


def test_events_split_strike_release_gives_one_event_per_place() -> None:
    text = (
        "Coalition forces conducted strikes against Islamic State: near Ar Raqqah, five strikes "
        "destroyed two fighting positions; near Mosul, three strikes killed four fighters."
    )
    events = _by_place(_code(text))
    assert sorted(events) == ["Ar Raqqah", "Mosul"]
    assert {e.sub_event_type for e in events.values()} == {"Air/drone strike"}
    assert events["Ar Raqqah"].actor1 == "Global Coalition Against Daesh"
    assert events["Mosul"].actor1 == "Global Coalition Against Daesh"
    assert events["Ar Raqqah"].fatalities == 0 and events["Mosul"].fatalities == 4


def test_events_split_airstrike_in_a_ground_battle_folds_into_the_battle() -> None:
    text = (
        "Rebels clashed with government forces in Kafr Nabudah on Tuesday, and an airstrike "
        "hit rebel positions during the fighting, killing seven."
    )
    events = _code(text)
    assert len(events) == 1
    assert events[0].sub_event_type == "Armed clash" and events[0].location == "Kafr Nabudah"
    assert events[0].fatalities == 7 and str(events[0].event_date) == "2017-02-07"


def test_events_split_distinct_days_and_places_are_separate_events() -> None:
    text = (
        "On Monday, Rebels shelled Hama, killing three civilians; on Wednesday, the army "
        "clashed with Rebels in Idlib, killing 12."
    )
    events = _by_place(_code(text))
    assert sorted(events) == ["Hama", "Idlib"]
    assert events["Hama"].sub_event_type == "Shelling/artillery/missile attack"
    assert str(events["Hama"].event_date) == "2017-02-06" and events["Hama"].fatalities == 3
    assert events["Idlib"].sub_event_type == "Armed clash"
    assert str(events["Idlib"].event_date) == "2017-02-08" and events["Idlib"].fatalities == 12


def test_events_split_clause_without_a_setting_of_its_own_stays_in_the_sentence() -> None:
    sentence = _sentence("Rebels clashed with the army in Idlib; the fighting lasted until dusk.")
    units = split_units(sentence, shipped_model())
    assert len(units) == 1 and units[0][0] is sentence


def test_events_split_clauses_carry_only_their_own_annotations() -> None:
    text = "Near Mosul, three strikes hit Islamic State; near Hama, one strike."
    parts = clauses(_sentence(text))
    assert [p.text for p in parts] == ["Near Mosul, three strikes hit Islamic State",
                                       "near Hama, one strike."]  # fmt: skip
    assert [p.places[0].mention.span.text for p in parts] == ["Mosul", "Hama"]
    assert [m.actor.id for m in parts[0].actors] == ["is"] and parts[1].actors == []


def test_events_split_deaths_in_the_next_sentence_belong_to_the_event() -> None:
    events = _code(
        "Hayat Tahrir al-Sham took control of Morek on Wednesday.",
        "About 30 soldiers were killed, while 100 others were captured.",
    )
    assert [(e.location, e.fatalities) for e in events] == [("Morek", 30)]


def test_events_split_statement_listing_two_attacks_gives_both() -> None:
    text = (
        "The ministry condemned the attack this morning at a crowded market in Hama, "
        "and the car bomb attacks in Idlib on Monday."
    )
    events = _by_place(_code(text))
    assert sorted(events) == ["Hama", "Idlib"]
    assert events["Hama"].sub_event_type == "Attack"
    assert str(events["Hama"].event_date) == "2017-02-10"
    assert events["Idlib"].sub_event_type == "Remote explosive/landmine/IED"
    assert str(events["Idlib"].event_date) == "2017-02-06"


def test_events_split_leading_clause_without_event_joins_the_first_event() -> None:
    text = (
        "Officials met in Hama; Rebels shelled Idlib on Monday; the army shelled Morek on Tuesday."
    )
    units = split_units(_sentence(text), shipped_model())
    assert [u.text for u, _ in units] == [
        "Officials met in Hama; Rebels shelled Idlib on Monday",
        "the army shelled Morek on Tuesday.",
    ]


def test_events_refine_violent_crowd_is_a_riot_even_with_deaths() -> None:
    violent = _sentence("Protesters threw stones during the demonstration and two of them died.")
    peaceful = _sentence("Protesters marched during the demonstration and two of them died.")
    for sentence, expected in ((violent, "Violent demonstration"),
                               (peaceful, "Excessive force against protesters")):  # fmt: skip
        trigger = detect_trigger(sentence)
        assert trigger is not None
        assert refine_trigger(sentence, trigger).rule.sub_event_type == expected
