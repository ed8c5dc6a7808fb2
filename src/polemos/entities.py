"""Entity recognition with re3d's types over a spaCy doc.

Types: Organisation, Person, Location, Nationality, Weapon, MilitaryPlatform.  spaCy's
statistical NER (the configured pipeline, shared with the ``Extractor``) proposes spans;
domain rules correct and complete them:

- actor mentions from ``polemos.actors.ActorResolver`` are Organisation (an armed group
  that spaCy calls PERSON or PRODUCT is still a group), as are nominal group phrases
  ("the Iraqi security forces", "the Asad regime") and peoples in the plural ("Syrians");
- gazetteer toponyms (``polemos.geo.recognize``) are Location;
- country and identity adjectives ("Iraqi", "Kurdish", "Yazidi") are Nationality;
- weapons and military platforms come from the lexicon ``polemos/data/weapons.yaml``;
- people keep their titles ("Foreign Minister Julie Bishop"), and a bare title with an
  article ("the Foreign Secretary") is a Person;
- with ``pronouns=True`` personal pronouns are mentions too (I/me/he/him/she → Person,
  we/us/they → Organisation), as re3d annotates them.

Candidates are ranked by rule priority, then length, and kept when they do not overlap a
better one.  Offsets are into ``doc.text`` (an article's ``clean_text``); use
``Article.span`` to map them to the original text.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from polemos.actors import ActorMention, ActorResolver
from polemos.entity_rules import (
    US_STATES,
    designators,
    people_by_name_part,
    person_nominals,
    widened_group,
    widened_place,
)
from polemos.errors import ConfigError
from polemos.geo.countries import is_demonym

if TYPE_CHECKING:
    from polemos.pipeline import Extractor

ENTITY_TYPES = ("Organisation", "Person", "Location", "Nationality", "Weapon", "MilitaryPlatform")
SPACY_TYPES = {"ORG": "Organisation", "PERSON": "Person", "GPE": "Location", "LOC": "Location",
               "FAC": "Location", "NORP": "Nationality"}  # fmt: skip
# Rule priorities: lower wins an overlap (then the longer span).
PRIORITY = {"lexicon": 0, "title": 1, "actor": 2, "nominal": 2, "place": 3, "gazetteer": 4,
            "spacy": 5, "nationality": 6, "pronoun": 7}  # fmt: skip
PRONOUNS = {"i": "Person", "me": "Person", "he": "Person", "him": "Person", "she": "Person",
            "we": "Organisation", "us": "Organisation", "they": "Organisation",
            "myself": "Person", "ourselves": "Organisation"}  # fmt: skip
IDENTITY_ADJECTIVES = {"kurdish", "yazidi", "shiite", "shia", "sunni", "alawite", "druze",
                       "arab", "turkmen", "assyrian", "christian", "muslim", "jewish", "european",
                       "western", "persian", "chechen", "uyghur", "pashtun", "baloch",
                       "tuareg", "fulani", "hausa"}  # fmt: skip
# Heads of nominal group phrases ("the Iraqi government", "pro-Assad forces").
ORG_HEADS = {"government", "governments", "regime", "forces", "coalition", "authorities",
             "opposition", "army", "military", "police", "militia", "militias", "rebels",
             "insurgents", "militants", "fighters", "troops", "soldiers", "enemy",
             "community", "partners", "allies", "leaders", "ministry", "administration",
             "refugees", "civilians", "people", "donors", "members", "navy", "marines",
             "jihadists", "terrorists", "airmen", "personnel", "delegation", "ministers",
             "officials", "businesses", "children", "journalists",
             "victims", "residents", "media", "television", "counterparts", "parties",
             "preservationists", "citizens", "factories", "worshippers", "writers",
             "organisations", "organizations", "scholars", "travellers", "travelers",
             "activists", "experts", "volunteers", "councils", "students", "teachers"}  # fmt: skip
# Heads that need a modifier or an article to be a mention ("forces" alone is too vague).
BARE_HEADS = {"civilians", "refugees", "children", "journalists", "rebels", "insurgents",
              "militants", "jihadists", "terrorists", "donors"}  # fmt: skip
ORG_MODIFIERS = {"security", "armed", "international", "government", "pro-government",
                 "opposition", "local", "foreign", "coalition", "allied", "partner", "rebel",
                 "special", "national", "regime", "syrian", "iraqi", "kurdish", "innocent",
                 "moderate", "global", "european", "western", "military", "federal", "state",
                 "tribal", "elite", "counter-terrorism", "anti-government", "pro-assad",
                 "pro-regime", "counter-isil", "counter-daesh", "u.s.-led", "us-led"}  # fmt: skip
TITLE_WORDS = {"president", "minister", "secretary", "deputy", "general", "gen.", "gen", "maj.",
               "lt.", "col.", "colonel", "major", "lieutenant", "commander", "commodore",
               "admiral", "adm.", "captain", "capt.", "sgt.", "sergeant", "dr", "dr.", "mr",
               "mr.", "mrs", "mrs.", "ms", "ms.", "he", "sheikh", "king", "queen", "prince",
               "emir", "envoy", "ambassador", "spokesman", "spokeswoman", "chief", "director",
               "governor", "senator", "chairman", "prime", "foreign", "defense", "defence",
               "special", "presidential", "army", "acting", "brig.", "brigadier", "imam",
               "mayor", "premier", "lt", "maj", "col", "brig", "capt", "sgt", "spc", "cpl",
               "pvt", "adm", "staff", "navy", "vice", "planning", "interior"}  # fmt: skip
BARE_TITLE_RE = re.compile(
    r"\b(?:[Tt]he|[Hh]is|[Hh]er)\s+(?:[A-Z][a-z]+\s+){0,2}"
    r"(?:Foreign Secretary|Prime Minister|Foreign Minister|Defen[cs]e Secretary|"
    r"Defen[cs]e Minister|Secretary of State|President|Minister|Secretary|Ambassador|"
    r"Envoy|Chancellor)\b(?!\s+[A-Z])"
)
# A title phrase before a name: "US Secretary of State", "Iraqi Prime Minister",
# "Special Presidential Envoy for the Global Coalition to Counter ISIL".
TITLE_PHRASE_RE = re.compile(
    r"(?<![\w.-])(?:[Tt]he\s+)?(?:(?:U\.S\.|US|UK|U\.K\.|Foreign\s+Office|[A-Z][a-z]+(?:i|an|ish))\s+)?"
    r"(?:(?:Deputy|Acting|Special|Vice|Prime|Foreign|Defen[cs]e|Presidential|Home|Chief|Senior)\s+)*"
    r"(?:Secretary|Minister|President|Envoy|Ambassador|Director|Commander|Spokesman)"
    r"(?:\s+(?:of|for)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+(?:to\s+)?[A-Z][\w-]*){0,4}?)?\s+$"
)
DETERMINER_BEFORE_RE = re.compile(
    r"(?<![\w-])(?:[Tt]he|[Oo]ur|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hese)\s+$"
)


@dataclass(frozen=True)
class EntityMention:
    """An entity of ``doc.text``: ``start``/``end`` index the analysed (clean) text."""

    start: int
    end: int
    text: str
    type: str
    source: str  # lexicon | title | actor | nominal | people | spacy | gazetteer | ...
    actor_id: str | None = None


@dataclass(frozen=True)
class LexiconTerm:
    pattern: re.Pattern[str]
    type: str


@lru_cache(maxsize=1)
def weapon_lexicon() -> tuple[LexiconTerm, ...]:
    """Compiled patterns of ``polemos/data/weapons.yaml``, longest terms first."""
    text = resources.files("polemos.data").joinpath("weapons.yaml").read_text("utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise ConfigError(f"polemos/data/weapons.yaml: invalid YAML: {error}") from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ConfigError("polemos/data/weapons.yaml: expected 'modifiers' and 'entries'")
    modifiers = data.get("modifiers") or {}
    terms: list[LexiconTerm] = []
    for entry in data["entries"]:
        kind = str(entry["type"])
        words = sorted((str(t) for t in entry["terms"]), key=len, reverse=True)
        terms.append(LexiconTerm(_lexicon_pattern(words, modifiers.get(kind, [])), kind))
    return tuple(terms)


def _lexicon_pattern(terms: list[str], modifiers: list[str]) -> re.Pattern[str]:
    exact = [re.escape(t) for t in terms if not t.islower()]
    folded = [re.escape(t) for t in terms if t.islower()]
    mods = "|".join(re.escape(m) for m in sorted(modifiers, key=len, reverse=True))
    plural = r"(?:e?s)?"
    alternatives = [rf"(?-i:{'|'.join(exact)}){plural}"] if exact else []
    alternatives += [rf"(?:{'|'.join(folded)}){plural}"] if folded else []
    lead = rf"(?:(?:{mods})[\s-]+){{0,2}}" if mods else ""
    system = r"(?:\s+systems?)?"  # "anti-aircraft artillery systems"
    return re.compile(rf"(?<![\w-]){lead}(?:{'|'.join(alternatives)}){system}(?![\w-])", re.I)


class EntityTagger:
    """Tags re3d entity types; reuse one per process (holds the gazetteer reference)."""

    def __init__(
        self, resolver: ActorResolver | None = None, gazetteer: Any = None,
        pronouns: bool = False,
    ) -> None:  # fmt: skip
        self.resolver = resolver
        self.gazetteer = gazetteer
        self.pronouns = pronouns

    @classmethod
    def from_extractor(cls, extractor: Extractor, pronouns: bool = False) -> EntityTagger:
        """A tagger sharing the extractor's actor resolver and gazetteer."""
        return cls(extractor.resolver, extractor.geocoder.gazetteer, pronouns)

    def tag(self, doc: Any, actors: Sequence[ActorMention] | None = None) -> list[EntityMention]:
        """Entities of ``doc`` (``actors``: its actor mentions, resolved here when omitted)."""
        if actors is None:
            actors = self.resolver.resolve(doc) if self.resolver else []
        text = doc.text
        candidates = lexicon_entities(text)
        candidates += titled_people(doc)
        candidates += actor_entities(text, actors)
        candidates += _with_actor_ids(nominal_groups(text), candidates)
        candidates += [_mention(text, s, e, "Person", "nominal") for s, e in person_nominals(text)]
        named = spacy_entities(doc)
        toponyms = self._toponyms(doc, [(m.clean_start, m.clean_end) for m in actors])
        places = named + [t for t in toponyms if not any(_inside(t, n) for n in named)]
        candidates += [self._widened_place(text, self._place_role(text, e)) for e in places]
        candidates += place_nominals(text)
        candidates += nationalities(text)
        candidates += [_mention(text, s, e, k, "lexicon") for s, e, k in designators(text)]
        if self.pronouns:
            candidates += pronoun_entities(text)
        entities = self._qualified_places(text, select(candidates))
        return people_by_name_part(entities, self._is_country, TITLE_WORDS)

    def _widened_place(self, text: str, entity: EntityMention) -> EntityMention:
        if entity.type != "Location":
            return entity
        start, end = widened_place(text, entity, self._is_country)
        return _mention(text, start, end, "Location", entity.source)

    def _qualified_places(self, text: str, entities: list[EntityMention]) -> list[EntityMention]:
        """ "Palmyra, Syria": a place and the country qualifying it are one Location."""
        merged: list[EntityMention] = []
        for entity in entities:
            last = merged[-1] if merged else None
            if (
                last is not None and last.type == entity.type == "Location"
                and text[last.end : entity.start] == ", " and not self._is_country(last.text)
                and (self._is_country(entity.text) or entity.text in US_STATES)
            ):  # fmt: skip
                end = _trimmed_end(text, last.start, entity.end)
                merged[-1] = _mention(text, last.start, end, "Location", last.source)
            else:
                merged.append(entity)
        return merged

    def _is_country(self, name: str) -> bool:
        return self.gazetteer is not None and bool(self.gazetteer.country_code(name))

    def _place_role(self, text: str, entity: EntityMention) -> EntityMention:
        """A country acting ("The UK is committed", "warning Israel") is an Organisation."""
        if entity.type != "Location" or self.gazetteer is None:
            return entity
        name = entity.text
        article = re.match(r"[Tt]he\s+", name)
        if not self.gazetteer.country_code(name[article.end() :] if article else name):
            return entity
        before = text[max(0, entity.start - 30) : entity.start]
        after = text[entity.end : entity.end + 20]
        if not article and (LOCATIVE_BEFORE_RE.search(before) or PLACE_AFTER_RE.match(after)):
            return entity
        start = _with_article(text, entity.start)
        return _mention(text, start, entity.end, "Organisation", entity.source)

    def _toponyms(self, doc: Any, exclude: list[tuple[int, int]]) -> list[EntityMention]:
        if self.gazetteer is None:
            return []
        from polemos.geo.recognize import recognize

        text = doc.text
        return [
            EntityMention(t.start, t.end, text[t.start : t.end], "Location", "gazetteer")
            for t in recognize(doc, text, self.gazetteer, exclude)
        ]


PLACE_NOUNS = (
    "library",
    "city",
    "town",
    "village",
    "front line",
    "frontline",
    "mosque",
    "station",
    "airport",
    "hospital",
    "farm",
    "farms",
    "camp",
    "compound",
    "building",
    "basement",
    "base",
    "market",
    "school",
    "checkpoint",
    "neighbourhood",
    "neighborhood",
    "suburb",
    "prison",
    "church",
    "bridge",
    "port",
    "palace",
)
_PLACE_NOMINAL_RE = re.compile(
    r"(?<![\w-])(?:[Tt]he|[Aa]n?|[Tt]his|[Tt]hat|[Oo]ur|[Tt]heir|[Hh]is|[Hh]er)\s+"
    r"(?:(?:[a-z][\w-]*|[A-Z][a-z]+)\s+)?(?:" + "|".join(PLACE_NOUNS) + r")(?![\w-])"
    r"(?:\s+of\s+(?:the\s+)?(?:[A-Z][\w'’-]*)(?:\s+[A-Z][\w'’-]*)*)?"
)
LOCATIVE_BEFORE_RE = re.compile(
    r"(?:\b(?i:in|across|into|inside|throughout|from|near|around|within|at|to|visited|visit|"
    r"visiting|over|bordering|outside|of|rid)\s+(?:(?:north|south|east|west)\w*\s+)?"
    r"(?:[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*(?:,\s*|\s+and\s+|,\s+and\s+))*"
    r"|\b(?:a|an|the)\s+[a-z]+\s+|\b(?:democratic|new|future|free|stable|peaceful)\s+)$"
)
PLACE_AFTER_RE = re.compile(r"^(?:’s|'s)?\s+(?:civil\s+)?(?:crisis|conflict|war)\b")


def place_nominals(text: str) -> list[EntityMention]:
    """Places named by a common noun: "the library", "the city of Mosul"."""
    return [
        _mention(text, m.start(), m.end(), "Location", "place")
        for m in _PLACE_NOMINAL_RE.finditer(text)
    ]


def select(candidates: Iterable[EntityMention]) -> list[EntityMention]:
    """Non-overlapping entities: best priority first, then the longer span."""
    ranked = sorted(candidates, key=lambda e: (PRIORITY[e.source], e.start - e.end, e.start))
    kept: list[EntityMention] = []
    for entity in ranked:
        if entity.end > entity.start and not any(_overlap(entity, k) for k in kept):
            kept.append(entity)
    return sorted(kept, key=lambda e: e.start)


def _with_actor_ids(
    phrases: list[EntityMention], named: list[EntityMention]
) -> list[EntityMention]:
    """Group phrases holding a named actor ("Jund al-Aqsa fighters") take its actor id."""
    resolved = []
    for phrase in phrases:
        inner = next((n.actor_id for n in named if n.actor_id and _within(n, phrase)), None)
        resolved.append(replace(phrase, actor_id=inner) if inner else phrase)
    return resolved


def _within(inner: EntityMention, outer: EntityMention) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _inside(inner: EntityMention, outer: EntityMention) -> bool:
    """True when ``inner`` lies within ``outer`` and is shorter."""
    shorter = inner.end - inner.start < outer.end - outer.start
    return outer.start <= inner.start and inner.end <= outer.end and shorter


def _overlap(a: EntityMention, b: EntityMention) -> bool:
    return a.start < b.end and b.start < a.end


def _mention(text: str, start: int, end: int, kind: str, source: str) -> EntityMention:
    return EntityMention(start, end, text[start:end], kind, source)


MODEL_NAME_RE = re.compile(r" (?!(?:The|A|An|In|On|At|And|But)\b)[A-Z][a-z]{3,}(?: [A-Z][a-z]+)?\b")


# A strike that acts ("These strikes destroyed …") is the weapon of the sentence.
ACTING_STRIKE_RE = re.compile(
    r"(?<![\w-])(?:air\s?)?strikes?(?=\s+(?:have\s+|has\s+|had\s+|also\s+)?"
    r"(?:engaged|destroyed|hit|killed|struck|targeted|damaged)\b)",
    re.I,
)


def lexicon_entities(text: str) -> list[EntityMention]:
    """Weapons and military platforms of the bundled lexicon, and strikes that act."""
    found = [_mention(text, m.start(), m.end(), "Weapon", "lexicon")
             for m in ACTING_STRIKE_RE.finditer(text)]  # fmt: skip
    for term in weapon_lexicon():
        for match in term.pattern.finditer(text):
            end = match.end()
            named = MODEL_NAME_RE.match(text, end) if re.search(r"\d", match.group()) else None
            end = named.end() if named else end  # "KC-135R Stratotanker"
            found.append(_mention(text, match.start(), end, term.type, "lexicon"))
    return found


def actor_entities(text: str, actors: Sequence[ActorMention]) -> list[EntityMention]:
    """Named actor mentions are Organisation, with a leading "the" and a following head."""
    found = []
    for mention in actors:
        if mention.kind not in {"name", "acronym", "provisional", "generic"}:
            continue
        start, end = widened_group(text, mention.clean_start, mention.clean_end)
        entity = _mention(text, start, end, "Organisation", "actor")
        found.append(replace(entity, actor_id=mention.actor.id))
    return found


def _with_article(text: str, start: int) -> int:
    before = re.search(r"\b[Tt]he\s+$", text[max(0, start - 4) : start])
    return start - len(before.group()) if before else start


def spacy_entities(doc: Any) -> list[EntityMention]:
    """spaCy's entities mapped to re3d types; organisations keep a leading "the"."""
    text = doc.text
    found = []
    for ent in doc.ents:
        kind = SPACY_TYPES.get(ent.label_)
        if kind is None or _not_a_name(ent.text, kind):
            continue
        if kind == "Nationality":
            kind = _norp_type(ent.text)
            if kind is None:
                continue
        start = ent.start_char
        if text[start : start + 4].lower() == "the " and kind == "Location":
            start += 4
        if kind == "Organisation":
            start = _with_article(text, start)
        end = _trimmed_end(text, start, ent.end_char)
        if end > start:
            found.append(_mention(text, start, end, kind, "spacy"))
    return found


# A possessive, a citation mark ("[1"), an opening bracket or a sentence's full stop that
# spaCy left at the end of an entity ("Radio 4's", "Abu Haidar,[1", "Syria.").
TRAILING_JUNK_RE = re.compile(r"(?:['’]s?|,?\s*[\[(][^\])]*|(?<=[a-z]{2})\.)$")


def _trimmed_end(text: str, start: int, end: int) -> int:
    """The end of an entity without trailing possessives and citation marks."""
    match = TRAILING_JUNK_RE.search(text, start, end)
    return start + len(text[start : match.start()].rstrip(" ,")) if match else end


# Web platforms and software that spaCy takes for organisations or people.
PLATFORMS = {"twitter", "facebook", "skype", "instagram", "youtube", "flickr", "whatsapp",
             "telegram", "google", "wikipedia"}  # fmt: skip


def _not_a_name(text: str, kind: str) -> bool:
    """Platform names, and "people" that are shouted words or codes ("QUESTION")."""
    if text.lower() in PLATFORMS:
        return True
    return kind == "Person" and (any(ch.isdigit() for ch in text) or text.isupper())


def _norp_type(name: str) -> str | None:
    """ "Syrian" is a Nationality; "Syrians" a group of people (Organisation)."""
    if name.endswith("s") and not name.endswith(("ss", "ese")):
        return "Organisation"
    return "Nationality"


def nationalities(text: str) -> list[EntityMention]:
    """Country and identity adjectives written with a capital."""
    found = []
    for match in re.finditer(r"(?<![\w-])[A-Z][a-z]+(?:-[a-z]+)?(?![\w-])", text):
        word = match.group()
        if word.lower() in IDENTITY_ADJECTIVES or (is_demonym(word) and not word.endswith("s")):
            found.append(_mention(text, match.start(), match.end(), "Nationality", "nationality"))
    return found


def _is_modifier(word: str) -> bool:
    lower = word.lower()
    return (
        lower in ORG_MODIFIERS
        or lower in IDENTITY_ADJECTIVES
        or is_demonym(word)
        or (word[:1].isupper() and lower not in NOT_MODIFIERS)
    )


NOT_MODIFIERS = {"the", "a", "an", "and", "of", "in", "on", "at", "for", "by", "with", "from",
                 "now", "then", "but", "as", "when", "while", "if", "so", "i", "they", "we",
                 "he", "she", "it", "this", "that", "these", "those", "there", "here", "also",
                 "meanwhile", "however", "all", "both", "many", "some", "most", "other",
                 *(m.lower() for m in calendar.month_name[1:]),
                 *(d.lower() for d in calendar.day_name)}  # fmt: skip
_NOMINAL_RE = re.compile(
    r"(?<![\w-])(?P<det>(?:[Tt]he|[Oo]ur|[Tt]heir|[Ii]ts|[Tt]his|[Tt]hese|[Tt]hose)\s+)?"
    r"(?P<mods>(?:[\w.'’-]+ ){0,3}?)(?P<head>" + "|".join(sorted(ORG_HEADS)) + r")(?![\w-])"
    r"(?P<of>\s+of\s+(?:the\s+)?(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*))*)?",
    re.I,
)


def nominal_groups(text: str) -> list[EntityMention]:
    """Nominal phrases naming a group: "the Iraqi government", "Syrian regime forces"."""
    found = []
    for match in _NOMINAL_RE.finditer(text):
        head = match.group("head")
        if not head.islower() and match.start("head") != match.start():
            continue
        start = _nominal_start(text, match)
        if start is not None:
            end = match.end("of") if match.group("of") else match.end("head")
            found.append(_mention(text, start, end, "Organisation", "nominal"))
    return found


def _nominal_start(text: str, match: re.Match[str]) -> int | None:
    """Where a nominal group phrase starts: its modifiers and determiner, if any."""
    mods = match.group("mods").split(" ")[:-1]
    kept: list[str] = []
    for word in reversed(mods):  # only the modifiers right before the head count
        if not _is_modifier(word) or (kept and word.endswith(".") and not _dotted(word)):
            break
        kept.insert(0, word)
    mods = kept
    head = match.start("head")
    start = text.rindex(mods[0], match.start(), head) if mods else head
    determiner = DETERMINER_BEFORE_RE.search(text[max(0, start - 8) : start])
    if determiner:
        return start - len(determiner.group())
    if mods or match.group("head").lower() in BARE_HEADS:
        return start
    return None


def _dotted(word: str) -> bool:
    """An abbreviation with dots ("U.S."), not a word ending a sentence."""
    return bool(re.fullmatch(r"(?:[A-Za-z]\.){2,}", word))


def titled_people(doc: Any) -> list[EntityMention]:
    """People with their titles ("Maj. Gen. Gary J. Volesky"), and "the Foreign Secretary"."""
    text = doc.text
    found = []
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        start = _title_start(doc, ent.start)
        phrase = TITLE_PHRASE_RE.search(text, max(0, ent.start_char - 100), ent.start_char)
        if phrase and phrase.end() == ent.start_char and "\n" not in phrase.group():
            start = min(phrase.start(), start if start is not None else ent.start_char)
        if start is not None:
            found.append(_mention(text, start, ent.end_char, "Person", "title"))
    for match in BARE_TITLE_RE.finditer(text):
        found.append(_mention(text, match.start(), match.end(), "Person", "title"))
    return found


def _title_start(doc: Any, first: int) -> int | None:
    """Start of the title words right before token ``first``, if any."""
    index, titled = first, False
    while index > 0:
        token = doc[index - 1]
        word = token.text
        if word == "." and index > 1 and doc[index - 2].lower_ in TITLE_WORDS:
            index -= 1  # "Col ." : spaCy splits some abbreviations from their dot
            continue
        if not (word[:1].isupper() or word.lower() in TITLE_WORDS) or "\n" in token.whitespace_:
            break
        titled = titled or word.lower() in TITLE_WORDS
        if not (word.lower() in TITLE_WORDS or is_demonym(word) or _abbreviation(word)):
            break
        index -= 1
    return doc[index].idx if titled and index < first else None


def _abbreviation(word: str) -> bool:
    return bool(re.fullmatch(r"(?:[A-Z]\.)+|[A-Z]{2,5}", word)) or word in {"Army", "Navy"}


PRONOUN_RE = re.compile(
    r"\b(?:I|[Mm]e|[Hh]e|[Hh]im|[Ss]he|[Ww]e|[Uu]s|[Tt]hey|[Mm]yself|[Oo]urselves)\b"
)


def pronoun_entities(text: str) -> list[EntityMention]:
    """Personal pronouns as re3d annotates them."""
    found = []
    for match in PRONOUN_RE.finditer(text):
        word = match.group()
        if word == "US" or (word == "I" and text[match.end() : match.end() + 1] in ".-"):
            continue
        kind = PRONOUNS[word.lower()]
        found.append(_mention(text, match.start(), match.end(), kind, "pronoun"))
    return found


def entities_for_text(
    text: str, extractor: Extractor, pronouns: bool = False
) -> list[EntityMention]:
    """Entities of a plain text, with the extractor's loaded spaCy, actors and gazetteer."""
    doc = extractor.nlp(text)
    return EntityTagger.from_extractor(extractor, pronouns).tag(doc)
