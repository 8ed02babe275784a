import datetime

import pytest

from categorisation.rules import ofsted_evidence, suggest
from schools.models import LegacyGrade, OfstedInspection, ReportCardGrade

D = datetime.date
LEGACY, REPORT_CARD = OfstedInspection.Framework.LEGACY, OfstedInspection.Framework.REPORT_CARD
GRADED, MONITORING = OfstedInspection.Type.GRADED, OfstedInspection.Type.MONITORING
EXPECTED = ReportCardGrade.EXPECTED
CLEAR = {"performance": "positive", "qa_visits": "none", "partnership": "none", "external": "none"}


def evidence(**overrides):
    return {"ofsted": "good", **CLEAR, **overrides}


def issues(value):
    return {"qa_visits": value, "partnership": value, "external": value}


def legacy(year, grade, inspection_type=GRADED):
    return OfstedInspection(
        year=year, framework=LEGACY, inspection_type=inspection_type, overall_grade=grade
    )


def report_card(safeguarding_met=True, **areas):
    grades = {
        "inclusion": EXPECTED,
        "curriculum_and_teaching": EXPECTED,
        "achievement": EXPECTED,
        "attendance_and_behaviour": EXPECTED,
        "personal_development": EXPECTED,
        "leadership_and_governance": EXPECTED,
        **areas,
    }
    return OfstedInspection(
        year=2026,
        inspected_on=D(2026, 3, 10),
        framework=REPORT_CARD,
        inspection_type=OfstedInspection.Type.REPORT_CARD,
        safeguarding_met=safeguarding_met,
        **grades,
    )


# --- The trust's table, row by row (School Improvement Strategy 2024-25, §5) -----------


@pytest.mark.parametrize("ofsted", ["outstanding", "good"])
def test_row_1_outstanding_or_good_positive_and_no_issues_is_category_1(ofsted):
    assert suggest(ofsted=ofsted, performance="positive", **issues("none")).category == 1


@pytest.mark.parametrize("ofsted", ["outstanding", "good"])
def test_row_2_outstanding_or_good_positive_and_minor_issues_is_category_2(ofsted):
    assert suggest(ofsted=ofsted, performance="positive", **issues("minor")).category == 2


@pytest.mark.parametrize("ofsted", ["good", "requires_improvement"])
@pytest.mark.parametrize("performance", ["variable", "declining"])
def test_row_3_good_or_ri_variable_or_declining_and_some_issues_is_category_3(ofsted, performance):
    assert suggest(ofsted=ofsted, performance=performance, **issues("some")).category == 3


@pytest.mark.parametrize("ofsted", ["requires_improvement", "ri_twice", "inadequate"])
def test_row_4_ri_or_inadequate_declining_and_significant_issues_is_category_4(ofsted):
    assert suggest(ofsted=ofsted, performance="declining", **issues("significant")).category == 4


# --- Mixed evidence: the criterion of most concern drives ---------------------------


def test_significant_external_issues_alone_make_category_4():
    suggestion = suggest(**evidence(external="significant"))
    assert suggestion.category == 4
    assert [c.field for c in suggestion.drivers] == ["external"]
    assert "other external reports (significant issues)" in suggestion.reason


def test_variable_performance_alone_makes_an_outstanding_school_category_3():
    suggestion = suggest(**evidence(ofsted="outstanding", performance="variable"))
    assert suggestion.category == 3
    assert [c.field for c in suggestion.drivers] == ["performance"]
    assert suggestion.reason == "Category 3, set by historic performance (variable)."


def test_minor_issues_in_one_criterion_make_category_2():
    suggestion = suggest(**evidence(partnership="minor"))
    assert suggestion.category == 2
    assert [c.field for c in suggestion.drivers] == ["partnership"]


def test_two_criteria_tying_for_worst_both_drive_and_are_both_named():
    suggestion = suggest(**evidence(ofsted="requires_improvement", qa_visits="some"))
    assert suggestion.category == 3
    assert [c.field for c in suggestion.drivers] == ["ofsted", "qa_visits"]
    assert "Ofsted (requires improvement (grade 3))" in suggestion.reason
    assert "QA trust visits and other intelligence (some issues)" in suggestion.reason


def test_a_less_worrying_criterion_does_not_drive():
    suggestion = suggest(**evidence(performance="declining", external="significant"))
    assert suggestion.category == 4
    assert [c.field for c in suggestion.drivers] == ["external"]
    assert "historic performance" not in suggestion.reason


def test_category_1_reason_says_every_criterion_fits_the_first_row():
    suggestion = suggest(**evidence())
    assert suggestion.category == 1
    assert "every criterion fits the first row" in suggestion.reason
    assert all(c.row == 1 and c.drives for c in suggestion.criteria)


def test_criteria_come_in_the_order_of_the_table_with_their_rows():
    suggestion = suggest(
        ofsted="good",
        performance="variable",
        qa_visits="minor",
        partnership="none",
        external="some",
    )
    assert [(c.field, c.row) for c in suggestion.criteria] == [
        ("ofsted", 1),
        ("performance", 3),
        ("qa_visits", 2),
        ("partnership", 1),
        ("external", 3),
    ]
    assert suggestion.criteria[2].evidence == "Minor issues"


def test_two_requires_improvement_judgements_running_make_category_4():
    """Business Plan 2018-19: category 4 is "Ofsted grade 4, or two inspections judged Requires
    Improvement"."""
    assert suggest(**evidence(ofsted="ri_twice")).category == 4


# --- Report cards: read by their worst point ----------------------------------------


@pytest.mark.parametrize(
    ("ofsted", "category"),
    [("rc_concern", 4), ("rc_needs_attention", 3), ("rc_expected", 1)],
)
def test_report_card_evidence(ofsted, category):
    suggestion = suggest(**evidence(ofsted=ofsted))
    assert suggestion.category == category
    assert suggestion.criteria[0].row == category


def test_a_school_not_yet_inspected_is_not_held_back_by_ofsted():
    assert suggest(**evidence(ofsted="none")).category == 1
    assert suggest(**evidence(ofsted="none", qa_visits="minor")).category == 2


# --- Missing evidence ------------------------------------------------------------------


@pytest.mark.parametrize("field", ["ofsted", "performance", "qa_visits", "partnership", "external"])
def test_missing_criterion_is_refused_by_name(field):
    given = evidence()
    del given[field]
    with pytest.raises(ValueError, match=field):
        suggest(**given)


def test_blank_criterion_counts_as_missing():
    with pytest.raises(ValueError, match="Evidence missing for: performance"):
        suggest(**evidence(performance=""))


def test_every_missing_criterion_is_named():
    with pytest.raises(ValueError, match="qa_visits, partnership"):
        suggest(ofsted="good", performance="positive", external="none")


# --- Ofsted evidence from the inspection history (newest first) ------------------------


def test_latest_legacy_good_is_good():
    good = legacy(2024, LegacyGrade.GOOD)
    assert ofsted_evidence([good, legacy(2019, LegacyGrade.REQUIRES_IMPROVEMENT)]) == (
        "good",
        good,
    )


@pytest.mark.parametrize(
    ("grade", "value"),
    [(LegacyGrade.OUTSTANDING, "outstanding"), (LegacyGrade.INADEQUATE, "inadequate")],
)
def test_latest_legacy_grade_is_read_as_it_stands(grade, value):
    latest = legacy(2023, grade)
    assert ofsted_evidence([latest]) == (value, latest)


def test_requires_improvement_after_an_earlier_one_is_ri_twice():
    latest = legacy(2023, LegacyGrade.REQUIRES_IMPROVEMENT)
    history = [latest, legacy(2020, LegacyGrade.REQUIRES_IMPROVEMENT)]
    assert ofsted_evidence(history) == ("ri_twice", latest)


def test_requires_improvement_after_good_is_requires_improvement():
    latest = legacy(2023, LegacyGrade.REQUIRES_IMPROVEMENT)
    history = [
        latest,
        legacy(2019, LegacyGrade.GOOD),
        legacy(2015, LegacyGrade.REQUIRES_IMPROVEMENT),
    ]
    assert ofsted_evidence(history) == ("requires_improvement", latest)


def test_a_single_requires_improvement_is_requires_improvement():
    latest = legacy(2023, LegacyGrade.REQUIRES_IMPROVEMENT)
    assert ofsted_evidence([latest]) == ("requires_improvement", latest)


def test_a_monitoring_inspection_without_a_grade_is_passed_over():
    ri = legacy(2022, LegacyGrade.REQUIRES_IMPROVEMENT)
    monitoring = legacy(2023, None, inspection_type=MONITORING)
    assert ofsted_evidence([monitoring, ri, legacy(2018, LegacyGrade.GOOD)]) == (
        "requires_improvement",
        ri,
    )


def test_a_monitoring_inspection_between_two_ris_does_not_break_the_run():
    latest = legacy(2023, LegacyGrade.REQUIRES_IMPROVEMENT)
    history = [
        legacy(2024, None, inspection_type=MONITORING),
        latest,
        legacy(2021, None, inspection_type=MONITORING),
        legacy(2020, LegacyGrade.REQUIRES_IMPROVEMENT),
    ]
    assert ofsted_evidence(history) == ("ri_twice", latest)


def test_report_card_with_an_area_at_urgent_improvement_is_a_concern():
    card = report_card(achievement=ReportCardGrade.URGENT_IMPROVEMENT)
    assert ofsted_evidence([card, legacy(2021, LegacyGrade.GOOD)]) == ("rc_concern", card)


def test_report_card_with_early_years_at_urgent_improvement_is_a_concern():
    card = report_card(early_years=ReportCardGrade.URGENT_IMPROVEMENT)
    assert ofsted_evidence([card]) == ("rc_concern", card)


def test_report_card_with_safeguarding_not_met_is_a_concern():
    card = report_card(safeguarding_met=False, inclusion=ReportCardGrade.EXCEPTIONAL)
    assert ofsted_evidence([card]) == ("rc_concern", card)


def test_report_card_with_an_area_needing_attention():
    card = report_card(leadership_and_governance=ReportCardGrade.NEEDS_ATTENTION)
    assert ofsted_evidence([card]) == ("rc_needs_attention", card)


def test_report_card_with_every_area_expected_or_better():
    card = report_card(
        inclusion=ReportCardGrade.EXCEPTIONAL,
        achievement=ReportCardGrade.STRONG,
        early_years=ReportCardGrade.STRONG,
    )
    assert ofsted_evidence([card, legacy(2019, LegacyGrade.INADEQUATE)]) == ("rc_expected", card)


def test_no_inspections_is_none():
    assert ofsted_evidence([]) == ("none", None)


def test_only_ungraded_monitoring_is_none():
    assert ofsted_evidence([legacy(2023, None, inspection_type=MONITORING)]) == ("none", None)


def test_saved_history_read_newest_first(school):
    fairfield = school("Fairfield")  # the demo's Good 2021
    first = fairfield.inspections.create(
        year=2023, framework=LEGACY, inspection_type=GRADED, overall_grade=3
    )
    fairfield.inspections.create(year=2024, framework=LEGACY, inspection_type=MONITORING)
    assert ofsted_evidence(fairfield.inspections.all()) == ("requires_improvement", first)
    second = fairfield.inspections.create(
        year=2025,
        inspected_on=D(2025, 6, 4),
        framework=LEGACY,
        inspection_type=GRADED,
        overall_grade=3,
    )
    assert ofsted_evidence(fairfield.inspections.all()) == ("ri_twice", second)


def test_saved_report_card_is_read_by_its_worst_point(school):
    fairfield = school("Fairfield")
    card = report_card(achievement=ReportCardGrade.NEEDS_ATTENTION)
    card.school = fairfield
    card.full_clean()
    card.save()
    assert ofsted_evidence(fairfield.inspections.all()) == ("rc_needs_attention", card)
