"""Re-mentions, descriptions and non-events in articles: one event per actor pair, day and place.

Short texts written for these tests, annotated by hand (``tests.test_events_split``: no
spaCy, no gazetteer); every place of that fixture is a town of Hama at one point.
"""

from __future__ import annotations

from datetime import date

from tests.test_events_split import _code, _sentence

from polemos.codebook import first_trigger
from polemos.event_fields import find_fatalities
from polemos.event_roles import assign_roles
from polemos.event_units import Sentence
from polemos.events import detect_trigger, fold_repeats, re_mention
from polemos.models import Event, Evidence


def test_events_rementions_definite_device_is_the_bomb_already_reported() -> None:
    events = _code("A car bomb exploded in Morek on Wednesday, killing 5 people.",
                   "There was no warning and the bomb exploded at noon.")  # fmt: skip
    assert [(e.location, e.fatalities) for e in events] == [("Morek", 5)]


def test_events_rementions_opening_mention_gives_the_toll_of_the_clash() -> None:
    events = _code("Rebels raided Islamic State positions in Morek on Wednesday.",
                   "The clashes lasted for hours and three fighters were killed.")  # fmt: skip
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Armed clash", 3)]


def test_events_rementions_restated_toll_keeps_the_conservative_figure() -> None:
    events = _code("A car bomb exploded in Morek on Wednesday, killing 30 people.",
                   "The explosion killed 12 people, officials said.")  # fmt: skip
    assert [e.fatalities for e in events] == [12]


def test_events_rementions_actor_pair_in_either_order_is_one_clash() -> None:
    first = "Rebels raided Islamic State positions in Morek today."
    events = _code(first, "Clashes took place between Islamic State and Rebels in Morek today.")
    assert [(e.actor1, e.actor2) for e in events] == [("Rebels", "Islamic State")]


def test_events_rementions_descriptions_and_discoveries_are_not_explosions() -> None:
    texts = [
        "Officials said Rebels had used armoured trucks as a car bomb in Morek.",
        "The army is inflicting the worst bombardment seen yet on Morek.",
        "Police said they had found another possible explosive device in Morek on Wednesday.",
        "Rebels left another bomb in Morek on Wednesday that did not go off.",
    ]
    for text in texts:
        kinds = {e.event_type for e in _code(text)}
        assert "Explosions/Remote violence" not in kinds, text


def test_events_rementions_consequence_told_in_passing_is_not_an_event() -> None:
    text = "Ten soldiers died in Morek on Wednesday, prompting Coalition forces airstrikes."
    assert not [e for e in _code(text) if e.sub_event_type == "Air/drone strike"]


def test_events_rementions_purpose_is_not_a_demonstration() -> None:
    text = "Police said the man flew the drone over Morek on Wednesday to protest the policy."
    assert not [e for e in _code(text) if e.disorder_type == "Demonstrations"]


def test_events_rementions_quoted_source_is_not_the_agent() -> None:
    sentence = _sentence("State television quoted the army as saying rockets landed in Morek.")
    trigger = detect_trigger(sentence)
    assert trigger is not None
    actor1, _ = assign_roles(sentence, trigger)
    assert actor1 is None


def test_events_rementions_mortar_attack_on_a_position_is_shelling() -> None:
    found = first_trigger("IS had carried out a mortar attack on a frontline position.")
    assert found is not None and found[0].name == "shelling"


def test_events_rementions_weapon_named_later_retypes_the_attack() -> None:
    events = _code("Gunmen attacked a mosque in Morek on Friday, killing 13 civilians.",
                   "Witnesses believe the attack in Morek was an air strike.")  # fmt: skip
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("Air/drone strike", 13)]
    assert [e.text for e in events[0].evidence if e.field == "sub_event_type"] == ["air strike"]


def test_events_rementions_killed_attacker_counts() -> None:
    text = "A man stabbed eight people in a mall before he was killed by an off-duty officer."
    assert find_fatalities(Sentence(0, len(text), text, 0))[0] == 1


def _strike(location: str, precision: int, lat: float, lon: float) -> Event:
    return Event(event_id_cnty=location, event_type="Explosions/Remote violence",
                 sub_event_type="Shelling/artillery/missile attack", actor1="Israel",
                 disorder_type="Political violence", event_date=date(2017, 1, 13),
                 time_precision=1, location=location, admin1="Damascus", latitude=lat,
                 longitude=lon, geo_precision=precision, date_basis="text",
                 evidence=[Evidence(article_id="a", field="location", start=0, end=1,
                                    text=location[0])])  # fmt: skip


def test_events_rementions_vague_and_precise_place_of_one_strike_fold() -> None:
    kept = fold_repeats([_strike("Damascus", 2, 33.51, 36.29), _strike("Mezzeh", 1, 33.48, 36.22)])
    assert [(e.location, e.geo_precision) for e in kept] == [("Mezzeh", 1)]


def test_events_rementions_two_exact_villages_nearby_stay_two_events() -> None:
    one, other = _strike("Mezzeh", 1, 33.48, 36.22), _strike("Kafr Sousa", 1, 33.50, 36.27)
    kept = fold_repeats([one, other])
    assert [e.location for e in kept] == ["Mezzeh", "Kafr Sousa"]


def test_events_rementions_definite_actor_is_not_a_definite_event() -> None:
    earlier = _strike("Morek", 1, 35.0, 36.7).model_copy(update={"event_type": "Battles"})
    unit = _sentence("Later the Rebels raided Islamic State positions.")
    trigger = detect_trigger(unit)
    assert trigger is not None and re_mention(unit, trigger, [earlier], True) is None
    unit = _sentence("Later the raid on Islamic State positions ended.")
    trigger = detect_trigger(unit)
    assert trigger is not None and re_mention(unit, trigger, [earlier], True) is earlier
