"""A category decided at a risk meeting is told to the school's heads and the chair of its
governors (School Improvement Strategy 2024-25, §5), once each, with a link to the school's
category history that opens for them; and so is a move in Schools Causing Concern (§6)."""

import datetime

import pytest
from django.utils import timezone

from categorisation import scc
from categorisation.models import SccCase
from schools import access
from schools.models import Reminder
from tests import notices

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def glen_hills(school):
    notices.clear()
    return school("Glen Hills")


@pytest.fixture
def chair(glen_hills):
    return notices.chair_with_an_account(glen_hills)


def test_a_decision_tells_the_heads_and_the_chair_once(decide, glen_hills, chair, cast):
    from categorisation.services import tell_decided

    assessment = decide(glen_hills, 2)
    tell_decided(assessment)  # told again: still once each
    told = [*access.heads_of(glen_hills), chair]
    assert cast["head"] in told
    notices.deliver()
    notices.assert_told_once(told, subject_has=f"Glen Hills: category {assessment.category}")
    assert "the Executive Group decided" in notices.messages_to(chair)[0].body


def test_without_a_chair_account_the_heads_are_still_told(decide, glen_hills, cast):
    decide(glen_hills, 1)
    notices.deliver()
    notices.assert_told_once(access.heads_of(glen_hills), subject_has="category 1")


def test_a_refused_decision_tells_nobody(decide, glen_hills, meeting):
    from django.core.exceptions import ValidationError

    meeting.held_on = TODAY + datetime.timedelta(days=3)
    with pytest.raises(ValidationError):
        decide(glen_hills, 1)
    assert not Reminder.objects.exists()


# --- Schools Causing Concern -------------------------------------------------------------


@pytest.fixture
def case(glen_hills, chair, cast):
    return scc.enter_scc(
        school=glen_hills,
        trigger=SccCase.Trigger.TRUST_CONCERN,
        reason="KS2 writing fell for two years.",
        by=cast["ceo"],
        opened_on=TODAY - datetime.timedelta(days=30),
    )


def _step():
    return {"who": "Demo CEO", "done_on": TODAY, "evidence": "Minuted at the meeting."}


def test_entering_scc_tells_the_heads_and_the_chair(case, chair, cast):
    notices.deliver()
    told = [*access.heads_of(case.school), chair]
    notices.assert_told_once(told, subject_has="entered Schools Causing Concern at level 1")


def test_a_level_change_tells_the_heads_and_the_chair_once(case, chair, cast):
    notices.clear()
    move = scc.record_monitoring(
        case=case,
        outcome="insufficient",
        held_on=TODAY,
        notes="Plan not yet biting.",
        steps={key: _step() for key in scc.REQUIRED_STEPS[1]},
        by=cast["ceo"],
    )
    scc.tell_moved(move)  # told again: still once each
    notices.deliver()
    told = [*access.heads_of(case.school), chair]
    notices.assert_told_once(told, subject_has="SCC level 1 to 2")


def test_monitoring_that_keeps_the_level_tells_nobody(case, cast):
    notices.clear()
    scc.record_monitoring(
        case=case,
        outcome="responding_well",
        held_on=TODAY,
        notes="On track.",
        steps={},
        by=cast["ceo"],
    )
    assert not Reminder.objects.exists()


def test_leaving_scc_is_told(case, chair, cast):
    notices.clear()
    scc.exit_scc(case=case, held_on=TODAY, notes="Sustained improvement.", by=cast["ceo"])
    notices.deliver()
    notices.assert_told_once(
        [*access.heads_of(case.school), chair], subject_has="left Schools Causing Concern"
    )
