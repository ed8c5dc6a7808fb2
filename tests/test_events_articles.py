"""Article-level coding rules of rules-7: flattened paragraph breaks, background sections,
re-mentions dated by another verb, attackers in tolls, lower-bound tolls, unlocated arrests.

Short texts written for these tests, annotated by hand (``tests.test_events_split``: no
spaCy, no gazetteer); every place of that fixture is a town of Hama at one point.
"""

from __future__ import annotations

from datetime import date

from tests.test_events_split import PUBLISHED, _code, _place, _sentence

from polemos.classify import shipped_model
from polemos.event_fields import find_fatalities
from polemos.event_units import (
    SectionState,
    Sentence,
    background_section,
    section_items,
    sections,
)
from polemos.events import code_article
from polemos.folding import fold_repeats
from polemos.models import Article, Event, Evidence, OffsetMap, Place, ResolvedPlace


def _deaths(text: str) -> int:
    return find_fatalities(Sentence(0, len(text), text, 0))[0]


def test_events_articles_space_run_is_a_paragraph_break() -> None:
    text = "Rebels shelled Idlib on Monday.    190102132047518    Police opened an inquiry."
    assert [p.text for p in sections(_sentence(text))] == [
        "Rebels shelled Idlib on Monday.", "190102132047518", "Police opened an inquiry."
    ]  # fmt: skip


def test_events_articles_toll_is_not_joined_to_the_next_paragraph() -> None:
    # without the break the warrants of the next paragraph would make it no event
    text = ("A car bomb exploded in Morek on Wednesday, killing 20 people.    The president "
            "then reinstated arrest warrants for 10 rebels.")  # fmt: skip
    events = _code(text)
    assert [(e.location, e.fatalities) for e in events] == [("Morek", 20)]


def test_events_articles_wiki_headings_are_kept_between_the_parts() -> None:
    text = "Rebels shelled Idlib. ==Background== Rebels shelled Hama. ==References=="
    items = [i if isinstance(i, str) else i.text for i in section_items(_sentence(text))]
    assert items == ["Rebels shelled Idlib.", "==Background==", "Rebels shelled Hama.",
                     "==References=="]  # fmt: skip
    assert background_section("Background") and background_section("Historical background")
    assert not background_section("Aftermath")


def test_events_articles_background_lasts_to_a_heading_of_its_level() -> None:
    wiki = SectionState()
    seen = []
    for heading in ("==Background==", "===Early years===", "==The bombing==", "===Kabul==="):
        wiki.enter(heading)
        seen.append(wiki.background)
    assert seen == [True, True, False, False]
    assert wiki.headings == 4


def test_events_articles_background_section_reports_no_event() -> None:
    events = _code(
        "A car bomb exploded in Morek on 27 January 2017.",
        "==Background== In January 2016 Rebels agreed to a truce with the army in Hama.",
        "Rebels shelled Latmin on 3 February 2017.",
        "==The bombing== The next day, Rebels shelled Lahya.",
    )
    assert [e.location for e in events] == ["Morek", "Lahya"]


def test_events_articles_definite_remention_dated_by_another_verb() -> None:
    events = _code(
        "A car bomb exploded in Morek on Wednesday, killing 5 people.",
        "On Thursday, officials blamed Rebels for the car bombing in Morek.",
    )
    assert [(e.location, str(e.event_date)) for e in events] == [("Morek", "2017-02-08")]


def test_events_articles_attacker_counts_in_the_toll() -> None:
    assert _deaths("26 people and the bomber were killed, and 42 others injured.") == 27
    assert _deaths("the bombing that killed 20 people as well as the attacker, dealing") == 21
    assert _deaths("The blast killed 21 people including the attacker.") == 21
    assert _deaths("Two soldiers and the gunman were wounded.") == 0


def _report(fatalities: int, text: str) -> Event:
    return Event(event_id_cnty="t", event_type="Explosions/Remote violence",
                 sub_event_type="Suicide bomb", location="Morek", event_date=date(2017, 2, 8),
                 fatalities=fatalities, evidence=[Evidence(article_id="t", field="fatalities",
                                                           start=0, end=2, text=text)])  # fmt: skip


def test_events_articles_higher_figure_makes_a_lower_bound_precise() -> None:
    first, again = _report(26, "26"), _report(27, "27")
    assert [e.fatalities for e in fold_repeats([first, again], lambda e: True)] == [27]
    first, again = _report(26, "26"), _report(27, "27")
    assert [e.fatalities for e in fold_repeats([first, again], lambda e: False)] == [26]


def test_events_articles_lead_over_figure_then_precise_toll() -> None:
    events = _code(
        "On Wednesday a suicide bombing killed over 26 people in Morek.",
        "A suicide bomber drove into a crowd and detonated his explosives.",
        "26 people and the bomber were killed, and 42 others injured.",
    )
    assert [e.fatalities for e in events] == [27]


def _country(name: str, start: int) -> ResolvedPlace:
    place = _place(name, start)
    geo = Place(gazetteer_id=f"g:{name}", name=name, latitude=35.0, longitude=38.0,
                country=name, feature="PCLI")  # fmt: skip
    return place.model_copy(update={"place": geo})


def test_events_articles_arrest_without_a_place_in_a_country_is_not_coded() -> None:
    text = "Police in Syria arrested Rebels on Wednesday."
    sentence = _sentence(text)
    sentence.places = [_country("Syria", text.index("Syria"))]
    article = Article(id="t", text=text, clean_text=text, offsets=OffsetMap.identity(len(text)),
                      content_hash="0" * 64, origin="test", format="txt",
                      published=PUBLISHED)  # fmt: skip
    assert code_article(article, [sentence], "test", shipped_model()) == []
    located = _code("Police arrested Rebels in Morek on Wednesday.")
    assert [(e.sub_event_type, e.location) for e in located] == [("Arrests", "Morek")]


def test_events_articles_wiki_heading_stops_date_inheritance() -> None:
    events = _code(
        "A car bomb exploded in Morek on 27 January 2017.",
        "==Background== On 22 December 2016 Rebels shelled Hama.",
        "==The bombing== Rebels set off a car bomb in Latmin.",
        "The next day, Rebels exploded a bomb in Lahya.",
    )
    dates = {e.location: str(e.event_date) for e in events}
    assert dates == {"Morek": "2017-01-27", "Latmin": "2017-02-10", "Lahya": "2017-01-28"}
    lahya = next(e for e in events if e.location == "Lahya")
    assert [e.text for e in lahya.evidence if e.field == "event_date"] == ["The next day"]
