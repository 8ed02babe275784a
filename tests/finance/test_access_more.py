"""Every estates and procurement page for every role in the cast (habit 10), who may post
to them, and their query budgets as the trust grows (habit 11).

Expected codes from ``schools/access.py`` POLICY: VIEW_FINANCE is ALL for the CEO, DOP, CFO
and trustees, OWN for heads and executive heads, none for governors and reviewers;
EDIT_FINANCE is the CFO's (and the Finance & Operations Lead's). The termly estates report
is for those who see the whole trust."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from finance.models import (
    EstatesProject,
    Heading,
    ProjectEntry,
)
from schools.calendar import academic_start_year
from schools.models import AcademicYear, Hub, School
from tests.conftest import ROLES
from tests.factories import (
    BalanceFactory,
    BudgetLineFactory,
    ContractFactory,
    EstatesProjectFactory,
    MonthlyFigureFactory,
    SchoolFactory,
)

LOGIN = 302


@pytest.fixture
def glen_hills_project(school):
    # The demo's eight projects are at other schools; the head's school gets one here.
    return EstatesProjectFactory(
        school=school("Glen Hills"), title="Hall roof", priority=2, cost_estimate=Decimal(9000)
    )


@pytest.fixture
def foxton_project(demo):
    return EstatesProject.objects.get(school__name="Foxton", title="Playground resurfacing")


@pytest.mark.parametrize(
    ("url", "codes"),
    [
        ("/finance/estates/", (LOGIN, 200, 200, 200, 200, 200, 200, 403, 403)),
        ("glen_hills", (LOGIN, 200, 200, 200, 200, 404, 200, 403, 403)),
        ("foxton", (LOGIN, 200, 200, 200, 404, 404, 200, 403, 403)),
        ("/finance/estates/999999/", (LOGIN, 404, 404, 404, 404, 404, 404, 403, 403)),
        ("/finance/estates/report/", (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403)),
        ("/finance/estates/report.pdf", (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403)),
        ("/finance/procurement/", (LOGIN, 200, 200, 200, 200, 200, 200, 403, 403)),
    ],
)
def test_page_access(client_for, glen_hills_project, foxton_project, url, codes):
    url = {
        "glen_hills": reverse("finance:project", args=[glen_hills_project.pk]),
        "foxton": reverse("finance:project", args=[foxton_project.pk]),
    }.get(url, url)
    for role, status in zip(ROLES, codes, strict=True):
        assert client_for(role).get(url).status_code == status, role


@pytest.mark.parametrize(
    ("project", "codes"),
    [
        # Only the CFO may allocate SCA or record money; a head's own project is 403, another
        # school's 404 (it is hidden before the write is refused).
        ("glen_hills", (LOGIN, 403, 403, 200, 403, 404, 403, 403, 403)),
        ("foxton", (LOGIN, 403, 403, 200, 404, 404, 403, 403, 403)),
    ],
)
def test_who_may_post_to_a_project(client_for, glen_hills_project, foxton_project, project, codes):
    found = {"glen_hills": glen_hills_project, "foxton": foxton_project}[project]
    url = reverse("finance:project", args=[found.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    # Dated tomorrow: even the CFO's post is refused by the service (200 with the error), so
    # nothing is ever saved and every role posts against the same state.
    data = {"form": "entry", "on": tomorrow, "kind": "income", "amount": "5", "description": "x"}
    for role, status in zip(ROLES, codes, strict=True):
        assert client_for(role).post(url, data).status_code == status, role
    assert not ProjectEntry.objects.filter(project=found).exists()


def test_a_head_sees_only_their_schools_projects_and_no_sca_position(
    client_for, glen_hills_project
):
    response = client_for("head").get(reverse("finance:estates"))
    assert [p.pk for p in response.context["projects"]] == [glen_hills_project.pk]
    assert response.context["position"] is None
    page = response.content.decode()
    assert "Termly report to trustees" not in page
    assert "Playground resurfacing" not in page


def test_an_exec_head_sees_only_their_schools_projects(client_for):
    rows = client_for("exec_head").get(reverse("finance:estates")).context["projects"]
    assert {p.school.name for p in rows} <= {"Ashby Willesley", "Ashby Hastings"}
    assert "Replace the main block roof" in {p.title for p in rows}  # the demo's, at Ashby Hastings


def test_read_only_roles_get_no_forms_on_a_project(client_for, foxton_project):
    for role in ("ceo", "dop", "trustee"):
        context = client_for(role).get(reverse("finance:project", args=[foxton_project.pk])).context
        assert context["allocation_form"] is None and context["entry_form"] is None, role
    context = client_for("cfo").get(reverse("finance:project", args=[foxton_project.pk])).context
    assert context["allocation_form"] is not None and context["entry_form"] is not None


# Query budgets


def _grow_the_trust(count):
    """``count`` more schools, each with this year's budget, monthly figures, balances, two
    estates projects with money in and out, and a central contract."""
    hub = Hub.objects.first()
    year = AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))
    today = timezone.localdate()
    for i in range(count):
        school = SchoolFactory(name=f"Growth School {i}", hub=hub)
        for heading, amount in (
            (Heading.GRANT_INCOME, 1_000_000),
            (Heading.TEACHING_STAFF, 600_000),
            (Heading.PREMISES, 300_000),
            (Heading.CENTRAL_CHARGE, 50_000),
        ):
            BudgetLineFactory(
                school=school, academic_year=year, heading=heading, amount=Decimal(amount)
            )
            MonthlyFigureFactory(
                school=school,
                academic_year=year,
                month=1,
                heading=heading,
                actual=Decimal(amount) / 12,
            )
        BalanceFactory(
            school=school,
            on=datetime.date(year.start_year, 9, 30),
            reserves=Decimal(40000),
            cash=Decimal(90000),
        )
        for priority in (1, 3):
            project = EstatesProjectFactory(
                school=school,
                title=f"Project {i}.{priority}",
                priority=priority,
                cost_estimate=Decimal(1000),
                sca_year=year,
                sca_allocated=Decimal(10),
                assessment_score=i,
            )
            project.entries.create(on=today, kind="expenditure", amount=5, description="x")
            project.entries.create(on=today, kind="income", amount=2, description="x")
        ContractFactory(
            title=f"Contract {i}",
            supplier="S",
            category="other",
            starts_on=datetime.date(year.start_year, 9, 1),
            ends_on=datetime.date(year.start_year + 2, 8, 31),
            annual_cost=Decimal(100),
            previous_cost=Decimal(150),
            schools=[school, *School.objects.filter(name="Glen Hills")],
        )


# Upper bounds a little above what the pages take today (measured: 8-9, 5-6, 3-4, 8), so
# a query per row (N+1) or a handful of new fixed queries both show.
BUDGETS = {
    "/finance/": 12,
    "/finance/estates/": 10,
    "/finance/procurement/": 8,
    "/finance/estates/report/": 12,
}


@pytest.mark.parametrize(
    ("url", "role"),
    [(url, "cfo") for url in BUDGETS]
    # The termly report is for the trust's leaders only.
    + [(url, "head") for url in BUDGETS if "report" not in url],
)
def test_query_count_does_not_grow_with_schools(
    client_for, django_assert_max_num_queries, url, role
):
    client = client_for(role)
    with CaptureQueriesContext(connection) as at_demo_size:
        assert client.get(url).status_code == 200
    _grow_the_trust(20)
    with (
        django_assert_max_num_queries(BUDGETS[url]),
        CaptureQueriesContext(connection) as grown,
    ):
        response = client.get(url)
        assert response.status_code == 200
    assert len(grown) == len(at_demo_size), [q["sql"][:120] for q in grown.captured_queries]
    if role == "cfo" and url == "/finance/":
        assert len(response.context["table"]) == School.objects.count() + 1  # and the central
