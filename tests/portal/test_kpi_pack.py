"""The trustees' termly KPI pack: each KPI over the last three academic years with national
for each, a red / amber / green status said in words, "above national in every school in
the trust for at least eighteen months" judged school by school, governance and the
significant risks with this term against the last, the self-evaluation's year, and the CSV
and XLSX carrying the page's rows."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools import kpis
from schools.calendar import months_after
from schools.data.selectors import latest_summer
from schools.models import AcademicYear, Collection, Figure, Hub, School, TrustJudgement
from symphony.portal import report
from tests.conftest import ROLES
from tests.factories import SchoolFactory
from tests.security.test_role_matrix import TRUST_WIDE

RESULTS_ON = datetime.date(2026, 7, 22)  # the end of a summer term


def current():
    return Collection.objects.select_related("term__academic_year").order_by("-term__starts_on")[0]


def ks2_row(built):
    return next(k for k in built["kpis"] if k["key"] == "ks2_rwm_expected")


def set_ks2(school, summer, value):
    updated = Figure.objects.filter(
        submission__collection=summer,
        submission__school=school,
        measure="ks2_rwm_expected",
        year_group=0,
        group="all",
    ).update(value=value)
    assert updated == 1


# The eighteen-month rule (Business Plan 2018-19), at its boundaries.


@pytest.mark.parametrize(("months_before", "counts"), [(17, False), (18, True), (19, True)])
def test_a_school_counts_from_eighteen_months_in_the_trust(months_before, counts):
    joined = months_after(RESULTS_ON, -months_before)
    school = School(name="x", status=School.Status.MEMBER, joined_on=joined)
    assert report.in_trust_long_enough(school, RESULTS_ON) is counts


def test_eighteen_months_exactly_is_the_same_day_of_the_month():
    school = School(name="x", status=School.Status.MEMBER)
    school.joined_on = datetime.date(2025, 1, 22)
    assert report.in_trust_long_enough(school, RESULTS_ON)
    school.joined_on = datetime.date(2025, 1, 23)  # a day short
    assert not report.in_trust_long_enough(school, RESULTS_ON)


def test_a_school_in_due_diligence_never_counts_and_an_unrecorded_member_does():
    assert not report.in_trust_long_enough(
        School(name="x", status=School.Status.DUE_DILIGENCE, joined_on=None), RESULTS_ON
    )
    assert report.in_trust_long_enough(
        School(name="x", status=School.Status.MEMBER, joined_on=None), RESULTS_ON
    )


def test_the_rule_follows_its_setting(settings):
    settings.SYMPHONY_EVERY_SCHOOL_MONTHS = 12
    school = School(name="x", status=School.Status.MEMBER, joined_on=datetime.date(2025, 7, 22))
    assert report.in_trust_long_enough(school, RESULTS_ON)


# Every school, not the trust average.


def test_every_school_above_national_is_met_in_the_demo(demo):
    row = ks2_row(report.kpi_report(collection=current()))
    assert row["rag"] == kpis.GREEN
    assert row["status"].startswith("Met: every school in the trust 18 months or more")
    assert sorted(s["name"] for s in row["schools"]["left_out"]) == [
        "Hugglescote",
        "The Hall",
        "Thythorn Field",
    ]


def test_one_school_below_national_is_not_met_though_the_trust_is_above(school):
    summer = latest_summer(current())
    set_ks2(school("Glen Hills"), summer, Decimal("50"))
    row = ks2_row(report.kpi_report(collection=current()))
    assert row["value"] > row["national"]  # the trust average is still above national
    assert row["rag"] == kpis.RED
    assert row["status"] == "Not met: 1 school not above national (Glen Hills)"
    assert [b["name"] for b in row["schools"]["below"]] == ["Glen Hills"]


@pytest.mark.parametrize(
    ("offset", "rag"),
    [("0.1", kpis.GREEN), ("0", kpis.AMBER), ("-1", kpis.AMBER), ("-1.01", kpis.RED)],
)
def test_one_school_at_the_margin(school, offset, rag):
    collection = current()
    summer = latest_summer(collection)
    national = ks2_row(report.kpi_report(collection=collection))["national"]
    set_ks2(school("Glen Hills"), summer, national + Decimal(offset))
    row = ks2_row(report.kpi_report(collection=collection))
    assert row["rag"] == rag
    assert row["status"].startswith("Met" if rag == kpis.GREEN else "Not met")


def test_a_school_new_to_the_trust_is_left_out_and_said_so(client_for, school):
    summer = latest_summer(current())
    the_hall = school("The Hall")
    set_ks2(the_hall, summer, Decimal("40"))
    page = client_for("trustee").get(reverse("portal:kpi_report"))
    assert ks2_row(page.context)["rag"] == kpis.GREEN
    text = page.content.decode()
    assert "Not yet counted, in the trust under 18 months" in text
    assert "The Hall (joined 1 September 2025; counts from 1 March 2027)" in text
    # Once it has been in the trust eighteen months by the results, it counts.
    the_hall.joined_on = months_after(summer.term.ends_on, -18)
    the_hall.save()
    row = ks2_row(report.kpi_report(collection=current()))
    assert row["status"] == "Not met: 1 school not above national (The Hall)"


# Red / amber / green, at the margin (SYMPHONY_KPI_AMBER_POINTS, 1 by default).


@pytest.mark.parametrize(
    ("value", "lower", "rag"),
    [
        ("62.1", False, kpis.GREEN),
        ("62", False, kpis.AMBER),
        ("61", False, kpis.AMBER),
        ("60.99", False, kpis.RED),
        ("61.9", True, kpis.GREEN),
        ("63", True, kpis.AMBER),
        ("63.01", True, kpis.RED),
    ],
)
def test_rag_against_national(value, lower, rag):
    assert kpis.rag_versus_national(Decimal(value), Decimal(62), lower_is_better=lower) == rag


def test_the_amber_margin_is_a_setting(settings):
    settings.SYMPHONY_KPI_AMBER_POINTS = 2
    assert kpis.rag_versus_national(Decimal(60), Decimal(62)) == kpis.AMBER
    assert kpis.rag_versus_national(Decimal("59.99"), Decimal(62)) == kpis.RED
    rag, words = kpis.judge(kpis.get("ks2_rwm_higher"), None, Decimal(61), Decimal(62))
    assert (rag, words) == (kpis.AMBER, "Not met: below national, within 2 points of it")


def test_no_status_without_a_figure_or_a_national_one():
    assert kpis.rag_versus_national(None, Decimal(62)) == ""
    assert kpis.rag_versus_national(Decimal(62), None) == ""


@pytest.mark.parametrize(
    ("attendance", "rag"),
    [("97", kpis.GREEN), ("96.99", kpis.AMBER), ("96", kpis.AMBER), ("95.99", kpis.RED)],
)
def test_attendance_rag_at_its_baseline_and_aspiration(attendance, rag):
    assert kpis.get("attendance").status_rag(None, Decimal(attendance)) == rag


def test_every_status_is_said_in_words_on_the_page(client_for):
    page = client_for("trustee").get(reverse("portal:kpi_report"))
    text = page.content.decode()
    for k in page.context["kpis"]:
        for y in k["years"]:
            assert y["rag_label"] in ("Green", "Amber", "Red", "No status")
            assert f'<span class="rag rag-{y["rag"] or "none"}">{y["rag_label"]}</span>' in text


# Three years, national for each.


def test_each_kpi_has_the_last_three_years_with_national_for_each(demo):
    from schools.data.benchmarks import comparison, current_national

    collection = current()
    built = report.kpi_report(collection=collection)
    ks2 = ks2_row(built)
    assert [y["label"] for y in ks2["years"]] == ["2023/24", "2024/25", "2025/26"]
    national = current_national()
    summers = {
        c.term.academic_year.name: c
        for c in Collection.objects.filter(term__season=3).select_related("term__academic_year")
    }
    for y in ks2["years"]:
        expected = comparison(national, "ks2_rwm_expected", summers[y["label"]])
        assert y["national"] == expected.value
        assert y["benchmark"].year == expected.year
    # The Self-Evaluation's trust figures for those summers (schools/data/demo.py).
    assert [round(y["value"]) for y in ks2["years"][:2]] == [69, 72]
    attendance = next(k for k in built["kpis"] if k["key"] == "attendance")
    start = collection.term.academic_year.start_year
    names = [f"{y}/{(y + 1) % 100:02d}" for y in range(start - 2, start + 1)]
    assert [y["label"] for y in attendance["years"]] == names
    assert attendance["years"][-1]["when"] == str(collection.term)  # this year, to date
    assert attendance["value"] == attendance["years"][-1]["value"]


def test_the_page_charts_each_kpi_with_its_figures_in_words(client_for):
    page = client_for("trustee").get(reverse("portal:kpi_report"))
    text = page.content.decode()
    ks2 = ks2_row(page.context)
    assert ks2["chart"] is not None
    assert (
        'aria-label="KS2 reading, writing and maths combined, expected standard: '
        "2023/24 trust 69.0, national 61.0;" in text
    )
    assert text.count('class="trend-chart') == sum(1 for k in page.context["kpis"] if k["chart"])


def test_the_pdf_has_the_trend_the_charts_and_the_new_sections(client_for):
    from pypdf import PdfReader

    response = client_for("trustee").get(reverse("portal:kpi_report_download", args=["pdf"]))
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages]
    text = " ".join(" ".join(pages).split())
    for words in (
        "Three years",
        "2023/24",
        "Governance: the boards",
        "Significant risks",
        "Turnover of Year 5 and 6 teachers",
        "The trust's latest self-evaluation is of 2024/25",
        "Not yet counted",
    ):
        assert words in text
    headings = [
        "Three years",
        "Governance: the boards",
        "Significant risks",
        "Schools: category and Schools Causing Concern",
        "Finance and estates",
    ]
    headings += [k["kpi"] for k in report.kpi_report(collection=current())["kpis"]]
    for page_text in pages:
        body = [line.strip() for line in page_text.splitlines() if line.strip()]
        body = [line for line in body if not line.startswith("Page ")]
        assert not any(body[-1].startswith(h) for h in headings), f"stranded: {body[-1]}"


# Governance and risks, this term against the last.


def test_governance_counts_this_term_against_the_last(demo):
    from governance.models import Appointment

    built = report.kpi_report(collection=current())
    vacancies = built["governance"][0]
    before = vacancies["now"]
    appointment = (
        Appointment.objects.filter(ends_on__isnull=True, body__target_size__isnull=False)
        .order_by("pk")
        .first()
    )
    appointment.ends_on = built["as_at"] - datetime.timedelta(days=1)
    appointment.save()
    after = report.kpi_report(collection=current())["governance"][0]
    assert after["now"] == before + 1
    assert after["then"] == vacancies["then"]
    assert after["trend"].endswith(": worse") or after["then"] is None


def test_a_significant_risk_raised_this_term_is_new_and_one_closed_is_gone(demo):
    from finance.models import Risk

    built = report.kpi_report(collection=current())
    risks = built["risks"]
    assert [r.title for r in risks.risks] == ["Turnover of Year 5 and 6 teachers"]
    assert (risks.count_before, risks.raised_since, risks.closed_since) == (0, 1, 0)
    assert built["risk_trend"] == "Up 1 on last term (0): worse"
    risk = Risk.objects.get(title="Turnover of Year 5 and 6 teachers")
    risk.raised_on, risk.closed_on = None, built["as_at"]  # closed on the day: gone
    risk.save()
    risks = report.kpi_report(collection=current())["risks"]
    assert (len(risks.risks), risks.count_before, risks.closed_since) == (0, 1, 1)


@pytest.mark.parametrize(
    ("raised", "closed", "open_"),
    [(0, None, True), (1, None, False), (None, 0, False), (None, 1, True), (-1, 1, True)],
)
def test_a_risk_is_open_from_the_day_raised_until_the_day_closed(raised, closed, open_):
    from finance.models import Risk
    from finance.selectors import open_on

    day = datetime.date(2026, 12, 1)
    risk = Risk(
        raised_on=None if raised is None else day + datetime.timedelta(days=raised),
        closed_on=None if closed is None else day + datetime.timedelta(days=closed),
    )
    assert open_on(risk, day) is open_


# The self-evaluation says its year.


def test_the_self_evaluation_is_the_latest_and_says_its_year(client_for):
    page = client_for("trustee").get(reverse("portal:kpi_report"))
    text = page.content.decode()
    assert "Self-evaluation, 2024/25" in text
    assert "none is recorded yet for 2026/27, the year of this report" in text
    year = AcademicYear.objects.get(start_year=2025)
    TrustJudgement.objects.create(academic_year=year, area="Overall outcomes for pupils", score=8)
    page = client_for("trustee").get(reverse("portal:kpi_report"))
    assert [j.academic_year.name for j in page.context["judgements"]] == ["2025/26"]
    assert "The trust's latest self-evaluation is of 2025/26" in page.content.decode()


# The exports carry the page's rows.


def rows_of(client, fmt):
    response = client.get(reverse("portal:kpi_report_download", args=[fmt]))
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_the_exports_carry_the_trend_the_schools_below_governance_and_risks(client_for, school):
    set_ks2(school("Glen Hills"), latest_summer(current()), Decimal("50"))
    client = client_for("trustee")
    page = client.get(reverse("portal:kpi_report")).context
    csv_rows = rows_of(client, "csv")
    cells = rows_of(client, "xlsx")
    assert len(csv_rows) == len(cells)
    trend = [r for r in cells if r[0] == "KPI trend"]
    assert len(trend) == sum(len(k["years"]) for k in page["kpis"])
    for k in page["kpis"]:
        mine = [r for r in trend if r[1] == k["kpi"]]
        assert [r[6] for r in mine] == [y["label"] for y in k["years"]]
        for r, y in zip(mine, k["years"], strict=True):
            assert (r[5], r[7]) == (y["status"], y["rag_label"])
            if y["value"] is None:
                assert r[3] is None
            elif getattr(y["value"], "suppressed", False):
                assert r[3] == "c"
            else:
                assert isinstance(r[3], float) and round(r[3], 6) == round(float(y["value"]), 6)
    below = [r for r in cells if r[0] == "Below national"]
    assert [(r[1], r[3], r[6]) for r in below] == [("Glen Hills", 50.0, "2025/26")]
    left_out = {r[1] for r in cells if r[0] == "Not yet counted"}
    assert left_out == {"The Hall", "Hugglescote", "Thythorn Field"}
    governance = [r for r in cells if r[0] == "Governance"]
    assert [r[3] for r in governance[::2]] == [g["now"] for g in page["governance"]]
    assert all(isinstance(r[3], int) for r in governance[::2])
    risks = [r for r in cells if r[0] == "Significant risk"]
    assert [(r[1], r[2], r[3]) for r in risks] == [
        (r.title, str(r.register.school or "The trust"), r.residual_score)
        for r in page["risks"].risks
    ]
    assert [r[1] for r in csv_rows] == [
        "" if c[1] is None else str(c[1]) for c in cells
    ]  # the same rows in the same order


# Who reads it, and what it costs.


@pytest.mark.parametrize("role", ROLES)
def test_the_pack_is_for_the_trust_wide_readers(client_for, role):
    response = client_for(role).get(reverse("portal:kpi_report"))
    if role in TRUST_WIDE:
        assert response.status_code == 200
        text = response.content.decode()
        assert "Governance: the boards" in text and "Significant risks" in text
    elif role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("fmt", ["page", "csv", "pdf"])
def test_the_pack_costs_the_same_with_more_schools(client_for, django_assert_max_num_queries, fmt):
    client = client_for("trustee")
    url = (
        reverse("portal:kpi_report")
        if fmt == "page"
        else reverse("portal:kpi_report_download", args=[fmt])
    )
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(url).status_code == 200
    hub = Hub.objects.first()
    for i in range(30):
        SchoolFactory(name=f"Extra {i}", hub=hub)
    with django_assert_max_num_queries(len(with_15)):
        client.get(url)


def test_rates_are_written_per_100_pupils_not_as_percentages():
    from django.template.loader import render_to_string

    def shown(value, unit):
        return render_to_string(
            "portal/includes/kpi_figure.html", {"value": Decimal(value), "unit": unit}
        ).strip()

    assert kpis.get("suspension_rate").unit == " per 100 pupils"
    assert shown("0.213", " per 100 pupils") == "0.21 per 100 pupils"
    assert shown("95.84", "%") == "95.8%"
    assert shown("47.4", " days") == "47 days"
