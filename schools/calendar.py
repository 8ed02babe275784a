"""The one calendar helper: which term or half-term a date is in, and when the next one
starts. Everything in the portal that is scheduled by term uses this module.

``Calendar.load()`` reads every term and half-term in two queries, so callers that look
up many dates (due lists over all schools) stay at a fixed number of queries.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime
from bisect import bisect_right
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .models import AcademicYear, HalfTerm, Term


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day where it is shorter (31 August
    and six months: 28 or 29 February)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, _stdlib_calendar.monthrange(year, month)[1]))


def academic_start_year(day: datetime.date) -> int:
    """English academic years run 1 September to 31 August."""
    return day.year if day.month >= 9 else day.year - 1


@dataclass(frozen=True)
class Calendar:
    terms: tuple[Term, ...]
    half_terms: tuple[HalfTerm, ...]

    @classmethod
    def load(cls) -> Calendar:
        terms = tuple(Term.objects.select_related("academic_year").order_by("starts_on"))
        by_id = {term.pk: term for term in terms}
        half_terms = tuple(HalfTerm.objects.order_by("starts_on"))
        for half in half_terms:
            half.term = by_id[half.term_id]  # avoid a query per half-term for its term
        return cls(terms=terms, half_terms=half_terms)

    # "Which term / half-term is this date in": None in a holiday.
    def term_on(self, day: datetime.date) -> Term | None:
        return _containing(self.terms, day)

    def half_term_on(self, day: datetime.date) -> HalfTerm | None:
        return _containing(self.half_terms, day)

    # "When does the next term / half-term start": the first one starting after the day.
    def next_term_after(self, day: datetime.date) -> Term | None:
        return _first_starting_after(self.terms, day)

    def next_half_term_after(self, day: datetime.date) -> HalfTerm | None:
        return _first_starting_after(self.half_terms, day)

    # In a holiday, the period a date "belongs to" for scheduling is the one that follows.
    def term_on_or_next(self, day: datetime.date) -> Term | None:
        return self.term_on(day) or self.next_term_after(day)

    def half_term_on_or_next(self, day: datetime.date) -> HalfTerm | None:
        return self.half_term_on(day) or self.next_half_term_after(day)

    def term_after(self, term: Term) -> Term | None:
        return self.next_term_after(term.ends_on)

    def half_term_after(self, half: HalfTerm) -> HalfTerm | None:
        return self.next_half_term_after(half.ends_on)


def _containing(periods, day):
    index = bisect_right([p.starts_on for p in periods], day) - 1
    if index >= 0 and periods[index].ends_on >= day:
        return periods[index]
    return None


def _first_starting_after(periods, day):
    index = bisect_right([p.starts_on for p in periods], day)
    return periods[index] if index < len(periods) else None


# --- Typical English term dates, for years the trust has not entered --------------


def _weekday_on_or_after(day: datetime.date, weekday: int) -> datetime.date:
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


def _weekday_on_or_before(day: datetime.date, weekday: int) -> datetime.date:
    return day - datetime.timedelta(days=(day.weekday() - weekday) % 7)


def _last_weekday_of_month(year: int, month: int, weekday: int) -> datetime.date:
    last = datetime.date(year, month, _stdlib_calendar.monthrange(year, month)[1])
    return last - datetime.timedelta(days=(last.weekday() - weekday) % 7)


MON, WED, FRI = 0, 2, 4
WEEK = datetime.timedelta(days=7)


def typical_dates(start_year: int) -> dict[int, tuple[tuple[datetime.date, datetime.date], ...]]:
    """Typical dates for an English primary year: {season: ((start, end) of each half)}.

    Matches the typical 2025/26 dates (2 Sep - 19 Dec with 27-31 Oct off; 5 Jan - 27 Mar
    with 16-20 Feb off; 13 Apr - 22 Jul with 25-29 May off). Local authorities differ, so
    the central team corrects them in the admin site.
    """
    y, n = start_year, start_year + 1
    autumn_start = datetime.date(y, 9, 2)  # 1 September is usually an INSET day
    while autumn_start.weekday() > FRI:
        autumn_start += datetime.timedelta(days=1)
    october_break = _last_weekday_of_month(y, 10, MON)
    december_end = _weekday_on_or_before(datetime.date(y, 12, 20), FRI)
    spring_start = datetime.date(n, 1, 4)  # after the New Year bank holiday
    while spring_start.weekday() > FRI:
        spring_start += datetime.timedelta(days=1)
    february_break = _weekday_on_or_after(datetime.date(n, 2, 15), MON)
    march_end = _last_weekday_of_month(n, 3, FRI)
    summer_start = march_end + datetime.timedelta(days=17)
    may_break = _last_weekday_of_month(n, 5, MON)
    july_end = _weekday_on_or_before(datetime.date(n, 7, 22), WED)
    day = datetime.timedelta(days=1)
    return {
        Term.Season.AUTUMN: (
            (autumn_start, october_break - 3 * day),
            (october_break + WEEK, december_end),
        ),
        Term.Season.SPRING: (
            (spring_start, february_break - 3 * day),
            (february_break + WEEK, march_end),
        ),
        Term.Season.SUMMER: (
            (summer_start, may_break - 3 * day),
            (may_break + WEEK, july_end),
        ),
    }


@transaction.atomic
def create_typical_year(start_year: int) -> AcademicYear:
    """Create an academic year with typical dates, unless it exists (then leave it)."""
    year, created = AcademicYear.objects.get_or_create(
        start_year=start_year,
        defaults={
            "starts_on": datetime.date(start_year, 9, 1),
            "ends_on": datetime.date(start_year + 1, 8, 31),
        },
    )
    if not created:
        return year
    for season, halves in typical_dates(start_year).items():
        term = Term.objects.create(
            academic_year=year, season=season, starts_on=halves[0][0], ends_on=halves[1][1]
        )
        for number, (starts_on, ends_on) in enumerate(halves, start=1):
            HalfTerm.objects.create(term=term, number=number, starts_on=starts_on, ends_on=ends_on)
    return year


def ensure_current_and_next_year(today: datetime.date | None = None) -> list[AcademicYear]:
    today = today or timezone.localdate()
    first = academic_start_year(today)
    return [create_typical_year(first), create_typical_year(first + 1)]


# One due-date helper: "due by the end of the period after the last one" for category
# re-assessments, SCC monitoring and risk-register reviews.
TERMLY, HALF_TERMLY = "termly", "half_termly"


@dataclass(frozen=True)
class Due:
    due_on: datetime.date | None  # None when the calendar has no dates that far ahead
    frequency: str
    overdue: bool
    days: int | None  # days until due (negative: days overdue)
    period_label: str  # the term / half-term the next assessment is for

    @property
    def days_overdue(self) -> int:
        return -self.days if self.overdue else 0

    @property
    def state(self) -> str:
        if self.due_on is None:
            return "unknown"
        return "overdue" if self.overdue else "due"


def due_after(
    *, frequency: str, last_on: datetime.date | None, today: datetime.date, calendar: Calendar
) -> Due:
    """Due by the end of the period after the one ``last_on`` counts for (or by the end of
    the current period if there is no ``last_on``): re-assessments and SCC monitoring."""
    last_assessed_on = last_on
    if frequency == HALF_TERMLY:
        on_or_next, after = calendar.half_term_on_or_next, calendar.half_term_after
    else:
        on_or_next, after = calendar.term_on_or_next, calendar.term_after
    if last_assessed_on is None:
        period = on_or_next(today)
    else:
        counted_for = on_or_next(last_assessed_on)
        period = after(counted_for) if counted_for is not None else None
    if period is None:
        return Due(None, frequency, False, None, "")
    days = (period.ends_on - today).days
    return Due(period.ends_on, frequency, days < 0, days, str(period))
