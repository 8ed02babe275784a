"""Which reviews are due, done and overdue, per category and review type across a year."""

import datetime

import pytest
from django.urls import reverse

from reviews import schedule
from reviews.models import SchoolReview
from schools.calendar import Calendar

Kind = SchoolReview.Kind
DAY = datetime.timedelta(days=1)


@pytest.fixture
def cal(this_year):
    return Calendar.load()


def states(slots):
    return [slot.state for slot in slots]


def run(kind, *, school, year, cal, held=(), today, frequency=None, history=()):
    return schedule.slots_for(
        kind=kind,
        school=school,
        year=year,
        calendar=cal,
        held=list(held),
        today=today,
        frequency=frequency,
        governance_history=list(history),
    )


def test_safeguarding_every_half_term(school, this_year, cal):
    halves = [h for h in cal.half_terms if h.term.academic_year_id == this_year.pk]
    assert len(halves) == 6
    today = halves[2].starts_on + 3 * DAY  # third half-term (spring 1)
    slots = run(
        Kind.SAFEGUARDING,
        school=school("Foxton"),
        year=this_year,
        cal=cal,
        held=[halves[0].starts_on + 10 * DAY],
        today=today,
    )
    assert states(slots) == ["done", "overdue", "due", "upcoming", "upcoming", "upcoming"]
    assert [s.label for s in slots][:2] == ["Autumn 1", "Autumn 2"]


def test_a_review_in_the_holiday_counts_for_the_next_period(school, this_year, cal):
    halves = [h for h in cal.half_terms if h.term.academic_year_id == this_year.pk]
    october_break = halves[0].ends_on + 2 * DAY
    slots = run(
        Kind.SAFEGUARDING,
        school=school("Foxton"),
        year=this_year,
        cal=cal,
        held=[october_break],
        today=halves[1].ends_on + DAY,
    )
    assert states(slots)[:2] == ["overdue", "done"]


@pytest.mark.parametrize(
    ("category", "frequency", "periods"),
    [(1, "termly", 3), (2, "termly", 3), (3, "half_termly", 6), (4, "half_termly", 6)],
)
def test_curriculum_reviews_follow_the_categorys_frequency(
    school, this_year, cal, categories, category, frequency, periods
):
    # The frequency comes from categorisation's support offer for the category.
    slots = run(
        Kind.CURRICULUM,
        school=school("Foxton"),
        year=this_year,
        cal=cal,
        today=this_year.starts_on,
        frequency=frequency,
    )
    assert len(slots) == periods
    assert slots[-1].ends_on == max(
        t.ends_on for t in cal.terms if t.academic_year_id == this_year.pk
    )


def test_without_a_category_a_school_review_is_termly(school, this_year, cal):
    slots = run(
        Kind.CURRICULUM, school=school("Foxton"), year=this_year, cal=cal, today=this_year.starts_on
    )
    assert [s.label for s in slots] == ["Autumn term", "Spring term", "Summer term"]


def test_partnership_once_a_year(school, this_year, cal):
    terms = [t for t in cal.terms if t.academic_year_id == this_year.pk]
    args = {"school": school("Foxton"), "year": this_year, "cal": cal}
    assert states(run(Kind.PARTNERSHIP, today=terms[1].starts_on, **args)) == ["due"]
    assert states(run(Kind.PARTNERSHIP, today=terms[2].ends_on + DAY, **args)) == ["overdue"]
    assert states(
        run(Kind.PARTNERSHIP, held=[terms[1].starts_on], today=terms[2].ends_on, **args)
    ) == ["done"]


def test_sip_a_day_each_term(school, this_year, cal):
    terms = [t for t in cal.terms if t.academic_year_id == this_year.pk]
    slots = run(
        Kind.SIP,
        school=school("Foxton"),
        year=this_year,
        cal=cal,
        held=[terms[0].starts_on + 20 * DAY],
        today=terms[1].ends_on + 5 * DAY,
    )
    # In the Easter holiday the summer term's visit is already due.
    assert states(slots) == ["done", "overdue", "due"]


def test_governance_on_joining_and_every_three_years(school, this_year, cal):
    start = this_year.starts_on
    args = {"year": this_year, "cal": cal, "today": start + 30 * DAY}
    joiner = school("Foxton")
    joiner.joined_on = start
    assert [s.label for s in run(Kind.GOVERNANCE, school=joiner, **args)] == ["On joining"]
    old = school("Thornton")
    three_years_ago = datetime.date(start.year - 3, 11, 1)
    assert [
        s.label for s in run(Kind.GOVERNANCE, school=old, history=[three_years_ago], **args)
    ] == ["Three-yearly"]
    last_year = datetime.date(start.year - 1, 11, 1)
    assert run(Kind.GOVERNANCE, school=old, history=[last_year], **args) == []
    assert [s.label for s in run(Kind.GOVERNANCE, school=old, **args)] == ["First review"]


def test_the_due_page_counts_per_school(client_for, school, this_year, categories, cast):
    categories({school("Foxton"): (4, "full", "half_termly")})
    SchoolReview.objects.create(
        school=school("Foxton"), kind=Kind.SAFEGUARDING, held_on=this_year.starts_on + 5 * DAY
    )
    response = client_for("dop").get(reverse("reviews:due"))
    assert response.status_code == 200
    rows = {school.name: cells for school, _, _, cells in response.context["rows"]}
    foxton = {kind: summary for kind, _, summary in rows["Foxton"]}
    assert foxton[Kind.SAFEGUARDING]["done"] == 1
    assert foxton[Kind.CURRICULUM]["total"] == 6  # category 4: every half-term
    thornton = {kind: summary for kind, _, summary in rows["Thornton"]}
    assert thornton[Kind.CURRICULUM]["total"] == 3


def test_due_page_access_and_scope(client_for, cast):
    # A reviewer reads the schools of the reviews they are on, no other.
    response = client_for("reviewer").get(reverse("reviews:due"))
    assert response.status_code == 200
    on_teams = set(
        cast["reviewer"].review_memberships.values_list("review__school__name", flat=True)
    )
    assert on_teams and {s.name for s, *_ in response.context["rows"]} <= on_teams
    response = client_for("head").get(reverse("reviews:due"))
    assert [s.name for s, *_ in response.context["rows"]] == ["Glen Hills"]
    assert client_for("head").get(reverse("reviews:record_school_review")).status_code == 403
    assert client_for("trustee").get(reverse("reviews:record_school_review")).status_code == 403


def test_the_dop_records_a_sip_visit(client_for, school, this_year):
    foxton = school("Foxton")
    response = client_for("dop").post(
        reverse("reviews:record_school_review"),
        {
            "school": foxton.pk,
            "kind": "sip",
            "held_on": (this_year.starts_on + 20 * DAY).isoformat(),
            "led_by": "The SIP",
            "days": "1.5",
            "issue_level": "minor",
        },
    )
    assert response.status_code == 302
    assert foxton.school_reviews.get().days == 1.5
    assert foxton.school_reviews.get().issue_level == "minor"


def test_the_due_page_has_a_fixed_query_budget(client_for, django_assert_max_num_queries):
    client = client_for("ceo")
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reviews:due")).status_code == 200
