"""Whether a body meets as often as its rule says (the trust's governance structure: the
Board of Trustees termly, the Finance and Audit Committee four times a year, the Management
Accounts' Review group every four weeks, the Members once a year in late November).

``check`` is a pure function of the rule, the dates of the body's meetings and the trust's
terms (from ``schools.calendar.Calendar``, the one calendar helper). It looks at the
current and the last academic year:

- only meetings held (on or before today) count; one still to come does not;
- termly: each term needs a meeting in it (one in a holiday counts for the term that
  follows, as the calendar helper's ``term_on_or_next`` places it); a term not yet over
  is not missed but "due by" its last day;
- N a year: each academic year needs N; the current year is "due by" its end until then;
- once a year in month M: a meeting in month M of each academic year;
- every N weeks: no gap longer than N weeks of term time between meetings (school
  holidays, half-term weeks among them, do not count towards the gap; a gap of exactly
  N weeks is met, a day more is missed), counted from the first day of last year's
  autumn term.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime
from dataclasses import dataclass, field

from schools.calendar import academic_start_year

MET, MISSED, DUE = "met", "missed", "due"
DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    state: str  # met, missed or due
    held: int
    detail: str


@dataclass(frozen=True)
class Check:
    rule: str  # the rule in words, "not set" when there is none
    periods: tuple[Period, ...] = field(default_factory=tuple)

    @property
    def missed(self) -> list[Period]:
        return [p for p in self.periods if p.state == MISSED]

    @property
    def off(self) -> bool:
        """Off its cadence: a period in the current or last academic year was missed."""
        return bool(self.missed)

    @property
    def due(self) -> Period | None:
        return next((p for p in self.periods if p.state == DUE), None)

    def summary(self) -> str:
        """One line for a list or a home item: what was missed, else what is due."""
        if self.missed:
            return "Missed: " + "; ".join(f"{p.label} ({p.detail})" for p in self.missed) + "."
        if self.due:
            return f"{self.due.label}: {self.due.detail}."
        return ""


def check(body, held_on, *, terms, half_terms=(), today: datetime.date) -> Check:
    """``body``'s cadence over the current and last academic year. ``held_on``: the dates
    of its meetings (any order; future ones are ignored); ``terms``: the trust's terms,
    each with its ``academic_year``; ``half_terms``: their halves, whose dates make term
    time for "every N weeks" (without them, the terms' dates do)."""
    rule = body.cadence_display
    held = sorted(d for d in held_on if d <= today)
    first_year = academic_start_year(today) - 1
    every_term = sorted(terms, key=lambda t: t.starts_on)
    terms = [t for t in every_term if first_year <= t.academic_year.start_year <= first_year + 1]
    if not body.cadence or not terms:
        return Check(rule)
    kind, n, month = body.cadence, body.cadence_number, body.cadence_month
    if kind == "termly":
        periods = _termly(held, terms, today)
    elif kind == "per_year":
        periods = _per_year(held, _years(terms), n, today)
    elif kind == "in_month":
        periods = _in_month(held, _years(terms), month, today)
    else:
        term_time = sorted(half_terms, key=lambda h: h.starts_on) or every_term
        periods = _every_weeks(held, term_time, terms[0].starts_on, n, today)
    return Check(rule, tuple(periods))


def _state(count: int, needed: int, ends_on, today) -> str:
    if count >= needed:
        return MET
    return MISSED if ends_on < today else DUE


def _due(ends_on) -> str:
    return f"due by {ends_on:%-d %B %Y}"


def _termly(held, terms, today) -> list[Period]:
    periods = []
    previous_end = None
    for term in terms:
        if term.starts_on > today:
            break
        # A holiday meeting counts for the term that follows it.
        opens = previous_end + DAY if previous_end else term.starts_on
        count = sum(1 for d in held if opens <= d <= term.ends_on)
        state = _state(count, 1, term.ends_on, today)
        detail = {MET: "met", MISSED: "no meeting", DUE: _due(term.ends_on)}[state]
        periods.append(Period(str(term), term.starts_on, term.ends_on, state, count, detail))
        previous_end = term.ends_on
    return periods


def _years(terms):
    years = {}
    for term in terms:
        years.setdefault(term.academic_year.start_year, term.academic_year)
    return [years[k] for k in sorted(years)]


def _per_year(held, years, n, today) -> list[Period]:
    periods = []
    for year in years:
        if year.starts_on > today:
            continue
        count = sum(1 for d in held if year.starts_on <= d <= year.ends_on)
        state = _state(count, n, year.ends_on, today)
        detail = f"{count} of {n} held"
        if state == DUE:
            detail += f" so far, {_due(year.ends_on)}"
        periods.append(Period(year.name, year.starts_on, year.ends_on, state, count, detail))
    return periods


def _in_month(held, years, month, today) -> list[Period]:
    periods = []
    for year in years:
        calendar_year = year.start_year if month >= 9 else year.start_year + 1
        starts_on = datetime.date(calendar_year, month, 1)
        ends_on = datetime.date(
            calendar_year, month, _stdlib_calendar.monthrange(calendar_year, month)[1]
        )
        count = sum(1 for d in held if starts_on <= d <= ends_on)
        state = _state(count, 1, ends_on, today)
        detail = {MET: "met", MISSED: "no meeting that month", DUE: _due(ends_on)}[state]
        periods.append(Period(f"{starts_on:%B %Y}", starts_on, ends_on, state, count, detail))
    return periods


def _every_weeks(held, terms, window_starts_on, n, today) -> list[Period]:
    """Each gap between meetings longer than ``n`` weeks of term time is missed; the gap
    still open after the last meeting is due by the day it would become too long."""
    allowed = 7 * n
    in_term = _term_days(terms)
    start = window_starts_on - DAY  # the window's first day is the first gap's first day
    anchors = [start] + [d for d in held if d > start]
    periods = []
    for before, after in zip(anchors, anchors[1:], strict=False):
        gap = in_term(before, after)
        if gap > allowed:
            periods.append(
                Period(
                    f"{before + DAY:%-d %b %Y} to {after:%-d %b %Y}",
                    before + DAY,
                    after,
                    MISSED,
                    0,
                    f"{gap} days of term time without a meeting, {allowed} at most",
                )
            )
    last = anchors[-1]
    due_on = _after_term_days(last, allowed, terms)
    open_gap = in_term(last, today)
    label = f"Since {last + DAY:%-d %b %Y}" if last != start else "So far"
    if open_gap > allowed:
        periods.append(
            Period(label, last + DAY, today, MISSED, 0, f"no meeting; it was {_due(due_on)}")
        )
    else:
        periods.append(Period("Next meeting", last + DAY, due_on, DUE, 0, _due(due_on)))
    return periods


def _term_days(terms):
    """Days of term in (a, b]; days after the last known term count, as its dates are not
    yet set."""
    last_known = terms[-1].ends_on

    def count(a, b) -> int:
        if b <= a:
            return 0
        days = sum(max(0, (min(b, t.ends_on) - max(a + DAY, t.starts_on)).days + 1) for t in terms)
        if b > last_known:
            days += (b - max(a, last_known)).days
        return days

    return count


def _after_term_days(day, days, terms) -> datetime.date:
    """The day on which ``days`` days of term time have passed after ``day``."""
    last_known = terms[-1].ends_on
    left = days
    for term in terms:
        if term.ends_on <= day:
            continue
        opens = max(day + DAY, term.starts_on)
        available = (term.ends_on - opens).days + 1
        if available >= left:
            return opens + (left - 1) * DAY
        left -= available
    return max(day, last_known) + left * DAY
