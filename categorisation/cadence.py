"""When each school's category is next due for re-assessment (001 section 5).

Every school is re-assessed once in every term; category 4 schools once in every
half-term, and category 3 too where the trust keeps the 2018 plan's rule
(``SYMPHONY_CATEGORY_3_HALF_TERMLY``; the 2024-25 strategy, the default, says only 4).

The period an assessment counts for is the term (or half-term) it was made in; one made
in a holiday counts for the period that follows. A school assessed in the current period
is next due by the last day of the following period; one assessed in an earlier period is
due by the last day of the period after that one, so a school that missed a whole period
is overdue from the day that period ended. A school never assessed needs its initial
judgement by the end of the current period.

All lookups go through ``schools.calendar.Calendar``, loaded once per page.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings

from schools.calendar import Calendar

TERMLY, HALF_TERMLY = "termly", "half_termly"


def reassessment_frequency(category: int | None) -> str:
    if category == 4:
        return HALF_TERMLY
    if category == 3 and settings.SYMPHONY_CATEGORY_3_HALF_TERMLY:
        return HALF_TERMLY
    return TERMLY


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
