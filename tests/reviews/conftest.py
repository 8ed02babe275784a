"""Helpers for the reviews tests: this year's calendar, a category stub, and a review
walked to any stage of its lifecycle through the real services."""

import pytest
from django.utils import timezone

from reviews import offer
from reviews.models import Action, Area, PeerReview, SchoolReview, Status
from reviews.services import peer_reviews as services
from schools import access
from schools.calendar import academic_start_year
from schools.models import AcademicYear, Role, User


@pytest.fixture
def this_year(demo):
    """This year, cleared of the demo's reviews and Core Plan actions (tests build their
    own)."""
    year = AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))
    Action.objects.filter(core_plan__academic_year=year).delete()
    PeerReview.objects.filter(academic_year=year).delete()
    SchoolReview.objects.all().delete()
    return year


@pytest.fixture
def categories(monkeypatch):
    """``categories({school: (category, kind, frequency)})`` stands in for categorisation."""

    def set_categories(mapping):
        offers = {
            school.pk: offer.ReviewOffer(category=c, peer_review_kind=k, review_frequency=f)
            for school, (c, k, f) in mapping.items()
        }
        monkeypatch.setattr(offer, "offers_for", lambda schools: offers)

    return set_categories


@pytest.fixture
def tdg(demo, school):
    """A second TDG practitioner, home school Orchard, with no school in their name."""
    user, _ = User.objects.get_or_create(
        email="test.tdg@example.org",
        defaults={"full_name": "Test Maths Lead", "role": Role.TDG_PRACTITIONER},
    )
    user.schools.set([school("Orchard")])
    return user


STEPS = list(Status)


@pytest.fixture
def review_at(cast, this_year, school, tdg):
    """``review_at("draft_report", school="Foxton")``: a review at that stage."""

    def make(status, *, school_name="Foxton", text="", team=None):
        dop = cast["dop"]
        review = services.plan_review(
            school=school(school_name),
            academic_year=this_year,
            by=dop,
            kind=PeerReview.Kind.FULL,
            kind_reason="Test reviews are full whatever the school's category.",
            planned_on=this_year.terms.order_by("starts_on")[1].starts_on,
        )
        services.add_focus_area(review=review, area=Area.TEACHING)
        services.add_focus_area(review=review, area=Area.PHONICS)
        for member in [cast["reviewer"], tdg] if team is None else team:
            services.add_team_member(review=review, user=member, is_lead=member == tdg)
        for step in STEPS[1 : STEPS.index(Status(status)) + 1]:
            if step == Status.PRIORITIES_AGREED:
                # The school's leaders propose; the DoP agrees.
                services.propose_priorities(
                    review=review,
                    areas=[a.area for a in review.focus_areas.all()],
                    school_priorities=[],
                    by=access.heads_of(review.school)[0] if access.heads_of(review.school) else dop,
                )
            if step == Status.DRAFT_REPORT:
                for n, area in enumerate(review.focus_areas.all(), start=1):
                    services.record_findings(
                        focus_area=area,
                        data={
                            "observations": True,
                            "data": True,
                            "strengths": f"Strong teaching in Year {n}. {text}",
                            "areas_for_development": f"Sharpen feedback in Year {n}\n"
                            f"Phonics catch-up for Year {n + 1} {text}",
                            "judgement": 2,
                        },
                    )
                services.record_overall(review=review, proposed_outcome=2, summary_text=text)
            note = "Checked against the evidence." if step == Status.MODERATED else ""
            review = services.advance_review(review=review, to=step, by=dop, note=note)
        return PeerReview.objects.get(pk=review.pk)

    return make
