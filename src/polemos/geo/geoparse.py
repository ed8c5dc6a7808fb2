"""``polemos geoparse``: the toponyms of each input document, found and resolved."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from polemos.geo.countries import is_demonym, macro_region
from polemos.geo.gazetteer import Gazetteer
from polemos.geo.names import name_key
from polemos.geo.repeats import repeated_places
from polemos.models import Article, Rejection, ResolvedPlace
from polemos.pipeline import Extractor

GEONAMES_PREFIX = "geonames:"


def geonameid(gazetteer_id: str) -> int | str:
    """The GeoNames id as an int for ``geonames:<id>``, else the gazetteer id itself."""
    if gazetteer_id.startswith(GEONAMES_PREFIX) and gazetteer_id[9:].isdigit():
        return int(gazetteer_id[len(GEONAMES_PREFIX) :])
    return gazetteer_id


def toponym_record(resolved: ResolvedPlace) -> dict[str, Any]:
    """One toponym of the output: offsets into ``article.text``; null coordinates if unresolved."""
    span, place = resolved.mention.span, resolved.place
    return {
        "start": span.start, "end": span.end, "text": span.text,
        "lat": place.latitude if place else None,
        "lon": place.longitude if place else None,
        "geonameid": geonameid(place.gazetteer_id) if place else None,
        "country": place.country_code if place else None,
        "admin1": place.admin1 if place else None,
        "geo_precision": resolved.geo_precision,
        "confidence": resolved.confidence,
    }  # fmt: skip


def resolve_places(article: Article, extractor: Extractor, doc: Any = None) -> list[ResolvedPlace]:
    """The geocoder's output for ``article``, run as the pipeline runs it (actor names
    excluded), except that countries and states named inside an actor's name count
    ("Syrian army" names Syria; geoparsing corpora count it)."""
    if doc is None:
        doc = extractor.nlp(article.clean_text)
    gazetteer = extractor.geocoder.gazetteer
    exclude = [
        piece
        for m in extractor.resolver.resolve(doc)
        for piece in actor_exclusions(article.clean_text, m.clean_start, m.clean_end, gazetteer)
    ]
    region = extractor.source_region(article)
    places = list(extractor.geocoder.geocode(doc, article, exclude, demonyms=True, region=region))
    if article.clean_text == article.text:
        return places
    places += repeated_places(article, places)
    return sorted(places, key=lambda rp: rp.mention.span.start)


_WORD = re.compile(r"[^\W_][\w.]*[^\W_]|[^\W_]")


def actor_exclusions(
    text: str, start: int, end: int, gazetteer: Gazetteer
) -> list[tuple[int, int]]:
    """The parts of an actor's name ``text[start:end]`` that are not a country, a demonym
    or a state ("Syrian army" leaves out "army", "Liwa al-Aqsa" all of it; "West Virginia
    Division of Highways" keeps "West Virginia")."""
    pieces, cursor = [], start
    words = list(_WORD.finditer(text, start, end))
    index = 0
    while index < len(words):
        match = words[index]
        size = _major_name_size(text, words, index, gazetteer)
        if size:
            last = words[index + size - 1]
            if match.start() > cursor:
                pieces.append((cursor, match.start()))
            cursor = _abbreviation_end(text, last, end)
        index += max(size, 1)
    if end > cursor:
        pieces.append((cursor, end))
    return pieces


def _major_name_size(text: str, words: list[re.Match[str]], index: int, gazetteer: Gazetteer
                     ) -> int:  # fmt: skip
    """How many words from ``index`` spell a country, a demonym, a macro-region or a state
    by its own name (the longest of up to three), 0 if none."""
    for size in (3, 2, 1):
        if index + size > len(words):
            continue
        name = text[words[index].start() : words[index + size - 1].end()]
        if size > 1 and not all(w.group()[:1].isupper() for w in words[index : index + size]):
            continue
        if _major_name(name, gazetteer):
            return size
    return 0


def _major_name(name: str, gazetteer: Gazetteer) -> bool:
    if gazetteer.country_code(name) is not None or is_demonym(name):
        return True
    if macro_region(name) is not None:
        return True
    if not name[:1].isupper():
        return False
    # spelled as the state's own name: "Texas Rangers", but "al-Qaeda" is not Kedah
    codes = gazetteer.admin1_codes(name_key(name))
    return any(gazetteer.admin1_place(c).name == name for c in codes)


def _abbreviation_end(text: str, match: re.Match[str], end: int) -> int:
    """Where a word ends, with the final dot of an abbreviation ("U.S." in "U.S. troops")."""
    stop = match.end()
    if "." in match.group() and stop < end and text[stop] == ".":
        return stop + 1
    return stop


def geoparse_article(article: Article, extractor: Extractor, doc: Any = None) -> dict[str, Any]:
    """``{"id", "toponyms": [...]}`` for one article."""
    places = resolve_places(article, extractor, doc)
    return {"id": article.id, "toponyms": [toponym_record(rp) for rp in places]}


def geoparse_paths(
    paths: Sequence[Path | str], config: dict[str, Any]
) -> Iterator[dict[str, Any] | Rejection]:
    """Geoparse every article read from ``paths``; unreadable inputs come back as rejections."""
    from polemos.ingest import iter_inputs

    extractor = Extractor(config)
    for item in iter_inputs(paths, config=config):
        if isinstance(item, Rejection):
            yield item
        else:
            yield geoparse_article(item, extractor)
