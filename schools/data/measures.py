"""The measures a school submits each term, as one long table of rows.

Every row is (measure, year group, subject, group) with a value and, where the value is a
percentage of pupils, the number of pupils it is a percentage of (``pupils``: the
denominator the DfE weights by). The upload template, the entry form and the validation
all read this one list, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

PERCENT, COUNT, SCORE = "percent", "count", "score"
# PIRA / PUMA standardised scores: 100 is the national average; the tests report 69-141.
SCORE_RANGE = (69, 141)

SUBJECTS = ("reading", "writing", "maths")
GROUPS = ("all", "disadvantaged", "send", "eal", "boys", "girls")
GROUP_LABELS = {
    "all": "All pupils",
    "disadvantaged": "Disadvantaged (Pupil Premium)",
    "send": "SEND",
    "eal": "EAL",
    "boys": "Boys",
    "girls": "Girls",
}
AUTUMN, SPRING, SUMMER = 1, 2, 3
EVERY_TERM = (AUTUMN, SPRING, SUMMER)


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    kind: str  # PERCENT, COUNT or SCORE
    lower_is_better: bool = False
    by_year_group: bool = False  # one row per year group 1-6 (else year group 0: whole school)
    by_subject: bool = False
    by_group: bool = False
    terms: tuple[int, ...] = EVERY_TERM
    year_groups: tuple[int, ...] = (1, 2, 3, 4, 5, 6)
    national_key: str = ""  # the key in national_benchmarks.csv, where one exists
    neutral: bool = False  # neither more nor fewer is better (the roll): a change has no verdict


MEASURES: tuple[Measure, ...] = (
    Measure("pupils_on_roll", "Pupils on roll", COUNT, neutral=True),
    Measure(
        "overall_absence",
        "Overall absence",
        PERCENT,
        lower_is_better=True,
        national_key="primary_overall_absence",
    ),
    Measure(
        "persistent_absence",
        "Persistent absence",
        PERCENT,
        lower_is_better=True,
        national_key="primary_persistent_absence",
    ),
    Measure(
        "disadvantaged_absence",
        "Overall absence, disadvantaged pupils",
        PERCENT,
        lower_is_better=True,
    ),
    Measure(
        "disadvantaged_persistent_absence",
        "Persistent absence, disadvantaged pupils",
        PERCENT,
        lower_is_better=True,
    ),
    Measure("suspensions", "Suspensions (number)", COUNT, lower_is_better=True),
    Measure("permanent_exclusions", "Permanent exclusions (number)", COUNT, lower_is_better=True),
    Measure(
        "on_track_expected",
        "On track for age-related expectations",
        PERCENT,
        by_year_group=True,
        by_subject=True,
        by_group=True,
    ),
    Measure(
        "on_track_greater_depth",
        "On track for greater depth",
        PERCENT,
        by_year_group=True,
        by_subject=True,
        by_group=True,
    ),
    Measure("pira_average", "PIRA reading, average standardised score", SCORE, by_year_group=True),
    Measure("puma_average", "PUMA maths, average standardised score", SCORE, by_year_group=True),
    # Statutory outcomes, summer term only.
    Measure(
        "eyfs_gld",
        "EYFS good level of development",
        PERCENT,
        terms=(SUMMER,),
        national_key="eyfs_gld",
    ),
    Measure(
        "y1_phonics_expected",
        "Year 1 phonics screening check, met the standard",
        PERCENT,
        terms=(SUMMER,),
        national_key="y1_phonics_expected",
    ),
    Measure(
        "ks2_reading_expected",
        "KS2 reading, expected standard",
        PERCENT,
        terms=(SUMMER,),
        national_key="ks2_reading_expected",
    ),
    Measure(
        "ks2_writing_expected",
        "KS2 writing, expected standard",
        PERCENT,
        terms=(SUMMER,),
        national_key="ks2_writing_expected",
    ),
    Measure(
        "ks2_maths_expected",
        "KS2 maths, expected standard",
        PERCENT,
        terms=(SUMMER,),
        national_key="ks2_maths_expected",
    ),
    Measure(
        "ks2_rwm_expected",
        "KS2 reading, writing and maths combined, expected standard",
        PERCENT,
        terms=(SUMMER,),
        national_key="ks2_rwm_expected",
    ),
    Measure(
        "ks2_rwm_higher",
        "KS2 reading, writing and maths combined, higher standard",
        PERCENT,
        terms=(SUMMER,),
        national_key="ks2_rwm_higher",
    ),
)
BY_KEY = {m.key: m for m in MEASURES}

# The families the data page groups its rows by, in the order it shows them.
FAMILIES = (
    (
        "Pupils and attendance",
        (
            "pupils_on_roll",
            "overall_absence",
            "persistent_absence",
            "disadvantaged_absence",
            "disadvantaged_persistent_absence",
        ),
    ),
    ("Behaviour", ("suspensions", "permanent_exclusions")),
    ("On track by year group and subject", ("on_track_expected", "on_track_greater_depth")),
    ("PIRA and PUMA", ("pira_average", "puma_average")),
    (
        "Statutory outcomes",
        (
            "eyfs_gld",
            "y1_phonics_expected",
            "ks2_reading_expected",
            "ks2_writing_expected",
            "ks2_maths_expected",
            "ks2_rwm_expected",
            "ks2_rwm_higher",
        ),
    ),
)
FAMILY_OF = {key: name for name, keys in FAMILIES for key in keys}


def shown(measure_key: str, value) -> str:
    """A figure as people read it: a percentage with its sign, a count as a whole number, a
    score to one decimal place; a dash for none."""
    if value is None or value == "":
        return "—"
    kind = BY_KEY[measure_key].kind
    if kind == COUNT:
        return f"{value:,.0f}"
    text = f"{value:.1f}".removesuffix(".0") if kind == PERCENT else f"{value:.1f}"
    return f"{text}%" if kind == PERCENT else text


def as_typed(value) -> str:
    """A stored figure as a person would type it, for the entry form and the templates:
    262.00 is "262", 62.50 is "62.5", 100 is "100" (never "1E+2"); "" for none."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


COLUMNS = ("measure", "year_group", "subject", "group", "pupils", "value")
# The template's headings in words (an upload may head its columns either way), and the
# column that says in words what each row is, which an upload may keep or drop.
HEADINGS = {
    "measure": "Measure",
    "year_group": "Year group",
    "subject": "Subject",
    "group": "Group",
    "pupils": "Pupils",
    "value": "Value",
}
DESCRIPTION = "what_this_row_is"  # the key of its heading, "What this row is"


@dataclass(frozen=True)
class RowKey:
    measure: str
    year_group: int  # 0: the whole school
    subject: str  # "" where the measure has no subject
    group: str  # "all" where the measure has no groups

    def label(self) -> str:
        parts = [BY_KEY[self.measure].label]
        if self.year_group:
            parts.append(f"Year {self.year_group}")
        if self.subject:
            parts.append(self.subject)
        if self.group != "all":
            parts.append(GROUP_LABELS[self.group])
        return ", ".join(parts)


def year_groups_of(phase: str) -> tuple[int, ...]:
    """The year groups 1-6 a school of this phase has."""
    return {"infant": (1, 2), "junior": (3, 4, 5, 6)}.get(phase, (1, 2, 3, 4, 5, 6))


def expected_rows(*, season: int, phase: str = "primary") -> list[RowKey]:
    """Every row a school of ``phase`` submits in the term of ``season``, in template order."""
    groups_ = year_groups_of(phase)
    rows = []
    for measure in MEASURES:
        if season not in measure.terms:
            continue
        if measure.key.startswith("ks2_") and 6 not in groups_:
            continue
        if measure.key in ("eyfs_gld", "y1_phonics_expected") and 1 not in groups_:
            continue
        for year in (
            [g for g in measure.year_groups if g in groups_] if measure.by_year_group else [0]
        ):
            for subject in SUBJECTS if measure.by_subject else ("",):
                for group in GROUPS if measure.by_group else ("all",):
                    rows.append(RowKey(measure.key, year, subject, group))
    return rows


def needs_pupils(key: RowKey) -> bool:
    """A percentage is weighted by the pupils it is a percentage of: they must be given."""
    return BY_KEY[key.measure].kind == PERCENT
