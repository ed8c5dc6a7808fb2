"""Span rules of ``polemos.entities`` that widen or relabel entities after selection.

- named vessels and hull or task-force designators ("USS Mahan", "DDG 72", "CTF 50");
- a surname or first name standing alone is the Person that a fuller name of the same
  document names ("Anas" after "Anas Ahmad", "Votel" after "Gen. Joseph Votel");
- a place takes its administrative noun and compass modifier ("Mosul district",
  "northern Iraq") and a leading "the" ("the Gulf");
- a person named by a common noun is a Person ("a local physician");
- a named group takes the name words in front of it ("the Global Coalition",
  "Counter-Daesh Coalition") and the noun it heads ("ISIL tactical units").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from polemos.geo.countries import is_demonym
from polemos.geo.names import word_set

if TYPE_CHECKING:
    from polemos.entities import EntityMention

VESSEL_RE = re.compile(
    r"(?<![\w-])(?:USS|USNS|HMS|HMAS|HMCS|HMNZS|FS|INS|TCG|ITS|ESPS|HNLMS|RFS)\s+"
    r"[A-Z][\w'’-]*(?:\s+(?:de\s+)?[A-Z][\w'’-]*){0,2}"
)
HULL_RE = re.compile(r"(?<![\w-])(?:DDG|CVN|CG|LHD|LHA|FFG|LPD|LSD|SSN|SSGN|CVH|LCS)[- ]\d{1,3}\b")
TASK_FORCE_RE = re.compile(r"(?<![\w-])(?:CTF|JTF|TF|CTG)[- ]\d{2,3}(?:\.\d+)?\b")


def designators(text: str) -> list[tuple[int, int, str]]:
    """Named ships and hull numbers (MilitaryPlatform), task-force numbers (Organisation)."""
    found = [(m.start(), m.end(), "MilitaryPlatform") for m in VESSEL_RE.finditer(text)]
    found += [(m.start(), m.end(), "MilitaryPlatform") for m in HULL_RE.finditer(text)]
    found += [(m.start(), m.end(), "Organisation") for m in TASK_FORCE_RE.finditer(text)]
    return found


NAME_PART_SPLIT = re.compile(r"[\s\-‐–]+")
NAME_PARTICLES = {"al", "el", "bin", "ibn", "abu", "abd", "de", "van", "von", "der", "the"}


def name_parts(people: list[EntityMention], is_place: Callable[[str], bool]) -> set[str]:
    """Words of multi-word person names that can stand alone for the person."""
    parts: set[str] = set()
    for person in people:
        words = [w.strip(".,\"'“”’") for w in NAME_PART_SPLIT.split(person.text)]
        if len(words) < 2:
            continue
        parts.update(
            w for w in words
            if len(w) >= 3 and w[:1].isupper() and w.lower() not in NAME_PARTICLES
            and not w.isupper() and not is_demonym(w) and not is_place(w)
        )  # fmt: skip
    return parts


def people_by_name_part(
    entities: list[EntityMention], is_place: Callable[[str], bool], titles: set[str]
) -> list[EntityMention]:
    """Entities whose whole text is part of a person's name elsewhere become Person."""
    people = [e for e in entities if e.type == "Person"]
    parts = name_parts(people, is_place) - {t.capitalize() for t in titles}
    vessels = {m.group(1) for e in entities if (m := VESSEL_NAME_RE.match(e.text))}
    relabelled = []
    for entity in entities:
        words = NAME_PART_SPLIT.split(entity.text)
        if entity.source in {"spacy", "gazetteer"} and entity.text in vessels:
            entity = replace(entity, type="MilitaryPlatform")  # "Forbin" after "FS Forbin"
        elif (
            entity.type in {"Organisation", "Location"} and entity.source in {"spacy", "gazetteer"}
            and all(w in parts for w in words)
        ):  # fmt: skip
            entity = replace(entity, type="Person")
        relabelled.append(entity)
    return relabelled


VESSEL_PREFIXES = r"(?:USS|USNS|HMS|HMAS|HMCS|HMNZS|FS|INS|TCG|ITS|ESPS|HNLMS|RFS)"
VESSEL_NAME_RE = re.compile(VESSEL_PREFIXES + r"\s+(.+)$")


COMPASS_RE = re.compile(
    r"(?<![\w-])(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west|"
    r"central|upper|lower)(?:ern)?\s+$",
    re.I,
)
ADMIN_NOUN_RE = re.compile(
    r"\s+(?:[Pp]rovince|[Dd]istrict|[Gg]overnorate|[Rr]egion|[Ss]ub-?district|[Rr]iver|"
    r"[Dd]am|[Vv]alley|[Mm]ountains)\b"
)
ARTICLE_BEFORE_RE = re.compile(r"(?<![\w-])[Tt]he\s+$")


def widened_place(text: str, entity: EntityMention, is_country: Callable[[str], bool]) -> tuple[
    int, int
]:  # fmt: skip
    """Span of a place with its administrative noun, compass word and article."""
    start, end = entity.start, entity.end
    noun = ADMIN_NOUN_RE.match(text, end)
    if noun and not is_country(entity.text):
        end = noun.end()
    compass = COMPASS_RE.search(text, max(0, start - 16), start)
    if compass and compass.end() == start:
        start = compass.start()
    water = WATER_OF_RE.search(text, max(0, start - 40), start)
    if water and water.end() == start:
        start = water.start()
    article = ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start)
    modifier = re.match(r"\s+[a-z]", text[end : end + 2])  # "the Mosul offensive"
    if article and article.end() == start and not is_country(entity.text) and not modifier:
        start = article.start()
    return start, end


# "Gulf of Aden", "the Hashemite Kingdom of Jordan": the place is the whole name.
WATER_OF_RE = re.compile(
    r"(?<![\w-])(?:[A-Z][a-z]+\s+)?(?:Gulf|Bay|Strait|Sea|Kingdom|Republic|Emirate|Straits)"
    r"\s+of\s+(?:the\s+)?$"
)
US_STATES = word_set(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Georgia "
    "Hawaii Idaho Illinois Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts "
    "Michigan Minnesota Mississippi Missouri Montana Nebraska Nevada Ohio Oklahoma Oregon "
    "Pennsylvania Tennessee Texas Utah Vermont Virginia Washington Wisconsin Wyoming D.C."
) | {
    "New York",
    "New Jersey",
    "New Mexico",
    "New Hampshire",
    "North Carolina",
    "South Carolina",
    "North Dakota",
    "South Dakota",
    "West Virginia",
    "Rhode Island",
}


ORG_NAME_WORDS = {"global", "national", "international", "arab", "democratic", "free",
                  "islamic", "united", "joint", "combined", "counter", "small", "new",
                  "syrian", "iraqi", "kurdish", "isil", "isis", "daesh"}  # fmt: skip
NAME_WORD_BEFORE_RE = re.compile(r"(?<![\w-])([A-Z][\w]*(?:-[A-Z][\w]*)?)\s+$")
ORG_FOLLOWER_RE = re.compile(
    r"(?:\s+(?:tactical|civilian|foreign|senior|military|special|counter-attack|elite|local|"
    r"regular|allied))?\s+(?:fighters|militants|forces|members|troops|units|brigades|partners|"
    r"ministers|aircrew|employees|terrorists|movement|officials|commanders|jihadists)\b"
)
COUNTER_SUFFIX_RE = re.compile(r"\s+to\s+(?:Counter|Defeat)\s+(?:ISIL|ISIS|Daesh|IS)\b")


def widened_group(text: str, start: int, end: int) -> tuple[int, int]:
    """A named group with the name words before it and the noun it heads."""
    while True:
        before = NAME_WORD_BEFORE_RE.search(text, max(0, start - 30), start)
        if before is None or before.end() != start or not _name_word(before.group(1)):
            break
        start = before.start()
    article = ARTICLE_BEFORE_RE.search(text, max(0, start - 4), start)
    if article and article.end() == start:
        start = article.start()
    for pattern in (COUNTER_SUFFIX_RE, ORG_FOLLOWER_RE):
        follower = pattern.match(text, end)
        if follower:
            end = follower.end()
    return start, end


def _name_word(word: str) -> bool:
    lower = word.lower()
    return (
        lower in ORG_NAME_WORDS
        or lower.startswith("counter-")
        or (is_demonym(word) and not word.endswith("s"))
    )


# Heads of nominal phrases naming one person ("a local physician", "the Iraqi commander").
PERSON_HEADS = (
    "man",
    "woman",
    "girl",
    "boy",
    "resident",
    "soldier",
    "officer",
    "commander",
    "general",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "physician",
    "doctor",
    "carpenter",
    "student",
    "analyst",
    "engineer",
    "teacher",
    "farmer",
    "brother",
    "sister",
    "wife",
    "husband",
    "son",
    "daughter",
    "mother",
    "father",
    "pilot",
    "journalist",
    "official",
    "minister",
    "secretary",
    "leader",
    "envoy",
)
_PERSON_NOMINAL_RE = re.compile(
    r"(?<![\w-])(?:[Tt]he|[Aa]n?|[Oo]ne|[Aa]nother|[Hh]is|[Hh]er|[Mm]y)\s+"
    r"(?:(?:[a-z][\w-]*|[A-Z][a-z]+)\s+){0,3}?(?:" + "|".join(PERSON_HEADS) + r")(?![\w-])"
)


def person_nominals(text: str) -> list[tuple[int, int]]:
    """One person named by a common noun: "a local physician", "the Iraqi commander"."""
    found = []
    for match in _PERSON_NOMINAL_RE.finditer(text):
        words = match.group().split()[1:-1]
        if all(w[:1].islower() or is_demonym(w) for w in words):
            found.append((match.start(), match.end()))
    return found
