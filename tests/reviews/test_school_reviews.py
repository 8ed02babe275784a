"""The school-improvement model's other reviews, whole: the SIP's days per school per year
against the allowance, the SIP's report to the LGB and the governance review's to the
Board, the annual safeguarding audit and the NLE's evaluation."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from reviews import schedule
from reviews.models import IssueLevel, SchoolReview
from reviews.services.school_reviews import record_school_review, sip_days_used
from schools.calendar import Calendar

Kind = SchoolReview.Kind
AUTUMN = datetime.date(2030, 10, 1)  # a year with no demo reviews in it


def sip(school, cast, days, held_on=AUTUMN, **extra):
    return record_school_review(
        school=school,
        kind=Kind.SIP,
        held_on=held_on,
        by=cast["dop"],
        issue_level=IssueLevel.NONE,
        days=days,
        **extra,
    )


def test_sip_days_up_to_the_allowance_are_kept_and_one_more_is_refused(cast, school):
    foxton = school("Foxton")
    sip(foxton, cast, "1.5")
    sip(foxton, cast, "1.5", held_on=datetime.date(2031, 8, 31))  # 3 of 3: the last day
    assert sip_days_used(foxton, 2030) == Decimal(3)
    with pytest.raises(ValidationError) as refused:
        sip(foxton, cast, "0.5", held_on=datetime.date(2031, 3, 1))
    assert refused.value.message_dict["days"] == [
        "Foxton has used 3 of its 3 SIP days in 2030/31; this visit of 0.5 would take it to "
        "3.5. Nothing was saved."
    ]
    assert sip_days_used(foxton, 2030) == Decimal(3)
    # 1 September starts the next year's allowance.
    sip(foxton, cast, "1", held_on=datetime.date(2031, 9, 1))
    assert sip_days_used(foxton, 2031) == Decimal(1)


def test_the_allowance_is_a_setting(cast, school, settings):
    settings.SYMPHONY_SIP_DAYS_PER_YEAR = 4
    foxton = school("Foxton")
    for _ in range(4):
        sip(foxton, cast, "1")
    with pytest.raises(ValidationError, match="used 4 of its 4 SIP days"):
        sip(foxton, cast, "1")


def test_other_schools_days_do_not_count(cast, school):
    sip(school("Foxton"), cast, "3")
    assert sip(school("Thornton"), cast, "3").days == 3


def test_the_sip_reports_to_the_lgb_on_or_after_the_visit(cast, school):
    foxton = school("Foxton")
    with pytest.raises(ValidationError, match="cannot come before the review"):
        sip(foxton, cast, "1", reported_on=AUTUMN - datetime.timedelta(days=1))
    visit = sip(foxton, cast, "1", reported_on=AUTUMN)
    assert (visit.reported_on, visit.reported_to) == (AUTUMN, "the LGB")


def test_the_governance_review_reports_to_the_board_and_others_report_nowhere(cast, school):
    args = {"school": school("Foxton"), "held_on": AUTUMN, "by": cast["dop"]}
    review = record_school_review(
        kind=Kind.GOVERNANCE, issue_level=IssueLevel.MINOR, reported_on=AUTUMN, **args
    )
    assert review.reported_to == "the Board"
    with pytest.raises(ValidationError, match="Only a SIP visit"):
        record_school_review(
            kind=Kind.SAFEGUARDING_AUDIT, issue_level=IssueLevel.NONE, reported_on=AUTUMN, **args
        )


@pytest.mark.parametrize("kind", [Kind.SAFEGUARDING_AUDIT, Kind.NLE])
def test_the_safeguarding_audit_and_the_nle_evaluation_are_due_once_a_year(school, this_year, kind):
    cal = Calendar.load()
    terms = [t for t in cal.terms if t.academic_year_id == this_year.pk]
    args = {"school": school("Foxton"), "year": this_year, "calendar": cal}
    slots = schedule.slots_for(kind=kind, held=[], today=terms[0].starts_on, **args)
    assert [(s.label, s.state) for s in slots] == [("This year", "due")]
    after = terms[-1].ends_on + datetime.timedelta(days=1)
    assert [s.state for s in schedule.slots_for(kind=kind, held=[], today=after, **args)] == [
        "overdue"
    ]
    held = [terms[1].starts_on]
    assert [s.state for s in schedule.slots_for(kind=kind, held=held, today=after, **args)] == [
        "done"
    ]


def _record_sip(client, school, held_on, days):
    return client.post(
        reverse("reviews:record_school_review"),
        {
            "school": school.pk,
            "kind": "sip",
            "held_on": held_on,
            "days": days,
            "issue_level": "none",
        },
    )


def test_the_due_page_counts_sip_days_and_the_form_names_the_allowance(client_for, school):
    response = client_for("dop").get(reverse("reviews:due"))
    html = response.content.decode()
    assert "of 3 SIP days used" in html
    assert "Annual safeguarding audit" in html and "NLE evaluation" in html
    assert _record_sip(client_for("dop"), school("Foxton"), "2030-10-01", "3").status_code == 302
    again = _record_sip(client_for("dop"), school("Foxton"), "2030-11-01", "1")
    assert again.status_code == 200
    assert "Foxton has used 3 of its 3 SIP days in 2030/31" in again.content.decode()
    assert again.context["form"].errors["days"]
