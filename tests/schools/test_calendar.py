import datetime

import pytest
from django.core.exceptions import ValidationError

from finance.models import EstatesProject
from reviews.models import PriorityProgress, TrustPriority
from schools.calendar import (
    Calendar,
    academic_start_year,
    create_typical_year,
    ensure_current_and_next_year,
    typical_dates,
)
from schools.models import AcademicYear, Collection, HalfTerm, Term

D = datetime.date


@pytest.fixture
def cal(db):
    Collection.objects.all().delete()  # termly data protects its years
    EstatesProject.objects.all().delete()  # so do SCA-funded estates projects
    PriorityProgress.objects.all().delete()  # and the trust plan's termly progress
    TrustPriority.objects.all().delete()
    AcademicYear.objects.all().delete()
    create_typical_year(2025)
    create_typical_year(2026)
    return Calendar.load()


def test_typical_dates_match_the_trusts_2025_26_example():
    dates = typical_dates(2025)
    assert dates[Term.Season.AUTUMN] == (
        (D(2025, 9, 2), D(2025, 10, 24)),
        (D(2025, 11, 3), D(2025, 12, 19)),
    )
    assert dates[Term.Season.SPRING] == (
        (D(2026, 1, 5), D(2026, 2, 13)),
        (D(2026, 2, 23), D(2026, 3, 27)),
    )
    assert dates[Term.Season.SUMMER] == (
        (D(2026, 4, 13), D(2026, 5, 22)),
        (D(2026, 6, 1), D(2026, 7, 22)),
    )


@pytest.mark.parametrize("start_year", range(2024, 2036))
def test_typical_years_are_well_formed(start_year):
    halves = [half for term in typical_dates(start_year).values() for half in term]
    assert len(halves) == 6
    for (start, end), (next_start, _) in zip(halves, halves[1:], strict=False):
        assert start < end < next_start
    for start, end in halves:
        assert start.weekday() < 5 and end.weekday() < 5  # term days are weekdays
    assert D(start_year, 9, 1) <= halves[0][0] and halves[-1][1] <= D(start_year + 1, 7, 31)


@pytest.mark.parametrize(
    ("day", "term", "half"),
    [
        (D(2025, 9, 1), None, None),  # INSET / holiday before term
        (D(2025, 9, 2), "Autumn term 2025/26", "Autumn 1"),  # first day
        (D(2025, 10, 24), "Autumn term 2025/26", "Autumn 1"),  # last day before half-term
        (D(2025, 10, 27), "Autumn term 2025/26", None),  # half-term holiday: still the term
        (D(2025, 11, 2), "Autumn term 2025/26", None),
        (D(2025, 11, 3), "Autumn term 2025/26", "Autumn 2"),
        (D(2025, 12, 19), "Autumn term 2025/26", "Autumn 2"),  # last day of term
        (D(2025, 12, 20), None, None),  # Christmas holiday
        (D(2026, 1, 5), "Spring term 2025/26", "Spring 1"),
        (D(2026, 2, 20), "Spring term 2025/26", None),
        (D(2026, 4, 1), None, None),  # Easter holiday
        (D(2026, 7, 22), "Summer term 2025/26", "Summer 2"),
        (D(2026, 8, 15), None, None),  # summer holiday
    ],
)
def test_which_term_and_half_term(cal, day, term, half):
    found_term = cal.term_on(day)
    found_half = cal.half_term_on(day)
    assert (str(found_term) if found_term else None) == term
    assert (found_half.label if found_half else None) == half


@pytest.mark.parametrize(
    ("day", "next_term_start", "next_half_start"),
    [
        (D(2025, 9, 1), D(2025, 9, 2), D(2025, 9, 2)),
        (D(2025, 9, 2), D(2026, 1, 5), D(2025, 11, 3)),  # on a start day: the next one
        (D(2025, 10, 28), D(2026, 1, 5), D(2025, 11, 3)),
        (D(2025, 12, 19), D(2026, 1, 5), D(2026, 1, 5)),
        (D(2026, 3, 28), D(2026, 4, 13), D(2026, 4, 13)),
        (D(2026, 7, 23), D(2026, 9, 2), D(2026, 9, 2)),  # across the academic year
    ],
)
def test_when_next_term_and_half_term_start(cal, day, next_term_start, next_half_start):
    assert cal.next_term_after(day).starts_on == next_term_start
    assert cal.next_half_term_after(day).starts_on == next_half_start


def test_holiday_dates_belong_to_the_following_period(cal):
    assert str(cal.term_on_or_next(D(2025, 12, 24))) == "Spring term 2025/26"
    assert cal.half_term_on_or_next(D(2025, 10, 29)).label == "Autumn 2"
    autumn = cal.term_on(D(2025, 10, 1))
    assert str(cal.term_after(autumn)) == "Spring term 2025/26"


def test_no_next_term_beyond_the_calendar(cal):
    assert cal.next_term_after(D(2027, 8, 1)) is None
    assert cal.term_on(D(2030, 1, 10)) is None


@pytest.mark.parametrize(
    ("day", "year"), [(D(2025, 8, 31), 2024), (D(2025, 9, 1), 2025), (D(2026, 1, 1), 2025)]
)
def test_academic_start_year(day, year):
    assert academic_start_year(day) == year


def test_ensure_current_and_next_year_creates_them_once(db):
    Collection.objects.all().delete()  # termly data protects its years
    EstatesProject.objects.all().delete()  # so do SCA-funded estates projects
    PriorityProgress.objects.all().delete()  # and the trust plan's termly progress
    TrustPriority.objects.all().delete()
    AcademicYear.objects.all().delete()
    years = ensure_current_and_next_year(D(2026, 11, 22))
    assert [y.name for y in years] == ["2026/27", "2027/28"]
    ensure_current_and_next_year(D(2026, 11, 22))
    assert AcademicYear.objects.count() == 2
    assert Term.objects.count() == 6
    assert HalfTerm.objects.count() == 12


def test_an_edited_year_is_not_overwritten(cal):
    autumn = Term.objects.get(academic_year__start_year=2025, season=Term.Season.AUTUMN)
    autumn.starts_on = D(2025, 9, 3)
    autumn.save()
    create_typical_year(2025)
    autumn.refresh_from_db()
    assert autumn.starts_on == D(2025, 9, 3)


def test_half_term_outside_its_term_is_refused(cal):
    autumn = Term.objects.get(academic_year__start_year=2025, season=Term.Season.AUTUMN)
    half = autumn.half_terms.get(number=2)
    half.ends_on = D(2026, 1, 9)
    with pytest.raises(ValidationError, match="must lie within its term"):
        half.full_clean()


def test_overlapping_half_terms_are_refused(cal):
    autumn = Term.objects.get(academic_year__start_year=2025, season=Term.Season.AUTUMN)
    half = autumn.half_terms.get(number=2)
    half.starts_on = D(2025, 10, 20)
    with pytest.raises(ValidationError, match="overlap"):
        half.full_clean()


def test_term_ending_before_it_starts_is_refused(cal):
    term = Term.objects.get(academic_year__start_year=2025, season=Term.Season.SPRING)
    term.ends_on = D(2026, 1, 1)
    with pytest.raises(ValidationError, match="end after it starts"):
        term.full_clean()


def test_calendar_lookups_cost_two_queries(cal, django_assert_num_queries):
    with django_assert_num_queries(2):
        loaded = Calendar.load()
        for month in range(1, 13):
            loaded.term_on(D(2026, month, 10))
            half = loaded.half_term_on(D(2026, month, 10))
            if half:
                assert half.term.academic_year.start_year == academic_start_year(D(2026, month, 10))
