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

All lookups go through ``schools.calendar.Calendar``, loaded once per page; the due-date
rule itself (``due_after``) is the calendar's, shared with SCC monitoring and risk reviews.
"""

from __future__ import annotations

import datetime

from django.conf import settings

from schools.calendar import HALF_TERMLY, TERMLY, Calendar, Due, due_after


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
