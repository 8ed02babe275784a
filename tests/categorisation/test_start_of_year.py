"""The start-of-year judgement and due diligence (School Improvement Strategy 2024-25, §5:
"Either at the point of due diligence or the start of each academic year, all schools
will be assessed"). Each academic year's first judgement is due by
``SYMPHONY_START_OF_YEAR_DEADLINE`` (the end of the autumn term; the first risk meeting of
the autumn term; or a fixed day), never later than the termly rule; a school in due
diligence is assessed on the same page and is named as such in the due list."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from categorisation import services, work
from categorisation.models import Assessment
from categorisation.selectors import (
    DUE_DILIGENCE,
    INITIAL,
    REASSESSMENT,
    START_OF_YEAR,
    due_rows,
)
from schools.calendar import Calendar, academic_start_year, create_typical_year
from schools.models import Hub, OfstedInspection, School, Term
from tests.factories import OfstedInspectionFactory, SchoolFactory

from .conftest import CAPACITY, ROW

DAY = datetime.timedelta(days=1)


class Year:
    """Academic year ``start`` (next year's, so every date is under the test's control)
    and the one before it, with typical term dates."""

    def __init__(self):
        self.start = academic_start_year(timezone.localdate()) + 1
        create_typical_year(self.start - 1)
        create_typical_year(self.start)
        self.calendar = Calendar.load()
        self.autumn = self.term(self.start, Term.Season.AUTUMN)
        self.autumn_halves = [h for h in self.calendar.half_terms if h.term_id == self.autumn.pk]
        self.summer_before = self.term(self.start - 1, Term.Season.SUMMER)
        self.spring_before = self.term(self.start - 1, Term.Season.SPRING)

    def term(self, year, season):
        return next(
            t
            for t in self.calendar.terms
            if t.academic_year.start_year == year and t.season == season
        )

    def reload(self):
        self.calendar = Calendar.load()


@pytest.fixture
def year(demo):
    return Year()


@pytest.fixture
def new_school(cast):
    """``new_school(category, held_on)``: a member school last decided on that day."""

    def make(category=None, held_on=None, *, status=School.Status.MEMBER):
        school = SchoolFactory(hub=Hub.objects.first(), status=status)
        if category is not None:
            decide(school, category, held_on, cast["dop"])
        return school

    return make


def decide(school, category, held_on, by):
    meeting = services.hold_meeting(held_on=held_on, attendees=[by], by=by)
    return services.decide_category(
        school=school,
        meeting=meeting,
        evidence=ROW[category],
        category=category,
        leadership_capacity=CAPACITY[category],
        rationale="Decided on the evidence.",  # in case the suggestion differs
        by=by,
        today=held_on,
    )


def row_for(school, today, year):
    year.reload()
    return due_rows([school], today=today, calendar=year.calendar)[0]


def last_summer(year):
    """A day in the second half of last summer term: next due by the end of the autumn
    term (termly) or of its first half (half-termly)."""
    return year.summer_before.ends_on - 10 * DAY


# --- The default: by the end of the autumn term ------------------------------------------


def test_by_default_it_is_due_by_the_end_of_the_autumn_term(year, new_school):
    school = new_school(2, last_summer(year))
    row = row_for(school, year.autumn.starts_on, year)
    assert row.judgement == START_OF_YEAR
    assert row.judgement_label == "Start-of-year judgement"
    assert row.due.due_on == year.autumn.ends_on
    assert not row_for(school, year.autumn.ends_on, year).due.overdue
    assert row_for(school, year.autumn.ends_on + DAY, year).due.overdue


def test_in_the_summer_holiday_the_next_judgement_is_already_the_new_years(year, new_school):
    school = new_school(1, last_summer(year))
    row = row_for(school, year.autumn.starts_on - 5 * DAY, year)
    assert row.judgement == START_OF_YEAR


# --- A fixed day -------------------------------------------------------------------------


def test_a_fixed_day_at_its_boundary(year, new_school, settings):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "10-31"
    school = new_school(2, last_summer(year))
    deadline = datetime.date(year.start, 10, 31)
    on_the_day = row_for(school, deadline, year)
    assert on_the_day.due.due_on == deadline
    assert (on_the_day.due.overdue, on_the_day.due.days) == (False, 0)
    assert on_the_day.due.period_label == f"start of {year.start}/{(year.start + 1) % 100:02d}"
    day_after = row_for(school, deadline + DAY, year)
    assert (day_after.due.overdue, day_after.due.days_overdue) == (True, 1)


@pytest.mark.parametrize("setting", ["12-31", "01-15"])
def test_a_fixed_day_after_the_term_never_relaxes_the_termly_rule(
    year, new_school, settings, setting
):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = setting
    school = new_school(2, last_summer(year))
    row = row_for(school, year.autumn.starts_on, year)
    assert (row.judgement, row.due.due_on) == (START_OF_YEAR, year.autumn.ends_on)


def test_a_half_termly_school_keeps_its_earlier_date(year, new_school, settings):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "10-31"
    school = new_school(4, last_summer(year))
    row = row_for(school, year.autumn.starts_on, year)
    assert year.autumn_halves[0].ends_on < datetime.date(year.start, 10, 31)
    assert (row.judgement, row.due.due_on) == (START_OF_YEAR, year.autumn_halves[0].ends_on)


# --- The first risk meeting of the autumn term ---------------------------------------------


def test_until_a_meeting_is_scheduled_it_is_due_by_the_first_half_terms_end(
    year, new_school, settings
):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "first_meeting"
    school = new_school(2, last_summer(year))
    row = row_for(school, year.autumn.starts_on, year)
    assert row.due.due_on == year.autumn_halves[0].ends_on


def test_it_is_due_by_the_first_risk_meeting_of_the_autumn_term(year, new_school, settings, cast):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "first_meeting"
    school = new_school(2, last_summer(year))
    later = year.autumn.starts_on + 30 * DAY
    first = year.autumn.starts_on + 12 * DAY
    for held_on in (later, first):
        services.hold_meeting(held_on=held_on, attendees=[cast["dop"]], by=cast["dop"])
    on_the_day = row_for(school, first, year)
    assert (on_the_day.due.due_on, on_the_day.due.overdue) == (first, False)
    assert row_for(school, first + DAY, year).due.overdue


def test_a_meeting_in_the_summer_holiday_counts_for_the_autumn_term(
    year, new_school, settings, cast
):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "first_meeting"
    school = new_school(2, last_summer(year))
    held_on = year.autumn.starts_on - 2 * DAY
    services.hold_meeting(held_on=held_on, attendees=[cast["dop"]], by=cast["dop"])
    assert row_for(school, held_on - 10 * DAY, year).due.due_on == held_on


def test_the_first_meeting_is_read_in_one_query_however_many_schools(
    year, new_school, settings, django_assert_num_queries
):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "first_meeting"
    schools = [new_school(2, last_summer(year)) for _ in range(3)]
    year.reload()
    # The current decisions, the reminders sent, and the autumn term's first meeting.
    with django_assert_num_queries(3):
        rows = due_rows(schools, today=year.autumn.starts_on, calendar=year.calendar)
    assert {row.judgement for row in rows} == {START_OF_YEAR}


# --- What the next judgement is ----------------------------------------------------------


def test_once_decided_this_year_it_is_a_reassessment(year, new_school, cast):
    school = new_school(2, last_summer(year))
    decision = decide(school, 2, year.autumn.starts_on + 5 * DAY, cast["dop"])
    assert decision.kind == Assessment.Kind.START_OF_YEAR
    assert row_for(school, year.autumn.starts_on + 6 * DAY, year).judgement == REASSESSMENT


def test_a_reassessment_missed_last_year_stays_that_and_overdue(year, new_school, settings):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "10-31"
    school = new_school(2, year.spring_before.starts_on + 10 * DAY)
    row = row_for(school, year.autumn.starts_on, year)
    assert (row.judgement, row.due.due_on) == (REASSESSMENT, year.summer_before.ends_on)
    assert row.due.overdue


def test_a_school_never_judged_and_a_school_in_due_diligence(year, new_school):
    assert row_for(new_school(), year.autumn.starts_on, year).judgement == INITIAL
    joining = new_school(status=School.Status.DUE_DILIGENCE)
    row = row_for(joining, year.autumn.starts_on, year)
    assert (row.judgement, row.judgement_label) == (DUE_DILIGENCE, "Due diligence judgement")
    assert row.due.due_on == year.autumn.ends_on  # the ordinary rule: by the term's end
    # Still in due diligence after its first judgement there.
    decided = new_school(2, last_summer(year), status=School.Status.DUE_DILIGENCE)
    assert row_for(decided, year.autumn.starts_on, year).judgement == DUE_DILIGENCE


# --- On the DoP's home ---------------------------------------------------------------------


def test_the_home_item_names_the_start_of_year_judgement(year, new_school, cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "10-31"
    school = new_school(2, last_summer(year))
    deadline = datetime.date(year.start, 10, 31)
    items = [i for i in work.items(cast["dop"], deadline - 3 * DAY) if i.school == school.name]
    assert [i.title for i in items] == [f"Make {school.name}'s start-of-year category judgement"]
    assert items[0].detail.startswith(f"Start-of-year judgement due by {deadline:%-d %B %Y}")
    overdue = [i for i in work.items(cast["dop"], deadline + DAY) if i.school == school.name]
    assert overdue[0].overdue
    assert overdue[0].detail.startswith(f"Start-of-year judgement was due by {deadline:%-d %B %Y}")


def test_the_home_item_names_a_school_in_due_diligence(year, new_school, cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    joining = new_school(status=School.Status.DUE_DILIGENCE)
    day = year.autumn.ends_on - 3 * DAY
    items = [i for i in work.items(cast["dop"], day) if i.school == joining.name]
    assert [i.title for i in items] == [
        f"Make {joining.name}'s category judgement at due diligence"
    ]
    assert items[0].detail.startswith(
        f"Due diligence judgement due by {year.autumn.ends_on:%-d %B %Y}"
    )


# --- The due list and the assessment page --------------------------------------------------


def test_the_due_list_shows_each_judgement_as_such(
    year, new_school, client_for, monkeypatch, settings
):
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "10-31"
    school = new_school(2, last_summer(year))
    joining = new_school(status=School.Status.DUE_DILIGENCE)
    today = year.autumn.starts_on + DAY
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: today)
    page = client_for("dop").get(reverse("categorisation:overview"))
    rows = {row.school.pk: row for row in page.context["rows"]}
    assert rows[school.pk].judgement == START_OF_YEAR
    assert rows[joining.pk].judgement == DUE_DILIGENCE
    text = page.content.decode()
    assert f"Start-of-year judgement due by {datetime.date(year.start, 10, 31):%-d %b %Y}" in text
    assert f"Due diligence judgement due by {year.autumn.ends_on:%-d %b %Y}" in text


def test_a_school_in_due_diligence_is_assessed_on_the_same_page(
    year, new_school, client_for, cast, meeting
):
    joining = new_school(status=School.Status.DUE_DILIGENCE)
    OfstedInspectionFactory(
        school=joining,
        year=2024,
        framework=OfstedInspection.Framework.LEGACY,
        overall_grade=3,
    )
    client = client_for("dop")
    listed = client.get(reverse("categorisation:meeting", args=[meeting.pk])).content.decode()
    assess_url = reverse("categorisation:assess", args=[meeting.pk, joining.pk])
    assert assess_url in listed and "Due diligence judgement" in listed
    page = client.get(assess_url)
    assert page.status_code == 200
    assert page.context["ofsted"] == "requires_improvement"  # from what is recorded about it
    assert page.context["current"] is None  # its first judgement
    response = client.post(
        assess_url,
        {
            **ROW[3],
            "category": "3",
            "leadership_capacity": "limited",
            "supersedes": "",
            "action": "decide",
        },
    )
    assert response.status_code == 302
    decision = Assessment.objects.get(school=joining)
    assert (decision.kind, decision.category, decision.ofsted) == (
        Assessment.Kind.DUE_DILIGENCE,
        3,
        "requires_improvement",
    )


@pytest.mark.parametrize(
    ("setting", "start", "deadline"),
    [
        ("10-31", 2026, datetime.date(2026, 10, 31)),
        ("09-01", 2026, datetime.date(2026, 9, 1)),
        ("08-31", 2026, datetime.date(2027, 8, 31)),  # before September: next calendar year
        ("02-29", 2026, datetime.date(2027, 2, 28)),  # no 29 February in 2027
        ("02-29", 2027, datetime.date(2028, 2, 29)),
    ],
)
def test_a_fixed_day_falls_in_its_academic_year(settings, setting, start, deadline):
    from categorisation.cadence import start_of_year_deadline

    settings.SYMPHONY_START_OF_YEAR_DEADLINE = setting
    assert start_of_year_deadline(start, calendar=Calendar((), ())) == deadline
