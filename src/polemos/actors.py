"""Actors: the curated actor list and resolution of actor mentions in a document.

Names are matched on a romanization-folded key, word by word the geocoder's
``polemos.geo.names.name_key`` (case, script, diacritics, apostrophes, hyphens, doubled
letters, ``ai``/``ay``, ``q``/``k``, ``kh``/``h``, ``e``/``a``, ``o``/``u``), acronyms
case-sensitively as whole tokens ("IS" is not "is").  Nationality + force ("Syrian
Army", "Turkish troops") gives a generic "Military Forces of X" actor; descriptors ("the
group") point to the last named armed group; unknown organisations with armed-group words
become provisional actors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from polemos.datafiles import yaml_list
from polemos.errors import ConfigError
from polemos.geo.names import name_key
from polemos.models import Actor

QUOTES = "'’‘`ʿʾʼʹ´\"“”"
SPACING_MARKS = "¯¨ˆ˜´`"
ARTICLES = {"al", "el", "ar", "as", "ash", "az", "ad", "an", "at"}
MAX_ALIAS_WORDS = 8

NATIONALITIES: dict[str, tuple[str, str]] = {
    "syrian": ("SY", "Syria"), "iraqi": ("IQ", "Iraq"), "russian": ("RU", "Russia"),
    "turkish": ("TR", "Turkey"), "iranian": ("IR", "Iran"), "israeli": ("IL", "Israel"),
    "american": ("US", "United States"), "us": ("US", "United States"),
    "u.s.": ("US", "United States"), "lebanese": ("LB", "Lebanon"), "jordanian": ("JO", "Jordan"),
    "saudi": ("SA", "Saudi Arabia"), "yemeni": ("YE", "Yemen"), "libyan": ("LY", "Libya"),
    "egyptian": ("EG", "Egypt"), "afghan": ("AF", "Afghanistan"), "pakistani": ("PK", "Pakistan"),
    "indian": ("IN", "India"), "nigerian": ("NG", "Nigeria"), "malian": ("ML", "Mali"),
    "somali": ("SO", "Somalia"), "sudanese": ("SD", "Sudan"), "ukrainian": ("UA", "Ukraine"),
    "french": ("FR", "France"), "british": ("GB", "United Kingdom"), "kenyan": ("KE", "Kenya"),
    "ethiopian": ("ET", "Ethiopia"), "congolese": ("CD", "Democratic Republic of Congo"),
    "burkinabe": ("BF", "Burkina Faso"), "colombian": ("CO", "Colombia"),
    "mexican": ("MX", "Mexico"), "myanmar": ("MM", "Myanmar"), "palestinian": ("PS", "Palestine"),
}  # fmt: skip
MILITARY_NOUNS = {
    "army",
    "forces",
    "force",
    "troops",
    "military",
    "soldiers",
    "warplanes",
    "jets",
    "aircraft",
    "helicopters",
    "artillery",
    "navy",
    "airforce",
    "drones",
    "units",
    "regime",
}
POLICE_NOUNS = {"police", "policemen", "gendarmerie", "gendarmes"}
CIVILIAN_WORDS = {"civilians", "civilian", "residents", "villagers", "children", "women"}
PROTESTER_WORDS = {"protesters", "protestors", "demonstrators"}
RIOTER_WORDS = {"rioters", "mob"}
# Unnamed state forces: the country is filled in from the event's place.
_POLICE = ("police_forces", "Police Forces")
_MILITARY = ("military_forces", "Military Forces")
UNNAMED_FORCES = {
    "police": _POLICE, "policemen": _POLICE, "gendarmes": _POLICE,
    "troops": _MILITARY, "soldiers": _MILITARY, "army": _MILITARY,
}  # fmt: skip
# Armed people the text does not name: ACLED's "Unidentified Armed Group (country)".
UNIDENTIFIED_WORDS = {"gunmen", "gunman", "militants", "attackers", "assailants", "insurgents",
                      "terrorists", "bandits", "jihadists"}  # fmt: skip
CROWD_KINDS = {
    "civilians": (7, "Civilians"),
    "protesters": (6, "Protesters"),
    "rioters": (5, "Rioters"),
}
DESCRIPTOR_RE = re.compile(
    r"\b(?:the|this|that)\s+(?:(?:radical|terrorist|jihadist|militant|armed|extremist|islamist)\s+)?"
    r"(?:group|organi[sz]ation|faction|militants|jihadists|terrorists)\b"
    r"|\bterrorists\s+of\s+the\s+group\b",
    re.IGNORECASE,
)
GROUP_WORDS = {
    "brigade",
    "brigades",
    "front",
    "army",
    "battalion",
    "battalions",
    "movement",
    "liwa",
    "jaish",
    "jaysh",
    "harakat",
    "ansar",
    "jabhat",
    "kataib",
    "faylaq",
    "division",
    "militia",
    "group",
    "forces",
    "legion",
    "regiment",
    "corps",
    "union",
    "party",
}


def _string_list(entry: dict[str, Any], key: str, origin: str) -> list[str]:
    """Names listed under ``key``; an item is a string or a mapping with a ``name``."""
    value = entry.get(key, [])
    if not isinstance(value, list):
        raise ConfigError(f"{origin}: actor {entry.get('id')!r}: '{key}' must be a list")
    names = []
    for item in value:
        if isinstance(item, dict) and "name" not in item:
            raise ConfigError(f"{origin}: actor {entry.get('id')!r}: {key} item lacks 'name'")
        names.append(str(item["name"] if isinstance(item, dict) else item))
    return names


FOLDED_GROUP_WORDS: set[str] = set()


@lru_cache(maxsize=200_000)
def fold_word(word: str) -> str:
    """Romanization-folded form of one word: the geocoder's name key (``name_key``).

    Case, script, diacritics, apostrophes/ʿayn, doubled letters and the common
    transliteration variants (q/k, kh/h, ai/ay, e/a, o/u) fold the way toponyms do, so
    actor names and place names meet on one key.  Arabic articles become "al".
    """
    key = name_key(word)
    return "al" if key in ARTICLES else key


@lru_cache(maxsize=200_000)
def alias_key(name: str) -> str:
    """Folded key of a multi-word name: words split on spaces, hyphens and quotes, each
    folded with ``fold_word`` (acronyms are matched separately, case-sensitively)."""
    words = [fold_word(w) for w in re.split(r"[\s\-‐–]+", name.strip())]
    return " ".join(w for w in words if w)


@dataclass(frozen=True)
class ActorMention:
    """An actor found in clean text: ``clean_start``/``clean_end`` index ``clean_text``."""

    actor: Actor
    clean_start: int
    clean_end: int
    kind: str  # name | acronym | generic | descriptor | provisional | civilians | protesters


@dataclass
class ActorGraph:
    """Actors by id with alias and acronym indexes."""

    actors: dict[str, Actor] = field(default_factory=dict)
    relations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # The curated/user entry each actor came from, with its origin (file name).
    entries: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    alias_index: dict[str, str] = field(default_factory=dict)
    acronym_index: dict[str, str] = field(default_factory=dict)
    capitalised_aliases: set[str] = field(default_factory=set)
    lowercase_aliases: set[str] = field(default_factory=set)
    first_words: set[str] = field(default_factory=set)

    def add(self, actor: Actor, acronyms: Iterable[str] = ()) -> None:
        self.actors[actor.id] = actor
        for alias in [actor.name, *actor.aliases]:
            key = alias_key(alias)
            self.alias_index.setdefault(key, actor.id)
            self.first_words.add(key.split(" ")[0])
            if alias[:1].isupper():
                self.capitalised_aliases.add(key)
            else:
                self.lowercase_aliases.add(key)
        for acronym in acronyms:
            self.acronym_index.setdefault(acronym, actor.id)

    def generic(self, actor_id: str, name: str, inter: int, country: str | None) -> Actor:
        """A generic ACLED-style actor, created on first use."""
        if actor_id not in self.actors:
            self.actors[actor_id] = Actor(
                id=actor_id, name=name, inter=inter, country=country, kind="generic"
            )
        return self.actors[actor_id]


def _actor_from_entry(entry: dict[str, Any], origin: str) -> tuple[Actor, list[str]]:
    if not isinstance(entry, dict):
        raise ConfigError(f"{origin}: invalid actor entry {entry!r}")
    try:
        actor = Actor(
            id=str(entry["id"]),
            name=str(entry["name"]),
            inter=int(entry["inter"]),
            country=entry.get("country"),
            aliases=_string_list(entry, "aliases", origin),
            description=entry.get("source"),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ConfigError(f"{origin}: invalid actor entry {entry!r}: {error}") from None
    return actor, _string_list(entry, "acronyms", origin)


BUNDLED_ORIGIN = "polemos/data/actors.yaml"


def load_actor_graph(
    extra_files: Sequence[str | Path] = (),
    extra_entries: Sequence[tuple[dict[str, Any], str]] = (),
) -> ActorGraph:
    """The bundled actor list, the user's extra files, then ``(entry, origin)`` pairs
    (actors added to a database with ``polemos actors add/import``)."""
    graph = ActorGraph()
    bundled = resources.files("polemos.data").joinpath("actors.yaml").read_text("utf-8")
    _load_yaml(graph, bundled, BUNDLED_ORIGIN)
    for path in extra_files:
        try:
            text = Path(path).read_text("utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"{path}: cannot read actor file: {error}") from None
        _load_yaml(graph, text, str(path))
    for entry, origin in extra_entries:
        _add_entry(graph, entry, origin)
    return graph


def parse_actor_file(text: str, origin: str) -> list[dict[str, Any]]:
    """The actor entries of an actor YAML document (checked, not yet added)."""
    entries = yaml_list(text, origin, "actors")
    for entry in entries:
        _actor_from_entry(entry, origin)
        if not isinstance(entry.get("relations", []), list):
            raise ConfigError(f"{origin}: actor {entry.get('id')!r}: 'relations' must be a list")
    return entries


def _add_entry(graph: ActorGraph, entry: dict[str, Any], origin: str) -> None:
    actor, acronyms = _actor_from_entry(entry, origin)
    graph.add(actor, acronyms)
    relations = entry.get("relations", [])
    if not isinstance(relations, list):
        raise ConfigError(f"{origin}: actor {actor.id!r}: 'relations' must be a list")
    graph.relations[actor.id] = relations
    graph.entries[actor.id] = (entry, origin)


def _load_yaml(graph: ActorGraph, text: str, origin: str) -> None:
    for entry in parse_actor_file(text, origin):
        _add_entry(graph, entry, origin)


FOLDED_GROUP_WORDS.update(fold_word(word) for word in GROUP_WORDS)


class ActorResolver:
    """Finds actor mentions in a spaCy Doc."""

    def __init__(self, graph: ActorGraph) -> None:
        self.graph = graph

    def resolve(self, doc: Any) -> list[ActorMention]:
        mentions = self._names(doc)
        mentions += self._generic(doc, _taken(mentions))
        mentions += self._provisional(doc, _taken(mentions))
        mentions.sort(key=lambda m: m.clean_start)
        descriptors = self._descriptors(doc, mentions)
        covered = _taken(descriptors)
        mentions = [m for m in mentions if m.clean_start not in covered] + descriptors
        mentions.sort(key=lambda m: m.clean_start)
        return mentions

    def _names(self, doc: Any) -> list[ActorMention]:
        words = _word_tokens(doc)
        parts = [alias_key(t.text) if _wordlike(t) else None for t in words]
        text = doc.text
        joinable = [_joinable(text, a, b) for a, b in zip(words, words[1:], strict=False)]
        found: list[ActorMention] = []
        index = 0
        while index < len(words):
            match = self._longest_alias(words, parts, joinable, index)
            if match is None:
                index += 1
                continue
            actor_id, length, kind = match
            first, last = words[index], words[index + length - 1]
            actor = self.graph.actors[actor_id]
            found.append(ActorMention(actor, first.idx, last.idx + len(last.text), kind))
            index += length
        return found

    def _longest_alias(
        self, words: list[Any], parts: list[str | None], joinable: list[bool], start: int
    ) -> tuple[str, int, str] | None:
        token, key = words[start], parts[start]
        if token.text in self.graph.acronym_index:
            return self.graph.acronym_index[token.text], 1, "acronym"
        if not key or key.split(" ")[0] not in self.graph.first_words:
            return None
        best: tuple[str, int] | None = None
        for length in range(1, min(MAX_ALIAS_WORDS, len(words) - start) + 1):
            if length > 1:
                following = parts[start + length - 1]
                if not joinable[start + length - 2] or following is None:
                    break
                key = f"{key} {following}"
            actor_id = self.graph.alias_index.get(key)
            if actor_id and not (self._needs_capital(key) and not token.text[:1].isupper()):
                best = (actor_id, length)
        return (best[0], best[1], "name") if best else None

    def _needs_capital(self, key: str) -> bool:
        graph = self.graph
        return key in graph.capitalised_aliases and key not in graph.lowercase_aliases

    def _generic(self, doc: Any, taken: set[int]) -> list[ActorMention]:
        found: list[ActorMention] = []
        covered = -1
        for token in doc:
            if token.idx in taken or token.idx < covered or _heads_a_name(doc, token, taken):
                continue
            mention = self._generic_at(doc, token)
            if mention is not None:
                found.append(mention)
                covered = mention.clean_end
        return found

    def _generic_at(self, doc: Any, token: Any) -> ActorMention | None:
        word = token.lower_
        nationality = NATIONALITIES.get(word)
        if nationality and token.text[:1].isupper():
            return self._national_force(doc, token, nationality)
        kind = _crowd_kind(word)
        if kind is not None:
            inter, name = CROWD_KINDS[kind]
            actor = self.graph.generic(kind, name, inter, None)
            return ActorMention(actor, token.idx, token.idx + len(token), kind)
        if word in UNIDENTIFIED_WORDS:
            actor = self.graph.generic("unidentified", "Unidentified Armed Group", 3, None)
            return ActorMention(actor, token.idx, token.idx + len(token), "unidentified")
        if word in UNNAMED_FORCES:
            actor_id, name = UNNAMED_FORCES[word]
            actor = self.graph.generic(actor_id, name, 1, None)
            return ActorMention(actor, token.idx, token.idx + len(token), "state_force")
        return None

    def _national_force(
        self, doc: Any, token: Any, nationality: tuple[str, str]
    ) -> ActorMention | None:
        code, country = nationality
        for follower in doc[token.i + 1 : token.i + 3]:
            noun = follower.lower_
            if noun in MILITARY_NOUNS or noun in POLICE_NOUNS:
                police = noun in POLICE_NOUNS
                kind = "police" if police else "military"
                name = f"{'Police' if police else 'Military'} Forces of {country}"
                actor_id = f"{kind}_forces_of_{country.lower().replace(' ', '_')}"
                actor = self.graph.actors.get(actor_id) or self.graph.generic(
                    actor_id, name, 1, code
                )
                end = follower.idx + len(follower.text)
                return ActorMention(actor, token.idx, end, "generic")
            if not follower.is_alpha:
                break
        return None

    def _provisional(self, doc: Any, taken: set[int]) -> list[ActorMention]:
        found: list[ActorMention] = []
        for ent in doc.ents:
            if ent.label_ not in {"ORG", "PERSON", "NORP"} or ent.start_char in taken:
                continue
            words = {fold_word(t.text) for t in ent}
            if not words & FOLDED_GROUP_WORDS or any(t.idx in taken for t in ent):
                continue
            name = _strip_article(ent.text)
            actor_id = "prov_" + alias_key(name).replace(" ", "_")
            actor = self.graph.actors.get(actor_id) or self.graph.generic(actor_id, name, 2, None)
            actor.provisional = True
            found.append(ActorMention(actor, ent.start_char, ent.end_char, "provisional"))
        return found

    def _descriptors(self, doc: Any, named: list[ActorMention]) -> list[ActorMention]:
        found: list[ActorMention] = []
        groups = [m for m in named if m.actor.inter in (2, 3, 4) and m.kind != "unidentified"]
        for match in DESCRIPTOR_RE.finditer(doc.text):
            earlier = [m for m in groups if m.clean_end <= match.start()]
            if earlier:
                actor = _demonstrated(doc, match, earlier) or _most_salient(earlier)
                found.append(ActorMention(actor, match.start(), match.end(), "descriptor"))
        return found


def _demonstrated(doc: Any, match: re.Match[str], earlier: list[ActorMention]) -> Actor | None:
    """ "this/that group" points back to the latest group of the same sentence, if any."""
    if match.group(0).split()[0].lower() not in ("this", "that"):
        return None
    sentence_start = doc.char_span(match.start(), match.end(), alignment_mode="expand")
    start = sentence_start.sent.start_char if sentence_start is not None else match.start()
    same = [m for m in earlier if m.clean_start >= start]
    return same[-1].actor if same else None


def _most_salient(earlier: list[ActorMention]) -> Actor:
    """The group a descriptor most likely means: most mentioned so far, then most recent."""
    counts: dict[str, int] = {}
    last_seen: dict[str, int] = {}
    for position, mention in enumerate(earlier):
        counts[mention.actor.id] = counts.get(mention.actor.id, 0) + 1
        last_seen[mention.actor.id] = position
    recent = {m.actor.id for m in earlier[-3:]}
    best = max(counts, key=lambda a: (a in recent, counts[a], last_seen[a]))
    return next(m.actor for m in earlier if m.actor.id == best)


def _heads_a_name(doc: Any, token: Any, taken: set[int]) -> bool:
    """ "Liwa al Aqsa militants": the noun after a named actor is that actor, not another."""
    return token.i > 0 and doc[token.i - 1].idx in taken


def _crowd_kind(word: str) -> str | None:
    if word in CIVILIAN_WORDS:
        return "civilians"
    if word in PROTESTER_WORDS:
        return "protesters"
    if word in RIOTER_WORDS:
        return "rioters"
    return None


def _word_tokens(doc: Any) -> list[Any]:
    """Tokens that can be part of a name (hyphens and quotes are skipped, not barriers)."""
    return [t for t in doc if not (t.is_punct and (t.text in "-‐–" or t.text in QUOTES))]


def _joinable(text: str, left: Any, right: Any) -> bool:
    """True when only spaces, hyphens or quotes (no line break) separate two words."""
    if right.i - left.i > 2:
        return False
    gap = text[left.idx + len(left.text) : right.idx]
    return not gap.strip(" -‐–" + QUOTES) and "\n" not in gap


def _wordlike(token: Any) -> bool:
    stripped = "".join(ch for ch in token.text if ch not in QUOTES + ".")
    return stripped.isalpha() or token.like_num


def _taken(mentions: Iterable[ActorMention]) -> set[int]:
    return {m.clean_start for m in mentions} | {
        offset for m in mentions for offset in range(m.clean_start, m.clean_end)
    }


def _strip_article(name: str) -> str:
    return re.sub(r"^(?:the)\s+", "", name.strip(), flags=re.IGNORECASE)
