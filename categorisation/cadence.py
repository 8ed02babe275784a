"""When each school's category is next due for re-assessment (School Improvement Strategy
2024-25, §5).

Every school is re-assessed once in every term; category 4 schools once in every
half-term, and category 3 too where the trust keeps the rule of its Business Plan 2018-19
(``SYMPHONY_CATEGORY_3_HALF_TERMLY``; the Strategy 2024-25, the default, says only 4).

The period an assessment counts for is the term (or half-term) it was made in; one made
in a holiday counts for the period that follows. A school assessed in the current period
is next due by the last day of the following period; one assessed in an earlier period is
due by the last day of the period after that one, so a school that missed a whole period
is overdue from the day that period ended. A school never assessed needs its initial
judgement by the end of the current period.

Each academic year's first judgement (School Improvement Strategy 2024-25, §5: "at the
start of each academic year") has its own deadline, ``SYMPHONY_START_OF_YEAR_DEADLINE``:

- ``term_end`` (the default): by the end of the autumn term, the date the termly rule
  gives anyway, so a trust that sets nothing keeps the termly cadence;
- ``first_meeting``: by the first risk meeting of the autumn term (the meeting the
  Strategy says the assessment is completed at); until one is scheduled, by the end of
  the autumn term's first half-term;
- a fixed day, ``MM-DD`` (e.g. ``10-31``, 31 October).

A school's next judgement is its start-of-year judgement when its current decision was
made in an earlier academic year than the one today belongs to (a holiday belongs to the
term that follows). The deadline never relaxes the termly or half-termly rule: the
earlier of the two stands. A school never judged (its initial judgement) and a school in
due diligence, before it joins, keep the ordinary rule.

All lookups go through ``schools.calendar.Calendar``, loaded once per page; the due-date
rule itself (``due_after``) is the calendar's, shared with SCC monitoring and risk reviews.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime

from django.conf import settings

from schools.calendar import HALF_TERMLY, TERMLY, Calendar, Due, academic_start_year, due_after
from schools.models import Term


def reassessment_frequency(category: int | None) -> str:
    if category == 4:
        return HALF_TERMLY
    if category == 3 and settings.SYMPHONY_CATEGORY_3_HALF_TERMLY:
        return HALF_TERMLY
    return TERMLY


def next_due(
    *,
    category: int | None,
    last_assessed_on: datetime.date | None,
    today: datetime.date,
    calendar: Calendar,
) -> Due:
    return due_after(
        frequency=reassessment_frequency(category),
        last_on=last_assessed_on,
        today=today,
        calendar=calendar,
    )


TERM_END, FIRST_MEETING = "term_end", "first_meeting"


def fixed_day(value: str) -> tuple[int, int] | None:
    """(month, day) for a ``MM-DD`` setting, or None if ``value`` is not one."""
    try:
        day = datetime.date.fromisoformat(f"2000-{value}")  # 2000: a leap year, for 02-29
    except ValueError:
        return None
    return day.month, day.day


def year_of(today: datetime.date, calendar: Calendar) -> int:
    """The academic year a judgement made today belongs to (a holiday: the next term's)."""
    term = calendar.term_on_or_next(today)
    return term.academic_year.start_year if term else academic_start_year(today)


def is_start_of_year(
    last_assessed_on: datetime.date | None, *, today: datetime.date, calendar: Calendar
) -> bool:
    return last_assessed_on is not None and academic_start_year(last_assessed_on) < year_of(
        today, calendar
    )


def autumn_term(year: int, calendar: Calendar) -> Term | None:
    for term in calendar.terms:
        if term.academic_year.start_year == year and term.season == Term.Season.AUTUMN:
            return term
    return None


def start_of_year_deadline(
    year: int, *, calendar: Calendar, first_meeting_on=None
) -> datetime.date | None:
    """The day academic year ``year``'s start-of-year judgement is due by (the setting),
    or None where the calendar has no autumn term for it. ``first_meeting_on`` is the
    date of the autumn term's first risk meeting, if one is scheduled."""
    setting = settings.SYMPHONY_START_OF_YEAR_DEADLINE
    fixed = fixed_day(setting)
    if fixed:
        month, day = fixed
        calendar_year = year if month >= 9 else year + 1
        if (month, day) == (2, 29) and not _stdlib_calendar.isleap(calendar_year):
            day = 28
        return datetime.date(calendar_year, month, day)
    term = autumn_term(year, calendar)
    if term is None:
        return None
    if setting == FIRST_MEETING:
        if first_meeting_on is not None:
            return first_meeting_on
        halves = [h for h in calendar.half_terms if h.term_id == term.pk]
        return halves[0].ends_on if halves else term.ends_on
    return term.ends_on


def start_of_year_due(ordinary: Due, deadline: datetime.date | None, *, year_name: str, today):
    """The earlier of the ordinary due date and the start-of-year deadline."""
    if deadline is None or (ordinary.due_on is not None and ordinary.due_on <= deadline):
        return ordinary
    days = (deadline - today).days
    return Due(deadline, ordinary.frequency, days < 0, days, f"start of {year_name}")
