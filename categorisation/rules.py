"""The suggestion rule: from the five criteria of the trust's table to a category.

The trust's table (School Improvement Strategy 2024-25, §5):

    category  Ofsted   historic performance    QA visits   partnership  external reports
    1         1 or 2   positive                no issues   no issues    no issues
    2         1 or 2   positive                minor       minor        minor
    3         2 or 3   variable or declining   some        some         some
    4         3 or 4   declining               significant significant  significant

The rule: each criterion points to the *lowest* row of the table its evidence fits, and the
suggestion is the *highest* of those, so the criterion of most concern drives it (a risk
judgement errs towards scrutiny; the meeting decides, and records why when it differs).

- Ofsted: grade 1 or 2 fits row 1; grade 3 fits row 3; grade 4 fits row 4, and so do two
  Requires Improvement judgements running (Business Plan 2018-19: category 4 is "Ofsted
  grade 4, or two inspections judged Requires Improvement"). A report card is read by its
  worst point, never converted into a grade: urgent improvement or safeguarding not met (a
  category of concern) fits row 4; an area that needs attention fits row 3; otherwise row 1.
  A school not yet inspected is not held back by Ofsted (row 1).
- Historic performance: positive fits row 1; variable or declining fits row 3.
- The three "issues" criteria: none, minor, some, significant fit rows 1, 2, 3, 4.
"""

from __future__ import annotations

from dataclasses import dataclass

from schools.models import LegacyGrade, OfstedInspection

from .models import Issues, OfstedEvidence, Performance

OFSTED_ROW = {
    OfstedEvidence.OUTSTANDING: 1,
    OfstedEvidence.GOOD: 1,
    OfstedEvidence.REQUIRES_IMPROVEMENT: 3,
    OfstedEvidence.RI_TWICE: 4,
    OfstedEvidence.INADEQUATE: 4,
    OfstedEvidence.RC_EXPECTED: 1,
    OfstedEvidence.RC_NEEDS_ATTENTION: 3,
    OfstedEvidence.RC_CONCERN: 4,
    OfstedEvidence.NONE: 1,
}
PERFORMANCE_ROW = {Performance.POSITIVE: 1, Performance.VARIABLE: 3, Performance.DECLINING: 3}
ISSUES_ROW = {Issues.NONE: 1, Issues.MINOR: 2, Issues.SOME: 3, Issues.SIGNIFICANT: 4}

# (field, criterion as the table names it, row lookup)
CRITERIA = (
    ("ofsted", "Ofsted", OFSTED_ROW),
    ("performance", "historic performance", PERFORMANCE_ROW),
    ("qa_visits", "QA trust visits and other intelligence", ISSUES_ROW),
    ("partnership", "partnership review", ISSUES_ROW),
    ("external", "other external reports", ISSUES_ROW),
)
FIELDS = tuple(field for field, _, _ in CRITERIA)


@dataclass(frozen=True)
class Criterion:
    field: str
    name: str
    evidence: str  # the value's label
    row: int  # the lowest row of the table the evidence fits
    drives: bool  # one of the criteria that set the suggestion


@dataclass(frozen=True)
class Suggestion:
    category: int
    criteria: tuple[Criterion, ...]

    @property
    def drivers(self) -> list[Criterion]:
        return [c for c in self.criteria if c.drives]

    @property
    def reason(self) -> str:
        drivers = " and ".join(f"{c.name} ({c.evidence.lower()})" for c in self.drivers)
        if self.category == 1:
            return "Category 1: every criterion fits the first row of the trust's table."
        return f"Category {self.category}, set by {drivers}."


def suggest(**evidence: str) -> Suggestion:
    """The category the evidence suggests. Takes one value per field in ``FIELDS``."""
    missing = [field for field in FIELDS if not evidence.get(field)]
    if missing:
        raise ValueError(f"Evidence missing for: {', '.join(missing)}")
    rows = {field: lookup[evidence[field]] for field, _, lookup in CRITERIA}
    category = max(rows.values())
    labels = {
        "ofsted": OfstedEvidence,
        "performance": Performance,
        "qa_visits": Issues,
        "partnership": Issues,
        "external": Issues,
    }
    criteria = tuple(
        Criterion(
            field=field,
            name=name,
            evidence=labels[field](evidence[field]).label,
            row=rows[field],
            drives=rows[field] == category,
        )
        for field, name, _ in CRITERIA
    )
    return Suggestion(category=category, criteria=criteria)


def ofsted_evidence(inspections) -> tuple[str, OfstedInspection | None]:
    """The Ofsted evidence from a school's inspections (newest first): (value, inspection).

    Monitoring visits without a grade are passed over: the last judgement stands.
    """
    judged = [i for i in inspections if i.is_report_card or i.overall_grade is not None]
    if not judged:
        return OfstedEvidence.NONE, None
    latest = judged[0]
    if latest.is_report_card:
        if latest.causes_concern:
            return OfstedEvidence.RC_CONCERN, latest
        needs_attention = any(value >= 4 for _, _, value in latest.area_grades())
        return (
            OfstedEvidence.RC_NEEDS_ATTENTION if needs_attention else OfstedEvidence.RC_EXPECTED
        ), latest
    grade = latest.overall_grade
    if grade == LegacyGrade.REQUIRES_IMPROVEMENT:
        earlier = [i for i in judged[1:] if not i.is_report_card]
        if earlier and earlier[0].overall_grade == LegacyGrade.REQUIRES_IMPROVEMENT:
            return OfstedEvidence.RI_TWICE, latest
        return OfstedEvidence.REQUIRES_IMPROVEMENT, latest
    return {
        LegacyGrade.OUTSTANDING: OfstedEvidence.OUTSTANDING,
        LegacyGrade.GOOD: OfstedEvidence.GOOD,
        LegacyGrade.INADEQUATE: OfstedEvidence.INADEQUATE,
    }[grade], latest


def table_for_script(ofsted: str) -> dict:
    """The rule's table for the assessment page's script (``static/js/assess.js``), which
    follows the evidence as it is chosen: the row each choice fits, the criteria's names
    and the Ofsted criterion's value (read from the inspection history, not chosen). The
    script only takes the highest row; the rows themselves come from here, so the page and
    the rule cannot disagree."""
    lookups = {field: lookup for field, _, lookup in CRITERIA}
    return {
        "criteria": [
            {
                "field": field,
                "name": name,
                "rows": {str(value): row for value, row in lookups[field].items()},
                "labels": {
                    str(value): label
                    for value, label in (
                        OfstedEvidence.choices
                        if field == "ofsted"
                        else Performance.choices
                        if field == "performance"
                        else Issues.choices
                    )
                },
            }
            for field, name, _ in CRITERIA
        ],
        "ofsted": ofsted,
    }
