"""Date expressions in English news text, resolved against the publication date.

Each resolved expression gives a date and an ACLED time precision (1 the day,
2 within about a week, 3 within a month).  Ranges resolve to their middle day.  Without
a publication date, only expressions that carry a year resolve; the others are
returned unresolved with the reason, never guessed from "today".
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name.lower(): index
    for index in range(1, 13)
    for name in (calendar.month_name[index], calendar.month_abbr[index])
}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "couple of": 2,
    "few": 3, "several": 3,
}  # fmt: skip

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s*(?P<year>(?:19|20)\d\d))?"
_NUM = r"(?P<num>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("range_dm", re.compile(rf"\b(?P<d1>[0-3]?\d)\s*(?:-|–|to|and)\s*(?P<d2>[0-3]?\d)\s+{_MONTH}{_YEAR}", re.I)),
    ("range_md", re.compile(rf"\b{_MONTH}\s+(?P<d1>[0-3]?\d)\s*(?:-|–|to|and)\s*(?P<d2>[0-3]?\d){_YEAR}", re.I)),
    ("md", re.compile(rf"\b{_MONTH}\s*{_DAY}\b{_YEAR}", re.I)),
    ("dm", re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}{_YEAR}", re.I)),
    ("part_month", re.compile(rf"\b(?P<part>early|mid|middle of|late|end of|beginning of)[\s-]+{_MONTH}{_YEAR}", re.I)),
    ("month", re.compile(rf"\b(?:in|during|since|throughout)\s+{_MONTH}{_YEAR}", re.I)),
    ("ago", re.compile(rf"\b(?:about\s+|some\s+|nearly\s+)?{_NUM}(?P<half>\s+and\s+a\s+half)?\s+(?P<unit>day|week|month)s?\s+ago\b", re.I)),
    ("relative", re.compile(r"\b(?P<rel>today|this morning|this afternoon|this evening|tonight|yesterday|last night|the day before yesterday|the past day|the (?:past|last) 24 hours|last week|this week|overnight)\b", re.I)),
    ("weekday", re.compile(r"\b(?<!\bon a )(?<!\bevery )(?<!\beach )(?P<last>last\s+)?(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)),
    ("year", re.compile(r"\bin\s+(?P<year>(?:19|20)\d\d)\b(?!\s*(?:[-–/]|to\b))", re.I)),
]  # fmt: skip

MONTH_PARTS = {"early": (1, 10), "beginning of": (1, 10), "mid": (11, 20),
               "middle of": (11, 20), "late": (21, 31), "end of": (21, 31)}  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``start``/``end`` of the analysed text."""

    start: int
    end: int
    text: str
    value: date | None
    precision: int
    reason: str | None = None


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Every date expression in ``text``, non-overlapping, in text order."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            mention = _resolve(kind, match, published)
            if mention is not None:
                found.append(mention)
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda m: m.start)


def _resolve(kind: str, match: re.Match[str], published: date | None) -> DateMention | None:
    resolver = RESOLVERS[kind]
    try:
        result = resolver(match, published)
    except (ValueError, OverflowError, KeyError):
        return None
    if result is None:
        return None
    value, precision, reason = result
    return DateMention(match.start(), match.end(), match.group(0), value, precision, reason)


Resolved = tuple[date | None, int, str | None]


def _needs_published(published: date | None) -> Resolved | None:
    if published is None:
        return None, 3, "relative date and no publication date"
    return None


def _year_for(month: int, day: int, year: str | None, published: date | None) -> int | None:
    if year:
        return int(year)
    if published is None:
        return None
    latest = published + timedelta(days=2)
    for candidate in (published.year + 1, published.year):
        last_day = calendar.monthrange(candidate, month)[1]
        if date(candidate, month, min(day, last_day)) <= latest:
            return candidate
    return published.year - 1


def _single(match: re.Match[str], published: date | None) -> Resolved | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    day = int(match.group("day"))
    year = _year_for(month, day, match.group("year"), published)
    if year is None:
        return None, 1, "no year and no publication date"
    return date(year, month, day), 1, None


def _range(match: re.Match[str], published: date | None) -> Resolved | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    first, last = int(match.group("d1")), int(match.group("d2"))
    if first >= last or _after_month_name(match):
        return None  # "Dec. 30 and 2 January" is two dates, not a range
    year = _year_for(month, last, match.group("year"), published)
    if year is None:
        return None, 2, "no year and no publication date"
    start, end = date(year, month, first), date(year, month, last)
    return _middle(start, end)


_MONTH_BEFORE = re.compile(_MONTH.replace("(?P<month>", "(?:") + r"\s*$", re.I)


def _after_month_name(match: re.Match[str]) -> bool:
    return bool(_MONTH_BEFORE.search(match.string[max(0, match.start() - 12) : match.start()]))


def _middle(start: date, end: date) -> Resolved:
    days = (end - start).days
    precision = 1 if days == 0 else 2 if days <= 7 else 3
    return start + timedelta(days=days // 2), precision, None


def _part_month(match: re.Match[str], published: date | None) -> Resolved | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    first, last = MONTH_PARTS[match.group("part").lower()]
    year = _year_for(month, first, match.group("year"), published)
    if year is None:
        return None, 3, "no year and no publication date"
    last = min(last, calendar.monthrange(year, month)[1])
    return _middle(date(year, month, first), date(year, month, last))


def _month(match: re.Match[str], published: date | None) -> Resolved | None:
    month = MONTHS[match.group("month").lower().rstrip(".")]
    if month == 5 and match.group("month").lower() == "may" and not match.group("year"):
        return None  # "in may" is too often the verb
    year = _year_for(month, 1, match.group("year"), published)
    if year is None:
        return None, 3, "no year and no publication date"
    return date(year, month, 15), 3, None


def _ago(match: re.Match[str], published: date | None) -> Resolved | None:
    missing = _needs_published(published)
    if missing or published is None:
        return missing
    raw = match.group("num").lower()
    count = float(NUMBER_WORDS.get(raw, raw) if not raw.isdigit() else int(raw))
    if match.group("half"):
        count += 0.5
    unit_days = {"day": 1, "week": 7, "month": 30}[match.group("unit").lower()]
    days = round(count * unit_days)
    precision = 1 if unit_days == 1 and days <= 2 else 2 if days <= 21 else 3
    return published - timedelta(days=days), precision, None


RELATIVE_DAYS = {"today": (0, 1), "this morning": (0, 1), "this afternoon": (0, 1),
                 "this evening": (0, 1), "tonight": (0, 1), "overnight": (1, 1),
                 "yesterday": (1, 1), "last night": (1, 1), "the day before yesterday": (2, 1),
                 "the past day": (1, 1), "the past 24 hours": (1, 1), "the last 24 hours": (1, 1),
                 "last week": (7, 2), "this week": (3, 2)}  # fmt: skip


def _relative(match: re.Match[str], published: date | None) -> Resolved | None:
    missing = _needs_published(published)
    if missing or published is None:
        return missing
    days, precision = RELATIVE_DAYS[match.group("rel").lower()]
    return published - timedelta(days=days), precision, None


def _weekday(match: re.Match[str], published: date | None) -> Resolved | None:
    missing = _needs_published(published)
    if missing or published is None:
        return missing
    back = (published.weekday() - WEEKDAYS[match.group("weekday").lower()]) % 7
    if match.group("last") and back == 0:
        back = 7
    return published - timedelta(days=back), 1, None


def _year(match: re.Match[str], published: date | None) -> Resolved | None:
    """ "in 2013": a year alone gives its middle day at the coarsest precision (3)."""
    return date(int(match.group("year")), 7, 2), 3, None


RESOLVERS = {
    "range_dm": _range, "range_md": _range, "md": _single, "dm": _single,
    "part_month": _part_month, "month": _month, "ago": _ago, "relative": _relative,
    "weekday": _weekday, "year": _year,
}  # fmt: skip


SEQUENCE_CUE_RE = re.compile(
    r"\b(?:by|until|till|then|later|after|before)\s+(?:(?:the\s+)?(?:evening|morning|night|"
    r"afternoon|end)\s+of\s+)?$",
    re.I,
)


def narrative_reading(
    mention: DateMention, published: date | None, last: date | None, prefix: str
) -> tuple[date | None, str | None]:
    """A date mention read against the narrative, and a note when the reading differs.

    A date after publication, or a date that a sequence cue in ``prefix`` ("by the evening
    of January 9") places after the events already reported (the latest on ``last``) yet
    falls weeks before them, is a slip for the same day in the month of the narrative
    (February 9) when that day lies between ``last`` and publication.
    """
    value = mention.value
    if value is None:
        return None, None
    in_story_year = _story_year(mention, published, last)
    if in_story_year is not None:
        return in_story_year, f"date:narrative '{mention.text}' read as {in_story_year.isoformat()}"
    after_publication = published is not None and value > published
    backwards = (
        last is not None and (last - value).days > 20 and bool(SEQUENCE_CUE_RE.search(prefix))
    )
    if not (after_publication or backwards) or last is None:
        return value, (f"date:after-publication {value.isoformat()}" if after_publication else None)
    try:
        candidate = value.replace(year=last.year, month=last.month)
    except ValueError:
        return value, None
    if candidate < last or (published is not None and candidate > published):
        return value, None
    return candidate, f"date:narrative '{mention.text}' read as {candidate.isoformat()}"


YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
MONTH_NAME_RE = re.compile(_MONTH, re.I)


def _story_year(mention: DateMention, published: date | None, last: date | None) -> date | None:
    """A day and month without a year ("on 15 September") in a story whose events lie
    years before publication (an encyclopaedia page about 1974) is read in the story's
    year: the first such day not weeks before the last event reported."""
    value = mention.value
    if value is None or last is None or published is None or mention.precision != 1:
        return None
    if YEAR_RE.search(mention.text) or (published - last).days <= 366 or value.year <= last.year:
        return None
    if not MONTH_NAME_RE.search(mention.text):
        return None  # "yesterday", "Friday": anchored to publication, not to the story
    try:
        candidate = value.replace(year=last.year)
        if (last - candidate).days > 20:
            candidate = candidate.replace(year=last.year + 1)
    except ValueError:
        return None
    return candidate if candidate <= published else None
