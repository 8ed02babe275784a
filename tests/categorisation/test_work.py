"""Categorisation on people's homes (``categorisation.work``): re-assessments, this week's
risk meeting and SCC monitoring for the CEO and DoP; a school's category decision and its
SCC monitoring for whoever leads or governs it; nothing for another school's people."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from categorisation import scc, services, work
from categorisation.models import SccCase
from categorisation.selectors import due_list
from schools.models import School

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)
POSITIVE = {
    "performance": "positive",
    "qa_visits": "none",
    "partnership": "none",
    "external": "none",
}


def _titles(user, today=TODAY):
    return [i.title for i in work.items(user, today)]


def _decide(school, category, by, *, held_on=TODAY, rationale="Decided on the evidence."):
    meeting = services.hold_meeting(held_on=held_on, attendees=[by], by=by)
    return services.decide_category(
        school=school,
        meeting=meeting,
        evidence=POSITIVE,
        category=category,
        leadership_capacity="strong",
        rationale=rationale,
        by=by,
        today=held_on,
    )


# --- A school's decision, as news --------------------------------------------------------


def test_the_head_reads_glen_hills_recent_decision_on_their_home(client_for, cast):
    glen_hills = School.objects.get(name="Glen Hills")
    page = client_for("head").get(reverse("home")).content.decode()
    assert escape("Glen Hills' category was decided: 1") in page
    assert reverse("categorisation:school", args=[glen_hills.pk]) in page


def test_a_changed_category_is_news_for_two_weeks_after_the_meeting(cast):
    glen_hills = School.objects.get(name="Glen Hills")
    decision = _decide(glen_hills, 2, cast["dop"])
    title = "Glen Hills' category changed from 1 to 2"
    assert _titles(cast["head"], decision.assessed_on) == [title]
    assert title in _titles(cast["head"], decision.assessed_on + 14 * DAY)
    assert _titles(cast["head"], decision.assessed_on + 15 * DAY) == []
    item = work.items(cast["head"], TODAY)[0]
    assert item.url == reverse("categorisation:school", args=[glen_hills.pk])
    assert (item.when, item.school, item.overdue) == (TODAY, "Glen Hills", False)
    assert "stable and high performing" in item.detail


def test_another_schools_decision_reaches_none_of_its_people(cast):
    foxton = School.objects.get(name="Foxton")
    _decide(foxton, 1, cast["dop"])  # Foxton is linked to nobody in the demo
    for role in ("head", "exec_head", "governor"):
        assert not any("Foxton" in t for t in _titles(cast[role])), role
    # Glen Hills' decision stays with Glen Hills: not Fairfield's governor, not the exec head.
    assert not any("Glen Hills" in t for t in _titles(cast["governor"]))
    assert not any("Glen Hills" in t for t in _titles(cast["exec_head"]))


def test_the_exec_head_and_governor_read_their_own_schools_decisions(cast):
    for name, role in (("Ashby Hastings", "exec_head"), ("Fairfield", "governor")):
        _decide(School.objects.get(name=name), 4, cast["dop"])
        assert any(t.startswith(name) and t.endswith(" to 4") for t in _titles(cast[role]))


# --- Re-assessments for the CEO and DoP --------------------------------------------------


def _end_of_term(cast):
    """The day most demo schools are next due by (the end of this term)."""
    return max(r.due.due_on for r in due_list(user=cast["ceo"]) if r.school.name != "Glen Hills")


def test_an_overdue_reassessment_is_listed_school_by_school(cast):
    items = [i for i in work.items(cast["ceo"], TODAY) if i.school == "Thythorn Field"]
    assert [(i.title, i.overdue, i.url) for i in items] == [
        ("Re-assess Thythorn Field's category", True, reverse("categorisation:overview"))
    ]


def test_reassessments_fall_due_within_the_reminder_lead(cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    end = _end_of_term(cast)
    due = [r for r in due_list(user=cast["ceo"], today=end) if r.due.due_on == end]
    # Last judged last academic year: this year's first judgements (School Improvement
    # Strategy 2024-25, §5), due by the end of the autumn term by default.
    title = f"Make {len(due)} schools' start-of-year category judgements"
    assert title in _titles(cast["dop"], end - 14 * DAY)
    assert title in _titles(cast["dop"], end)
    assert title not in _titles(cast["dop"], end - 15 * DAY)
    # After the term ends they are overdue, each on its own.
    after = work.items(cast["dop"], end + DAY)
    assert title not in [i.title for i in after]
    assert sum(i.overdue and i.kind == "Category" for i in after) == len(due) + 1


def test_a_scheduled_meeting_brings_forward_what_is_due_by_it(cast, settings):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 0  # only the meeting brings them forward
    end = _end_of_term(cast)
    day = end - DAY
    assert not any(" schools' " in t for t in _titles(cast["ceo"], day))
    meeting = services.hold_meeting(held_on=end, attendees=[cast["dop"]], by=cast["dop"])
    falling_due = [i for i in work.items(cast["ceo"], day) if " schools' " in i.title]
    assert len(falling_due) == 1
    assert falling_due[0].url == reverse("categorisation:meeting", args=[meeting.pk])
    assert f"{end:%A %-d %B}" in falling_due[0].detail


def test_nobody_else_is_asked_to_reassess(cast):
    for role in ("cfo", "trustee", "head", "exec_head", "governor", "reviewer"):
        assert not any(t.startswith("Re-assess") for t in _titles(cast[role])), role


# --- This week's risk meeting ------------------------------------------------------------


def test_a_risk_meeting_shows_in_the_week_before_it(cast):
    held_on = TODAY + 20 * DAY
    meeting = services.hold_meeting(
        held_on=held_on, attendees=[cast["dop"], cast["cfo"]], by=cast["dop"]
    )
    title = f"Prepare for the risk meeting on {held_on:%A %-d %B}"
    assert title not in _titles(cast["ceo"], held_on - 7 * DAY)
    assert title in _titles(cast["ceo"], held_on - 6 * DAY)
    assert title in _titles(cast["ceo"], held_on)
    assert title not in _titles(cast["ceo"], held_on + DAY)
    # The CFO attends it (the central team does not decide); a trustee not invited does not.
    assert title in _titles(cast["cfo"], held_on - 6 * DAY)
    assert title not in _titles(cast["trustee"], held_on - 6 * DAY)
    assert title not in _titles(cast["head"], held_on - 6 * DAY)
    item = next(i for i in work.items(cast["cfo"], held_on) if i.title == title)
    assert item.url == reverse("categorisation:meeting", args=[meeting.pk])


# --- SCC monitoring ----------------------------------------------------------------------


def test_foxtons_overdue_monitoring_is_on_the_ceos_home(client_for):
    case = SccCase.objects.get(school__name="Foxton", closed_on__isnull=True)
    page = client_for("ceo").get(reverse("home")).content.decode()
    assert escape("Hold Foxton's SCC monitoring review") in page
    assert reverse("categorisation:scc_case", args=[case.pk]) in page


@pytest.fixture
def glen_hills_in_scc(cast):
    glen_hills = School.objects.get(name="Glen Hills")
    case = scc.enter_scc(
        school=glen_hills,
        trigger=SccCase.Trigger.TRUST_CONCERN,
        reason="QA visits found safeguarding records incomplete.",
        by=cast["ceo"],
        opened_on=TODAY,
    )
    state = next(s for s in scc.open_cases(user=cast["ceo"]) if s.case == case)
    return case, state.due.due_on


def test_scc_monitoring_falls_due_within_the_lead_then_is_overdue(
    cast, settings, glen_hills_in_scc
):
    settings.SYMPHONY_REASSESSMENT_REMINDER_DAYS = 14
    case, due_on = glen_hills_in_scc
    ceo_title, head_title = (
        "Hold Glen Hills' SCC monitoring review",
        ("Glen Hills' SCC monitoring review is due"),
    )
    for user, title in ((cast["ceo"], ceo_title), (cast["head"], head_title)):
        assert title not in _titles(user, due_on - 15 * DAY)
        on_time = [i for i in work.items(user, due_on - 14 * DAY) if i.title == title]
        assert [(i.when, i.overdue) for i in on_time] == [(due_on, False)]
        assert on_time[0].url == reverse("categorisation:scc_case", args=[case.pk])
        late = [i for i in work.items(user, due_on + DAY) if i.title == title]
        assert [i.overdue for i in late] == [True]
    # Not for another school's governor, nor the exec head; Foxton's not for the head.
    for role in ("governor", "exec_head"):
        assert not any("SCC" in t for t in _titles(cast[role], due_on)), role
    assert not any("Foxton" in t for t in _titles(cast["head"], due_on))


def test_what_each_person_is_told_will_appear(cast):
    assert "SCC monitoring" in work.explains(cast["ceo"])
    assert "re-assessments" in work.explains(cast["dop"])
    assert "risk meeting you are invited to" in work.explains(cast["cfo"])
    assert "the category of your school" in work.explains(cast["governor"])
    # A reviewer reads the schools of the reviews they are on (the team's access), so they
    # are told of those schools' categories too; of no other school's.
    assert "a school you are reviewing" in work.explains(cast["reviewer"])
    assert {i.school for i in work.items(cast["reviewer"], TODAY)} <= {"Foxton", ""}
