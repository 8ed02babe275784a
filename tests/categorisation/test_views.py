"""The pages: the assess flow (suggest, override, decide), meetings, the overview."""

import datetime

from django.urls import reverse
from django.utils import timezone

from categorisation.forms import CHOICE_FIELDS
from categorisation.models import Assessment, RiskMeeting
from schools.models import Reminder

from .conftest import ROW


def _post(client, meeting, school, action, **data):
    current = Assessment.objects.filter(school=school, successor__isnull=True).first()
    payload = {
        **ROW[3],
        "leadership_capacity": "limited",
        "supersedes": current.pk if current else "",
        "action": action,
    }
    payload.update(data)
    return client.post(reverse("categorisation:assess", args=[meeting.pk, school.pk]), payload)


def test_the_form_starts_from_the_evidence_not_from_the_last_decision(client_for, meeting, school):
    foxton = school("Foxton")
    last = foxton.assessments.get(successor__isnull=True)
    assert last.performance_note  # the demo's decisions carry notes
    page = client_for("dop").get(reverse("categorisation:assess", args=[meeting.pk, foxton.pk]))
    initial = page.context["form"].initial
    # Last term's notes are shown read-only, never copied into the new assessment.
    assert not any(initial.get(f"{name}_note") for name in ("ofsted", *CHOICE_FIELDS))
    assert initial["performance"] == page.context["evidence"]["performance"]["reading"].value
    assert last.performance_note in page.content.decode()


def test_asking_for_the_suggestion_saves_nothing(client_for, meeting, school):
    count = Assessment.objects.count()
    page = _post(client_for("dop"), meeting, school("Foxton"), "suggest", **ROW[4])
    assert page.status_code == 200
    assert page.context["suggestion"].category == 4
    assert page.context["form"].data["category"] == "4"
    assert Assessment.objects.count() == count


def test_an_override_without_rationale_is_refused_with_a_clear_message(client_for, meeting, school):
    count = Assessment.objects.count()
    page = _post(client_for("dop"), meeting, school("Foxton"), "decide", category=2)
    assert page.status_code == 200
    assert "differs from the suggestion (category 3): record why" in page.content.decode()
    assert Assessment.objects.count() == count


def test_missing_evidence_is_named_and_saves_nothing(client_for, meeting, school):
    count = Assessment.objects.count()
    page = _post(client_for("dop"), meeting, school("Foxton"), "decide", category=3, external="")
    assert page.status_code == 200
    assert page.context["form"].errors["external"] == ["This field is required."]
    assert Assessment.objects.count() == count


def test_a_tampered_value_is_refused(client_for, meeting, school):
    page = _post(client_for("dop"), meeting, school("Foxton"), "decide", category=3, qa_visits="x")
    assert page.status_code == 200
    assert "qa_visits" in page.context["form"].errors


def test_deciding_records_and_moves_on_to_the_next_school(client_for, meeting, school):
    foxton = school("Foxton")
    response = _post(
        client_for("dop"), meeting, foxton, "decide", category=2, rationale="New head in post."
    )
    assert response.status_code == 302
    decision = Assessment.objects.get(school=foxton, successor__isnull=True)
    assert (decision.category, decision.suggested_category) == (2, 3)
    assert decision.meeting == meeting
    # Foxton, then Glen Hills on the meeting's list (by name).
    assert response["Location"] == reverse(
        "categorisation:assess", args=[meeting.pk, school("Glen Hills").pk]
    )
    page = client_for("dop").get(reverse("categorisation:meeting", args=[meeting.pk]))
    assert "Override" in page.content.decode()


def test_a_stale_form_is_refused_with_who_decided(client_for, meeting, school, decide):
    foxton = school("Foxton")
    stale = Assessment.objects.get(school=foxton, successor__isnull=True).pk
    decide(foxton, 3)
    page = _post(client_for("ceo"), meeting, foxton, "decide", category=3, supersedes=stale)
    assert page.status_code == 200
    assert "While you were working, Demo Director of Primaries recorded" in page.content.decode()


def test_holding_a_meeting(client_for, cast):
    client = client_for("ceo")
    day = timezone.localdate()
    response = client.post(
        reverse("categorisation:meeting_new"),
        {"held_on": day.isoformat(), "attendees": [cast["ceo"].pk, cast["dop"].pk], "minutes": ""},
    )
    meeting = RiskMeeting.objects.get(held_on=day)
    assert response["Location"] == f"/categorisation/meetings/{meeting.pk}/"
    assert set(meeting.attendees.all()) == {cast["ceo"], cast["dop"]}


def test_a_meeting_needs_a_real_date(client_for):
    count = RiskMeeting.objects.count()
    page = client_for("ceo").post(reverse("categorisation:meeting_new"), {"held_on": "31/02/2026"})
    assert "Enter a valid date." in page.content.decode()
    page = client_for("ceo").post(reverse("categorisation:meeting_new"), {"held_on": "2099-01-05"})
    assert "no term on or after 5 January 2099" in page.content.decode()
    assert RiskMeeting.objects.count() == count


def test_a_planned_meeting_offers_no_decision_yet(client_for, cast):
    from categorisation import services

    ahead = timezone.localdate() + datetime.timedelta(days=7)
    meeting = services.hold_meeting(held_on=ahead, attendees=[], by=cast["dop"])
    page = (
        client_for("dop").get(reverse("categorisation:meeting", args=[meeting.pk])).content.decode()
    )
    assert "decisions can be recorded from that day" in page
    assert "/assess/" not in page


def test_the_overview_lists_overdue_first_with_the_capacity_ratio(client_for):
    page = client_for("ceo").get(reverse("categorisation:overview"))
    rows = page.context["rows"]
    assert rows[0].school.name == "Thythorn Field" and rows[0].due.overdue
    assert not any(row.due.overdue for row in rows[1:])
    assert "14:1" in page.content.decode()
    assert "Below target" not in page.content.decode()


def test_the_overview_warns_below_the_capacity_target(client_for, school, decide):
    for name in ("Foxton", "Thornton", "The Meadow", "Old Mill"):
        decide(school(name), 3)
    page = client_for("ceo").get(reverse("categorisation:overview")).content.decode()
    assert "11:4" not in page and "2.8:1" in page
    assert "Below target." in page


def test_the_school_page_shows_the_category_and_offer(client_for, school):
    page = (
        client_for("head")
        .get(reverse("schools:detail", args=[school("Glen Hills").pk]))
        .content.decode()
    )
    assert "Category 1" in page
    assert "Light-touch annual peer review" in page


def test_the_reminders_log_shows_what_was_sent(client_for, school):
    from schools.reminders import remind

    remind(
        key="test:1",
        topic="category_reassessment",
        recipients=["ceo@example.org"],
        subject="Due soon: Foxton",
        body="…",
        school=school("Foxton"),
    )
    page = client_for("dop").get(reverse("schools:reminders")).content.decode()
    assert "Due soon: Foxton" in page and "Waiting" in page
    assert Reminder.objects.count() == 1


def test_the_live_suggestion_reads_the_rules_table_from_the_page(client_for, meeting, school):
    """The page's script takes the highest row; the rows, names and labels it uses are the
    rule's own, given in the form's data-rule attribute."""
    import json
    import re
    from html import unescape

    from categorisation import rules

    page = client_for("dop").get(
        reverse("categorisation:assess", args=[meeting.pk, school("Foxton").pk])
    )
    text = page.content.decode()
    table = json.loads(unescape(re.search(r'data-rule="([^"]+)"', text).group(1)))
    assert [c["field"] for c in table["criteria"]] == list(rules.FIELDS)
    by_field = {c["field"]: c for c in table["criteria"]}
    assert by_field["qa_visits"]["rows"] == {"none": 1, "minor": 2, "some": 3, "significant": 4}
    assert by_field["performance"]["rows"] == {"positive": 1, "variable": 3, "declining": 3}
    assert table["ofsted"] == page.context["evidence"]["ofsted"]["value"]
    # Whatever the script computes, it is the rule's answer: the highest row of the choices.
    for combination in (
        {
            "performance": "variable",
            "qa_visits": "minor",
            "partnership": "none",
            "external": "significant",
        },
    ):
        rows = [by_field[f]["rows"][v] for f, v in combination.items()]
        rows.append(by_field["ofsted"]["rows"][table["ofsted"]])
        assert max(rows) == rules.suggest(ofsted=table["ofsted"], **combination).category
    assert 'src="/static/js/assess.js"' in text
    assert "<script>" not in text  # no inline script under the CSP
