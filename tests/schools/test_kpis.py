"""The one KPI registry: adding a KPI is one declaration, and every place that shows KPIs
reads it (the recipe in docs/architecture.md)."""

import pytest
from django.urls import reverse

from schools import kpis
from schools.data.trends import school_trends
from symphony.portal.dashboard import dashboard_measures

EYFS = kpis.Kpi(
    "eyfs_gld",
    short_label="EYFS GLD",
    period=kpis.SUMMER,
    target="Above national",
    appears=frozenset({kpis.DASHBOARD, kpis.TRENDS, kpis.REPORT}),
)


@pytest.fixture
def eyfs_declared(monkeypatch):
    """Declare one more KPI, as an app's ``ready`` would; undone after the test."""
    monkeypatch.setitem(kpis._REGISTRY, EYFS.key, EYFS)


def test_a_new_kpi_reaches_the_dashboard(eyfs_declared, client_for):
    assert ("eyfs_gld", "EYFS GLD", "summer") in dashboard_measures()
    page = client_for("ceo").get(reverse("home"))
    assert "EYFS GLD" in page.content.decode()
    row = page.context["rows"][0]
    assert len(row.cells) == len(dashboard_measures())


def test_a_new_kpi_reaches_the_school_pages_trend_charts(eyfs_declared, school):
    charts = {c["measure"]: c for c in school_trends(school("Glen Hills"))}
    assert charts["eyfs_gld"]["label"] == "EYFS good level of development"  # the measure's


def test_a_new_kpi_reaches_the_kpi_report_and_its_exports(eyfs_declared, client_for):
    client = client_for("trustee")
    page = client.get(reverse("portal:kpi_report"))
    row = next(k for k in page.context["kpis"] if k["kpi"] == "EYFS good level of development")
    assert row["target"] == "Above national"
    assert row["status"].startswith(("Met", "Not met", "No national figure"))
    csv = client.get(reverse("portal:kpi_report_download", args=["csv"]))
    assert "EYFS good level of development" in csv.content.decode("utf-8-sig")


def test_without_the_declaration_it_appears_nowhere(client_for, school):
    assert "eyfs_gld" not in {m for m, _, _ in dashboard_measures()}
    assert "eyfs_gld" not in {c["measure"] for c in school_trends(school("Glen Hills"))}
    page = client_for("trustee").get(reverse("portal:kpi_report"))
    assert "EYFS good level" not in page.content.decode()


def test_finance_declares_its_kpis_in_the_same_registry():
    keys = [kpi.key for kpi in kpis.where(kpis.FINANCE)]
    assert keys == ["surplus_pct", "staff_pct", "reserves_pct", "cash_days", "variance_pct"]
    assert [k.key for k in kpis.where(kpis.REPORT) if kpis.FINANCE in k.appears] == keys[:4]


def test_the_rates_and_what_they_hide_come_from_the_declarations():
    from schools.data.aggregates import RATE_LABELS, RATES
    from schools.data.suppression import RATE_OF, SENSITIVE

    assert RATES == {"suspensions": "suspension_rate", "permanent_exclusions": "exclusion_rate"}
    assert {v: k for k, v in RATES.items()} == RATE_OF
    assert set(SENSITIVE) == set(RATES)
    assert RATE_LABELS["exclusion_rate"] == "Permanent exclusions (per 100 pupils on roll)"
