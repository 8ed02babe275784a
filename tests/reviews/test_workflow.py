"""The peer-review lifecycle and its refusals: the workflow's transitions."""

import pytest
from django.core.exceptions import ValidationError

from reviews.models import Action, Area, PeerReview, ReviewTeamMember, Status
from reviews.services import peer_reviews as services
from tests.factories import SchoolFactory


def test_a_review_walks_from_planned_to_published(review_at, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = review_at("published")
    assert review.status == Status.PUBLISHED
    assert review.overall_outcome == 2
    assert review.summary == f"Good {review.year}"
    assert review.moderated_by.email == "dop@example.org"
    # Each area for development became an action point in this year's Core Plan.
    actions = Action.objects.filter(source_review=review)
    assert actions.count() == 4
    assert {a.core_plan.school for a in actions} == {review.school}
    assert all(a.source == Action.Source.PEER_REVIEW for a in actions)
    assert review.reports.get().state == "ready"


def test_publishing_before_moderation_is_refused(review_at, cast):
    review = review_at("draft_report")
    with pytest.raises(ValidationError, match="only after the Director of Primaries has moder"):
        services.advance_review(review=review, to=Status.PUBLISHED, by=cast["dop"])
    assert PeerReview.objects.get(pk=review.pk).overall_outcome is None


def test_steps_cannot_be_skipped(review_at, cast):
    review = review_at("planned")
    with pytest.raises(ValidationError, match="next step is priorities agreed"):
        services.advance_review(review=review, to=Status.IN_PROGRESS, by=cast["dop"])
    with pytest.raises(ValidationError, match="Only a draft report can be moderated"):
        services.advance_review(review=review, to=Status.MODERATED, by=cast["dop"])


def test_a_published_review_is_not_changed(review_at, cast):
    review = review_at("published")
    with pytest.raises(ValidationError, match="published review is not changed"):
        services.advance_review(review=review, to=Status.IN_PROGRESS, by=cast["dop"])
    with pytest.raises(ValidationError, match="not possible now"):
        services.record_overall(review=review, proposed_outcome=1, summary_text="")
    with pytest.raises(ValidationError, match="not possible now"):
        services.add_focus_area(review=review, area=Area.ATTENDANCE)


def test_draft_needs_every_area_judged(review_at, cast):
    review = review_at("in_progress")
    with pytest.raises(ValidationError, match="Record a judgement for every focus area"):
        services.advance_review(review=review, to=Status.DRAFT_REPORT, by=cast["dop"])


def test_priorities_need_a_focus_area_and_start_needs_a_team(cast, this_year, school):
    review = services.plan_review(
        school=school("Thornton"), academic_year=this_year, by=cast["dop"], kind="light_touch"
    )
    with pytest.raises(ValidationError, match="propose the priorities first"):
        services.advance_review(review=review, to=Status.PRIORITIES_AGREED, by=cast["dop"])
    services.propose_priorities(
        review=review, areas=[], school_priorities="Writing in KS2", by=cast["dop"]
    )
    [area] = review.focus_areas.all()
    services.remove_focus_area(focus_area=area)
    with pytest.raises(ValidationError, match="add at least one"):
        services.advance_review(review=review, to=Status.PRIORITIES_AGREED, by=cast["dop"])
    services.add_focus_area(review=review, area=Area.SCHOOL_PRIORITY, title="Writing in KS2")
    services.advance_review(review=review, to=Status.PRIORITIES_AGREED, by=cast["dop"])
    with pytest.raises(ValidationError, match="Add the review team"):
        services.advance_review(review=review, to=Status.IN_PROGRESS, by=cast["dop"])


def test_the_dop_can_send_a_draft_back(review_at, cast):
    review = review_at("draft_report")
    review = services.advance_review(
        review=review, to=Status.IN_PROGRESS, by=cast["dop"], note="Add book evidence"
    )
    assert review.status == Status.IN_PROGRESS
    assert review.moderation_note == "Add book evidence"


def test_a_reviewer_never_reviews_their_own_school(review_at, cast):
    review = review_at("planned", school_name="Newcroft", team=[])
    with pytest.raises(ValidationError, match="no one reviews their own school"):
        services.add_team_member(review=review, user=cast["reviewer"])  # home school Newcroft
    assert not ReviewTeamMember.objects.filter(review=review).exists()


def test_a_headteacher_reviews_another_school_but_not_their_own(review_at, cast):
    review = review_at("planned", school_name="Glen Hills", team=[])
    with pytest.raises(ValidationError, match="no one reviews their own school"):
        services.add_team_member(review=review, user=cast["head"])
    other = review_at("planned", school_name="Thornton", team=[])
    services.add_team_member(review=other, user=cast["head"])


def test_only_leaders_and_tdg_practitioners_review(review_at, cast):
    review = review_at("planned", team=[])
    for role in ("trustee", "governor", "cfo"):
        with pytest.raises(ValidationError, match="Reviewers are leaders"):
            services.add_team_member(review=review, user=cast[role])


def test_one_review_per_school_per_year(review_at, cast, this_year, school):
    review_at("planned", school_name="Foxton")
    with pytest.raises(ValidationError, match="already has its peer review for this academic year"):
        services.plan_review(
            school=school("Foxton"), academic_year=this_year, by=cast["dop"], kind="full"
        )


def test_the_type_is_proposed_from_the_category(categories, cast, this_year, school):
    categories(
        {
            school("Foxton"): (3, "full", "half_termly"),
            school("Orchard"): (1, "light_touch", "termly"),
        }
    )
    full = services.plan_review(school=school("Foxton"), academic_year=this_year, by=cast["dop"])
    light = services.plan_review(school=school("Orchard"), academic_year=this_year, by=cast["dop"])
    assert (full.kind, full.proposed_kind) == ("full", "full")
    assert (light.kind, light.proposed_kind) == ("light_touch", "light_touch")


def test_changing_the_proposed_type_needs_a_reason(categories, cast, this_year, school):
    categories({school("Foxton"): (1, "light_touch", "termly")})
    with pytest.raises(ValidationError, match="proposes a light-touch review; give the reason"):
        services.plan_review(
            school=school("Foxton"), academic_year=this_year, by=cast["dop"], kind="full"
        )
    review = services.plan_review(
        school=school("Foxton"),
        academic_year=this_year,
        by=cast["dop"],
        kind="full",
        kind_reason="New headteacher in September",
    )
    assert (review.kind, review.proposed_kind) == ("full", "light_touch")
    with pytest.raises(ValidationError, match="give the reason"):
        services.update_plan(review=review, data={"kind_reason": ""})


def test_without_a_category_the_dop_chooses(cast, this_year, school):
    joiner = SchoolFactory(name="New Joiner", hub=school("Foxton").hub)
    with pytest.raises(ValidationError, match="no category yet"):
        services.plan_review(school=joiner, academic_year=this_year, by=cast["dop"])


@pytest.mark.parametrize(
    ("scale", "good", "label"), [("legacy", 2, "Good"), ("report_card", 2, "Strong standard")]
)
def test_judgements_use_the_reviews_scale(review_at, cast, scale, good, label, settings):
    settings.SYMPHONY_PEER_REVIEW_SCALE = scale
    review = review_at("in_progress")
    assert review.scale == scale
    area = review.focus_areas.first()
    area = services.record_findings(focus_area=area, data={"judgement": good})
    assert area.judgement_label == label
    if scale == "legacy":
        with pytest.raises(ValidationError, match="on the review's scale"):
            services.record_findings(focus_area=area, data={"judgement": 5})


def test_report_card_review_publishes_on_its_own_scale(review_at, settings):
    settings.SYMPHONY_PEER_REVIEW_SCALE = "report_card"
    review = review_at("published")
    assert review.overall_outcome is None  # never mapped onto the four-point scale
    assert review.overall_report_card == 2
    assert review.summary == f"Strong standard {review.year}"


def test_the_scale_is_fixed_once_judgements_exist(review_at):
    review = review_at("draft_report")
    with pytest.raises(ValidationError, match="cannot change"):
        services.update_plan(review=review, data={"scale": "report_card"})


def test_draft_outcome_never_shows_before_publication(review_at):
    review = review_at("moderated")
    assert review.proposed_outcome == 2
    assert review.published_outcome is None
    assert "Good" not in review.summary
