"""Peer reviews and Core Plans on people's homes (reviews.work): a school's leaders see
their actions due this half-term or overdue and their review ahead or just published; a
reviewer sees the reviews they are on and what is still to record; the CEO and DoP see what
waits for moderation or publication and, per school, actions overdue or without an owner."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from reviews import work as source
from reviews.models import Action, PeerReview, Status
from reviews.services import core_plans
from reviews.services import peer_reviews as review_services
from schools.calendar import Calendar

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _mine(user, today=TODAY):
    return source.items(user, today)


def _titles(user, today=TODAY):
    return [i.title for i in _mine(user, today)]


@pytest.fixture
def plan(this_year, school):
    return core_plans.core_plan_for(school=school("Glen Hills"), academic_year=this_year)


def add(plan, title, **data):
    return core_plans.add_action(
        core_plan=plan,
        data={"title": title, "source": Action.Source.MONITORING, "owner": "English lead", **data},
    )


# --- The demo gives each role a real item today ----------------------------------------


def test_glen_hills_head_sees_the_overdue_action_on_the_home_page(client_for, cast):
    action = Action.objects.get(
        core_plan__school__name="Glen Hills", title__startswith="Raise attendance"
    )
    page = client_for("head").get(reverse("home")).content.decode()
    assert escape(action.title) in page
    assert reverse("reviews:action", args=[action.pk]) in page
    item = next(i for i in _mine(cast["head"]) if i.title == action.title)
    assert item.overdue and item.school == "Glen Hills" and item.when == action.deadline


def test_the_reviewer_is_asked_to_record_foxtons_findings_on_the_home_page(client_for):
    foxton = PeerReview.objects.get(school__name="Foxton", status=Status.IN_PROGRESS)
    page = client_for("reviewer").get(reverse("home")).content.decode()
    assert "Record the findings of the peer review of Foxton" in page
    assert reverse("reviews:detail", args=[foxton.pk]) in page
    assert "the overall judgement" in page


def test_the_ceo_is_told_which_schools_have_overdue_actions_on_the_dashboard(client_for):
    glen_hills = Action.objects.filter(core_plan__school__name="Glen Hills").first().core_plan
    page = client_for("ceo").get(reverse("home")).content.decode()
    assert "Needs attention" in page
    assert "Follow up 1 overdue Core Plan action" in page
    assert reverse("reviews:core_plan", args=[glen_hills.pk]) in page


# --- A school's leaders: Core Plan actions ---------------------------------------------


def test_actions_due_by_the_end_of_the_half_term_are_listed_then_overdue(plan, cast):
    ends = Calendar.load().half_term_on_or_next(TODAY).ends_on
    add(plan, "Due on the last day of the half-term", deadline=ends)
    add(plan, "Due after the half-term", deadline=ends + DAY)
    add(plan, "Due today", deadline=TODAY)
    add(plan, "Due yesterday", deadline=TODAY - DAY)
    items = {i.title: i for i in _mine(cast["head"])}
    assert "Due after the half-term" not in items
    assert not items["Due on the last day of the half-term"].overdue
    assert not items["Due today"].overdue
    assert items["Due yesterday"].overdue
    assert items["Due yesterday"].detail.startswith("Core Plan action overdue since")


def test_a_closed_action_is_not_listed(plan, cast):
    action = add(plan, "Done already", deadline=TODAY - DAY)
    core_plans.close_action(
        action=action, impact_evaluation="All pupils read daily.", by=cast["head"]
    )
    assert "Done already" not in _titles(cast["head"])


def test_actions_without_an_owner_are_one_item_per_school(plan, cast):
    ends = Calendar.load().half_term_on_or_next(TODAY).ends_on
    add(plan, "Nobody leads this", owner="", deadline=ends + 60 * DAY)
    add(plan, "Nor this", owner="")
    item = next(i for i in _mine(cast["head"]) if i.title.startswith("Name an owner"))
    assert item.title == "Name an owner for 2 Core Plan actions"
    assert item.url == reverse("reviews:core_plan", args=[plan.pk])
    assert "Nobody leads this" in item.detail and "Nor this" in item.detail
    ceo = [i for i in _mine(cast["ceo"]) if i.school == "Glen Hills"]
    assert [i.title for i in ceo] == ["2 Core Plan actions have no owner"]


def test_another_schools_actions_never_reach_a_head_or_governor(this_year, school, cast):
    thornton = core_plans.core_plan_for(school=school("Thornton"), academic_year=this_year)
    add(thornton, "Thornton's own action", deadline=TODAY - DAY, owner="")
    for role in ("head", "exec_head", "governor", "reviewer", "trustee", "cfo"):
        assert not [i for i in _mine(cast[role]) if "Thornton" in (i.title + i.school)], role
    assert "Thornton's own action" not in " ".join(_titles(cast["head"]))


# --- A school's leaders: their peer review ----------------------------------------------


def test_the_head_prepares_for_the_review_until_its_day(review_at, cast, school):
    review = review_at("planned", school_name="Glen Hills")
    # First the head proposes its priorities, whatever the date.
    [propose] = [i for i in _mine(cast["head"]) if i.title.startswith("Propose the priorities")]
    assert propose.url == reverse("reviews:priorities", args=[review.pk])
    review_services.propose_priorities(
        review=review, areas=["teaching"], school_priorities="", by=cast["head"]
    )
    assert not [t for t in _titles(cast["head"]) if t.startswith("Propose the priorities")]
    title = f"Prepare for the peer review on {review.planned_on:%-d %B %Y}"
    on_the_day = [i for i in _mine(cast["head"], review.planned_on) if i.title == title]
    assert on_the_day and on_the_day[0].url == reverse(
        "schools:detail", args=[school("Glen Hills").pk]
    )
    assert title not in _titles(cast["head"], review.planned_on + DAY)
    # Reviews of other schools are not theirs to prepare for.
    review_at("planned", school_name="Thornton")
    assert len([t for t in _titles(cast["head"]) if t.startswith("Prepare")]) == 1


def test_a_published_review_is_news_for_two_weeks(review_at, cast):
    review = review_at("published", school_name="Glen Hills")
    published_on = review.published_at.date()
    title = "Read the published peer review"
    assert title in _titles(cast["head"], published_on + 14 * DAY)
    assert title not in _titles(cast["head"], published_on + 15 * DAY)
    item = next(i for i in _mine(cast["head"], published_on) if i.title == title)
    assert item.url == reverse("reviews:detail", args=[review.pk])
    assert title not in _titles(cast["exec_head"], published_on)


# --- Reviewers -----------------------------------------------------------------------


def test_a_reviewer_prepares_then_starts_the_review(review_at, cast):
    review = review_at("priorities_agreed")
    day = review.planned_on
    before = _titles(cast["reviewer"], day - DAY)
    assert f"Prepare for the peer review of Foxton on {day:%-d %B %Y}" in before
    on_the_day = [i for i in _mine(cast["reviewer"], day) if i.title.startswith("Start")]
    assert [(i.title, i.overdue) for i in on_the_day] == [
        ("Start the peer review of Foxton", False)
    ]
    after = [i for i in _mine(cast["reviewer"], day + DAY) if i.title.startswith("Start")]
    assert after[0].overdue


def test_a_reviewer_records_then_submits_then_revises_when_sent_back(review_at, cast):
    review = review_at("in_progress")
    [item] = _mine(cast["reviewer"])
    assert item.title == "Record the findings of the peer review of Foxton"
    assert item.url == reverse("reviews:detail", args=[review.pk])
    assert "the overall judgement" in item.detail
    for area in review.focus_areas.all():
        review_services.record_findings(focus_area=area, data={"judgement": 2})
    review_services.record_overall(review=review, proposed_outcome=2, summary_text="Good.")
    assert _titles(cast["reviewer"]) == ["Submit the draft report of the peer review of Foxton"]
    review_services.advance_review(review=review, to=Status.DRAFT_REPORT, by=cast["reviewer"])
    assert _titles(cast["reviewer"]) == []  # with the DoP now
    review_services.advance_review(
        review=review, to=Status.IN_PROGRESS, by=cast["dop"], note="Evidence for phonics is thin."
    )
    [item] = _mine(cast["reviewer"])
    assert item.title == "Revise the peer review of Foxton sent back at moderation"
    assert item.overdue and "Evidence for phonics is thin." in item.detail


def test_a_reviewer_sees_only_the_reviews_they_are_on(review_at, cast, tdg):
    review_at("in_progress", school_name="Thornton", team=[tdg])
    assert not [i for i in _mine(cast["reviewer"]) if i.school == "Thornton"]
    assert [i.school for i in _mine(tdg)] == ["Thornton"]


# --- The CEO and the Director of Primaries ------------------------------------------------


def test_the_dop_moderates_then_publishes(review_at, cast):
    review = review_at("draft_report")
    assert "Moderate the peer review of Foxton" in _titles(cast["dop"])
    review_services.advance_review(
        review=review, to=Status.MODERATED, by=cast["dop"], note="Checked the evidence."
    )
    titles = _titles(cast["dop"])
    assert "Publish the peer review of Foxton" in titles
    assert "Moderate the peer review of Foxton" not in titles
    review_services.advance_review(review=review, to=Status.PUBLISHED, by=cast["dop"])
    assert not [t for t in _titles(cast["dop"]) if "Foxton" in t]
    # Moderation is the trust leaders' step, not the reviewers'.
    assert not [t for t in _titles(cast["reviewer"]) if "Moderate" in t or "Publish" in t]


def test_overdue_actions_are_one_item_per_school_with_the_count(plan, cast):
    add(plan, "Due yesterday", deadline=TODAY - DAY)
    add(plan, "Due last month", deadline=TODAY - 30 * DAY)
    add(plan, "Due today", deadline=TODAY)
    [item] = [i for i in _mine(cast["ceo"]) if i.school == "Glen Hills"]
    assert item.title == "Follow up 2 overdue Core Plan actions"
    assert item.overdue and item.when == TODAY - 30 * DAY


def test_a_fixed_number_of_queries_however_many_schools(
    plan, review_at, cast, school, this_year, django_assert_num_queries
):
    review_at("draft_report")
    for name in ("Thornton", "Old Mill", "Foxton"):
        other = core_plans.core_plan_for(school=school(name), academic_year=this_year)
        add(other, f"Overdue at {name}", deadline=TODAY - DAY, owner="")
    with django_assert_num_queries(2):
        items = _mine(cast["ceo"])
    assert len(items) == 7


def test_those_who_neither_run_a_school_nor_review_see_nothing_here(cast):
    assert _mine(cast["cfo"]) == [] and source.explains(cast["cfo"]) is None
    # The trustees and governors: only the reports sent to them (tests/reviews/
    # test_distribution.py); Fairfield's review is not published in the demo.
    assert _mine(cast["governor"]) == []
    for role in ("trustee", "governor"):
        assert source.explains(cast[role]) == (
            "peer-review reports newly sent to you, until you open them"
        )
    assert "Core Plan" in source.explains(cast["head"])
    assert "peer reviews you are on" in source.explains(cast["reviewer"])


def test_the_empty_home_says_what_will_appear(client_for, this_year):
    cache.clear()
    page = client_for("reviewer").get(reverse("home")).content.decode()
    assert "Nothing needs you today." in page
    assert "the peer reviews you are on and what is still to record" in page
