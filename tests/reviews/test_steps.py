"""The review's steps as the people in it take them: the team reads the reviewed school
from the day it is named until a set number of days after publication, and nothing of other
schools; the school's head follows its review from "planned" and proposes its priorities,
which the DoP agrees (Trust Self-Evaluation 2025: priorities are agreed with the school's
leaders in advance); moderation is by someone outside the team, with a comment; publishing
says what it will do and asks for confirmation; each action it proposes is accepted by the
school's head with an owner and a deadline, and the owner is told."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews import work as source
from reviews.models import Action, Area, PeerReview, Status
from reviews.services import core_plans
from reviews.services import peer_reviews as services
from schools.models import AuditEvent, Collection, Role
from tests import notices
from tests.conftest import ROLES
from tests.factories import UserFactory

DAY = datetime.timedelta(days=1)


def _status(client, url):
    return client.get(url).status_code


def _team_pages(review):
    """The reviewed school's page, its termly data, Core Plan and an earlier review."""
    school = review.school
    plan = core_plans.core_plan_for(school=school, academic_year=review.academic_year)
    earlier = PeerReview.objects.filter(school=school, academic_year=None).first()
    pages = {
        "school": reverse("schools:detail", args=[school.pk]),
        "core plan": reverse("reviews:core_plan", args=[plan.pk]),
        "earlier review": reverse("reviews:detail", args=[earlier.pk]),
    }
    collection = Collection.objects.order_by("-pk").first()
    if collection is not None:
        pages["termly data"] = reverse("schools:submission", args=[collection.pk, school.pk])
    return pages


# --- The team reads the reviewed school, for a set time ---------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_reads_a_school_under_review(role, review_at, client_for):
    """Foxton is under review by the demo TDG practitioner: every role, every page."""
    review = review_at("in_progress", school_name="Foxton")
    expected = {"anonymous": 302, "head": 404, "exec_head": 404, "governor": 404}
    client = client_for(role)
    for name, url in _team_pages(review).items():
        assert _status(client, url) == expected.get(role, 200), (role, name)


def test_a_reviewer_reads_nothing_of_other_schools(review_at, client_for, school):
    review_at("in_progress", school_name="Foxton")
    client = client_for("reviewer")
    for name in ("Glen Hills", "Newcroft"):  # another school; their own home school
        assert _status(client, reverse("schools:detail", args=[school(name).pk])) == 404


@pytest.mark.parametrize(
    "days_after, code", [(0, 200), (30, 200), (31, 404)], ids=["day 0", "day N", "day N+1"]
)
def test_the_team_reads_until_n_days_after_publication(
    days_after, code, review_at, client_for, settings
):
    settings.SYMPHONY_REVIEW_TEAM_ACCESS_DAYS = 30
    review = review_at("published", school_name="Foxton")
    PeerReview.objects.filter(pk=review.pk).update(published_at=timezone.now() - days_after * DAY)
    client = client_for("reviewer")
    for name, url in _team_pages(review).items():
        assert _status(client, url) == code, name
    assert _status(client, reverse("reviews:detail", args=[review.pk])) == code


def test_the_window_is_a_setting(review_at, client_for, settings):
    review = review_at("published", school_name="Foxton")
    PeerReview.objects.filter(pk=review.pk).update(published_at=timezone.now() - 8 * DAY)
    url = reverse("schools:detail", args=[review.school_id])
    settings.SYMPHONY_REVIEW_TEAM_ACCESS_DAYS = 8
    assert _status(client_for("reviewer"), url) == 200
    settings.SYMPHONY_REVIEW_TEAM_ACCESS_DAYS = 7
    assert _status(client_for("reviewer"), url) == 404


def test_a_head_on_a_team_reads_their_own_school_and_the_reviewed_one(
    review_at, client_for, cast, tdg, school
):
    review_at("in_progress", school_name="Thornton", team=[cast["head"], tdg])
    client = client_for("head")
    for name, code in (("Glen Hills", 200), ("Thornton", 200), ("Foxton", 404)):
        assert _status(client, reverse("schools:detail", args=[school(name).pk])) == code, name


# --- The school's head: its review from "planned", its priorities ------------------------


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_planned_review_and_proposes_its_priorities(role, review_at, client_for):
    review = review_at("planned", school_name="Glen Hills")
    # The team (the demo reviewer is on it) reads it too; the DoP agrees the priorities,
    # the school's head proposes them.
    detail = {"anonymous": 302, "ceo": 200, "dop": 200, "head": 200, "reviewer": 200}
    propose = {"anonymous": 302, "ceo": 403, "dop": 403, "head": 200, "reviewer": 403}
    client = client_for(role)
    assert _status(client, reverse("reviews:detail", args=[review.pk])) == detail.get(role, 404)
    got = _status(client, reverse("reviews:priorities", args=[review.pk]))
    assert got == propose.get(role, 404), role


def test_the_head_proposes_and_the_dop_agrees(review_at, client_for, cast):
    review = review_at("planned", school_name="Glen Hills")
    client = client_for("head")
    response = client.post(
        reverse("reviews:priorities", args=[review.pk]),
        {"areas": ["teaching", "attendance"], "school_priorities": "Writing in KS2\n\n- Maths"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.priorities_proposed_by == cast["head"] and review.status == Status.PLANNED
    areas = sorted((a.area, a.title) for a in review.focus_areas.all())
    assert areas == [
        ("attendance", ""),
        ("school_priority", "Maths"),
        ("school_priority", "Writing in KS2"),
        ("teaching", ""),
    ]
    assert review.school_priorities == "Writing in KS2\nMaths"
    [item] = [i for i in source.items(cast["dop"], timezone.localdate()) if "Agree" in i.title]
    assert item.title == "Agree the priorities for the peer review of Glen Hills"
    assert "Demo Head (Glen Hills)" in item.detail
    client_for("dop").post(
        reverse("reviews:advance", args=[review.pk]), {"to": Status.PRIORITIES_AGREED}
    )
    review.refresh_from_db()
    assert review.status == Status.PRIORITIES_AGREED
    assert review.priorities_agreed_by == cast["dop"]
    details = AuditEvent.objects.filter(record_id=str(review.pk)).values_list("detail", flat=True)
    assert any(d.startswith("Proposed the priorities") for d in details)
    assert any(d.startswith("Agreed the priorities") for d in details)
    # Once agreed, the proposal is closed.
    response = client_for("head").post(
        reverse("reviews:priorities", args=[review.pk]), {"areas": ["books"]}
    )
    assert "not possible now" in response.content.decode()
    assert not review.focus_areas.filter(area="books").exists()


def test_an_empty_proposal_is_refused_and_saves_nothing(review_at, client_for):
    review = review_at("planned", school_name="Glen Hills")
    before = list(review.focus_areas.values_list("area", flat=True))
    response = client_for("head").post(
        reverse("reviews:priorities", args=[review.pk]), {"school_priorities": "  \n"}
    )
    assert response.status_code == 200
    assert "Propose at least one focus area" in response.content.decode()
    review.refresh_from_db()
    assert review.priorities_proposed_at is None
    assert list(review.focus_areas.values_list("area", flat=True)) == before


def test_only_the_trusts_focus_areas_are_proposed(review_at, cast):
    review = review_at("planned", school_name="Glen Hills")
    with pytest.raises(Exception, match="Not one of the trust's focus areas: cooking"):
        services.propose_priorities(
            review=review, areas=["cooking"], school_priorities="", by=cast["head"]
        )


def test_the_school_reads_no_finding_before_publication(review_at, client_for):
    review = review_at("draft_report", school_name="Glen Hills", text="SECRET-DRAFT")
    client = client_for("head")
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "SECRET-DRAFT" not in page and "Sharpen feedback" not in page
    assert _status(client, reverse("reviews:report", args=[review.pk])) == 403
    assert "SECRET-DRAFT" in (
        client_for("dop").get(reverse("reviews:detail", args=[review.pk])).content.decode()
    )


# --- Moderation ------------------------------------------------------------------------


def test_the_lead_reviewer_never_moderates(review_at, tdg, cast):
    review = review_at("draft_report")  # tdg leads, the demo reviewer is on the team
    with pytest.raises(Exception, match="The lead reviewer does not moderate"):
        services.advance_review(review=review, to=Status.MODERATED, by=tdg, note="Fine.")
    with pytest.raises(Exception, match="A member of the review team does not moderate"):
        services.advance_review(
            review=review, to=Status.MODERATED, by=cast["reviewer"], note="Fine."
        )
    review.refresh_from_db()
    assert review.status == Status.DRAFT_REPORT and review.moderated_by is None


def test_moderation_needs_a_comment(review_at, client_for, cast):
    review = review_at("draft_report")
    response = client_for("dop").post(
        reverse("reviews:advance", args=[review.pk]),
        {"to": Status.MODERATED, "note": "   "},
        follow=True,
    )
    assert "Write the moderation comment" in response.content.decode()
    review.refresh_from_db()
    assert review.status == Status.DRAFT_REPORT
    services.advance_review(
        review=review, to=Status.MODERATED, by=cast["dop"], note="Evidence checked."
    )
    review.refresh_from_db()
    assert review.moderated_by == cast["dop"] and review.moderation_note == "Evidence checked."


# --- Publishing, confirmed -------------------------------------------------------------


def test_publishing_asks_first_and_says_what_it_will_do(review_at, client_for, cast):
    review = review_at("moderated", school_name="Glen Hills")
    client = client_for("dop")
    response = client.post(reverse("reviews:advance", args=[review.pk]), {"to": "published"})
    assert response.url == reverse("reviews:publish", args=[review.pk])
    review.refresh_from_db()
    assert review.status == Status.MODERATED  # nothing happened yet
    page = client.get(response.url).content.decode()
    assert "Demo Head (Glen Hills)" in page and "Demo Trustee" in page
    assert "Sharpen feedback in Year 1" in page and "Phonics catch-up for Year 3" in page
    client.post(
        reverse("reviews:advance", args=[review.pk]), {"to": "published", "confirmed": "yes"}
    )
    review.refresh_from_db()
    assert review.status == Status.PUBLISHED
    actions = Action.objects.filter(source_review=review)
    assert actions.count() == 4
    assert all(a.proposed and not a.owner and a.deadline is None for a in actions)


@pytest.mark.parametrize("role", ROLES)
def test_who_opens_the_publish_page(role, review_at, client_for):
    review = review_at("moderated", school_name="Glen Hills")
    expected = {"anonymous": 302, "ceo": 200, "dop": 200, "head": 403, "reviewer": 403}
    got = _status(client_for(role), reverse("reviews:publish", args=[review.pk]))
    assert got == expected.get(role, 404)


# --- Proposed actions: the head accepts, the owner is told --------------------------------


@pytest.fixture
def proposed(review_at):
    review = review_at("published", school_name="Glen Hills")
    notices.clear()
    return Action.objects.filter(source_review=review).order_by("pk")


@pytest.fixture
def deputy(school):
    return UserFactory(
        role=Role.HEADTEACHER, schools=[school("Glen Hills")], full_name="Dana Deputy"
    )


def test_the_head_accepts_with_an_owner_and_a_deadline_and_the_owner_is_told(
    proposed, deputy, client_for, cast
):
    action = proposed.first()
    home = [i for i in source.items(cast["head"], timezone.localdate()) if "Accept" in i.title]
    assert [i.title for i in home] == ["Accept 4 Core Plan actions the peer review proposed"]
    assert home[0].url == reverse("reviews:accept_action", args=[action.pk])
    deadline = timezone.localdate() + 60 * DAY
    response = client_for("head").post(
        reverse("reviews:accept_action", args=[action.pk]),
        {"owner_user": deputy.pk, "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert not action.proposed and action.accepted_by == cast["head"]
    assert (action.owner, action.owner_user, action.deadline) == ("Dana Deputy", deputy, deadline)
    core_plans.tell_owner(action)  # told again: still once
    notices.deliver()
    notices.assert_told_once([deputy], subject_has="a Core Plan action is yours")
    home = [i for i in source.items(cast["head"], timezone.localdate()) if "Accept" in i.title]
    assert [i.title for i in home] == ["Accept 3 Core Plan actions the peer review proposed"]


def test_an_acceptance_without_a_deadline_or_an_owner_saves_nothing(proposed, client_for):
    action = proposed.first()
    url = reverse("reviews:accept_action", args=[action.pk])
    response = client_for("head").post(url, {"owner": "English lead"})
    assert "This field is required" in response.content.decode()
    response = client_for("head").post(url, {"deadline": "2027-03-01"})
    assert "Name who leads this action in school." in response.content.decode()
    action.refresh_from_db()
    assert action.proposed and not action.owner and action.deadline is None


def test_an_owner_from_another_school_is_refused(proposed, cast):
    action = proposed.first()
    with pytest.raises(Exception, match="is not linked to Glen Hills"):
        core_plans.accept_action(
            action=action, owner_user=cast["exec_head"], deadline=timezone.localdate(), by=None
        )


def test_the_head_owning_it_themselves_is_not_told(proposed, cast):
    core_plans.accept_action(
        action=proposed.first(),
        owner_user=cast["head"],
        deadline=timezone.localdate(),
        by=cast["head"],
    )
    notices.deliver()
    assert not notices.messages_to(cast["head"])


def test_accepting_twice_is_refused(proposed, cast):
    action = proposed.first()
    core_plans.accept_action(
        action=action, owner="English lead", deadline=timezone.localdate(), by=cast["head"]
    )
    with pytest.raises(Exception, match="already accepted"):
        core_plans.accept_action(
            action=action, owner="Maths lead", deadline=timezone.localdate(), by=cast["head"]
        )


@pytest.mark.parametrize("role", ROLES)
def test_who_accepts_a_proposed_action(role, proposed, client_for):
    url = reverse("reviews:accept_action", args=[proposed.first().pk])
    # Glen Hills' head; the CEO and DoP may act for the school; readers may not change it.
    expected = {"anonymous": 302, "ceo": 200, "dop": 200, "head": 200, "cfo": 403}
    expected.update(trustee=403, reviewer=403)  # the reviewer: on its team, reading
    assert _status(client_for(role), url) == expected.get(role, 404)


def test_a_new_owner_named_on_an_edit_is_told(this_year, school, deputy, cast):
    plan = core_plans.core_plan_for(school=school("Glen Hills"), academic_year=this_year)
    action = core_plans.add_action(
        core_plan=plan,
        data={"title": "Relaunch the reading spine", "source": Action.Source.MONITORING},
        by=cast["head"],
    )
    notices.clear()
    core_plans.update_action(action=action, data={"owner_user": deputy}, by=cast["head"])
    core_plans.update_action(action=action, data={"owner": "Dana"}, by=cast["head"])
    notices.deliver()
    notices.assert_told_once([deputy], subject_has="a Core Plan action is yours")


def test_the_demo_has_a_review_at_each_step_for_the_homes(demo, cast):
    today = timezone.localdate()
    titles = {role: [i.title for i in source.items(cast[role], today)] for role in cast}
    assert "Propose the priorities for your peer review" in titles["head"]
    assert any(t.startswith("Accept ") for t in titles["exec_head"])
    dop = titles["dop"]
    assert "Agree the priorities for the peer review of Ashby Hastings" in dop
    assert "Moderate the peer review of The Meadow" in dop
    assert "Publish the peer review of Ashby Hill Top" in dop
    assert Area.TEACHING in PeerReview.objects.get(
        school__name="Ashby Hastings", academic_year__isnull=False
    ).focus_areas.values_list("area", flat=True)
