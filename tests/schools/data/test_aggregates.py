"""Trust figures from the schools' data: pupil-weighted, missing schools named, and the
attendance and exclusion table of the Trust Self-Evaluation (2025) reproduced from the demo
data."""

from decimal import Decimal

import pytest

from schools.data import benchmarks, services
from schools.data.aggregates import compare, trust_figures
from schools.data.measures import RowKey
from schools.models import Collection, NationalBenchmark, School, Submission

# The Self-Evaluation, whole trust (suspensions 20.8% in 2024/25 as printed).
SELF_EVALUATION_2025 = {
    2022: {
        "overall_absence": "5",
        "disadvantaged_absence": "7.5",
        "persistent_absence": "11.3",
        "disadvantaged_persistent_absence": "23.9",
        "suspension_rate": "2.28",
        "exclusion_rate": "0.09",
    },
    2023: {
        "overall_absence": "4.7",
        "disadvantaged_absence": "7.7",
        "persistent_absence": "11.5",
        "disadvantaged_persistent_absence": "28.1",
        "suspension_rate": "3.09",
        "exclusion_rate": "0.00",
    },
    2024: {
        "overall_absence": "4.3",
        "disadvantaged_absence": "6.5",
        "persistent_absence": "8.6",
        "disadvantaged_persistent_absence": "23.6",
        "suspension_rate": "20.8",
        "exclusion_rate": "0.03",
    },
}


@pytest.mark.parametrize("year", sorted(SELF_EVALUATION_2025))
def test_the_self_evaluation_table_comes_out_of_the_demo_data(demo, year):
    collection = Collection.objects.get(term__academic_year__start_year=year, term__season=3)
    figures = trust_figures(collection, School.objects.all())
    for measure, printed in SELF_EVALUATION_2025[year].items():
        places = Decimal(1).scaleb(Decimal(printed).as_tuple().exponent)
        assert figures[measure].value.quantize(places) == Decimal(printed), measure


def _submit(collection, school, values, *, pupils):
    submission = services.submission_for(collection=collection, school=school)
    figures = {
        RowKey(measure, 0, "", "all"): (pupils if measure != "pupils_on_roll" else None, v)
        for measure, v in values.items()
    }
    services.save_figures(submission=submission, figures=figures, by=None)
    Submission.objects.filter(pk=submission.pk).update(state="submitted")


def test_percentages_are_weighted_by_pupils_and_missing_schools_named(demo, school):
    from schools.models import Term

    term = Term.objects.filter(collection__isnull=True).first()
    collection = Collection.objects.create(
        term=term, opens_on=term.starts_on, deadline=term.ends_on
    )
    big, small, silent = school("Foxton"), school("Orchard"), school("Thornton")
    _submit(collection, big, {"overall_absence": Decimal(4), "pupils_on_roll": 400}, pupils=400)
    _submit(collection, small, {"overall_absence": Decimal(7), "pupils_on_roll": 200}, pupils=200)
    draft = services.submission_for(collection=collection, school=silent)  # a draft: not counted
    services.save_figures(
        submission=draft,
        figures={RowKey("overall_absence", 0, "", "all"): (300, Decimal(50))},
        by=None,
    )
    figures = trust_figures(collection, [big, small, silent])
    assert figures["overall_absence"].value == Decimal(5)  # (4*400 + 7*200) / 600, not 5.5
    assert figures["overall_absence"].missing == ["Thornton"]
    assert figures["overall_absence"].schools == 2


@pytest.mark.parametrize(
    ("value", "national", "lower", "expected"),
    [
        (Decimal("4.3"), Decimal("5.5"), True, "better"),
        (Decimal("6.6"), Decimal("5.5"), True, "worse"),
        (Decimal("6.5"), Decimal("5.5"), True, "about"),  # within one point
        (Decimal("72"), Decimal("62"), False, "better"),
        (Decimal("61"), Decimal("62"), False, "about"),
        (None, Decimal("62"), False, ""),
    ],
)
def test_compared_with_national_by_the_self_evaluations_key(value, national, lower, expected):
    assert compare(value, national, lower_is_better=lower) == expected


def test_the_shipped_national_figures_keep_source_and_status(db):
    benchmarks.import_shipped()
    first = NationalBenchmark.objects.get(
        measure="ks2_rwm_expected", academic_year="2022/23", status="provisional"
    )
    assert first.value == 59 and "explore-education-statistics" in first.source
    current = benchmarks.current_national()[("ks2_rwm_expected", "2022/23")]
    assert (current.value, current.status) == (60, "revised")  # supersedes, both kept
    assert (
        NationalBenchmark.objects.filter(
            measure="ks2_rwm_expected", academic_year="2022/23"
        ).count()
        == 2
    )


def test_a_bad_benchmark_file_saves_nothing(db):
    from django.core.exceptions import ValidationError

    text = (
        "measure,academic_year,value_percent,status,coverage,source\n"
        "eyfs_gld,2025/26,69,provisional,all,DfE\n"
        "eyfs_gld,2025/26,abc,revised,all,DfE\n"
        "eyfs_gld,2025-26,70,final,all,DfE\n"
    )
    with pytest.raises(ValidationError) as caught:
        benchmarks.import_benchmarks(text)
    messages = " ".join(caught.value.messages)
    assert "Row 3: 'abc' is not a number." in messages
    assert "Row 4" in messages
    assert not NationalBenchmark.objects.filter(academic_year="2025/26").exists()
