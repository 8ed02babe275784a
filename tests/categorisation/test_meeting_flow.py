"""A risk meeting that goes school by school (School Improvement Strategy 2024-25, §5): the
meeting's list with each school's evidence in a line per criterion and its category, moving
from one school to the next on the assessment page, which are decided at this meeting, and
who was present (audited)."""

import pytest
from django.urls import reverse

from categorisation import selectors
from categorisation.models import Assessment
from schools.models import AuditEvent, School

from .conftest import ROW

pytestmark = pytest.mark.django_db


def _agenda():
    return list(
        School.objects.filter(status__in=selectors.TRACKED)
        .order_by("name")
        .values_list("name", flat=True)
    )


def _decide_post(client, meeting, school, category):
    current = Assessment.objects.filter(school=school, successor__isnull=True).first()
    return client.post(
        reverse("categorisation:assess", args=[meeting.pk, school.pk]),
        {
            **ROW[category],
            "leadership_capacity": "sufficient",
            "category": category,
            "supersedes": current.pk if current else "",
            "action": "decide",
        },
    )


def test_the_meeting_lists_every_school_with_its_evidence_line_by_line(client_for, meeting):
    page = client_for("dop").get(reverse("categorisation:meeting", args=[meeting.pk]))
    rows = page.context["rows"]
    assert [row.school.name for row, _ in rows] == _agenda()  # the agenda's order: by name
    summary = dict(rows)[next(r for r, _ in rows if r.school.name == "Foxton")]
    lines = dict(summary.lines())
    assert set(lines) == {
        "Ofsted",
        "Performance",
        "QA visits",
        "Partnership review",
        "Other reports",
    }
    assert lines["Ofsted"].startswith("Good (grade 2)")
    assert "SCC level" in lines["QA visits"]  # the demo's Foxton is in SCC
    assert "data" in lines["QA visits"]  # this term's data, submitted or not
    body = page.content.decode()
    assert "0 of 15 decided at this meeting" in body
    assert "Next school to assess: Ashby Hastings" in body


def test_the_summary_reads_as_the_panels_do(client_for, meeting, school):
    """The meeting's line and the assessment page's panels agree on each reading."""
    thornton = school("Thornton")
    client = client_for("dop")
    rows = dict(
        (row.school.name, summary)
        for row, summary in client.get(
            reverse("categorisation:meeting", args=[meeting.pk])
        ).context["rows"]
    )
    evidence = client.get(reverse("categorisation:assess", args=[meeting.pk, thornton.pk])).context[
        "evidence"
    ]
    summary = rows["Thornton"]
    reading = evidence["performance"]["reading"]
    assert reading.value  # the demo's figures give a reading
    assert summary.performance.startswith(f"{reading.value}: {reading.why}")
    assert evidence["external"]["issues"]  # the demo's leader absence at Thornton
    assert summary.external.startswith("1 open staffing or premises issue")
    qa = evidence["qa_visits"]
    assert f"{len(qa['reviews'])} review" in summary.qa_visits
    assert ("submitted" if qa["submitted"] else "not submitted") in summary.qa_visits


def test_the_assessment_page_moves_between_the_meetings_schools(client_for, meeting, school):
    agenda = _agenda()
    middle = school(agenda[5])
    page = client_for("dop").get(reverse("categorisation:assess", args=[meeting.pk, middle.pk]))
    body = page.content.decode()
    assert f"Next school: {agenda[6]}" in body
    assert f"Previous: {agenda[4]}" in body
    assert "Back to the meeting" in body
    assert f"School 6 of {len(agenda)}" in body
    first = client_for("dop").get(
        reverse("categorisation:assess", args=[meeting.pk, school(agenda[0]).pk])
    )
    assert "Previous:" not in first.content.decode()
    last = client_for("dop").get(
        reverse("categorisation:assess", args=[meeting.pk, school(agenda[-1]).pk])
    )
    assert "Next school:" not in last.content.decode()


def test_after_a_decision_the_next_undecided_school_comes_up(client_for, meeting, school, decide):
    agenda = _agenda()
    client = client_for("dop")
    decide(school(agenda[3]), 1)  # already decided at this meeting: skipped
    response = _decide_post(client, meeting, school(agenda[2]), 1)
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "categorisation:assess", args=[meeting.pk, school(agenda[4]).pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert f"{agenda[2]}: category 1 recorded." in page


def test_the_last_decision_returns_to_the_meeting(client_for, meeting, school, decide):
    agenda = _agenda()
    for name in agenda[1:]:
        decide(school(name), 1)
    client = client_for("dop")
    response = _decide_post(client, meeting, school(agenda[0]), 1)
    assert response["Location"] == reverse("categorisation:meeting", args=[meeting.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Every school on the meeting&#x27;s list is decided: send the letters." in page
    assert f"{len(agenda)} of {len(agenda)} decided at this meeting" in page
    assert "Next school to assess" not in page


def test_the_list_marks_the_schools_decided_at_this_meeting(client_for, meeting, school, decide):
    decide(school("Foxton"), 3)
    page = client_for("dop").get(reverse("categorisation:meeting", args=[meeting.pk]))
    assert page.context["assessed_ids"] == {school("Foxton").pk}
    assert page.content.decode().count("Decided at this meeting") == 1


def test_next_undecided_comes_round_to_the_top():
    agenda = [(1, "A"), (2, "B"), (3, "C")]
    assert selectors.next_undecided(agenda, 2, {2}) == (3, "C")
    assert selectors.next_undecided(agenda, 3, {2, 3}) == (1, "A")
    assert selectors.next_undecided(agenda, 1, {1, 2, 3}) is None
    assert selectors.neighbours(agenda, 9) is None
    around = selectors.neighbours(agenda, 1)
    assert (around.previous, around.next, around.position, around.total) == (None, (2, "B"), 1, 3)


# Who was present


def test_the_form_records_who_was_present_shown_and_audited(client_for, cast, meeting):
    client = client_for("dop")
    response = client.post(
        reverse("categorisation:meeting_edit", args=[meeting.pk]),
        {"minutes": "Three schools discussed.", "attendees": [cast["ceo"].pk, cast["cfo"].pk]},
    )
    assert response.status_code == 302
    assert set(meeting.attendees.all()) == {cast["ceo"], cast["cfo"]}
    page = client.get(reverse("categorisation:meeting", args=[meeting.pk])).content.decode()
    assert "Present" in page
    assert (
        cast["cfo"].full_name in page
        and cast["dop"].full_name not in page.split('id="present"')[1].split("</dd>")[0]
    )
    event = AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_ATTENDANCE).first()
    assert event.user == cast["dop"] and event.record_id == str(meeting.pk)
    assert cast["cfo"].full_name in event.detail and cast["ceo"].full_name in event.detail


def test_holding_a_meeting_audits_who_is_present(client_for, cast):
    from django.utils import timezone

    before = set(AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_ATTENDANCE))
    client_for("ceo").post(
        reverse("categorisation:meeting_new"),
        {"held_on": timezone.localdate().isoformat(), "attendees": [cast["dop"].pk]},
    )
    [event] = set(AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_ATTENDANCE)) - before
    assert event.detail == f"Present: {cast['dop'].full_name}"


def test_saving_the_minutes_alone_audits_no_attendance_change(client_for, cast, meeting):
    before = AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_ATTENDANCE).count()
    client_for("dop").post(
        reverse("categorisation:meeting_edit", args=[meeting.pk]),
        {"minutes": "Only the minutes.", "attendees": [cast["ceo"].pk, cast["dop"].pk]},
    )
    after = AuditEvent.objects.filter(action=AuditEvent.Action.MEETING_ATTENDANCE).count()
    assert after == before


def test_the_form_offers_present_not_just_invited(client_for, meeting):
    page = client_for("dop").get(reverse("categorisation:meeting_edit", args=[meeting.pk]))
    assert page.context["form"].fields["attendees"].label == "Present"
