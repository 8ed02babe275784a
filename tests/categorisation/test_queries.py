"""Categorisation pages and the feed keep a fixed number of queries however many schools
there are (habit 11)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from categorisation.models import RiskMeeting
from categorisation.services import decide_category
from schools.models import CalendarFeed, Hub, School, User
from tests.factories import SchoolFactory

EVIDENCE = {
    "performance": "positive",
    "qa_visits": "none",
    "partnership": "none",
    "external": "none",
}


def add_schools(count):
    """``count`` member schools, each with a chain of decisions at the demo meetings."""
    hub = Hub.objects.first()
    dop = User.objects.get(email="dop@example.org")
    meetings = list(RiskMeeting.objects.order_by("held_on"))
    assert len(meetings) >= 2
    for i in range(count):
        school = SchoolFactory(name=f"Extra School {i}", hub=hub, status=School.Status.MEMBER)
        for meeting in meetings:
            decide_category(
                school=school,
                meeting=meeting,
                evidence=EVIDENCE,
                category=1,
                leadership_capacity="strong",
                by=dop,
            )


def glen_hills():
    return School.objects.get(name="Glen Hills")


def latest_meeting():
    return RiskMeeting.objects.order_by("-held_on", "-pk").first()


# page: (its address, its query budget). Measured with 15 schools: 9, 8, 30, 11, 39 (the
# school page gathers panels: category, data trends, its LGB; the roll its head submitted;
# the assessment page gathers the evidence of five criteria from reviews, termly data,
# finance and the LGB, each a fixed number of queries).
PAGES = {
    "overview": (lambda: reverse("categorisation:overview"), 12),
    "history": (lambda: reverse("categorisation:school", args=[glen_hills().pk]), 10),
    "school detail": (lambda: reverse("schools:detail", args=[glen_hills().pk]), 32),
    # The meeting's page reads every school's evidence for its list in a fixed number of
    # queries (categorisation.evidence.summaries): measured 24.
    "meeting": (lambda: reverse("categorisation:meeting", args=[latest_meeting().pk]), 26),
    "assess": (
        lambda: reverse("categorisation:assess", args=[latest_meeting().pk, glen_hills().pk]),
        41,
    ),
}
FEED_BUDGET = 9  # measured: 7


def assert_flat(client, url, budget, assert_max):
    """The page costs the same queries with 45 schools as with 15, and no more than
    ``budget``."""
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(url).status_code == 200
    add_schools(30)
    with assert_max(budget), CaptureQueriesContext(connection) as with_45:
        assert client.get(url).status_code == 200
    assert len(with_45) == len(with_15)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_schools(client_for, page, django_assert_max_num_queries):
    address, budget = PAGES[page]
    assert_flat(client_for("ceo"), address(), budget, django_assert_max_num_queries)


def test_meeting_page_lists_the_added_schools(client_for):
    # The measure above means something only if the pages grew with the schools.
    add_schools(30)
    meeting = latest_meeting()
    response = client_for("ceo").get(reverse("categorisation:meeting", args=[meeting.pk]))
    assert len(response.context["assessed"]) >= 30
    assert "Extra School 29" in response.content.decode()
    overview = client_for("ceo").get(reverse("categorisation:overview"))
    assert len(overview.context["rows"]) == 45


@pytest.mark.parametrize("role", ["ceo", "head"])
def test_feed_query_count_does_not_grow_with_schools(cast, role, django_assert_max_num_queries):
    feed, _ = CalendarFeed.objects.get_or_create(user=cast[role])
    url = reverse("schools:feed_ics", args=[feed.token])
    client = Client()
    client.get(url)  # the day's first fetch also writes its row in the audit trail
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(url).status_code == 200
    add_schools(30)
    with django_assert_max_num_queries(FEED_BUDGET), CaptureQueriesContext(connection) as with_45:
        response = client.get(url)
    assert response.status_code == 200
    assert len(with_45) == len(with_15)
    if role == "ceo":
        assert "Extra School 29" in response.content.decode()


# A headteacher's pages cost a query or so more (their linked schools): measured 9, 32.
HEAD_BUDGETS = {"history": 11, "school detail": 34}


@pytest.mark.parametrize("page", HEAD_BUDGETS)
def test_head_pages_query_count_does_not_grow(client_for, page, django_assert_max_num_queries):
    address = PAGES[page][0]
    assert_flat(client_for("head"), address(), HEAD_BUDGETS[page], django_assert_max_num_queries)


def test_the_overview_in_every_reading_keeps_its_budget(
    client_for, settings, django_assert_max_num_queries
):
    """Good-or-better by Ofsted reads the inspections in one query, and the start-of-year
    deadline at the first risk meeting reads that meeting in one: still within budget."""
    settings.SYMPHONY_CAPACITY_READING = "ofsted_good"
    settings.SYMPHONY_START_OF_YEAR_DEADLINE = "first_meeting"
    address, budget = PAGES["overview"]
    assert_flat(client_for("ceo"), address(), budget, django_assert_max_num_queries)
