"""The benchmark generator at a tiny size, so it cannot rot unnoticed (``make bench`` runs
it at 15-500 schools on PostgreSQL; this runs on whatever database the suite uses, beside
the demo trust)."""

import datetime

import pytest

from benchmarks.generator import build_trust
from categorisation.models import Assessment, RiskMeeting
from categorisation.selectors import current_assessments
from governance.models import Appointment, Body
from reviews.models import CorePlan, FocusArea, PeerReview
from schools.data.measures import expected_rows
from schools.models import Figure, School, Submission

pytestmark = pytest.mark.django_db
SPRING_2026 = datetime.date(2026, 3, 10)  # fixed: five terms started in the two years


def test_a_tiny_trust_has_every_part_in_the_numbers_expected():
    trust = build_trust(schools=3, years=2, prefix="Tiny", today=SPRING_2026)

    schools = list(School.objects.filter(name__startswith="Tiny School").order_by("name"))
    assert [s.pk for s in schools] == [s.pk for s in trust.schools]
    assert {h.schools.get() for h in trust.heads.values()} == set(schools)

    # Autumn, spring and summer 2024/25, autumn and spring 2025/26: a submission each,
    # with the full long table of figures for its term.
    submissions = Submission.objects.filter(school__in=schools).select_related("collection__term")
    assert submissions.count() == 5 * 3 == trust.counts["schools.Submission"]
    expected = sum(
        len(expected_rows(season=s.collection.term.season, phase=School.Phase.PRIMARY))
        for s in submissions
    )
    assert Figure.objects.filter(submission__in=submissions).count() == expected
    assert trust.counts["schools.Figure"] == expected

    # A risk meeting a fortnight into each term's second half (9 March, this spring); every
    # school decided at each, the decisions chained, the last one current.
    meetings = trust.counts["categorisation.RiskMeeting"]
    assert meetings == RiskMeeting.objects.filter(created_by=trust.dop).count() == 5
    decisions = Assessment.objects.filter(school__in=schools)
    assert decisions.count() == meetings * 3
    assert decisions.filter(previous__isnull=True).count() == 3
    current = current_assessments(schools)
    assert {pk: a.category for pk, a in current.items()} == trust.category

    # One peer review a school a year: last year's published with four focus areas.
    assert PeerReview.objects.filter(school__in=schools).count() == 6
    published = PeerReview.objects.filter(school__in=schools, status="published")
    assert published.count() == 3
    assert FocusArea.objects.filter(review__in=published).count() == 12
    assert CorePlan.objects.filter(school__in=schools).count() == 6
    assert Body.objects.filter(school__in=schools, kind="lgb").count() == 3
    assert Appointment.objects.filter(body__school__in=schools).count() == 3 * 7
