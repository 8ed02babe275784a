"""Each school review records the level of issues it found, in the categorisation table's
words, so the risk meeting can read it against the criteria."""

import pytest
from django.urls import reverse

from reviews.forms import SchoolReviewForm
from reviews.models import SchoolReview


def _data(school, **extra):
    return {
        "school": school.pk,
        "kind": "curriculum",
        "held_on": "2026-10-01",
        "led_by": "Curriculum lead",
        "days": "1",
        "summary": "Reading curriculum secure; maths fluency uneven.",
        **extra,
    }


def test_the_form_offers_the_four_levels_and_requires_one(school):
    form = SchoolReviewForm(_data(school("Foxton")))
    assert [value for value, _ in form.fields["issue_level"].choices] == [
        "none",
        "minor",
        "some",
        "significant",
    ]
    assert not form.is_valid()
    assert form.errors["issue_level"] == ["Say what level of issues the review found."]


@pytest.mark.parametrize("level", ["none", "minor", "some", "significant"])
def test_the_dop_records_a_review_with_its_level(client_for, school, level):
    foxton = school("Foxton")
    before = foxton.school_reviews.count()
    response = client_for("dop").post(
        reverse("reviews:record_school_review"), _data(foxton, issue_level=level)
    )
    assert response.status_code == 302
    assert foxton.school_reviews.count() == before + 1
    assert foxton.school_reviews.order_by("-pk").first().issue_level == level


@pytest.mark.parametrize("level", ["", "serious"])
def test_a_missing_or_unknown_level_saves_nothing(client_for, school, level):
    foxton = school("Foxton")
    before = foxton.school_reviews.count()
    response = client_for("dop").post(
        reverse("reviews:record_school_review"), _data(foxton, issue_level=level)
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Say what level of issues the review found." in text or "valid choice" in text
    assert foxton.school_reviews.count() == before


def test_the_demo_trusts_reviews_carry_levels(demo):
    assert not SchoolReview.objects.filter(issue_level="").exists()
    assert SchoolReview.objects.filter(issue_level="some").exists()
