"""A published review's report reaches its readers (School Improvement Strategy 2024-25,
peer reviews: the school, its LGB and the trustees; and the trust's leaders): publication
records a row per person (who, as what, when, by which publication), tells each once, and
puts the report on the homes of the LGB's governors and the trustees until they open it or
for ``SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS``. The review page lists who it was sent to."""

import datetime

import pytest
from django.utils import timezone

from reviews import work
from reviews.models import Audience, ReportRecipient, Status
from reviews.services import peer_reviews as services
from schools.models import Reminder, Role
from tests import notices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def published(review_at, cast):
    review = review_at("moderated", school_name="Glen Hills")
    governor = UserFactory(role=Role.LOCAL_GOVERNOR, schools=[review.school], full_name="Gail Gov")
    notices.clear()
    review = services.advance_review(review=review, to=Status.PUBLISHED, by=cast["dop"])
    review.governor = governor
    return review


def _audiences(review):
    return {row.user.email: row.audience for row in review.sent_to.select_related("user")}


def test_publishing_records_each_reader_once(published, cast):
    sent = _audiences(published)
    assert sent == {
        "head.glenhills@example.org": Audience.HEADS,
        "ceo@example.org": Audience.TRUST_LEADERS,
        "dop@example.org": Audience.TRUST_LEADERS,
        "trustee@example.org": Audience.TRUSTEES,
        published.governor.email: Audience.GOVERNORS,
    }
    rows = list(published.sent_to.all())
    assert {row.sent_by_id for row in rows} == {cast["dop"].pk}
    assert {row.sent_at for row in rows} == {published.published_at}
    assert {row.report_id for row in rows} == {published.new_report.pk}
    assert "governor.fairfield@example.org" not in sent  # another school's governor


def test_each_is_told_once_however_often_it_is_told(published):
    services.tell_published(published)  # again: nobody twice
    assert Reminder.objects.filter(key__startswith="notice:review-published:").count() == len(
        _audiences(published)
    )
    notices.deliver()
    told = [row.user for row in published.sent_to.select_related("user")]
    notices.assert_told_once(told, subject_has="Glen Hills: peer review")
    # Recording again records nobody twice (the constraint holds).
    services._distribute(published, by=None, now=timezone.now())
    assert ReportRecipient.objects.filter(review=published).count() == len(told)


def _titles(user, today=TODAY):
    return [item.title for item in work.items(user, today) if "Read the peer review" in item.title]


def test_the_governors_and_trustees_find_it_on_their_homes_until_they_open_it(
    published, cast, client_for
):
    title = "Read the peer review of Glen Hills"
    assert title in _titles(published.governor) and title in _titles(cast["trustee"])
    for role in ("head", "ceo", "dop", "cfo", "reviewer"):  # they have their own items
        assert title not in _titles(cast[role]), role
    response = client_for("trustee").get(f"/reviews/{published.pk}/")
    assert response.status_code == 200
    assert title not in _titles(cast["trustee"])  # opened: it leaves their home
    assert published.sent_to.get(user=cast["trustee"]).opened_at is not None
    assert title in _titles(published.governor)  # the governor has not opened it yet
    assert published.sent_to.get(user=cast["head"]).opened_at is None


@pytest.mark.parametrize(("days", "shown"), [(0, True), (21, True), (22, False)])
def test_for_the_set_number_of_days(published, cast, settings, days, shown):
    settings.SYMPHONY_PUBLISHED_REVIEW_HOME_DAYS = 21
    today = published.published_at.date() + datetime.timedelta(days=days)
    assert ("Read the peer review of Glen Hills" in _titles(cast["trustee"], today)) is shown


def test_the_review_page_says_whom_it_was_sent_to(published, client_for):
    page = client_for("dop").get(f"/reviews/{published.pk}/").content.decode()
    assert 'id="sent-to">Sent to</h2>' in page
    assert "The school&#x27;s local governors: Gail Gov" in page
    assert "The trustees: Demo Trustee" in page
    assert "each was told once" in page


def test_a_review_published_before_the_record_says_so(client_for):
    from reviews.models import PeerReview

    historic = PeerReview.objects.filter(school__name="Glen Hills", academic_year=None).first()
    page = client_for("dop").get(f"/reviews/{historic.pk}/").content.decode()
    assert "Published before the portal recorded who a report went to." in page
