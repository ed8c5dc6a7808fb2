"""Unit tests for polemos.temporal: date expressions resolved against publication dates."""

from __future__ import annotations

import string
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from polemos.temporal import DateMention, find_dates

# Friday 16 December 2016, the publication date of most examples below.
FRIDAY = date(2016, 12, 16)


def only(text: str, published: date | None = FRIDAY) -> DateMention:
    """The single date mention of ``text``; fails when there is not exactly one."""
    mentions = find_dates(text, published)
    assert len(mentions) == 1, mentions
    return mentions[0]


# --- explicit dates -----------------------------------------------------------------------


def test_temporal_month_abbreviation_with_dot_resolves_to_publication_year() -> None:
    text = "The attack on Dec. 15 killed four."
    mention = only(text)
    assert mention == DateMention(14, 21, "Dec. 15", date(2016, 12, 15), 1, None)
    assert text[mention.start : mention.end] == "Dec. 15"


def test_temporal_abbreviation_glued_to_ordinal_day() -> None:
    mention = only("Shelling resumed Dec.14th near the town.")
    assert (mention.text, mention.value, mention.precision) == ("Dec.14th", date(2016, 12, 14), 1)


def test_temporal_day_month_year_resolves_exactly() -> None:
    mention = only("On 9 February 2017 the group was renamed.")
    assert (mention.text, mention.value, mention.precision, mention.reason) == (
        "9 February 2017",
        date(2017, 2, 9),
        1,
        None,
    )


def test_temporal_month_day_comma_year() -> None:
    mention = only("Fighting began on December 3, 2015 in the north.")
    assert (mention.text, mention.value) == ("December 3, 2015", date(2015, 12, 3))


def test_temporal_day_of_month_form() -> None:
    mention = only("on the 4th of July the base was hit")
    assert (mention.text, mention.value) == ("4th of July", date(2016, 7, 4))


def test_temporal_year_inferred_up_to_two_days_after_publication() -> None:
    # 18 December is publication + 2 days: still this year.
    assert only("Dec. 18").value == date(2016, 12, 18)


def test_temporal_year_inferred_as_previous_year_beyond_two_days() -> None:
    # 19 December would be 3 days after publication, so it means last year.
    assert only("Dec. 19").value == date(2015, 12, 19)
    assert only("on 20 December").value == date(2015, 12, 20)


def test_temporal_year_inferred_across_new_year() -> None:
    mention = only("on December 30", date(2017, 1, 3))
    assert mention.value == date(2016, 12, 30)


@given(
    published=st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 12, 31)),
    month=st.integers(1, 12),
    day=st.integers(1, 28),
)
def test_temporal_inferred_year_is_never_after_publication_plus_two_days(
    published: date, month: int, day: int
) -> None:
    name = date(2000, month, 1).strftime("%B")
    mention = only(f"on {name} {day} fighters attacked", published)
    assert mention.value is not None
    assert mention.value.month == month and mention.value.day == day
    assert mention.value <= published + timedelta(days=2)
    assert mention.value > published - timedelta(days=366)


# --- ranges and parts of months -----------------------------------------------------------


def test_temporal_day_range_resolves_to_middle_day_with_week_precision() -> None:
    text = "Clashes between 11-13 Dec. left 20 dead."
    mention = only(text)
    assert mention == DateMention(16, 26, "11-13 Dec.", date(2016, 12, 12), 2, None)


def test_temporal_month_first_range_with_to() -> None:
    mention = only("from March 2 to 6, 2016 the siege continued")
    assert (mention.text, mention.value, mention.precision) == (
        "March 2 to 6, 2016",
        date(2016, 3, 4),
        2,
    )


def test_temporal_early_month_has_month_precision() -> None:
    mention = only("in early February 2017 the group split")
    assert (mention.text, mention.value, mention.precision) == (
        "early February 2017",
        date(2017, 2, 5),
        3,
    )


def test_temporal_mid_and_late_month() -> None:
    assert only("mid-November 2016").value == date(2016, 11, 15)
    assert only("late November 2016").value == date(2016, 11, 25)  # 21..30 -> 25


def test_temporal_in_month_year_is_the_fifteenth_with_month_precision() -> None:
    mention = only("The town fell in March 2016.")
    assert (mention.text, mention.value, mention.precision) == (
        "in March 2016",
        date(2016, 3, 15),
        3,
    )


def test_temporal_lowercase_in_may_is_not_a_date() -> None:
    assert find_dates("Fighters in may attack again.", FRIDAY) == []


# --- relative expressions -----------------------------------------------------------------


def test_temporal_weekday_is_the_most_recent_such_day() -> None:
    text = "Airstrikes hit the market on Thursday."
    mention = only(text)
    assert mention == DateMention(29, 37, "Thursday", date(2016, 12, 15), 1, None)


def test_temporal_weekday_equal_to_publication_day_is_that_day() -> None:
    assert only("on Friday").value == FRIDAY


def test_temporal_last_weekday_on_same_weekday_goes_back_a_week() -> None:
    mention = only("last Friday the convoy was ambushed")
    assert (mention.text, mention.value, mention.precision) == ("last Friday", date(2016, 12, 9), 1)


def test_temporal_last_weekday_on_other_weekday_is_most_recent() -> None:
    assert only("last Monday").value == date(2016, 12, 12)


def test_temporal_indefinite_weekday_is_no_date() -> None:
    text = "The bomb exploded on a Friday afternoon; patrols pass every Monday."
    assert find_dates(text, FRIDAY) == []
    assert only("police sought the man behind a Friday blast").value == FRIDAY


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("today", date(2016, 12, 16), 1),
        ("yesterday", date(2016, 12, 15), 1),
        ("last night", date(2016, 12, 15), 1),
        ("the day before yesterday", date(2016, 12, 14), 1),
        ("last week", date(2016, 12, 9), 2),
    ],
)
def test_temporal_relative_words(text: str, value: date, precision: int) -> None:
    mention = only(f"Fighting erupted {text} near the town.")
    assert (mention.text, mention.value, mention.precision) == (text, value, precision)


def test_temporal_one_and_a_half_weeks_ago() -> None:
    mention = only("The attack happened about one and a half weeks ago.")
    assert mention.text == "about one and a half weeks ago"
    assert mention.value is not None
    assert (FRIDAY - mention.value).days in {10, 11}
    assert mention.precision == 2


@pytest.mark.parametrize(
    ("text", "days", "precision"),
    [
        ("3 days ago", 3, 2),
        ("two days ago", 2, 1),
        ("a week ago", 7, 2),
        ("a couple of days ago", 2, 1),
        ("three months ago", 90, 3),
    ],
)
def test_temporal_n_units_ago(text: str, days: int, precision: int) -> None:
    mention = find_dates(f"It began {text}.", FRIDAY)[-1]
    assert mention.value == FRIDAY - timedelta(days=days)
    assert mention.precision == precision


def test_temporal_mentions_come_back_in_text_order_without_overlap() -> None:
    text = "Yesterday's raid followed clashes on Dec. 10, 9 February 2017 and on Monday."
    mentions = find_dates(text, FRIDAY)
    assert [m.text for m in mentions] == ["Yesterday", "Dec. 10", "9 February 2017", "Monday"]
    assert [m.value for m in mentions] == [
        date(2016, 12, 15),
        date(2016, 12, 10),
        date(2017, 2, 9),
        date(2016, 12, 12),
    ]


# --- without a publication date ----------------------------------------------------------


@pytest.mark.parametrize("text", ["on Thursday", "yesterday", "3 days ago", "last week"])
def test_temporal_relative_without_publication_date_is_unresolved(text: str) -> None:
    mention = only(text, None)
    assert mention.value is None
    assert mention.reason == "relative date and no publication date"


def test_temporal_yearless_date_without_publication_date_is_unresolved() -> None:
    mention = only("Dec. 15", None)
    assert (mention.value, mention.precision, mention.reason) == (
        None,
        1,
        "no year and no publication date",
    )


def test_temporal_full_dates_resolve_without_publication_date() -> None:
    mentions = find_dates("On 9 February 2017, and again in March 2016.", None)
    assert [(m.text, m.value, m.precision, m.reason) for m in mentions] == [
        ("9 February 2017", date(2017, 2, 9), 1, None),
        ("in March 2016", date(2016, 3, 15), 3, None),
    ]


# --- properties ---------------------------------------------------------------------------

DATEISH = [
    "Dec.", "Dec", "December", "15", "14th", "2016", "2017", "11-13", "between", "early", "mid",
    "late", "in", "March", "May", "may", "on", "Thursday", "last", "Friday", "today",
    "yesterday", "night", "about", "one", "and", "a", "half", "weeks", "days", "ago", "of",
    ",", ".", "-", "to", "Feb", "29", "31", "0", "00", "sept", "couple",
]  # fmt: skip
WORDS = st.one_of(
    st.sampled_from(DATEISH),
    st.integers(0, 400).map(str),
    st.text(alphabet=string.ascii_letters + string.digits + " .,-–", max_size=4),
)
ASCIIISH_TEXT = st.lists(WORDS, max_size=25).map(" ".join)
PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1950, 1, 1), max_value=date(2090, 1, 1)))


def _check_mentions(text: str, mentions: list[DateMention]) -> None:
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end  # sorted, non-overlapping
        previous_end = mention.end
        assert mention.precision in {1, 2, 3}
        assert (mention.value is None) == (mention.reason is not None)


@given(text=st.text(max_size=200), published=PUBLISHED)
def test_temporal_never_raises_on_arbitrary_text(text: str, published: date | None) -> None:
    _check_mentions(text, find_dates(text, published))


@given(text=ASCIIISH_TEXT, published=PUBLISHED)
def test_temporal_spans_match_text_on_date_like_text(text: str, published: date | None) -> None:
    _check_mentions(text, find_dates(text, published))


# --- known bugs ---------------------------------------------------------------------------


def test_temporal_date_two_days_after_publication_across_new_year_is_next_year() -> None:
    # Publication + 1 day is allowed (Dec. 17 on Dec. 16 resolves to this year), so
    # "January 1" in an article of 31 December means the next day, not a year ago.
    assert only("on January 1", date(2016, 12, 31)).value == date(2017, 1, 1)


def test_temporal_place_name_starting_with_month_abbreviation_is_not_a_date() -> None:
    assert find_dates("Fighting continued in Marib province.", FRIDAY) == []


def test_temporal_count_before_word_starting_with_month_is_not_a_date() -> None:
    assert find_dates("3 Marines were wounded.", FRIDAY) == []


def test_temporal_cross_month_pair_is_not_read_as_one_range() -> None:
    mentions = find_dates("Shelling between Dec. 30 and 2 January killed 12.", date(2017, 1, 5))
    assert [(m.text, m.value) for m in mentions] == [
        ("Dec. 30", date(2016, 12, 30)),
        ("2 January", date(2017, 1, 2)),
    ]


def test_temporal_early_current_month_is_this_year() -> None:
    mention = only("in early December", date(2016, 12, 8))
    assert mention.value == date(2016, 12, 5)


def test_temporal_huge_count_ago_does_not_raise() -> None:
    mentions = find_dates("It began 1000000 days ago.", FRIDAY)
    assert all(m.value is None for m in mentions)


@pytest.mark.parametrize("text", ["Auguſt 5", "on Tueſday", "yeſterday"])
def test_temporal_case_folding_oddities_do_not_raise(text: str) -> None:
    find_dates(text, FRIDAY)
