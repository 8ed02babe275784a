"""Core Plans: actions from every source, dated append-only progress notes, closing with
an impact evaluation, the overdue list and the Core Plan PDF."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews.models import Action, ProgressNote
from reviews.services import core_plans as services
from tests.symphony_core.test_pdf import pdf_text


@pytest.fixture
def plan(this_year, school):
    return services.core_plan_for(school=school("Glen Hills"), academic_year=this_year)


def add(plan, title, **data):
    return services.add_action(
        core_plan=plan, data={"title": title, "source": Action.Source.MONITORING, **data}
    )


def test_one_plan_per_school_per_year(plan, this_year):
    assert services.core_plan_for(school=plan.school, academic_year=this_year) == plan


def test_each_action_keeps_its_source(plan, review_at, django_capture_on_commit_callbacks):
    add(plan, "Attendance of disadvantaged pupils", source=Action.Source.OFSTED)
    add(plan, "Moderate writing with partner schools", source=Action.Source.PARTNERSHIP_REVIEW)
    review = review_at("published", school_name="Glen Hills")
    sources = set(plan.actions.values_list("source", flat=True))
    assert sources == {"ofsted", "partnership_review", "peer_review"}
    from_review = plan.actions.filter(source="peer_review")
    assert {a.source_review for a in from_review} == {review}
    assert {a.source_detail for a in from_review} >= {
        "Quality of teaching and its impact on progress (observations)"
    }


def test_a_peer_review_action_must_name_its_review(plan):
    with pytest.raises(ValidationError, match="Name the peer review"):
        add(plan, "Orphan", source=Action.Source.PEER_REVIEW)


def test_progress_notes_are_dated_and_append_only(plan, cast):
    action = add(plan, "Phonics catch-up", deadline=datetime.date(2027, 3, 1))
    services.add_progress_note(
        action=action,
        rag="red",
        note="Not started",
        by=cast["head"],
        noted_on=datetime.date(2026, 10, 1),
    )
    services.add_progress_note(
        action=action,
        rag="green",
        note="Groups running",
        by=cast["head"],
        noted_on=datetime.date(2026, 11, 1),
    )
    action.refresh_from_db()
    assert action.rag == "green"  # the newest note's status
    # An earlier-dated note added later does not override the newer one.
    services.add_progress_note(
        action=action,
        rag="amber",
        note="Backfilled",
        by=cast["dop"],
        noted_on=datetime.date(2026, 9, 1),
    )
    action.refresh_from_db()
    assert action.rag == "green"
    note = ProgressNote.objects.filter(action=action).first()
    note.note = "rewritten"
    with pytest.raises(ValidationError, match="add a new note instead"):
        note.save()


def test_closing_needs_an_impact_evaluation(plan, cast):
    action = add(plan, "Reading fluency")
    with pytest.raises(ValidationError, match="Evaluate the impact"):
        services.close_action(action=action, impact_evaluation="  ", by=cast["head"])
    services.close_action(
        action=action, impact_evaluation="KS2 reading up 8 points", by=cast["head"]
    )
    with pytest.raises(ValidationError, match="closed"):
        services.add_progress_note(action=action, rag="green", note="late", by=cast["head"])


def test_overdue_list_for_the_dop(plan, client_for):
    late = add(plan, "Late action", deadline=datetime.date(2020, 1, 1))
    add(plan, "Future action", deadline=datetime.date(2099, 1, 1))
    closed = add(plan, "Closed late action", deadline=datetime.date(2020, 1, 1))
    services.close_action(action=closed, impact_evaluation="Done", by=None)
    content = client_for("dop").get(reverse("reviews:overdue")).content.decode()
    assert late.title in content
    assert "Future action" not in content
    assert "Closed late action" not in content


def test_the_head_adds_and_closes_an_action_through_the_pages(plan, client_for):
    client = client_for("head")
    response = client.post(
        reverse("reviews:add_action", args=[plan.pk]),
        {
            "title": "Maths mastery in Year 4",
            "source": "monitoring",
            "owner": "Maths lead",
            "deadline": "2027-02-12",
            "support_deployed": "TDG maths lead, 4 days",
            "school_funded": "on",
            "success_criteria": "80% at ARE",
        },
    )
    assert response.status_code == 302
    action = plan.actions.get(title="Maths mastery in Year 4")
    assert action.school_funded and action.support_deployed == "TDG maths lead, 4 days"
    response = client.post(
        reverse("reviews:close_action", args=[action.pk]),
        {"closed_on": "2027-02-10", "impact_evaluation": "85% at ARE"},
    )
    action.refresh_from_db()
    assert action.is_closed and action.impact_evaluation == "85% at ARE"


def test_the_core_plan_pdf(plan, client_for):
    add(plan, "Writing <b>stamina</b>", owner="English lead", deadline=datetime.date(2027, 5, 1))
    response = client_for("head").get(reverse("reviews:core_plan_pdf", args=[plan.pk]))
    assert response.status_code == 200
    text = " ".join(pdf_text(response.content).split())
    assert "Glen Hills" in text and "Core Plan" in text
    assert "Writing <b>stamina</b>" in text
    assert "Page 1 of" in text
