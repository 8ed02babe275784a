"""The risk meeting's evidence panels (School Improvement Strategy 2024-25, §5), pinned from
data made here: each criterion's panel, what changed since the last decision, and the
trend rule at its boundaries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from categorisation.evidence import MeasureRow, performance_reading, worst
from categorisation.issues import record_issue
from categorisation.models import Issues, Performance, SchoolIssue
from reviews.models import Action, CorePlan, IssueLevel, SchoolReview
from schools.calendar import academic_start_year
from schools.models import AcademicYear, Collection, Figure, Hub, School, Submission
from tests.factories import OfstedInspectionFactory, SchoolFactory

DAY = datetime.timedelta(days=1)


def row(*gaps, label="KS2 combined", lower_is_better=False, national=Decimal(60)):
    """A measure whose school figure is ``national + gap`` in each year given."""
    sign = -1 if lower_is_better else 1
    return MeasureRow(
        label,
        lower_is_better,
        [
            {"school": national + sign * Decimal(str(g)), "national": national, "trust": None}
            for g in gaps
        ],
    )


# --- The trend rule, at its boundaries -----------------------------------------------


@pytest.mark.parametrize(
    ("gaps", "reading"),
    [
        ((2, 1, 0), Performance.POSITIVE),  # exactly national counts as at national
        ((5, 3, -0.1), Performance.DECLINING),  # just below national, fell 5.1 points
        ((5, 3, 0), Performance.POSITIVE),  # fell 5 points to exactly national: not below
        ((4, 2, -0.9), Performance.VARIABLE),  # below national, fell 4.9 points: not enough
        ((4, 2, -1), Performance.DECLINING),  # below national, fell exactly 5 points
        ((12, 8, 5), Performance.POSITIVE),  # fell 7 points but still above national
        ((-3, 1, 2), Performance.VARIABLE),  # below national in the earliest year only
    ],
)
def test_the_trend_rule_at_its_boundaries(settings, gaps, reading):
    settings.SYMPHONY_TREND_DECLINE_POINTS = 5
    settings.SYMPHONY_TREND_BELOW_POINTS = 0
    assert performance_reading([row(*gaps)]).value == reading


def test_the_trend_rule_reads_its_thresholds_from_the_settings(settings):
    settings.SYMPHONY_TREND_BELOW_POINTS = 2
    settings.SYMPHONY_TREND_DECLINE_POINTS = 3
    assert performance_reading([row(1, 0, -2)]).value == Performance.POSITIVE  # exactly 2 below
    assert performance_reading([row(1, 0, -2.1)]).value == Performance.DECLINING  # fell 3.1
    assert performance_reading([row(0, 0, -2.1)]).value == Performance.VARIABLE  # fell 2.1


def test_lower_is_better_measures_read_the_other_way(settings):
    settings.SYMPHONY_TREND_DECLINE_POINTS = 5
    settings.SYMPHONY_TREND_BELOW_POINTS = 0
    # Absence 1 point under national, then 4.5 over: worse by 5.5 points and above national.
    absence = row(1, 0, -4.5, label="Overall absence", lower_is_better=True, national=Decimal(5))
    assert performance_reading([absence]).value == Performance.DECLINING


def test_no_reading_without_a_national_figure():
    bare = MeasureRow("Persistent absence", True, [{"school": Decimal(9), "national": None}])
    reading = performance_reading([bare])
    assert reading.value is None
    assert "the meeting judges" in reading.why


def test_worst_issue_level():
    assert worst(["none", "", "some", "minor"]) == Issues.SOME
    assert worst(["", ""]) is None


def test_review_issue_levels_speak_the_categorisation_tables_words():
    assert list(IssueLevel.choices) == list(Issues.choices)


# --- The panels, from data made here ------------------------------------------------


@pytest.fixture
def fresh(cast, meeting, decide):
    """A member school beside the demo's, decided once at a meeting 30 days ago, with no
    reviews, figures or issues of its own."""
    from categorisation import services

    school = SchoolFactory(name="Evidence Primary", hub=Hub.objects.first())
    earlier = services.hold_meeting(
        held_on=timezone.localdate() - 30 * DAY, attendees=[cast["dop"]], by=cast["dop"]
    )
    decide(school, 1, at=earlier)
    return school


def page(client_for, meeting, school, role="dop"):
    return client_for(role).get(reverse("categorisation:assess", args=[meeting.pk, school.pk]))


def test_ofsted_panel_applies_the_two_ri_rule(client_for, meeting, fresh):
    OfstedInspectionFactory(school=fresh, year=2021, overall_grade=3)
    OfstedInspectionFactory(
        school=fresh, year=2024, overall_grade=3, inspected_on=datetime.date(2024, 3, 5)
    )
    response = page(client_for, meeting, fresh)
    panel = response.context["evidence"]["ofsted"]
    assert panel["two_ri"] is True
    assert panel["row"] == 4
    assert panel["inspection"].year == 2024
    text = response.content.decode()
    assert "5 March 2024" in text
    assert "<strong>applies</strong>" in text


def test_ofsted_panel_names_the_report_cards_areas_of_concern(client_for, meeting, fresh):
    OfstedInspectionFactory(school=fresh, report_card=True, achievement=4, safeguarding_met=False)
    panel = page(client_for, meeting, fresh).context["evidence"]["ofsted"]
    assert panel["concerns"] == [("Safeguarding", "Not met"), ("Achievement", "Needs attention")]
    assert panel["two_ri"] is False


def _summers():
    return list(
        Collection.objects.filter(term__season=3)
        .select_related("term__academic_year")
        .order_by("-term__starts_on")[:3]
    )[::-1]


def test_performance_panel_shows_three_summers_beside_national_and_the_trust(
    client_for, meeting, fresh
):
    summers = _summers()
    assert len(summers) == 3
    for collection, value in zip(summers, ["70", "65", "58"], strict=True):
        submission = Submission.objects.create(
            collection=collection, school=fresh, state=Submission.State.ACCEPTED
        )
        Figure.objects.create(
            submission=submission, measure="ks2_rwm_expected", value=Decimal(value), pupils=30
        )
    response = page(client_for, meeting, fresh)
    performance = response.context["evidence"]["performance"]
    ks2 = next(r for r in performance["rows"] if r.label.startswith("KS2"))
    assert [c["school"] for c in ks2.cells] == [Decimal(70), Decimal(65), Decimal(58)]
    assert all(c["national"] is not None and c["national_year"] for c in ks2.cells)
    assert all(c["trust"] is not None for c in ks2.cells)
    assert performance["years"] == [c.term.academic_year.name for c in summers]
    # 70 against ~60, then 58 against ~62: below national and fallen far: declining.
    assert performance["reading"].value == Performance.DECLINING
    assert response.context["form"].initial["performance"] == Performance.DECLINING
    assert f"national {ks2.cells[0]['national_year']};" in response.content.decode()


def test_qa_panel_lists_reviews_since_the_last_decision_with_their_issue_levels(
    client_for, cast, meeting, fresh
):
    today = timezone.localdate()
    kind = SchoolReview.Kind
    for review_kind, days_ago, level in [
        (kind.CURRICULUM, 10, IssueLevel.MINOR),
        (kind.SAFEGUARDING, 5, IssueLevel.NONE),
        (kind.SIP, 3, IssueLevel.SOME),
        (kind.SIP, 40, IssueLevel.SIGNIFICANT),  # before the last decision: not shown
        (kind.GOVERNANCE, 2, IssueLevel.SIGNIFICANT),  # not a QA visit
    ]:
        SchoolReview.objects.create(
            school=fresh,
            kind=review_kind,
            held_on=today - days_ago * DAY,
            issue_level=level,
            recorded_by=cast["dop"],
        )
    year = AcademicYear.objects.get(start_year=academic_start_year(today))
    plan = CorePlan.objects.create(school=fresh, academic_year=year)
    for rag in ("red", "red", "green"):
        Action.objects.create(
            core_plan=plan, source="monitoring", title=f"Action {rag}", rag=rag, owner="Head"
        )
    response = page(client_for, meeting, fresh)
    qa = response.context["evidence"]["qa_visits"]
    assert [(r.kind, r.issue_level) for r in qa["reviews"]] == [
        ("sip", "some"),
        ("safeguarding", "none"),
        ("curriculum", "minor"),
    ]
    assert qa["reading"] == Issues.SOME
    assert qa["rag"] == {"red": 2, "amber": 0, "green": 1, "overdue": 0}
    assert qa["scc_case"] is None
    assert response.context["form"].initial["qa_visits"] == "some"
    text = response.content.decode()
    assert "2 red" in text and "not in SCC" in text


def test_qa_panel_shows_scc_and_whether_this_terms_data_is_in(client_for, meeting, school):
    foxton = school("Foxton")  # the demo's school in Schools Causing Concern, level 2
    qa = page(client_for, meeting, foxton).context["evidence"]["qa_visits"]
    assert qa["scc_level"] == 2
    assert qa["collection"] is not None
    submission = Submission.objects.filter(collection=qa["collection"], school=foxton).first()
    expected = submission is not None and submission.state in ("submitted", "accepted")
    assert qa["submitted"] is expected


def test_partnership_panel_shows_the_latest_with_its_level(client_for, cast, meeting, fresh):
    today = timezone.localdate()
    for days_ago, level in [(200, IssueLevel.NONE), (8, IssueLevel.MINOR)]:
        SchoolReview.objects.create(
            school=fresh,
            kind=SchoolReview.Kind.PARTNERSHIP,
            held_on=today - days_ago * DAY,
            issue_level=level,
            summary=f"Found {level}",
            recorded_by=cast["dop"],
        )
    response = page(client_for, meeting, fresh)
    partnership = response.context["evidence"]["partnership"]
    assert partnership["review"].held_on == today - 8 * DAY
    assert partnership["new"] is True
    assert partnership["reading"] == "minor"
    assert "Found minor" in response.content.decode()


def test_external_panel_reads_issues_finance_and_the_lgb(client_for, cast, meeting, fresh):
    today = timezone.localdate()
    response = page(client_for, meeting, fresh)
    external = response.context["evidence"]["external"]
    assert external["issues"] == [] and external["risks"] == []
    assert external["lgb"] is None  # no LGB recorded for the new school
    assert external["reading"] == Issues.NONE  # nothing under this criterion
    record_issue(
        school=fresh,
        kind=SchoolIssue.Kind.HEAD_VACANCY,
        level="significant",
        description="Head leaves at Easter; post advertised.",
        started_on=today - 3 * DAY,
        by=cast["dop"],
    )
    response = page(client_for, meeting, fresh)
    external = response.context["evidence"]["external"]
    assert [i.kind for i in external["issues"]] == ["head_vacancy"]
    assert external["reading"] == Issues.SIGNIFICANT
    assert "Head leaves at Easter" in response.content.decode()


def test_external_panel_for_a_demo_school_with_risks_and_governance_gaps(
    client_for, meeting, school
):
    foxton = school("Foxton")
    external = page(client_for, meeting, foxton).context["evidence"]["external"]
    assert [r.title for r in external["risks"]] == ["Turnover of Year 5 and 6 teachers"]
    assert external["lgb"] is not None  # read through schools.panels, not governance
    training = external["lgb"]["training_gaps"]
    assert (f"{training} safeguarding training not in date" in external["lgb_found"]) == bool(
        training
    )
    # The demo's resolved roof leak at Foxton came after its last decision.
    assert [i.kind for i in external["resolved"]] == ["building_closure"]
    if not external["issues"]:
        # Finance's and the LGB's findings are for the meeting to weigh: no reading offered.
        assert external["reading"] is None or not (
            external["risks"] or external["off_target"] or external["lgb_gaps"]
        )


def test_last_decisions_notes_are_shown_not_copied(client_for, meeting, fresh, cast):
    from categorisation import services

    current = fresh.assessments.get()
    later = services.hold_meeting(held_on=current.assessed_on + DAY, attendees=[], by=cast["dop"])
    services.decide_category(
        school=fresh,
        meeting=later,
        evidence={
            "performance": "positive",
            "qa_visits": "none",
            "partnership": "none",
            "external": "none",
            "partnership_note": "Partnership review: strong leadership.",
        },
        category=1,
        leadership_capacity="strong",
        by=cast["dop"],
    )
    response = page(client_for, meeting, fresh)
    assert response.context["form"].initial.get("partnership_note") is None
    text = response.content.decode()
    assert "Partnership review: strong leadership." in text
    assert "At the last decision" in text


def test_a_school_not_a_member_is_not_assessed_here(client_for, meeting):
    closed = SchoolFactory(hub=Hub.objects.first(), status=School.Status.DUE_DILIGENCE)
    # Due diligence schools are assessed with the same panels.
    assert page(client_for, meeting, closed).status_code == 200
