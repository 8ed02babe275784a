"""Reads, scoped by ``schools.access``. Every list here costs a fixed number of queries
however many schools there are."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.db.models import Max, QuerySet, prefetch_related_objects
from django.http import Http404
from django.utils import timezone

from schools import access
from schools.access import Perm
from schools.calendar import Calendar, Due
from schools.models import Reminder, School

from . import cadence
from .cadence import next_due
from .models import Assessment, RiskMeeting
from .rules import ofsted_evidence

# The schools whose category the trust tracks: members, and schools in due diligence.
TRACKED = (School.Status.MEMBER, School.Status.DUE_DILIGENCE)


def current_assessments(schools) -> dict[int, Assessment]:
    """{school pk: its current (latest, not superseded) assessment}: one query."""
    ids = [s.pk for s in schools] if not isinstance(schools, QuerySet) else schools.values("pk")
    return {
        a.school_id: a
        for a in Assessment.objects.filter(school__in=ids, successor__isnull=True).select_related(
            "meeting"
        )
    }


def current_categories(schools) -> dict[int, int]:
    """{school pk: current category} for the schools that have one (``reviews.offer``)."""
    return {pk: a.category for pk, a in current_assessments(schools).items()}


# What a school's next judgement is (School Improvement Strategy 2024-25, §5).
DUE_DILIGENCE, INITIAL, START_OF_YEAR, REASSESSMENT = (
    "due_diligence",
    "initial",
    "start_of_year",
    "reassessment",
)
JUDGEMENTS = {
    DUE_DILIGENCE: "Due diligence judgement",
    INITIAL: "Initial judgement",
    START_OF_YEAR: "Start-of-year judgement",
    REASSESSMENT: "Re-assessment",
}


@dataclass(frozen=True)
class DueRow:
    school: School
    current: Assessment | None
    due: Due
    last_reminded: datetime.datetime | None
    judgement: str = REASSESSMENT

    @property
    def judgement_label(self) -> str:
        return JUDGEMENTS[self.judgement]

    @property
    def sort_key(self):
        # Overdue first (most overdue at the top), then never categorised, then soonest.
        never = self.current is None
        days = self.due.days if self.due.days is not None else 10**6
        return (not self.due.overdue, not never, days, self.school.name)


def due_list(*, user, today: datetime.date | None = None, calendar=None) -> list[DueRow]:
    """Every tracked school the user may see, with its next re-assessment due date."""
    today = today or timezone.localdate()
    calendar = calendar or Calendar.load()
    schools = list(access.schools_for(user).filter(status__in=TRACKED).order_by("name"))
    return due_rows(schools, today=today, calendar=calendar)


def due_rows(schools, *, today, calendar) -> list[DueRow]:
    current = current_assessments(schools)
    reminded = dict(
        Reminder.objects.filter(topic=REASSESSMENT_TOPIC, school__in=[s.pk for s in schools])
        .values("school_id")
        .annotate(last=Max("created_at"))
        .values_list("school_id", "last")
    )
    start_of_year = _StartOfYear(today, calendar)
    rows = []
    for school in schools:
        assessment = current.get(school.pk)
        last_on = assessment.assessed_on if assessment else None
        due = next_due(
            category=assessment.category if assessment else None,
            last_assessed_on=last_on,
            today=today,
            calendar=calendar,
        )
        if school.status == School.Status.DUE_DILIGENCE:
            judgement = DUE_DILIGENCE
        elif assessment is None:
            judgement = INITIAL
        elif cadence.is_start_of_year(
            last_on, today=today, calendar=calendar
        ) and not start_of_year.missed_last_year(due):
            judgement = START_OF_YEAR
            due = start_of_year.due(due)
        else:
            judgement = REASSESSMENT
        rows.append(DueRow(school, assessment, due, reminded.get(school.pk), judgement))
    return sorted(rows, key=lambda row: row.sort_key)


class _StartOfYear:
    """The current academic year's start-of-year deadline, worked out once per list (and
    the autumn term's first risk meeting read, in one query, only when the setting asks
    for it and a school's start-of-year judgement is outstanding)."""

    def __init__(self, today, calendar):
        self.today, self.calendar = today, calendar
        self._deadline = None
        self._known = False

    def missed_last_year(self, ordinary: Due) -> bool:
        """A re-assessment that fell due before this academic year began is still that
        re-assessment, overdue: not this year's start-of-year judgement."""
        term = cadence.autumn_term(cadence.year_of(self.today, self.calendar), self.calendar)
        return ordinary.due_on is not None and term is not None and ordinary.due_on < term.starts_on

    def due(self, ordinary: Due) -> Due:
        year = cadence.year_of(self.today, self.calendar)
        if not self._known:
            first_meeting_on = None
            term = cadence.autumn_term(year, self.calendar)
            if settings.SYMPHONY_START_OF_YEAR_DEADLINE == cadence.FIRST_MEETING and term:
                first_meeting_on = (
                    RiskMeeting.objects.filter(term=term)
                    .order_by("held_on")
                    .values_list("held_on", flat=True)
                    .first()
                )
            self._deadline = cadence.start_of_year_deadline(
                year, calendar=self.calendar, first_meeting_on=first_meeting_on
            )
            self._known = True
        return cadence.start_of_year_due(
            ordinary, self._deadline, year_name=f"{year}/{str(year + 1)[-2:]}", today=self.today
        )


REASSESSMENT_TOPIC = "category_reassessment"
MEETING_TOPIC = "risk_meeting"


# Business Plan 2018-19, "Growth": "a minimum of four good or better schools (those with the
# capacity to support) to one school requiring support". The same plan calls only category 1
# "able to offer support", so which schools count as able to support is the trust's
# choice (SYMPHONY_CAPACITY_READING). Schools requiring support are those in categories 3-4
# in every reading (the categories that receive the full support offer).
CATEGORY_1, CATEGORIES_1_2, OFSTED_GOOD = "category_1", "categories_1_2", "ofsted_good"
READINGS = {
    CATEGORY_1: "Able to support: category 1 only (the Business Plan 2018-19 calls only "
    'category 1 "able to offer support"); category 2 schools count on neither side.',
    CATEGORIES_1_2: 'Able to support: categories 1 and 2 ("good or better schools", '
    'Business Plan 2018-19, "Growth").',
    OFSTED_GOOD: "Able to support: good or better by Ofsted (Outstanding or Good, or a "
    "report card with every area at expected standard or above) and not in categories 3-4; "
    "a school in category 1 or 2 without such an inspection counts on neither side.",
}
GOOD_OR_BETTER = ("outstanding", "good", "rc_expected")  # OfstedEvidence values


@dataclass(frozen=True)
class Capacity:
    """Schools able to support per school needing support (categories 3-4), against the
    trust's target ratio (Business Plan 2018-19, "Growth"), in the reading in use."""

    supporting: int
    needing: int
    uncategorised: int
    target: int
    reading: str = CATEGORIES_1_2
    neither: int = 0  # categorised, but counted on neither side in this reading
    due_diligence: int = 0  # not yet in the trust: not counted

    @property
    def ratio(self) -> Fraction | None:
        return Fraction(self.supporting, self.needing) if self.needing else None

    @property
    def ratio_text(self) -> str:
        if not self.needing:
            return f"{self.supporting}:0"
        return f"{float(self.ratio):.1f}:1".replace(".0:", ":")

    @property
    def below_target(self) -> bool:
        return self.needing > 0 and self.supporting < self.target * self.needing

    @property
    def reading_text(self) -> str:
        return READINGS[self.reading]


def capacity(rows: list[DueRow], *, reading: str | None = None) -> Capacity:
    """The capacity ratio over the member schools in ``rows`` (schools in due diligence
    are not yet the trust's). The Ofsted reading reads every school's inspections in one
    query."""
    reading = reading or settings.SYMPHONY_CAPACITY_READING
    members = [row for row in rows if row.school.status == School.Status.MEMBER]
    categorised = [row for row in members if row.current]
    needing = [row for row in categorised if row.current.category >= 3]
    others = [row for row in categorised if row.current.category <= 2]
    if reading == CATEGORY_1:
        supporting = [row for row in others if row.current.category == 1]
    elif reading == OFSTED_GOOD:
        schools = [row.school for row in others]
        prefetch_related_objects(schools, "inspections")
        supporting = [
            row
            for row in others
            if ofsted_evidence(list(row.school.inspections.all()))[0] in GOOD_OR_BETTER
        ]
    else:
        supporting = others
    return Capacity(
        supporting=len(supporting),
        needing=len(needing),
        uncategorised=len(members) - len(categorised),
        target=settings.SYMPHONY_CAPACITY_TARGET,
        reading=reading,
        neither=len(others) - len(supporting),
        due_diligence=len(rows) - len(members),
    )


def meetings(*, user) -> QuerySet[RiskMeeting]:
    if not access.allowed(user, Perm.VIEW_CATEGORISATION):
        return RiskMeeting.objects.none()
    return RiskMeeting.objects.select_related("term__academic_year", "half_term")


def get_meeting(*, user, pk) -> RiskMeeting:
    try:
        return meetings(user=user).get(pk=pk)
    except (RiskMeeting.DoesNotExist, ValueError, TypeError):
        raise Http404("No such meeting.") from None


def meeting_assessments(meeting: RiskMeeting) -> list[Assessment]:
    return list(
        meeting.assessments.select_related(
            "school", "decided_by", "previous", "successor", "letter__sent_by"
        ).order_by("school__name", "pk")
    )


def agenda(*, user) -> list[tuple[int, str]]:
    """The schools a risk meeting goes through, in the order it takes them: every tracked
    school the user may see, by name (an order that stays put as decisions are made, so
    "next" and "previous" mean the same all meeting). One query."""
    return list(
        access.schools_for(user)
        .filter(status__in=TRACKED)
        .order_by("name")
        .values_list("pk", "name")
    )


@dataclass(frozen=True)
class Neighbours:
    previous: tuple[int, str] | None
    next: tuple[int, str] | None
    position: int  # 1-based
    total: int


def neighbours(agenda_rows: list[tuple[int, str]], school_pk: int) -> Neighbours | None:
    """The schools before and after ``school_pk`` on the meeting's list (None if it is
    not on it)."""
    pks = [pk for pk, _ in agenda_rows]
    if school_pk not in pks:
        return None
    i = pks.index(school_pk)
    return Neighbours(
        agenda_rows[i - 1] if i > 0 else None,
        agenda_rows[i + 1] if i + 1 < len(agenda_rows) else None,
        i + 1,
        len(agenda_rows),
    )


def next_undecided(agenda_rows, school_pk: int, decided: set[int]) -> tuple[int, str] | None:
    """The next school after ``school_pk`` on the list not yet decided at the meeting,
    coming round to the top of the list; None when every school is decided."""
    pks = [pk for pk, _ in agenda_rows]
    start = pks.index(school_pk) + 1 if school_pk in pks else 0
    for row in agenda_rows[start:] + agenda_rows[:start]:
        if row[0] not in decided:
            return row
    return None


# --- A school's history ---------------------------------------------------------------


def history(*, school) -> list[Assessment]:
    """Every decision for ``school``, newest first (the caller has checked access)."""
    return list(
        school.assessments.select_related(
            "meeting", "decided_by", "previous", "ofsted_inspection"
        ).order_by("-assessed_on", "-pk")
    )


def school_summary(*, school, today=None, calendar=None) -> DueRow:
    today = today or timezone.localdate()
    return due_rows([school], today=today, calendar=calendar or Calendar.load())[0]


def category_trend(schools, *, calendar, today, terms: int = 6) -> list[tuple[str, dict]]:
    """[(term label, {category: number of schools})] for the last ``terms`` terms up to the
    current one: each school counted in the category it held at the end of the term (or
    today, for the current term). One query."""
    periods = [t for t in calendar.terms if t.starts_on <= today][-terms:]
    if not periods:
        return []
    history: dict[int, list[tuple[datetime.date, int]]] = {}
    for school_id, day, category in (
        Assessment.objects.filter(school__in=[s.pk for s in schools])
        .order_by("assessed_on", "pk")
        .values_list("school_id", "assessed_on", "category")
    ):
        history.setdefault(school_id, []).append((day, category))
    trend = []
    for term in periods:
        as_at = min(term.ends_on, today)
        counts = {1: 0, 2: 0, 3: 0, 4: 0}
        for decisions in history.values():
            held = [c for day, c in decisions if day <= as_at]
            if held:
                counts[held[-1]] += 1
        label = f"{term.get_season_display()} {term.academic_year.name}"
        trend.append((label, counts))
    return trend
