"""The demo trust's reviews and Core Plans: plausible, and identical after a second seed."""

from django.core.management import call_command
from django.utils import timezone

from reviews.models import (
    Action,
    FocusArea,
    PeerReview,
    ProgressNote,
    ReviewTeamMember,
    SchoolReview,
    Status,
)
from schools.calendar import academic_start_year

SELF_EVALUATION_TABLE = {  # Trust Self-Evaluation (2025): "Peer Review" column
    "Glen Hills": "Good 2025",
    "Fairfield": "Good 2024",
    "The Meadow": "Good 2024",
    "Old Mill": "Good 2025",
    "Ashby Hastings": "Good 2025",
    "Ashby Willesley": "Good 2024",
    "Orchard": "Good 2024",
    "Ashby Hill Top": "Outstanding 2024",
    "Newcroft": "Outstanding 2024",
    "Thornton": "Good 2024",
    "Donisthorpe": "Good 2024",
    "Foxton": "Good 2025",
}


def snapshot():
    return {
        "reviews": sorted(
            PeerReview.objects.values_list(
                "school__name", "year", "academic_year", "status", "kind", "overall_outcome"
            )
        ),
        "team": sorted(ReviewTeamMember.objects.values_list("review_id", "user__email")),
        "areas": sorted(FocusArea.objects.values_list("review_id", "area", "judgement")),
        "actions": sorted(Action.objects.values_list("core_plan_id", "title", "rag", "closed_on")),
        "notes": ProgressNote.objects.count(),
        "other": sorted(SchoolReview.objects.values_list("school__name", "kind", "held_on")),
    }


def test_seeding_twice_changes_nothing(demo):
    before = snapshot()
    call_command("seed_demo")
    assert snapshot() == before


def test_the_self_evaluation_tables_outcomes_are_kept(demo):
    imported = PeerReview.objects.filter(academic_year=None)
    assert {r.school.name: r.summary for r in imported} == SELF_EVALUATION_TABLE


def test_this_years_reviews_are_planned(demo):
    start_year = academic_start_year(timezone.localdate())
    this_year = PeerReview.objects.filter(academic_year__start_year=start_year)
    assert this_year.count() == 12  # every school but the three that joined in 2025
    assert set(this_year.values_list("status", flat=True)) >= {
        "planned",
        "priorities_agreed",
        "in_progress",
        "published",
    }
    assert set(this_year.values_list("status", flat=True)) == set(Status)
    published = this_year.get(status="published", school__name="Thornton")
    # Rendered after the seed commits (pending where a test transaction holds it open).
    assert published.reports.get().state in ("pending", "ready")


def test_core_plans_have_actions_in_every_state(demo):
    for name in ("Glen Hills", "Thornton"):
        actions = Action.objects.filter(core_plan__school__name=name)
        states = {"closed" if a.is_closed else a.rag for a in actions}
        assert states == {"red", "amber", "green", "closed"}, name
        assert any(a.is_overdue() for a in actions), name
    sources = set(Action.objects.values_list("source", flat=True))
    assert sources == {"peer_review", "partnership_review", "ofsted", "monitoring", "scc"}
