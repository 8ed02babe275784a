"""Risk meetings and category decisions: append-only, validated, race-safe (School
Improvement Strategy 2024-25, §5)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from categorisation import services
from categorisation.models import Assessment, RiskMeeting
from schools.calendar import Calendar
from schools.models import School
from tests.factories import OfstedInspectionFactory, SchoolFactory

from .conftest import ROW


def test_a_decision_supersedes_the_last_and_keeps_it(school, decide):
    foxton = school("Foxton")
    before = Assessment.objects.get(school=foxton, successor__isnull=True)
    new = decide(foxton, 2)
    before.refresh_from_db()
    assert new.previous == before
    assert new.previous_category == 3  # the demo's last decision
    assert before.category == 3  # never edited in place
    assert Assessment.objects.get(school=foxton, successor__isnull=True) == new


def test_the_suggestion_and_its_reason_are_stored(school, decide):
    decision = decide(school("Foxton"), 3)
    assert decision.suggested_category == 3
    assert "historic performance (variable)" in decision.suggestion_reason
    assert decision.ofsted == "good"  # read from the school's inspection history


def test_an_override_needs_a_rationale_and_saves_nothing_without(school, decide):
    foxton = school("Foxton")
    count = Assessment.objects.count()
    with pytest.raises(ValidationError, match="differs from the suggestion"):
        decide(foxton, 3, category=2)
    with pytest.raises(ValidationError, match="differs from the suggestion"):
        decide(foxton, 3, category=2, rationale="   ")
    assert Assessment.objects.count() == count
    decision = decide(foxton, 3, category=2, rationale="New head in post; strong first term.")
    assert decision.overrides_suggestion and decision.category == 2


def test_the_database_refuses_an_override_without_rationale(school, decide):
    decision = decide(school("Foxton"), 3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.filter(pk=decision.pk).update(category=1)


def test_two_decisions_cannot_supersede_the_same_one(school, decide):
    first = decide(school("Foxton"), 3)
    clone = Assessment.objects.get(pk=first.pk)
    clone.pk = None
    clone.previous = first.previous  # a second successor of the same decision
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()


def test_a_decision_made_while_someone_else_decided_is_refused(school, decide, cast, meeting):
    foxton = school("Foxton")
    seen = Assessment.objects.get(school=foxton, successor__isnull=True).pk
    decide(foxton, 3)  # the other person, first
    with pytest.raises(ValidationError, match="While you were working"):
        services.decide_category(
            school=foxton,
            meeting=meeting,
            evidence=ROW[2],
            category=2,
            leadership_capacity="sufficient",
            by=cast["ceo"],
            expected_current_id=seen,
        )
    assert Assessment.objects.get(school=foxton, successor__isnull=True).category == 3


def test_decisions_wait_for_the_meeting_day(school, cast):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    meeting = services.hold_meeting(held_on=tomorrow, attendees=[], by=cast["dop"])
    with pytest.raises(ValidationError, match="on or after the day it is held"):
        services.decide_category(
            school=school("Foxton"),
            meeting=meeting,
            evidence=ROW[1],
            category=1,
            leadership_capacity="strong",
            by=cast["dop"],
        )


def test_a_decision_at_an_older_meeting_than_the_current_one_is_refused(school, decide, cast):
    oldest = RiskMeeting.objects.order_by("held_on").first()
    with pytest.raises(ValidationError, match="later meeting"):
        decide(school("Foxton"), 1, at=oldest)


@pytest.mark.parametrize("status", [School.Status.PROSPECTIVE, School.Status.LEFT])
def test_only_members_and_due_diligence_schools_are_categorised(school, decide, status):
    foxton = school("Foxton")
    foxton.status = status
    foxton.save()
    with pytest.raises(ValidationError, match="only member schools"):
        decide(foxton, 1)


def test_first_judgements_are_labelled(school, decide):
    hub = school("Foxton").hub
    joining = SchoolFactory(name="Joining", hub=hub, status=School.Status.DUE_DILIGENCE)
    assert decide(joining, 2).kind == Assessment.Kind.DUE_DILIGENCE
    joining.status = School.Status.MEMBER
    joining.save()
    # The demo's decisions are last year's: the first this year is the initial judgement.
    assert decide(school("Foxton"), 3).kind == Assessment.Kind.START_OF_YEAR
    assert decide(school("Foxton"), 3).kind == Assessment.Kind.REASSESSMENT


def test_the_ofsted_evidence_is_a_snapshot(school, decide):
    foxton = school("Foxton")
    decision = decide(foxton, 1)
    OfstedInspectionFactory(
        school=foxton,
        year=2026,
        framework="legacy",
        inspection_type="graded",
        overall_grade=4,
    )
    decision.refresh_from_db()
    assert decision.ofsted == "good"
    assert decide(foxton, 1, category=4, rationale="x").suggested_category == 4


def test_a_meeting_belongs_to_the_term_of_its_date(cast):
    calendar = Calendar.load()
    today = timezone.localdate()
    term = calendar.term_on_or_next(today)
    meeting = services.hold_meeting(held_on=term.ends_on, attendees=[cast["ceo"]], by=cast["dop"])
    assert meeting.term == term
    holiday = term.ends_on + datetime.timedelta(days=3)
    assert services.hold_meeting(held_on=holiday, attendees=[], by=cast["dop"]).term == (
        calendar.term_after(term)
    )


def test_a_meeting_outside_the_calendar_is_refused_with_a_reason(cast):
    with pytest.raises(ValidationError, match="no term on or after"):
        services.hold_meeting(held_on=datetime.date(2099, 1, 5), attendees=[], by=cast["dop"])
    assert not RiskMeeting.objects.filter(held_on=datetime.date(2099, 1, 5)).exists()
