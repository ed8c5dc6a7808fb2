"""Article-level rules of the event coder: background, re-mentions, nominal triggers, roles,
fatalities and dates (docs/codebook.md, *What is not an event* and *Roles*).

Every sentence is written for these tests; the annotations come from the hand-made fixtures
of ``test_events_split`` (no spaCy, no gazetteer).
"""

from __future__ import annotations

from datetime import date

import pytest
from tests.test_events_split import PUBLISHED, _code, _sentence

from polemos.event_units import Sentence
from polemos.models import Mention, Place, ResolvedPlace, Span
from polemos.temporal import find_dates


@pytest.mark.parametrize(
    "text",
    [
        "The army is thought to have bombed Idlib several times since the war began.",
        "The army has previously neither confirmed nor denied that it shelled Idlib.",
        "Officials should investigate whether this was an airstrike on Idlib.",
        "The latest strikes bring the total number of strikes near Mosul to 900.",
        "Islamic State has had control of Mosul for two years.",
        "Police said 12 arrest warrants have been issued in Hama.",
        "Residents planned to join a march in Hama on Sunday to protest the violence.",
        "The man told police he flew the drone over Hama to protest the policy.",
        "If the army shelled Idlib again, the talks would end.",
        "Rebels conducting raids on army posts near Hama say they are not responsible.",
        "He pleaded not guilty to charges that he set off a bomb in Hama in September.",
    ],
)
def test_event_units_background_and_analysis_are_not_events(text: str) -> None:
    assert _code(text) == []


def test_event_units_remention_of_a_reported_attack_is_not_a_new_event() -> None:
    events = _code(
        "A bomb blast hit a market in Hama on Monday, killing 5 people.",
        "Witnesses believe the attack in Hama was an air strike.",
    )
    assert [(e.sub_event_type, e.location, e.fatalities) for e in events] == [
        ("Remote explosive/landmine/IED", "Hama", 5)
    ]


def test_event_units_list_lines_neither_code_nor_add_deaths() -> None:
    events = _code(
        "A bomb blast killed 2 people in Hama on Monday.",
        "*2017-02-06, a shopkeeper was killed.",
        "*2017-02-06, a teacher was killed.",
    )
    assert [(e.location, e.fatalities) for e in events] == [("Hama", 2)]


@pytest.mark.parametrize(
    ("text", "sub_type", "day"),
    [
        ("Police searched for the man behind a Friday blast in Hama.",
         "Remote explosive/landmine/IED", "2017-02-10"),
        ("The Hama bombing was an attack on 13 September 1974 at a cafe in Hama.",
         "Remote explosive/landmine/IED", "1974-09-13"),
        ("The mayor of Hama survived an attack on his life on Monday.", "Attack", "2017-02-06"),
        ("A man stabbed eight people in a shop in Hama on Monday.", "Attack", "2017-02-06"),
        ("The ministry condemned the terrorist attacks in Hama today.", "Attack", "2017-02-10"),
        ("Rebels raised their flag again in Morek on Monday.",
         "Non-state actor overtakes territory", "2017-02-06"),
    ],
)  # fmt: skip
def test_event_units_nominal_and_condemned_reports_are_events(
    text: str, sub_type: str, day: str
) -> None:
    events = _code(text)
    assert [(e.sub_event_type, str(e.event_date)) for e in events] == [(sub_type, day)]


def test_events_counted_plural_trigger_splits_its_places() -> None:
    events = _code("Two suicide bombings killed 40 people in Hama and Idlib on Monday.")
    assert sorted(e.location for e in events) == ["Hama", "Idlib"]
    assert {e.sub_event_type for e in events} == {"Suicide bomb"}


def test_events_same_attack_reported_twice_is_one_event() -> None:
    events = _code(
        "A car bomb exploded in Hama on Monday, killing 4 people.",
        "The car bombing in Hama on Monday was condemned by the ministry.",
    )
    assert [(e.location, e.fatalities) for e in events] == [("Hama", 4)]


def test_event_roles_claim_in_another_sentence_names_the_attacker() -> None:
    events = _code(
        "A bomb blast killed 5 people in Hama on Monday.",
        "Islamic State claimed responsibility for it in a statement.",
    )
    assert [e.actor1 for e in events] == ["Islamic State"]


def test_event_roles_claimed_by_in_the_sentence_names_the_attacker() -> None:
    text = "The terrorist attacks in Hama today, one claimed by Islamic State, hit a market."
    events = _code(text)
    assert [e.actor1 for e in events] == ["Islamic State"]


@pytest.mark.parametrize(
    ("text", "deaths"),
    [
        ("Gunmen opened fire on a bus in Hama, killing the three on the spot.", 3),
        ("Rebels took the dam after fighting that saw 120 soldiers and a senior general killed.",
         121),
    ],
)  # fmt: skip
def test_event_fields_fatality_wording(text: str, deaths: int) -> None:
    from polemos.event_fields import find_fatalities

    assert find_fatalities(_sentence(text))[0] == deaths


def test_temporal_year_alone_gives_mid_year_at_coarse_precision() -> None:
    found = find_dates("Bombs were used at the marathon in 2013.", PUBLISHED)
    assert [(m.text, m.value, m.precision) for m in found] == [("in 2013", date(2013, 7, 2), 3)]


def test_event_fields_scheduled_date_is_not_inherited() -> None:
    events = _code("His trial is scheduled for February 20.", "Rebels shelled Idlib.")
    assert [(e.event_date, e.date_basis) for e in events] == [(PUBLISHED, "publication_date")]


def _country(sentence: Sentence, name: str) -> Sentence:
    """``sentence`` with ``name`` annotated as a country-level place (precision 3)."""
    start = sentence.start + sentence.text.index(name)
    mention = Mention(span=Span(article_id="t", start=start, end=start + len(name), text=name),
                      label="GPE", clean_start=start, clean_end=start + len(name))  # fmt: skip
    geo = Place(gazetteer_id=f"g:{name}", name=name, latitude=35.0, longitude=38.0,
                country=name, admin1="")  # fmt: skip
    sentence.places.append(ResolvedPlace(mention=mention, place=geo, geo_precision=3))
    return sentence


def test_event_fields_town_in_next_sentence_beats_the_country() -> None:
    from polemos.event_fields import choose_places
    from polemos.event_units import Context, detect_trigger
    from polemos.models import Article, OffsetMap

    first_text = "An attack on a mosque in Syria on Friday killed 13 people."
    first = _country(_sentence(first_text), "Syria")
    second_text = "Witnesses said the mosque in Morek was hit."
    second = _sentence(second_text, first.end + 1)
    text = f"{first.text} {second_text}"
    article = Article(id="t", text=text, clean_text=text, offsets=OffsetMap.identity(len(text)),
                      content_hash="0" * 64, origin="test", format="txt")  # fmt: skip
    trigger = detect_trigger(first)
    assert trigger is not None
    places = choose_places(Context(article, [first, second], [], "test"), 0, trigger)
    assert [p.place.name for p in places if p.place] == ["Morek"]



def test_event_units_passive_capture_after_fighting_is_one_takeover() -> None:
    text = "In May 2016 Morek was captured by Islamic State after fighting that saw 120 men killed."
    events = _code(text)
    assert [(e.sub_event_type, e.location, e.actor1, e.fatalities) for e in events] == [
        ("Non-state actor overtakes territory", "Morek", "Islamic State", 120)
    ]


def test_events_follow_up_figure_for_known_victims_is_not_added() -> None:
    events = _code(
        "A suicide bomber blew himself up in Hama on Monday, killing six soldiers.",
        "All six of the soldiers killed were from Idlib.",
    )
    assert [e.fatalities for e in events] == [7]  # the bomber counts (EVENT_CODINGS.md)


def test_events_actor_before_a_nominal_trigger_is_not_its_agent() -> None:
    events = _code("The army searched Hama for the man behind a Friday blast in Hama.")
    assert [e.actor1 for e in events] == ["Unidentified Armed Group (Syria)"]


def test_events_agentive_verb_before_a_nominal_trigger_names_the_agent() -> None:
    events = _code("Rebels set off a car bomb in Hama on Monday.")
    assert [e.actor1 for e in events] == ["Rebels"]


def test_events_follow_up_killing_the_victims_adds_them() -> None:
    events = _code(
        "A bomb blast hit a bus in Hama on Monday.",
        "Gunmen then opened fire, killing the three on the spot.",
    )
    assert [e.fatalities for e in events] == [3]


def test_events_unnamed_remention_of_a_claimed_attack_folds_into_it() -> None:
    events = _code(
        "Rebels set off a car bomb in Hama on Monday, killing 4 people.",
        "The car bombing in Hama on Monday shocked the city.",
    )
    assert [(e.actor1, e.fatalities) for e in events] == [("Rebels", 4)]


def test_event_units_wiki_heading_ends_the_sentence_before_it() -> None:
    from polemos.event_units import sections

    text = "Rebels shelled Idlib on Monday. ==Aftermath== Police opened an inquiry in Hama."
    parts = sections(_sentence(text))
    assert [p.text for p in parts] == ["Rebels shelled Idlib on Monday.",
                                       "Police opened an inquiry in Hama."]  # fmt: skip
    assert [[p.place.name for p in part.places if p.place] for part in parts] == [
        ["Idlib"], ["Hama"]
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The ministry asked Turkey to capture the rebel leader in Idlib.",
        "A reward was offered for information leading to the capture of the bomber.",
    ],
)
def test_event_units_capture_of_a_person_is_not_a_takeover(text: str) -> None:
    assert _code(text) == []


def test_event_units_exploding_a_bomb_is_a_bombing() -> None:
    events = _code("The next morning the same unit exploded a bomb in Hama, injuring 5 people.")
    assert [e.sub_event_type for e in events] == ["Remote explosive/landmine/IED"]


def test_event_fields_next_day_follows_the_last_event() -> None:
    events = _code(
        "Rebels shelled Idlib on 3 February 2017.",
        "The next day, the army shelled Hama.",
    )
    assert [str(e.event_date) for e in events] == ["2017-02-03", "2017-02-04"]


def test_event_units_managing_to_capture_a_town_is_a_takeover() -> None:
    events = _code("On Monday Hayat Tahrir al-Sham managed to capture the town of Morek.")
    assert [(e.sub_event_type, e.location) for e in events] == [
        ("Non-state actor overtakes territory", "Morek")
    ]


def test_event_fields_place_modifying_a_noun_is_not_the_site() -> None:
    events = _code("On Monday rebels used Hama-made rockets in an attack on a market in Idlib.")
    assert [e.location for e in events] == ["Idlib"]
    events = _code("On Monday a Hama-made car bomb exploded.")
    assert [e.location for e in events] == [""]


def test_events_undated_remention_at_the_same_place_folds_into_the_dated_report() -> None:
    events = _code(
        "On 3 February 2017 a bomb exploded in a cafe in Hama, killing 2 people.",
        "On 5 February 2017 Rebels shelled Idlib.",
        "Rebels had planted the bomb in the cafe in Hama.",
    )
    assert sorted((e.location, str(e.event_date)) for e in events) == [
        ("Hama", "2017-02-03"), ("Idlib", "2017-02-05")
    ]


def test_event_roles_the_accused_acts_not_the_accuser() -> None:
    events = _code("Rebels have accused the army of shelling Idlib on Monday.")
    assert [e.actor1 for e in events] == ["Military Forces of Syria"]


def test_event_roles_an_accused_country_stands_for_its_forces() -> None:
    from polemos.event_roles import assign_roles
    from polemos.event_units import detect_trigger

    sentence = _country(_sentence("Rebels have accused Turkey of shelling Idlib."), "Turkey")
    sentence.places.sort(key=lambda p: p.mention.clean_start)
    trigger = detect_trigger(sentence)
    assert trigger is not None
    actor1, _ = assign_roles(sentence, trigger)
    assert actor1 is not None and actor1.actor.name == "Military Forces of Turkey"


def test_temporal_past_24_hours_is_the_day_before_publication() -> None:
    found = find_dates("In the past 24 hours, coalition jets struck Mosul.", PUBLISHED)
    assert [(m.text, m.value, m.precision) for m in found] == [
        ("the past 24 hours", date(2017, 2, 9), 1)
    ]


def test_event_fields_inherited_place_skips_a_modifier() -> None:
    events = _code(
        "Rebels clashed with the army near Idlib on Monday, Hama-backed officials said.",
        "Also, the army conducted five airstrikes.",
    )
    assert [e.location for e in events][-1] == "Idlib"


@pytest.mark.parametrize(
    "text",
    [
        "Bombs like these were used at the marathon in Hama in 2013.",
        "The president was holding a political rally in Hama.",
        "Observers were sent to Hama to monitor the ceasefire.",
        "Four men are serving their sentences for the bombings in Hama.",
        "The number of people arrested over the attack in Hama has risen to 34.",
    ],
)
def test_event_units_recollections_and_follow_ups_are_not_events(text: str) -> None:
    assert _code(text) == []
