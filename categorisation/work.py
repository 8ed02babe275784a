"""Categorisation and Schools Causing Concern on people's homes (``schools.work``).

School Improvement Strategy 2024-25, §5-6: the CEO and DoP decide each school's category at
the Executive Group's risk meetings and monitor the schools causing concern. For them: the
re-assessments overdue or falling due (within the reminder lead, or by the next scheduled
risk meeting), a risk meeting in the coming week, and each open case's monitoring review
falling due or overdue. For whoever leads or governs a school: its category decided at a
risk meeting in the last fortnight, and its SCC monitoring review falling due. Those who
attend risk meetings without deciding (the central team) see a meeting they are invited
to in the coming week. Due dates are the due list's and the SCC list's own
(``selectors.due_list``, ``scc.open_cases``), the ones the reminder emails are sent on.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.urls import reverse

from schools import access
from schools.access import Perm
from schools.calendar import Calendar
from schools.work import Item

from .models import Assessment, RiskMeeting
from .scc import open_cases
from .selectors import DUE_DILIGENCE, START_OF_YEAR, TRACKED, due_list

KIND = "Category"  # the badge (not "Categorisation": that is the navigation's link)
SCC_KIND = "Schools Causing Concern"
DECISION_SHOWN_DAYS = 14  # a decision stays on the school's homes this long, as news
MEETING_NOTICE_DAYS = 6  # a risk meeting shows from a week before (today and 6 days on)


def items(user, today) -> list[Item]:
    decides = access.allowed(user, Perm.DECIDE_CATEGORY)
    manages_scc = access.allowed(user, Perm.MANAGE_SCC)
    if decides or manages_scc:
        calendar = Calendar.load()
        found = []
        if decides:
            upcoming = _upcoming_meetings(today)
            found += _reassessments(user, today, calendar, upcoming)
            found += _meetings(upcoming, today)
        if manages_scc:
            found += _monitoring(open_cases(user=user, today=today, calendar=calendar), today)
        return found
    if access.allowed(user, Perm.VIEW_CATEGORISATION):
        return _meetings(_upcoming_meetings(today, attended_by=user), today)
    if access.holds(user, Perm.VIEW_SCHOOL):
        return _for_schools(user, today)
    return []


def explains(user) -> str | None:
    if access.allowed(user, Perm.DECIDE_CATEGORY) or access.allowed(user, Perm.MANAGE_SCC):
        return (
            "category re-assessments overdue or due by the next risk meeting, this week's "
            "risk meeting, and SCC monitoring reviews falling due"
        )
    if access.allowed(user, Perm.VIEW_CATEGORISATION):
        return "a risk meeting you are invited to, in the week before it"
    if access.holds(user, Perm.VIEW_SCHOOL):
        return (
            "the category of your school (or a school you are reviewing) when it is decided, "
            "and its SCC monitoring when due"
        )
    return None


# --- The CEO and DoP ------------------------------------------------------------------


def _upcoming_meetings(today, *, attended_by=None) -> list[RiskMeeting]:
    """The scheduled risk meetings from today on, soonest first: one query."""
    meetings = RiskMeeting.objects.filter(held_on__gte=today)
    if attended_by is not None:
        meetings = meetings.filter(
            attendees=attended_by,
            held_on__lte=today + datetime.timedelta(days=MEETING_NOTICE_DAYS),
        )
    return list(meetings.order_by("held_on", "pk")[:10])


def _reassessments(user, today, calendar, upcoming) -> list[Item]:
    """Each overdue school on its own (it needs deciding first); the schools falling due
    by the next risk meeting, or within the reminder lead, together per due date."""
    lead = datetime.timedelta(days=settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS)
    horizon = today + lead
    meeting = upcoming[0] if upcoming else None
    if meeting and meeting.held_on > horizon:
        horizon = meeting.held_on
    if meeting:
        url = reverse("categorisation:meeting", args=[meeting.pk])
        at = f" At the risk meeting on {meeting.held_on:%A %-d %B}."
    else:
        url, at = reverse("categorisation:overview"), " No risk meeting is scheduled yet."
    found, falling_due = [], {}
    for row in due_list(user=user, today=today, calendar=calendar):
        due_on = row.due.due_on
        if due_on is None:
            continue
        if row.due.overdue:
            found.append(
                Item(
                    title=_decide(row),
                    url=url,
                    when=due_on,
                    detail=f"{_was_due(row, due_on)} ({row.due.period_label}); "
                    f"{_current(row)}.{at}",
                    school=row.school.name,
                    kind=KIND,
                    overdue=True,
                )
            )
        elif due_on <= horizon:
            falling_due.setdefault(due_on, []).append(row)
    for due_on, rows in sorted(falling_due.items()):
        if len(rows) == 1:
            title = _decide(rows[0])
            row = rows[0]
            detail = f"{_due_by(row, due_on)} ({row.due.period_label}); {_current(row)}."
        else:
            if all(row.judgement == START_OF_YEAR for row in rows):
                title = f"Make {len(rows)} schools' start-of-year category judgements"
                lead_in = _due_by(rows[0], due_on)
                names = ", ".join(row.school.name for row in rows)
            else:
                title = f"Re-assess {len(rows)} schools' categories"
                lead_in = f"Due by {due_on:%-d %B %Y}"
                names = ", ".join(_named(row) for row in rows)
            detail = f"{lead_in} ({rows[0].due.period_label}): {names}."
        found.append(
            Item(
                title=title,
                url=url,
                when=due_on,
                detail=detail + at,
                school=rows[0].school.name if len(rows) == 1 else "",
                kind=KIND,
            )
        )
    return found


def _decide(row) -> str:
    name = _possessive(row.school.name)
    if row.judgement == DUE_DILIGENCE:
        return f"Make {name} category judgement at due diligence"
    if row.judgement == START_OF_YEAR:
        return f"Make {name} start-of-year category judgement"
    if row.current is None:
        return f"Make {name} initial category judgement"
    return f"Re-assess {name} category"


def _due_by(row, due_on) -> str:
    """ "Due by …", or "Start-of-year judgement due by …" / "Due diligence judgement due
    by …" where the judgement is one of those."""
    if row.judgement in (START_OF_YEAR, DUE_DILIGENCE):
        return f"{row.judgement_label} due by {due_on:%-d %B %Y}"
    return f"Due by {due_on:%-d %B %Y}"


def _was_due(row, due_on) -> str:
    if row.judgement in (START_OF_YEAR, DUE_DILIGENCE):
        return f"{row.judgement_label} was due by {due_on:%-d %B %Y}"
    return f"Was due by {due_on:%-d %B %Y}"


def _named(row) -> str:
    """A school in a shared item, marked where its judgement is not a re-assessment."""
    if row.judgement == DUE_DILIGENCE:
        return f"{row.school.name} (due diligence)"
    if row.judgement == START_OF_YEAR:
        return f"{row.school.name} (start of year)"
    return row.school.name


def _current(row) -> str:
    if row.current is None:
        return "no category yet"
    return f"category {row.current.category} since {row.current.assessed_on:%-d %B %Y}"


def _meetings(upcoming, today) -> list[Item]:
    week_end = today + datetime.timedelta(days=MEETING_NOTICE_DAYS)
    return [
        Item(
            title=f"Prepare for the risk meeting on {m.held_on:%A %-d %B}",
            url=reverse("categorisation:meeting", args=[m.pk]),
            when=m.held_on,
            detail="The Executive Group's risk meeting: the schools due for re-assessment "
            "are on its page.",
            kind=KIND,
        )
        for m in upcoming
        if m.held_on <= week_end
    ]


def _monitoring(states, today, *, leads: bool = True) -> list[Item]:
    """Each open case whose monitoring review falls due within the reminder lead, or is
    overdue (the reminder scan's window). Those who hold the review (``leads``) are asked
    to hold it; the school's own people are told it is due."""
    found = []
    for state in _falling_due(states, today):
        school, due_on = state.case.school, state.due.due_on
        if leads:
            title = f"Hold {_possessive(school.name)} SCC monitoring review"
            detail = (
                f"At level {state.level} since {state.since:%-d %B %Y}; due by "
                f"{due_on:%-d %B %Y} ({state.due.period_label})."
            )
        else:
            title = f"{_possessive(school.name)} SCC monitoring review is due"
            detail = (
                f"The trust reviews progress at level {state.level} of Schools Causing "
                f"Concern by {due_on:%-d %B %Y}."
            )
        found.append(
            Item(
                title=title,
                url=reverse("categorisation:scc_case", args=[state.case.pk]),
                when=due_on,
                detail=detail,
                school=school.name,
                kind=SCC_KIND,
                overdue=state.due.overdue,
            )
        )
    return found


def _falling_due(states, today):
    lead = datetime.timedelta(days=settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS)
    return [s for s in states if s.due.due_on is not None and s.due.due_on - today <= lead]


# --- Whoever leads or governs a school ------------------------------------------------


def _for_schools(user, today) -> list[Item]:
    schools = access.schools_for(user).filter(status__in=TRACKED)
    since = today - datetime.timedelta(days=DECISION_SHOWN_DAYS)
    decisions = (
        Assessment.objects.filter(
            school__in=schools,
            successor__isnull=True,
            assessed_on__gte=since,
            assessed_on__lte=today,
        )
        .select_related("school", "previous")
        .order_by("school__name")
    )
    found = []
    for decision in decisions:
        name = _possessive(decision.school.name)
        before = decision.previous_category
        if before is not None and before != decision.category:
            title = f"{name} category changed from {before} to {decision.category}"
        else:
            title = f"{name} category was decided: {decision.category}"
        meaning = decision.get_category_display().split(": ", 1)[-1]
        unchanged = " (unchanged)" if before == decision.category else ""
        found.append(
            Item(
                title=title,
                url=reverse("categorisation:school", args=[decision.school_id]),
                when=decision.assessed_on,
                detail=f"Decided at the risk meeting of {decision.assessed_on:%-d %B %Y}"
                f"{unchanged}: {meaning}.",
                school=decision.school.name,
                kind=KIND,
            )
        )
    found += _monitoring(open_cases(user=user, today=today), today, leads=False)
    return found


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"
