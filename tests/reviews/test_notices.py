"""A published peer review is told to the school's heads, its local governors, the
trustees (School Improvement Strategy 2024-25: the report goes to the school, the LGB and
the trustees) and the trust's leaders, once each, with a link to the review that opens for
each of them."""

import pytest

from reviews.models import Status
from reviews.services import peer_reviews as services
from schools import access
from schools.models import NotifyBy, Reminder, Role
from tests import notices
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderated(review_at):
    notices.clear()
    return review_at("moderated", school_name="Glen Hills")


def test_publishing_tells_the_heads_governors_and_trustees_once(moderated, cast):
    glen_hills = moderated.school
    governor = UserFactory(role=Role.LOCAL_GOVERNOR, schools=[glen_hills], full_name="Gail Gov")
    assert not Reminder.objects.exists()  # nothing until it is published
    services.advance_review(review=moderated, to=Status.PUBLISHED, by=cast["dop"])
    services.tell_published(moderated)  # told again: still once each
    told = [
        *access.heads_of(glen_hills),
        governor,
        *access.trustees(),
        *access.trust_leaders(),
    ]
    assert cast["head"] in told and cast["trustee"] in told and cast["ceo"] in told
    assert cast["governor"] not in told  # Fairfield's governor: not their school
    notices.deliver()
    notices.assert_told_once(told, subject_has="Glen Hills: peer review")
    assert "has been published" in notices.messages_to(governor)[0].body


def test_a_trustee_who_chose_the_digest_finds_it_there(moderated, cast):
    trustee = cast["trustee"]
    trustee.notify_by = NotifyBy.WEEKLY
    trustee.save()
    services.advance_review(review=moderated, to=Status.PUBLISHED, by=cast["dop"])
    notices.deliver_pending()
    assert not notices.messages_to(trustee) and notices.messages_to(cast["head"])
    notices.deliver()
    [digest] = notices.messages_to(trustee)
    [line] = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert "Glen Hills: peer review" in line
    assert notices.opens_for(trustee, line.rsplit(": ", 1)[1]) == 200


def test_moderation_tells_nobody(review_at, cast):
    review = review_at("draft_report", school_name="Glen Hills")
    notices.clear()
    services.advance_review(review=review, to=Status.MODERATED, by=cast["dop"], note="Agreed.")
    assert not Reminder.objects.exists()
