"""Helpers for the categorisation tests: a meeting held today, and evidence rows."""

import pytest
from django.utils import timezone

from categorisation import services
from categorisation.models import Assessment

ROW = {
    1: {"performance": "positive", "qa_visits": "none", "partnership": "none", "external": "none"},
    2: {
        "performance": "positive",
        "qa_visits": "minor",
        "partnership": "minor",
        "external": "minor",
    },
    3: {"performance": "variable", "qa_visits": "some", "partnership": "some", "external": "some"},
    4: {
        "performance": "declining",
        "qa_visits": "significant",
        "partnership": "significant",
        "external": "significant",
    },
}

# The leadership capacity a meeting would usually judge beside each category.
CAPACITY = {1: "strong", 2: "sufficient", 3: "limited", 4: "insufficient"}


@pytest.fixture
def meeting(cast):
    return services.hold_meeting(
        held_on=timezone.localdate(), attendees=[cast["ceo"], cast["dop"]], by=cast["dop"]
    )


@pytest.fixture
def decide(cast, meeting):
    """``decide(school, row)``: record the suggested category for that table row."""

    def make(school, row, *, category=None, rationale="", at=None, capacity=None) -> Assessment:
        return services.decide_category(
            school=school,
            meeting=at or meeting,
            evidence=ROW[row],
            category=category or row,
            leadership_capacity=capacity or CAPACITY[category or row],
            rationale=rationale,
            by=cast["dop"],
        )

    return make
