"""Which reviews each school is due this year, from its category and the trust's calendar.

The trust's rules (School-improvement model; Trust Self-Evaluation 2025; School Improvement
Strategy 2024-25, "core offer"):
- peer review: one a year (its type follows the category);
- partnership review: once a year;
- school review by the curriculum lead: once a term, or every half-term where the
  school's category calls for it (categorisation's support offer says which);
- safeguarding review: every half-term;
- SIP visits: 3 days a year, taken here as a day in each term;
- governance review: on joining, then every three years;
- the annual safeguarding audit and the NLE's evaluation: once a year ("support from NLE to
  evaluate the school and identify priorities for improvement"; the model gives no
  frequency, so the trust's annual cycle is assumed).

A period's review is *done* if one was held in it (a date in the holiday before a period
counts for that period), *overdue* once the period has ended without one, *due* while the
period runs, and *upcoming* before it starts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from schools.calendar import Calendar

from .models import SchoolReview

Kind = SchoolReview.Kind
HALF_TERMLY, TERMLY = "half_termly", "termly"
GOVERNANCE_EVERY_YEARS = 3


@dataclass(frozen=True)
class Slot:
    label: str
    starts_on: datetime.date  # the window: from the end of the previous period
    ends_on: datetime.date
    done_on: datetime.date | None
    state: str  # done / overdue / due / upcoming


def _state(starts_on, ends_on, done_on, today):
    if done_on:
        return "done"
    if ends_on < today:
        return "overdue"
    return "due" if starts_on <= today else "upcoming"


def _slots(periods, year, held, today):
    slots, window_start = [], year.starts_on
    for label, ends_on in periods:
        done = min((d for d in held if window_start <= d <= ends_on), default=None)
        slots.append(
            Slot(label, window_start, ends_on, done, _state(window_start, ends_on, done, today))
        )
        window_start = ends_on + datetime.timedelta(days=1)
    return slots


def slots_for(
    *,
    kind: str,
    school,
    year,
    calendar: Calendar,
    held: list[datetime.date],
    today: datetime.date,
    frequency: str | None = None,
    governance_history: list[datetime.date] = (),
) -> list[Slot]:
    """The periods of ``year`` in which ``school`` needs a review of ``kind``."""
    terms = [t for t in calendar.terms if t.academic_year_id == year.pk]
    halves = [h for h in calendar.half_terms if h.term.academic_year_id == year.pk]
    if not terms:
        return []
    year_end = terms[-1].ends_on
    by_term = [(f"{t.get_season_display()} term", t.ends_on) for t in terms]
    by_half = [(h.label, h.ends_on) for h in halves]
    if kind in (Kind.PARTNERSHIP, Kind.SAFEGUARDING_AUDIT, Kind.NLE):
        return _slots([("This year", year_end)], year, held, today)
    if kind == Kind.CURRICULUM:
        return _slots(by_half if frequency == HALF_TERMLY else by_term, year, held, today)
    if kind == Kind.SAFEGUARDING:
        return _slots(by_half, year, held, today)
    if kind == Kind.SIP:
        return _slots(by_term, year, held, today)
    if kind == Kind.GOVERNANCE:
        return _governance_slots(school, year, year_end, governance_history, today)
    raise ValueError(kind)


def _governance_slots(school, year, year_end, history, today):
    before = [d for d in history if d < year.starts_on]
    during = [d for d in history if year.starts_on <= d <= year.ends_on]
    joined = school.joined_on
    if joined and year.starts_on <= joined <= year.ends_on:
        label = "On joining"
    elif not before:
        label = "First review"  # never reviewed: due now
    elif _years_after(max(before), GOVERNANCE_EVERY_YEARS) <= year_end:
        label = "Three-yearly"
    else:
        return []  # not due this year
    done = min(during, default=None)
    return [
        Slot(label, year.starts_on, year_end, done, _state(year.starts_on, year_end, done, today))
    ]


def _years_after(day: datetime.date, years: int) -> datetime.date:
    return datetime.date(day.year + years, day.month, min(day.day, 28))
