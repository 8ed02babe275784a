import datetime

import pytest

from categorisation.cadence import next_due, reassessment_frequency
from schools.calendar import HALF_TERMLY, TERMLY, Calendar, create_typical_year
from schools.models import AcademicYear, Term

D = datetime.date
DAY = datetime.timedelta(days=1)
AUTUMN, SPRING, SUMMER = Term.Season.AUTUMN, Term.Season.SPRING, Term.Season.SUMMER


@pytest.fixture
def cal(db):
    create_typical_year(2026)
    create_typical_year(2027)
    # The calendar these tests reason about ends with 2027/28 (the demo trust's three-year
    # finance plan adds a later year).
    AcademicYear.objects.filter(start_year__gt=2027).delete()
    return Calendar.load()


def term(cal, season, start_year):
    return next(
        t for t in cal.terms if t.season == season and t.academic_year.start_year == start_year
    )


def half(cal, season, number, start_year):
    return next(
        h
        for h in cal.half_terms
        if h.term.season == season
        and h.number == number
        and h.term.academic_year.start_year == start_year
    )


def middle(period):
    return period.starts_on + (period.ends_on - period.starts_on) / 2


def due(cal, category, last_assessed_on, today):
    return next_due(category=category, last_assessed_on=last_assessed_on, today=today, calendar=cal)


@pytest.fixture
def terms(cal):
    return {
        "autumn": term(cal, AUTUMN, 2026),
        "spring": term(cal, SPRING, 2026),
        "summer": term(cal, SUMMER, 2026),
        "next_autumn": term(cal, AUTUMN, 2027),
    }


@pytest.fixture
def halves(cal):
    return {
        "autumn_1": half(cal, AUTUMN, 1, 2026),
        "autumn_2": half(cal, AUTUMN, 2, 2026),
        "spring_1": half(cal, SPRING, 1, 2026),
        "spring_2": half(cal, SPRING, 2, 2026),
        "summer_2": half(cal, SUMMER, 2, 2026),
        "next_autumn_1": half(cal, AUTUMN, 1, 2027),
    }


def test_the_calendar_is_the_typical_2026_27_year(terms, halves):
    assert (terms["autumn"].starts_on, terms["autumn"].ends_on) == (D(2026, 9, 2), D(2026, 12, 18))
    assert halves["autumn_1"].ends_on == D(2026, 10, 23)
    assert halves["autumn_2"].starts_on == D(2026, 11, 2)
    assert (terms["spring"].starts_on, terms["spring"].ends_on) == (D(2027, 1, 4), D(2027, 3, 26))


# --- Termly: categories 1, 2 and 3 by default (School Improvement Strategy 2024-25, §5) --

TERMLY_CATEGORIES = pytest.mark.parametrize("category", [1, 2, 3])


@TERMLY_CATEGORIES
def test_assessed_this_term_is_due_at_the_end_of_the_next_term(cal, terms, category):
    spring, summer = terms["spring"], terms["summer"]
    result = due(cal, category, spring.starts_on + 7 * DAY, middle(spring))
    assert result.frequency == TERMLY
    assert result.due_on == summer.ends_on
    assert not result.overdue
    assert result.days == (summer.ends_on - middle(spring)).days
    assert result.state == "due"


@TERMLY_CATEGORIES
def test_assessed_last_term_is_due_at_the_end_of_this_term(cal, terms, category):
    autumn, spring = terms["autumn"], terms["spring"]
    result = due(cal, category, middle(autumn), middle(spring))
    assert result.due_on == spring.ends_on
    assert not result.overdue
    assert result.days > 0


@TERMLY_CATEGORIES
def test_assessed_two_terms_ago_is_overdue_since_the_end_of_last_term(cal, terms, category):
    autumn, spring, summer = terms["autumn"], terms["spring"], terms["summer"]
    today = middle(summer)
    result = due(cal, category, middle(autumn), today)
    assert result.due_on == spring.ends_on
    assert result.overdue
    assert result.days == (spring.ends_on - today).days < 0
    assert result.state == "overdue"


def test_due_on_the_last_day_of_the_term_is_not_yet_overdue(cal, terms):
    spring = terms["spring"]
    on_the_day = due(cal, 1, middle(terms["autumn"]), spring.ends_on)
    assert (on_the_day.days, on_the_day.overdue) == (0, False)
    day_after = due(cal, 1, middle(terms["autumn"]), spring.ends_on + DAY)
    assert (day_after.days, day_after.overdue) == (-1, True)


def test_assessed_on_the_last_day_of_a_term_counts_for_that_term(cal, terms):
    result = due(cal, 2, terms["autumn"].ends_on, middle(terms["spring"]))
    assert result.due_on == terms["spring"].ends_on


def test_assessed_on_the_first_day_of_a_term_counts_for_that_term(cal, terms):
    result = due(cal, 2, terms["spring"].starts_on, middle(terms["spring"]))
    assert result.due_on == terms["summer"].ends_on


def test_assessed_in_the_holiday_counts_for_the_following_term(cal, terms):
    christmas = terms["autumn"].ends_on + DAY
    result = due(cal, 1, christmas, middle(terms["spring"]))
    assert result.due_on == terms["summer"].ends_on


def test_assessed_in_the_october_half_term_holiday_counts_for_the_autumn_term(cal, terms, halves):
    october_break = halves["autumn_1"].ends_on + DAY
    result = due(cal, 1, october_break, middle(halves["autumn_2"]))
    assert result.due_on == terms["spring"].ends_on


def test_today_in_the_holiday_after_the_due_term_is_overdue(cal, terms):
    easter = terms["spring"].ends_on + DAY
    result = due(cal, 1, middle(terms["autumn"]), easter)
    assert result.due_on == terms["spring"].ends_on
    assert result.overdue
    assert result.days == -1


def test_today_in_the_holiday_before_the_due_term_is_not_overdue(cal, terms):
    christmas = terms["autumn"].ends_on + 3 * DAY
    result = due(cal, 1, middle(terms["autumn"]), christmas)
    assert result.due_on == terms["spring"].ends_on
    assert not result.overdue
    assert result.days == (terms["spring"].ends_on - christmas).days


def test_assessed_in_the_summer_term_is_due_at_the_end_of_next_years_autumn(cal, terms):
    result = due(cal, 1, middle(terms["summer"]), terms["summer"].ends_on)
    assert result.due_on == terms["next_autumn"].ends_on
    assert "Autumn term 2027/28" in result.period_label


# --- Half-termly: category 4 (Strategy §5) -----------------------------------------------


def test_category_4_assessed_in_autumn_1_is_due_at_the_end_of_autumn_2(cal, halves):
    result = due(cal, 4, middle(halves["autumn_1"]), middle(halves["autumn_1"]))
    assert result.frequency == HALF_TERMLY
    assert result.due_on == halves["autumn_2"].ends_on
    assert not result.overdue


def test_category_4_assessed_in_autumn_2_is_due_at_the_end_of_spring_1(cal, halves):
    result = due(cal, 4, middle(halves["autumn_2"]), middle(halves["autumn_2"]))
    assert result.due_on == halves["spring_1"].ends_on


def test_category_4_assessed_on_the_last_day_of_autumn_1_counts_for_autumn_1(cal, halves):
    result = due(cal, 4, halves["autumn_1"].ends_on, halves["autumn_2"].starts_on)
    assert result.due_on == halves["autumn_2"].ends_on


def test_category_4_assessed_on_the_first_day_of_autumn_2_counts_for_autumn_2(cal, halves):
    result = due(cal, 4, halves["autumn_2"].starts_on, halves["autumn_2"].starts_on)
    assert result.due_on == halves["spring_1"].ends_on


def test_category_4_assessed_in_the_half_term_holiday_counts_for_the_next_half(cal, halves):
    october_break = halves["autumn_1"].ends_on + DAY
    result = due(cal, 4, october_break, october_break)
    assert result.due_on == halves["spring_1"].ends_on


def test_category_4_assessed_in_the_christmas_holiday_counts_for_spring_1(cal, halves):
    christmas = halves["autumn_2"].ends_on + DAY
    result = due(cal, 4, christmas, christmas)
    assert result.due_on == halves["spring_2"].ends_on


def test_category_4_assessed_in_the_summer_holiday_counts_for_autumn_1(cal, halves):
    summer_holiday = halves["autumn_1"].starts_on - 14 * DAY
    result = due(cal, 4, summer_holiday, summer_holiday)
    assert result.due_on == halves["autumn_2"].ends_on


def test_category_4_missing_a_half_term_is_overdue(cal, halves):
    today = middle(halves["spring_1"])
    result = due(cal, 4, middle(halves["autumn_1"]), today)
    assert result.due_on == halves["autumn_2"].ends_on
    assert result.overdue
    assert result.days == (halves["autumn_2"].ends_on - today).days < 0


def test_category_4_today_in_the_half_term_holiday_after_the_due_half_is_overdue(cal, halves):
    february_break = halves["spring_1"].ends_on + DAY
    result = due(cal, 4, middle(halves["autumn_2"]), february_break)
    assert result.due_on == halves["spring_1"].ends_on
    assert (result.overdue, result.days) == (True, -1)


def test_category_4_assessed_in_summer_2_is_due_at_the_end_of_next_years_autumn_1(cal, halves):
    result = due(cal, 4, halves["summer_2"].ends_on, halves["summer_2"].ends_on)
    assert result.due_on == halves["next_autumn_1"].ends_on


# --- Category 3: half-termly only where the trust keeps the Business Plan 2018-19 rule ---


def test_category_3_is_half_termly_when_the_setting_is_on(cal, halves, settings):
    settings.SYMPHONY_CATEGORY_3_HALF_TERMLY = True
    result = due(cal, 3, middle(halves["autumn_1"]), middle(halves["autumn_1"]))
    assert result.frequency == HALF_TERMLY
    assert result.due_on == halves["autumn_2"].ends_on


def test_category_3_stays_termly_when_the_setting_is_off(cal, terms, halves, settings):
    settings.SYMPHONY_CATEGORY_3_HALF_TERMLY = False
    result = due(cal, 3, middle(halves["autumn_1"]), middle(halves["autumn_1"]))
    assert result.frequency == TERMLY
    assert result.due_on == terms["spring"].ends_on


@pytest.mark.parametrize("half_termly", [True, False])
def test_category_4_is_half_termly_either_way(cal, halves, settings, half_termly):
    settings.SYMPHONY_CATEGORY_3_HALF_TERMLY = half_termly
    result = due(cal, 4, middle(halves["autumn_1"]), middle(halves["autumn_1"]))
    assert result.frequency == HALF_TERMLY
    assert result.due_on == halves["autumn_2"].ends_on


@pytest.mark.parametrize("half_termly", [True, False])
@pytest.mark.parametrize("category", [None, 1, 2])
def test_categories_1_and_2_and_unassessed_stay_termly_either_way(settings, half_termly, category):
    settings.SYMPHONY_CATEGORY_3_HALF_TERMLY = half_termly
    assert reassessment_frequency(category) == TERMLY


# --- Never assessed: the initial judgement by the end of the current term -------------


def test_never_assessed_is_due_by_the_end_of_the_current_term(cal, terms):
    today = middle(terms["spring"])
    result = due(cal, None, None, today)
    assert result.frequency == TERMLY
    assert result.due_on == terms["spring"].ends_on
    assert not result.overdue
    assert result.days == (terms["spring"].ends_on - today).days


def test_never_assessed_on_the_last_day_of_term_is_due_today(cal, terms):
    result = due(cal, None, None, terms["autumn"].ends_on)
    assert (result.due_on, result.days, result.overdue) == (terms["autumn"].ends_on, 0, False)


def test_never_assessed_in_a_holiday_is_due_by_the_end_of_the_next_term(cal, terms):
    result = due(cal, None, None, terms["autumn"].ends_on + DAY)
    assert result.due_on == terms["spring"].ends_on


def test_never_assessed_today_on_the_real_calendar(cal, terms):
    result = due(cal, None, None, D(2026, 11, 23))
    assert result.due_on == terms["autumn"].ends_on == D(2026, 12, 18)
    assert result.days == 25


# --- The period label ----------------------------------------------------------------


def test_period_label_names_the_term(cal, terms):
    result = due(cal, 1, middle(terms["autumn"]), middle(terms["autumn"]))
    assert result.period_label == "Spring term 2026/27"
    assert "Spring" in result.period_label


def test_period_label_names_the_half_term(cal, halves):
    result = due(cal, 4, middle(halves["autumn_2"]), middle(halves["autumn_2"]))
    assert result.period_label == "Spring 1 2026/27"


def test_beyond_the_calendar_the_due_date_is_unknown(cal, terms):
    last = term(cal, SUMMER, 2027)
    result = due(cal, 1, middle(last), middle(last))
    assert result.due_on is None
    assert result.state == "unknown"
    assert result.period_label == ""
