"""Each person's home lists what needs them now, soonest first, each a link to act
(``schools.work``); the navigation shows how many; an empty home says what will appear."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from schools import work
from schools.data import services
from schools.models import Collection, School, Submission

TODAY = timezone.localdate()


@pytest.fixture
def collection(demo):
    return Collection.objects.order_by("-term__starts_on").first()


def _termly(items):
    return [i for i in items if i.kind == "Termly data"]


def _titles(user, today=TODAY):
    return [i.title for i in work.items_for(user, today)]


def test_a_head_is_told_their_figures_were_returned_with_the_reason(client_for, cast, collection):
    glen_hills = School.objects.get(name="Glen Hills")
    submission = Submission.objects.get(collection=collection, school=glen_hills)
    services.review_submission(
        submission=submission, accept=False, reason="Year 6 writing is blank.", by=cast["ceo"]
    )
    response = client_for("head").get(reverse("home"))
    page = response.content.decode()
    assert f"Correct the {collection.term} figures returned to you" in page
    assert "Year 6 writing is blank." in page
    assert reverse("schools:submission", args=[collection.pk, glen_hills.pk]) in page
    assert "overdue" in page  # sent back: it needs them first
    # The navigation carries the count on every page after the home has gathered it.
    # (Other sources list things for the head too: the count is everything on their home.)
    count = len(work.items_for(cast["head"], TODAY))
    other = client_for("head").get(reverse("schools:list")).content.decode()
    words = "thing needs" if count == 1 else "things need"
    assert f'{count}<span class="visually-hidden"> {words} you</span>' in other


def test_figures_not_started_are_due_then_overdue_after_the_deadline(cast, collection):
    glen_hills = School.objects.get(name="Glen Hills")
    Submission.objects.filter(collection=collection, school=glen_hills).delete()
    on_the_day = _termly(work.items_for(cast["head"], collection.deadline))
    assert [(i.title, i.when, i.overdue) for i in on_the_day] == [
        (f"Enter and submit the {collection.term} figures", collection.deadline, False)
    ]
    after = _termly(work.items_for(cast["head"], collection.deadline + datetime.timedelta(days=1)))
    assert after[0].overdue and after[0].detail.endswith("not started.")


def test_an_acceptance_is_news_for_two_weeks(cast, collection):
    glen_hills = School.objects.get(name="Glen Hills")
    submission = Submission.objects.get(collection=collection, school=glen_hills)
    services.review_submission(submission=submission, accept=True, reason="", by=cast["ceo"])
    accepted_on = Submission.objects.get(pk=submission.pk).reviewed_at.date()
    title = f"The {collection.term} figures were accepted"
    assert title in _titles(cast["head"], accepted_on + datetime.timedelta(days=14))
    assert title not in _titles(cast["head"], accepted_on + datetime.timedelta(days=15))


def test_the_ceo_sees_the_schools_yet_to_submit_and_what_waits_for_acceptance(
    client_for, collection
):
    tracked = School.objects.filter(status__in=("member", "due_diligence")).count()
    states = list(Submission.objects.filter(collection=collection).values_list("state", flat=True))
    waiting = states.count("submitted")
    missing = tracked - waiting - states.count("accepted")
    page = client_for("ceo").get(reverse("home")).content.decode()
    assert "Needs attention" in page
    assert f"{missing} schools have not submitted" in page
    assert f"Accept or return {waiting} submissions" in page


def test_a_home_with_nothing_on_it_says_so(client, demo):
    from schools.models import Role
    from tests.conftest import sign_in
    from tests.factories import UserFactory

    cache.clear()
    # A practitioner not yet on any review: nothing is theirs yet.
    sign_in(client, UserFactory(role=Role.TDG_PRACTITIONER))
    page = client.get(reverse("home")).content.decode()
    assert "Nothing needs you today." in page


def test_overdue_comes_first_then_soonest():
    items = [
        work.Item("later", "/", TODAY + datetime.timedelta(days=9)),
        work.Item("undated", "/"),
        work.Item("sooner", "/", TODAY + datetime.timedelta(days=1)),
        work.Item("late", "/", TODAY + datetime.timedelta(days=5), overdue=True),
    ]
    assert [i.title for i in sorted(items, key=work._order)] == [
        "late",
        "sooner",
        "later",
        "undated",
    ]
