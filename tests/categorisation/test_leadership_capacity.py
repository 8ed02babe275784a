"""Leadership capacity, recorded (School Improvement Strategy 2024-25, §5: the category is
"directly related to the school's leadership capacity to ensure progress"): every new
decision carries the meeting's judgement of it, with a note, shown in the history and on
the school page, and written to the audit trail with the decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from categorisation import services
from categorisation.models import Assessment, LeadershipCapacity
from schools.models import AuditEvent
from tests import notices

from .conftest import ROW


def _decide(school, meeting, by, **kwargs):
    return services.decide_category(
        school=school, meeting=meeting, evidence=ROW[3], category=3, by=by, **kwargs
    )


@pytest.mark.parametrize("missing", ["", None])
def test_a_decision_without_leadership_capacity_is_refused_and_saves_nothing(
    cast, meeting, school, missing
):
    count = Assessment.objects.count()
    with pytest.raises(ValidationError) as refused:
        _decide(school("Foxton"), meeting, cast["dop"], leadership_capacity=missing)
    assert refused.value.message_dict["leadership_capacity"] == [
        "Record the meeting's judgement of the school's leadership capacity to ensure progress."
    ]
    assert Assessment.objects.count() == count


def test_a_value_outside_the_trusts_words_is_refused(cast, meeting, school):
    count = Assessment.objects.count()
    with pytest.raises(ValidationError) as refused:
        _decide(school("Foxton"), meeting, cast["dop"], leadership_capacity="adequate")
    assert "leadership_capacity" in refused.value.message_dict
    assert Assessment.objects.count() == count


def test_a_note_longer_than_500_characters_is_refused(cast, meeting, school):
    with pytest.raises(ValidationError) as refused:
        _decide(
            school("Foxton"),
            meeting,
            cast["dop"],
            leadership_capacity="limited",
            leadership_capacity_note="x" * 501,
        )
    assert "leadership_capacity_note" in refused.value.message_dict


@pytest.mark.parametrize("value", [c.value for c in LeadershipCapacity])
def test_each_judgement_is_stored_with_its_note(cast, meeting, school, value):
    decision = _decide(
        school("Foxton"),
        meeting,
        cast["dop"],
        leadership_capacity=value,
        leadership_capacity_note="  New English lead; head coached by an executive head.  ",
    )
    decision.refresh_from_db()
    assert decision.leadership_capacity == value
    assert decision.leadership_capacity_note == (
        "New English lead; head coached by an executive head."
    )
    assert decision.leadership_capacity_word == value.capitalize()


def test_the_audit_trail_records_the_judgement_with_the_decision(cast, meeting, school):
    decision = _decide(school("Foxton"), meeting, cast["dop"], leadership_capacity="limited")
    event = AuditEvent.objects.filter(action=AuditEvent.Action.CATEGORY_DECISION).latest("pk")
    assert event.school == decision.school
    assert event.detail == "Category 3 (suggested 3); leadership capacity limited"


def test_the_history_and_the_school_page_show_it(client_for, cast, meeting, school):
    foxton = school("Foxton")
    _decide(
        foxton,
        meeting,
        cast["dop"],
        leadership_capacity="limited",
        leadership_capacity_note="Middle leadership of English is new.",
    )
    history = client_for("ceo").get(reverse("categorisation:school", args=[foxton.pk]))
    text = history.content.decode()
    assert "Leadership capacity to ensure progress: <strong>Limited</strong>" in text
    assert "needs the trust&#x27;s support to ensure progress" in text
    assert "Middle leadership of English is new." in text
    page = client_for("ceo").get(reverse("schools:detail", args=[foxton.pk])).content.decode()
    assert 'id="leadership-capacity"' in page
    assert "<strong>Limited</strong>. Middle leadership of English is new." in page


def test_a_decision_from_before_it_was_asked_says_not_recorded(client_for, school):
    foxton = school("Foxton")
    Assessment.objects.filter(school=foxton).update(leadership_capacity="")
    history = client_for("ceo").get(reverse("categorisation:school", args=[foxton.pk]))
    assert "not recorded (decided before the portal asked for it)" in history.content.decode()
    page = client_for("ceo").get(reverse("schools:detail", args=[foxton.pk])).content.decode()
    assert "not recorded" in page


def test_the_heads_notice_names_the_judgement(cast, meeting, school):
    glen_hills = school("Glen Hills")
    notices.clear()
    _decide(glen_hills, meeting, cast["dop"], leadership_capacity="sufficient")
    notices.deliver()
    body = notices.messages_to(cast["head"])[0].body
    assert "Leadership capacity to ensure progress: Sufficient." in body


# --- The assessment page -----------------------------------------------------------------


def _post(client, meeting, school, **data):
    current = Assessment.objects.filter(school=school, successor__isnull=True).first()
    payload = {**ROW[3], "category": "3", "supersedes": current.pk, "action": "decide"}
    payload.update(data)
    return client.post(reverse("categorisation:assess", args=[meeting.pk, school.pk]), payload)


def test_deciding_without_it_names_the_field_and_saves_nothing(client_for, meeting, school):
    count = Assessment.objects.count()
    page = _post(client_for("dop"), meeting, school("Foxton"))
    assert page.status_code == 200
    assert page.context["form"].errors["leadership_capacity"] == [
        "Record the meeting's judgement of the school's leadership capacity to ensure progress."
    ]
    assert Assessment.objects.count() == count


def test_asking_for_the_suggestion_does_not_need_it(client_for, meeting, school):
    page = _post(client_for("dop"), meeting, school("Foxton"), action="suggest")
    assert page.status_code == 200
    assert "leadership_capacity" not in page.context["form"].errors
    assert page.context["suggestion"].category == 3


def test_the_page_records_it_and_never_starts_from_the_last_judgement(client_for, meeting, school):
    foxton = school("Foxton")
    form = client_for("dop").get(reverse("categorisation:assess", args=[meeting.pk, foxton.pk]))
    assert "leadership_capacity" not in form.context["form"].initial
    response = _post(
        client_for("dop"),
        meeting,
        foxton,
        leadership_capacity="insufficient",
        leadership_capacity_note="Head on long-term absence.",
    )
    assert response.status_code == 302
    decision = Assessment.objects.get(school=foxton, successor__isnull=True)
    assert (decision.leadership_capacity, decision.leadership_capacity_note) == (
        "insufficient",
        "Head on long-term absence.",
    )


def test_the_demo_decisions_carry_leadership_capacity(demo):
    assert Assessment.objects.exists()
    assert not Assessment.objects.filter(leadership_capacity="").exists()
    thornton = Assessment.objects.filter(school__name="Thornton", rationale__gt="").first()
    assert thornton.leadership_capacity == "sufficient"
