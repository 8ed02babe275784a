"""The KPI report's rows against national: attendance, persistent absence, suspensions and
exclusions read the stored figures (with year, status, coverage and unit), and the exports
say what the page says."""

from decimal import Decimal

import pytest
from django.urls import reverse

from schools.models import Collection, NationalBenchmark
from symphony.portal.report import kpi_report, kpi_rows

ROWS = (
    "Attendance",
    "Persistent absence",
    "Suspensions (per 100 pupils on roll)",
    "Permanent exclusions (per 100 pupils on roll)",
)


@pytest.fixture
def collection(demo):
    return Collection.objects.select_related("term__academic_year").get(
        term__season=3, term__academic_year__start_year=2025
    )


def by_kpi(report):
    return {k["kpi"]: k for k in report["kpis"]}


def test_the_rows_are_in_the_report_with_their_targets(collection):
    rows = by_kpi(kpi_report(collection=collection))
    assert set(ROWS) <= set(rows)
    assert (
        rows["Persistent absence"]["target"] == "Lower than national (Trust Self-Evaluation 2025)"
    )
    assert (
        "at or below national"
        in rows["Permanent exclusions (per 100 pupils on roll)"]["target"].lower()
    )
    assert "well above national" in rows["Attendance"]["target"]


def test_the_demo_compares_with_the_shipped_figures_only_within_the_age_rule(collection):
    """The shipped absence and exclusion figures are for 2023/24: two years before 2025/26,
    so they are shown with their year and not judged against."""
    rows = by_kpi(kpi_report(collection=collection))
    pa = rows["Persistent absence"]
    assert pa["benchmark"].year == "2023/24" and not pa["benchmark"].usable
    assert pa["status"] == "No national figure for 2025/26 yet; latest 2023/24"
    assert rows["Attendance"]["status"].endswith(
        "against national: no national figure for 2025/26 yet; latest 2023/24"
    )


def _national(measure, year, value, unit):
    NationalBenchmark.objects.create(
        measure=measure,
        academic_year=year,
        value=Decimal(value),
        unit=unit,
        status="final",
        coverage="state-funded primary",
        source_name="DfE",
        source="DfE, a test release",
    )


def test_each_row_is_judged_against_a_figure_one_year_older(collection):
    trust = by_kpi(kpi_report(collection=collection))
    pa = trust["Persistent absence"]["value"]
    absence = (100 - trust["Attendance"]["value"]).quantize(Decimal("0.01"))
    # National persistent absence just above the trust's (met), absence just below (not met).
    _national("primary_persistent_absence", "2024/25", pa + 1, "% of pupils missing 10% or more")
    _national(
        "primary_overall_absence", "2024/25", absence - Decimal("0.5"), "% of possible sessions"
    )
    _national("suspension_rate", "2024/25", "99", "suspensions per 100 pupils")
    _national("exclusion_rate", "2024/25", "99", "permanent exclusions per 100 pupils")
    rows = by_kpi(kpi_report(collection=collection))
    latest = " (against national 2024/25, the latest published)"
    assert rows["Persistent absence"]["status"] == "Met: below national" + latest
    assert rows["Attendance"]["status"].endswith(
        "against national: not met: below national" + latest
    )
    assert rows["Attendance"]["benchmark"].value == 100 - (absence - Decimal("0.5"))
    for label in ROWS[2:]:
        row = rows[label]
        assert row["status"] in (
            "Met: below national" + latest,
            "Suppressed (c) to protect pupils' identities",
        )
        assert "per 100 pupils" in row["benchmark"].words and "final" in row["benchmark"].words


def test_the_same_years_figure_is_judged_plainly_and_the_exports_say_it(collection, client_for):
    _national("exclusion_rate", "2025/26", "99", "permanent exclusions per 100 pupils")
    _national("primary_persistent_absence", "2025/26", "0.5", "% of pupils missing 10% or more")
    report = kpi_report(collection=collection)
    rows = by_kpi(report)
    assert rows["Persistent absence"]["status"] == "Not met: above national"
    csv_rows = {r[1]: r for r in kpi_rows(report) if r[0] == "KPI"}
    pa = csv_rows["Persistent absence"]
    assert pa[4] == Decimal("0.5") and "national 2025/26; final; state-funded primary" in pa[8]
    page = client_for("trustee").get(reverse("portal:kpi_report") + f"?collection={collection.pk}")
    html = page.content.decode()
    assert "national 2025/26; final; state-funded primary; DfE" in html
    assert "Not met: above national" in html
