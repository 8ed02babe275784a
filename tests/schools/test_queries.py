"""Pages keep a fixed number of queries however many schools there are (habit 11)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import PeerReview
from schools.models import Hub
from tests.factories import OfstedInspectionFactory, SchoolFactory, UserFactory

# page: its query budget. "/" is the CEO's dashboard with what needs attention: 22 with
# termly data; categorisation's items add 8 (the calendar's terms and half-terms, the scheduled risk
# meetings, the due list's schools, current decisions and last reminders, the open SCC cases
# and their moves); governance's 8 (the CEO sits on the EDG: their person, seats, the bodies'
# meetings ahead, the actions of a body they chair, whether it keeps its cadence (the terms,
# half-terms and the body's meetings), and whether they govern); reviews' 2 (the reviews
# waiting, and one grouped query for actions), so 22 + 8 + 8 + 2.
PAGES = {"/": 40, "/schools/": 12, "/calendar/": 12}


def add_schools(count):
    hub = Hub.objects.first()
    for i in range(count):
        school = SchoolFactory(name=f"Extra School {i}", hub=hub)
        OfstedInspectionFactory(
            school=school, year=2023, framework="legacy", inspection_type="graded", overall_grade=2
        )
        PeerReview.objects.create(school=school, year=2024, overall_outcome=2)
        UserFactory(
            email=f"head{i}@example.org",
            password="x",
            role="headteacher",
            full_name=f"Head {i}",
            schools=[school],
        )


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_schools(client_for, page, django_assert_max_num_queries):
    client = client_for("ceo")
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(page).status_code == 200
    add_schools(30)
    with django_assert_max_num_queries(PAGES[page]), CaptureQueriesContext(connection) as with_45:
        assert client.get(page).status_code == 200
    assert len(with_45) == len(with_15)


def test_school_list_query_budget(client_for, django_assert_max_num_queries):
    add_schools(30)
    client = client_for("head")
    with django_assert_max_num_queries(10):
        client.get(reverse("schools:list"))


def _submit_extra_schools(collection):
    """Each extra school submits this term's figures too, so the trust's figures the data
    page reads are summed over 45 schools' rows."""
    from decimal import Decimal

    from schools.data import services
    from schools.data.measures import expected_rows
    from schools.models import School, Submission

    for school in School.objects.filter(name__startswith="Extra School"):
        submission = services.submission_for(collection=collection, school=school)
        figures = {key: (30, Decimal(70)) for key in expected_rows(season=collection.season)[:60]}
        services.save_figures(submission=submission, figures=figures, by=None)
        Submission.objects.filter(pk=submission.pk).update(state="submitted")


# The data page: 13 for the CEO (the page itself: collection, school, submission, its
# figures, the session; and what it sets beside each figure: last term's collection and
# figures, the schools, the trust's figures in two queries and its rows by year group in
# one); 15 for a head or a trustee, who also read the suppression pattern.
DATA_PAGE_BUDGET = 15


@pytest.mark.parametrize("role", ["ceo", "head", "trustee"])
def test_the_data_page_stays_flat_as_schools_join(client_for, role, django_assert_max_num_queries):
    from schools.models import Collection, School

    collection = Collection.objects.order_by("-term__starts_on").first()
    url = reverse(
        "schools:submission", args=[collection.pk, School.objects.get(name="Glen Hills").pk]
    )
    client = client_for(role)
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(url).status_code == 200
    add_schools(30)
    _submit_extra_schools(collection)
    with (
        django_assert_max_num_queries(DATA_PAGE_BUDGET),
        CaptureQueriesContext(connection) as with_45,
    ):
        assert client.get(url).status_code == 200
    assert len(with_45) == len(with_15)


def test_the_finance_page_with_its_chart_stays_flat(client_for, django_assert_max_num_queries):
    from schools.models import School

    url = reverse("finance:school", args=[School.objects.get(name="Glen Hills").pk])
    client = client_for("cfo")
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(url).status_code == 200
    add_schools(30)
    with django_assert_max_num_queries(13), CaptureQueriesContext(connection) as with_45:
        assert client.get(url).status_code == 200
    assert len(with_45) == len(with_15)
