"""Estates and SCA: allocating the year's SCA to projects within what is left
and within each project's estimate, money in and out, the annual return figures, the
project and estates pages, and the termly report to trustees with its PDF.

The arithmetic uses next year's SCA and projects made here, not the demo's amounts."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from finance import selectors, services
from finance.models import EstatesProject, ProjectEntry, ScaFunding
from schools.calendar import Calendar, academic_start_year
from schools.models import AcademicYear
from tests.factories import EstatesProjectFactory

D = Decimal
Status = EstatesProject.Status


@pytest.fixture
def this_year(demo):
    return AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))


@pytest.fixture
def next_year(this_year):
    return AcademicYear.objects.get(start_year=this_year.start_year + 1)


@pytest.fixture
def sca(next_year):
    return ScaFunding.objects.create(
        academic_year=next_year, amount=D(100000), assessment_model="Scored out of 100."
    )


@pytest.fixture
def make_project(school):
    def make(title="New roof", *, at="Foxton", cost=60000, priority=2, **fields):
        return EstatesProjectFactory(
            school=school(at), title=title, priority=priority, cost_estimate=D(cost), **fields
        )

    return make


def _allocated(project, year, amount):
    project.sca_year, project.sca_allocated = year, D(amount)
    project.save()
    return project


# allocate_sca


def test_an_allocation_within_the_sca_approves_a_proposed_project(sca, next_year, make_project):
    project = make_project()
    services.allocate_sca(
        project=project, year=next_year, amount=D(40000), score=81, notes="  Roof grade D. "
    )
    project.refresh_from_db()
    assert project.sca_year == next_year
    assert project.sca_allocated == D(40000)
    assert project.status == Status.APPROVED
    assert (project.assessment_score, project.assessment_notes) == (81, "Roof grade D.")


def test_an_allocation_leaves_a_project_under_way_as_it_is(sca, next_year, make_project):
    project = make_project(status=Status.IN_PROGRESS)
    services.allocate_sca(project=project, year=next_year, amount=D(1000))
    project.refresh_from_db()
    assert project.status == Status.IN_PROGRESS


def test_more_than_the_unallocated_sca_is_refused_and_nothing_saved(sca, next_year, make_project):
    _allocated(make_project("Boiler", cost=70000), next_year, 70000)
    project = make_project()
    with pytest.raises(ValidationError) as refused:
        services.allocate_sca(project=project, year=next_year, amount=D("30000.01"), score=50)
    message = " ".join(refused.value.messages)
    assert "Only £30,000 of" in message
    assert "£100,000" in message
    project.refresh_from_db()
    assert (project.sca_year, project.sca_allocated) == (None, 0)
    assert project.status == Status.PROPOSED
    assert project.assessment_score is None
    # Exactly what is left is fine.
    services.allocate_sca(project=project, year=next_year, amount=D(30000))
    assert selectors.sca_position(next_year).unallocated == 0


def test_more_than_the_cost_estimate_is_refused(sca, next_year, make_project):
    project = make_project(cost=20000)
    with pytest.raises(ValidationError, match="cost estimate of £20,000"):
        services.allocate_sca(project=project, year=next_year, amount=D("20000.50"))
    project.refresh_from_db()
    assert project.sca_allocated == 0 and project.sca_year is None
    services.allocate_sca(project=project, year=next_year, amount=D(20000))  # exactly: fine


def test_a_negative_allocation_is_refused(sca, next_year, make_project):
    with pytest.raises(ValidationError, match="negative"):
        services.allocate_sca(project=make_project(), year=next_year, amount=D(-1))


def test_no_sca_recorded_for_the_year_is_refused(next_year, make_project):
    later = AcademicYear.objects.get(start_year=next_year.start_year + 1)
    assert not ScaFunding.objects.filter(academic_year=later).exists()
    project = make_project()
    with pytest.raises(ValidationError, match=f"No SCA is recorded for {later.name}"):
        services.allocate_sca(project=project, year=later, amount=D(100))
    project.refresh_from_db()
    assert project.sca_allocated == 0 and project.sca_year is None


def test_withdrawing_an_allocation_clears_its_year_and_frees_the_money(
    sca, next_year, make_project
):
    first = make_project("First", cost=100000)
    services.allocate_sca(project=first, year=next_year, amount=D(100000))
    second = make_project("Second")
    with pytest.raises(ValidationError):
        services.allocate_sca(project=second, year=next_year, amount=D(1))
    services.allocate_sca(project=first, year=next_year, amount=D(0))
    first.refresh_from_db()
    assert first.sca_year is None and first.sca_allocated == 0
    services.allocate_sca(project=second, year=next_year, amount=D(60000))
    assert selectors.sca_position(next_year).allocated == D(60000)


def test_reallocating_a_project_does_not_count_its_own_allocation(sca, next_year, make_project):
    project = make_project(cost=100000)
    services.allocate_sca(project=project, year=next_year, amount=D(80000))
    # 80,000 + 90,000 would be over the 100,000 if its old allocation were counted.
    services.allocate_sca(project=project, year=next_year, amount=D(90000))
    project.refresh_from_db()
    assert project.sca_allocated == D(90000)
    assert selectors.sca_position(next_year).allocated == D(90000)
    services.allocate_sca(project=project, year=next_year, amount=D(100000))


# record_entry


def test_money_dated_in_the_future_is_refused(make_project):
    project = make_project()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="future"):
        services.record_entry(
            project=project, on=tomorrow, kind="expenditure", amount=D(10), description="x"
        )
    assert not project.entries.exists()


@pytest.mark.parametrize("amount", [D(0), D("-0.01"), D(-500)])
def test_an_amount_of_nothing_or_less_is_refused(make_project, amount):
    project = make_project()
    with pytest.raises(ValidationError, match="more than £0"):
        services.record_entry(
            project=project,
            on=timezone.localdate(),
            kind="income",
            amount=amount,
            description="x",
        )
    assert not project.entries.exists()


def test_money_in_and_out_is_recorded(make_project):
    project = make_project()
    entry = services.record_entry(
        project=project,
        on=timezone.localdate(),
        kind=ProjectEntry.Kind.EXPENDITURE,
        amount=D("0.01"),
        description="  Scaffolding deposit ",
    )
    assert entry.description == "Scaffolding deposit"
    assert list(project.entries.all()) == [entry]


# sca_position: the annual return figures


def _entry(project, kind, amount, on=None):
    return ProjectEntry.objects.create(
        project=project,
        on=on or timezone.localdate(),
        kind=kind,
        amount=D(amount),
        description="x",
    )


def test_the_sca_position_adds_up(sca, next_year, this_year, make_project):
    over = _allocated(make_project("Over", cost=80000, status=Status.IN_PROGRESS), next_year, 50000)
    _entry(over, "expenditure", 40000)
    _entry(over, "expenditure", 30000)  # 70,000 spent: SCA pays its 50,000 only
    _entry(over, "income", 5000)
    done = _allocated(make_project("Done", cost=30000, status=Status.COMPLETED), next_year, 30000)
    _entry(done, "expenditure", 10000)
    unfunded = make_project("Unfunded")
    _entry(unfunded, "expenditure", 9999)
    _entry(unfunded, "income", 1111)
    elsewhere = _allocated(make_project("This year's", cost=5000), this_year, 5000)
    _entry(elsewhere, "expenditure", 5000)

    position = selectors.sca_position(next_year)
    assert position.received == D(100000)
    assert position.allocated == D(80000)
    assert position.unallocated == D(20000)
    assert position.spent == D(60000)  # 50,000 capped + 10,000
    assert position.carried_forward == D(40000)
    assert position.other_income == D(5000)
    assert (position.projects, position.completed) == (2, 1)


def test_sca_spent_is_capped_at_the_allocation(sca, next_year, make_project):
    project = _allocated(make_project(), next_year, 1000)
    _entry(project, "expenditure", 400)
    money = selectors.with_money(EstatesProject.objects.filter(pk=project.pk)).get()
    assert selectors.sca_spent(money) == D(400)
    _entry(project, "expenditure", 700)
    money = selectors.with_money(EstatesProject.objects.filter(pk=project.pk)).get()
    assert (money.spent, selectors.sca_spent(money)) == (D(1100), D(1000))


def test_a_year_without_sca_has_nothing_received(next_year):
    later = AcademicYear.objects.get(start_year=next_year.start_year + 1)
    position = selectors.sca_position(later)
    assert position.funding is None
    assert (position.received, position.allocated, position.spent) == (0, 0, 0)
    assert (position.carried_forward, position.projects, position.completed) == (0, 0, 0)


# The project page


def _allocate_url(project, year):
    return reverse("finance:project", args=[project.pk]) + f"?year={year.start_year}"


def test_a_cfo_allocating_too_much_sees_why_and_nothing_is_saved(
    client_for, sca, next_year, make_project
):
    _allocated(make_project("Boiler", cost=70000), next_year, 70000)
    project = make_project()
    response = client_for("cfo").post(
        _allocate_url(project, next_year),
        {"form": "allocation", "amount": "40000", "score": "60", "notes": "x"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only £30,000 of" in page and "would overspend it" in page
    project.refresh_from_db()
    assert (project.sca_year, project.sca_allocated, project.assessment_score) == (None, 0, None)
    assert project.status == Status.PROPOSED


def test_a_cfo_allocates_from_the_page(client_for, sca, next_year, make_project):
    project = make_project()
    response = client_for("cfo").post(
        _allocate_url(project, next_year),
        {"form": "allocation", "amount": "25000", "score": "70", "notes": "Grade C roof"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.sca_year, project.sca_allocated, project.status) == (
        next_year,
        D(25000),
        Status.APPROVED,
    )
    page = client_for("cfo").get(reverse("finance:project", args=[project.pk])).content.decode()
    assert "£25,000 from " + next_year.name in page


def test_a_cfo_entry_dated_in_the_future_is_shown_and_not_saved(client_for, make_project):
    project = make_project()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for("cfo").post(
        reverse("finance:project", args=[project.pk]),
        {
            "form": "entry",
            "on": tomorrow.isoformat(),
            "kind": "expenditure",
            "amount": "100",
            "description": "Invoice",
        },
    )
    assert response.status_code == 200
    assert "cannot be dated in the future" in response.content.decode()
    assert not project.entries.exists()


def test_a_head_cannot_post_to_their_own_project(client_for, sca, next_year, make_project):
    project = make_project(at="Glen Hills")
    client = client_for("head")
    assert client.get(reverse("finance:project", args=[project.pk])).status_code == 200
    for data in (
        {"form": "allocation", "amount": "1000"},
        {
            "form": "entry",
            "on": timezone.localdate().isoformat(),
            "kind": "income",
            "amount": "5",
            "description": "x",
        },
    ):
        assert client.post(_allocate_url(project, next_year), data).status_code == 403
    project.refresh_from_db()
    assert project.sca_allocated == 0 and not project.entries.exists()


def test_another_schools_project_is_hidden_from_a_head(client_for, make_project):
    project = make_project(at="Foxton")
    client = client_for("head")
    assert client.get(reverse("finance:project", args=[project.pk])).status_code == 404
    response = client.post(
        reverse("finance:project", args=[project.pk]), {"form": "allocation", "amount": "1"}
    )
    assert response.status_code == 404
    assert client.get(reverse("finance:project", args=[999999])).status_code == 404


# The estates page


def test_the_estates_page_lists_the_most_urgent_first(client_for, make_project):
    mine = [
        make_project("Low score", at="Glen Hills", priority=2, assessment_score=10),
        make_project("No score", at="Glen Hills", priority=2),
        make_project("High score", at="Glen Hills", priority=2, assessment_score=90),
        make_project("Urgent", at="Glen Hills", priority=1, assessment_score=5),
        make_project("Long term", at="Glen Hills", priority=4, assessment_score=99),
    ]
    rows = client_for("cfo").get(reverse("finance:estates")).context["projects"]

    def urgency(p):
        return (p.priority, p.assessment_score is None, -(p.assessment_score or 0))

    keys = [urgency(p) for p in rows]
    assert keys == sorted(keys)
    assert len(rows) == EstatesProject.objects.count()
    head_rows = client_for("head").get(reverse("finance:estates")).context["projects"]
    assert [p.title for p in head_rows] == [
        "Urgent",
        "High score",
        "Low score",
        "No score",
        "Long term",
    ]
    assert {p.pk for p in head_rows} == {p.pk for p in mine}


def test_the_estates_page_shows_the_years_position_to_the_trust_only(
    client_for, sca, next_year, make_project
):
    _allocated(make_project(cost=70000), next_year, 70000)
    cfo = client_for("cfo").get(reverse("finance:estates") + f"?year={next_year.start_year}")
    assert cfo.context["position"].allocated == D(70000)
    assert "£30,000" in cfo.content.decode()  # not yet allocated
    head = client_for("head").get(reverse("finance:estates") + f"?year={next_year.start_year}")
    assert head.context["position"] is None
    assert 'id="annual-return"' not in head.content.decode()


def test_project_titles_are_escaped_on_the_pages(client_for, make_project):
    project = make_project("<b>x</b> boiler", priority=1)
    for url in (
        reverse("finance:estates"),
        reverse("finance:project", args=[project.pk]),
        reverse("finance:estates_report"),
    ):
        page = client_for("cfo").get(url).content.decode()
        assert "&lt;b&gt;x&lt;/b&gt; boiler" in page, url
        assert "<b>x</b>" not in page, url


# The termly report


def _reporting_term():
    """The term the report covers: the one running today, else the last one that ended."""
    today = timezone.localdate()
    calendar = Calendar.load()
    return calendar.term_on(today) or max(
        (t for t in calendar.terms if t.ends_on < today), key=lambda t: t.ends_on
    )


def test_the_termly_report_counts_only_this_terms_spending(client_for, make_project):
    term = _reporting_term()
    before = client_for("cfo").get(reverse("finance:estates_report")).context
    assert before["term"] == term
    project = make_project("Hall ceiling", status=Status.IN_PROGRESS)
    _entry(project, "expenditure", 1000, on=term.starts_on)  # the term's first day
    _entry(project, "expenditure", 250, on=min(term.ends_on, timezone.localdate()))
    _entry(project, "expenditure", 7000, on=term.starts_on - datetime.timedelta(days=1))
    _entry(project, "income", 3000, on=term.starts_on)
    quiet = make_project("Spent last term only")
    _entry(quiet, "expenditure", 500, on=term.starts_on - datetime.timedelta(days=30))

    context = client_for("cfo").get(reverse("finance:estates_report")).context
    row = next(r for r in context["spent_in_term"] if r.pk == project.pk)
    assert row.spent_between == D(1250)
    assert row.spent == D(8250)
    assert context["spent_total"] == before["spent_total"] + D(1250)
    assert quiet.pk not in {r.pk for r in context["spent_in_term"]}
    assert project.pk in {r.pk for r in context["in_progress"]}


def test_the_termly_report_lists_completed_and_unfunded_urgent_projects(
    client_for, this_year, make_project
):
    term = _reporting_term()
    made = {
        "done now": make_project(status=Status.COMPLETED, completed_on=term.starts_on),
        "done before": make_project(
            status=Status.COMPLETED, completed_on=term.starts_on - datetime.timedelta(days=1)
        ),
        "urgent unfunded": make_project(priority=1),
        "urgent in progress unfunded": make_project(priority=1, status=Status.IN_PROGRESS),
        "urgent funded": _allocated(make_project(priority=1, cost=10), this_year, 10),
        "urgent deferred": make_project(priority=1, status=Status.DEFERRED),
        "urgent completed": make_project(
            priority=1, status=Status.COMPLETED, completed_on=term.starts_on
        ),
        "essential unfunded": make_project(priority=2),
    }
    context = client_for("cfo").get(reverse("finance:estates_report")).context
    completed = {r.pk for r in context["completed"]}
    unfunded = {r.pk for r in context["unfunded_urgent"]}
    pk = {name: p.pk for name, p in made.items()}
    assert pk["done now"] in completed and pk["urgent completed"] in completed
    assert pk["done before"] not in completed
    assert pk["urgent unfunded"] in unfunded
    assert pk["urgent in progress unfunded"] in unfunded
    for name in ("urgent funded", "urgent deferred", "urgent completed", "essential unfunded"):
        assert pk[name] not in unfunded, name


def test_the_termly_report_pdf_has_the_projects(client_for, make_project):
    from pypdf import PdfReader

    make_project("Science block ventilation", priority=1)
    make_project("<b>x</b> boiler", priority=1)
    response = client_for("cfo").get(reverse("finance:estates_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Science block ventilation" in text
    assert "Urgent projects without funding" in text
    assert "<b>x</b> boiler" in text  # the markup is shown as text


# The termly report as it was sent to the trustees: a stored snapshot.


def test_the_estates_report_is_kept_as_sent(client_for, django_capture_on_commit_callbacks):
    from pypdf import PdfReader

    from finance.models import EstatesReportCopy

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("cfo").post(reverse("finance:send_estates_report"))
    assert response.status_code == 302
    sent = EstatesReportCopy.objects.get()
    assert (sent.state, sent.sent_by.email) == ("ready", "cfo@example.org")
    page = client_for("trustee").get(reverse("finance:estates_report"))
    assert "Download the report as sent" in page.content.decode()
    assert not page.context["may_send"]
    pdf = client_for("trustee").get(reverse("finance:sent_estates_report"))
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf))).pages)
    assert "Estates report" in text


@pytest.mark.parametrize("role", ["ceo", "trustee", "head"])
def test_only_the_finance_leads_send_it(client_for, role):
    from finance.models import EstatesReportCopy

    response = client_for(role).post(reverse("finance:send_estates_report"))
    assert response.status_code == 403
    assert not EstatesReportCopy.objects.exists()


def test_before_it_is_sent_there_is_nothing_to_download(client_for):
    response = client_for("trustee").get(reverse("finance:sent_estates_report"))
    assert response.status_code == 404
