"""Toponym resolution with document context (countries and admin1 units mentioned)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from polemos.geo.gazetteer import Gazetteer
from polemos.geo.recognize import Toponym, country_mentions, recognize
from polemos.models import Article, Mention, Place, ResolvedPlace

MAX_CITY_CANDIDATES = 60
FUZZY_MIN_SCORE = 90.0
SMALL_POPULATION = 5000
SHORT_KEY = 5


@dataclass
class _Context:
    countries: Counter[str]
    admin1: Counter[str]

    def country_weight(self, code: str) -> float:
        if not self.countries:
            return 0.0
        return self.countries[code] / max(self.countries.values())


@dataclass
class _Choice:
    place: Place | None
    confidence: float
    precision: int
    reason: str | None = None


def _prior(population: int) -> float:
    return min(1.0, math.log10(population + 1) / 7.0)


class Geocoder:
    """Finds toponyms in a parsed article and resolves them against a ``Gazetteer``."""

    def __init__(self, gazetteer: Gazetteer, min_confidence: float = 0.3) -> None:
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence

    def geocode(
        self, doc: Any, article: Article, exclude: Sequence[tuple[int, int]] = ()
    ) -> list[ResolvedPlace]:
        """Resolved (or explicitly unresolved) toponyms of ``article``, in text order."""
        text = article.clean_text
        toponyms = recognize(doc, text, self.gazetteer, exclude)
        context = self._context(doc, text, toponyms)
        results = []
        for top in toponyms:
            choice = self._resolve(top, context)
            if choice.place is not None and choice.confidence < self.min_confidence:
                reason = choice.reason or f"low confidence {choice.confidence:.2f}"
                choice = _Choice(None, choice.confidence, choice.precision, reason)
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
                )  # fmt: skip
            )
        return results

    # -- context -------------------------------------------------------------------

    def _context(self, doc: Any, text: str, toponyms: list[Toponym]) -> _Context:
        countries = Counter(country_mentions(doc, text, self.gazetteer))
        admin1: Counter[str] = Counter()
        for top in toponyms:
            codes = self.gazetteer.admin1_codes(top.key)
            in_context = tuple(c for c in codes if c.split(".")[0] in countries)
            codes = in_context or codes
            if len(codes) == 1 and (top.admin or top.direction or top.label != "GAZ"):
                admin1[codes[0]] += 1
        for code in admin1:
            countries[code.split(".")[0]] += 1
        return _Context(countries, admin1)

    # -- resolution ----------------------------------------------------------------

    def _resolve(self, top: Toponym, ctx: _Context) -> _Choice:
        gaz = self.gazetteer
        country = gaz.country_code(top.text)
        if country is not None and not (top.admin and gaz.admin1_codes(top.key)):
            return _Choice(gaz.country_place(country), 0.9, 3)
        admin = self._best_admin1(top, ctx)
        city = self._best_city(top, ctx)
        city_ok = city is not None and city[1] >= self.min_confidence
        if admin and (top.admin or top.direction or not city_ok):
            return _Choice(gaz.admin1_place(admin[0]), admin[1], 3)
        if city is not None:
            precision = 2 if (top.near or top.direction) else 1
            return _Choice(gaz.city_place(city[0]), city[1], precision, city[2])
        return self._fuzzy(top, ctx)

    def _best_admin1(self, top: Toponym, ctx: _Context) -> tuple[str, float] | None:
        scored = []
        for code in self.gazetteer.admin1_codes(top.key):
            cc = code.split(".")[0]
            weight = ctx.country_weight(cc)
            score = 0.45 + 0.4 * weight + 0.1 * _prior(self.gazetteer.admin1_place(code).population)
            if ctx.countries and weight == 0:
                score -= 0.4
            scored.append((score, code))
        if not scored:
            return None
        score, code = max(scored)
        return code, score

    def _city_score(self, row_index: int, top: Toponym, ctx: _Context) -> float:
        _gid, _name, _lat, _lon, cc, a1, pop = self.gazetteer.city_row(row_index)
        weight = ctx.country_weight(cc)
        score = 0.3 + 0.35 * weight + 0.25 * _prior(pop)
        if ctx.admin1[f"{cc}.{a1}"]:
            score += 0.15
        if ctx.countries and weight == 0:
            score -= 0.35
            if len(top.key) <= SHORT_KEY or pop < SMALL_POPULATION:
                score -= 0.3
        elif not ctx.countries and (len(top.key) <= SHORT_KEY and pop < SMALL_POPULATION):
            score -= 0.2
        return score

    def _best_city(self, top: Toponym, ctx: _Context) -> tuple[int, float, str | None] | None:
        rows = self.gazetteer.city_rows(top.key)[:MAX_CITY_CANDIDATES]
        if not rows:
            return None
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

    def _fuzzy(self, top: Toponym, ctx: _Context) -> _Choice:
        precision = 2 if top.near else 1
        if len(top.key) < SHORT_KEY or not ctx.countries:
            return _Choice(None, 0.0, precision, "not in gazetteer")
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
