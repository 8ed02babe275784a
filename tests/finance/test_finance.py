"""Finance: KPIs and their RAG at the boundaries, the monthly import (strict, nothing saved
on any error), risk registers reviewed each term and reminded, the link into the
categorisation evidence, and access per role."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from finance import kpis, services
from finance.models import Heading, MonthlyFigure, RiskRegister, RiskReview
from schools.models import School
from symphony.uploads import UploadRejected
from tests.conftest import ROLES

D = Decimal


@pytest.mark.parametrize(
    ("value", "rag"),
    [
        (D("1.0"), "green"),
        (D("0.95"), "green"),  # shown as 1.0%: judged as shown
        (D("0.94"), "amber"),  # shown as 0.9%
        (D("0.0"), "amber"),
        (D("-0.05"), "red"),  # shown as -0.1%
        (D("-0.04"), "amber"),  # shown as 0.0%
        (None, ""),
    ],
)
def test_surplus_rag_against_the_1_percent_target(value, rag):
    assert kpis.rag_surplus(value, D(1)) == rag


@pytest.mark.parametrize(
    ("value", "rag"),
    [(D(80), "green"), (D("80.5"), "amber"), (D(82), "amber"), (D("82.1"), "red")],
)
def test_staff_cost_rag_against_the_years_target(value, rag):
    assert kpis.rag_staff(value, D(80)) == rag


def test_kpis_from_budget_and_outturn():
    k = kpis.Kpis("x", None)
    k.budget = {
        Heading.GRANT_INCOME: D(1000),
        Heading.TEACHING_STAFF: D(600),
        Heading.PREMISES: D(300),
    }
    k.outturn = {
        Heading.GRANT_INCOME: D(1000),
        Heading.TEACHING_STAFF: D(630),
        Heading.PREMISES: D(330),
    }
    assert k.surplus == D(40) and k.surplus_pct == D(4)
    assert k.staff_pct.quantize(D("0.1")) == D("65.6")
    assert k.variance_pct.quantize(D("0.1")) == D("6.7")


def test_the_top_slice_cancels_out_across_the_trust(school):
    from schools.calendar import academic_start_year
    from schools.models import AcademicYear, School

    year = AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))
    rows, total = kpis.kpis_for(list(School.objects.filter(status="member")), year)
    central = rows[-1]
    paid = sum(r.central_charge for r in rows[:-1])
    assert central.central_charge == paid > 0
    received = central.outturn[Heading.CENTRAL_CHARGE]
    assert total.income == sum(r.income for r in rows) - received


def _csv(text):
    return SimpleUploadedFile("export.csv", text.encode())


HEADER = "school,year,month,heading,actual,forecast\n"


def test_a_good_export_is_imported(school):
    year = timezone.localdate().year
    name = f"{year}/{(year + 1) % 100:02d}"
    count = services.import_monthly(
        _csv(
            HEADER + f'Foxton,{name},Sep,teaching_staff,"61,000",\n'
            f"Central trust,{name},12,Premises,,2500\n"
        )
    )
    assert count == 2
    assert MonthlyFigure.objects.get(
        school=school("Foxton"), month=1, heading="teaching_staff", academic_year__start_year=year
    ).actual == D(61000)


def test_a_bad_export_reports_every_problem_and_saves_nothing(demo):
    before = MonthlyFigure.objects.count()
    with pytest.raises(UploadRejected) as caught:
        services.import_monthly(
            _csv(
                HEADER
                + "Nowhere School,2026/27,Sep,teaching_staff,100,\n"
                + "Foxton,2026-27,13,teaching_staff,lots,\n"
                + "Foxton,2026/27,Oct,wages,100,\n"
                + "Foxton,2026/27,Oct,premises,100,\n"
                + "Foxton,2026/27,Oct,premises,200,\n"
            )
        )
    text = [str(p) for p in caught.value.problems]
    assert any(t.startswith("Row 2, column school") for t in text)
    assert any(t.startswith("Row 3, column year") for t in text)
    assert any(t.startswith("Row 3, column month") for t in text)
    assert any(t.startswith("Row 3, column actual") for t in text)
    assert any(t.startswith("Row 4, column heading") for t in text)
    assert any("repeats row 5" in t for t in text)
    assert MonthlyFigure.objects.count() == before


def test_an_export_with_a_formula_is_refused(demo):
    with pytest.raises(UploadRejected, match="Formulas"):
        services.import_monthly(_csv(HEADER + 'Foxton,2026/27,Sep,premises,"=HYPERLINK(1)",\n'))


def test_a_formula_is_reported_with_the_export_s_other_problems(demo):
    before = MonthlyFigure.objects.count()
    with pytest.raises(UploadRejected) as caught:
        services.import_monthly(
            _csv(HEADER + "Nowhere,2026/27,Sep,premises,100,\nFoxton,2026/27,Sep,=B2,100,\n")
        )
    assert [str(problem) for problem in caught.value.problems] == [
        "Row 2, column school: 'Nowhere' is not one of the trust's schools (or 'Central trust').",
        "Row 3, column heading: Formulas are not accepted; type the number.",
    ]
    assert MonthlyFigure.objects.count() == before


def test_registers_overdue_first_and_reviewed_each_term(client_for, cast):
    rows = client_for("cfo").get(reverse("finance:registers")).context["rows"]
    assert rows[0].due.overdue
    register = rows[0].register
    client_for("cfo").post(reverse("finance:register", args=[register.pk]), {"notes": "Reviewed."})
    assert RiskReview.objects.filter(register=register).first().by == cast["cfo"]
    rows = client_for("cfo").get(reverse("finance:registers")).context["rows"]
    assert not next(r for r in rows if r.register == register).due.overdue


def test_a_head_reviews_their_own_register_only(client_for, school):
    own = RiskRegister.objects.get(school=school("Glen Hills"))
    other = RiskRegister.objects.get(school=school("Foxton"))
    client = client_for("head")
    assert (
        client.post(reverse("finance:register", args=[own.pk]), {"notes": "ok"}).status_code == 302
    )
    assert (
        client.post(reverse("finance:register", args=[other.pk]), {"notes": "x"}).status_code == 404
    )
    trustee = client_for("trustee").post(reverse("finance:register", args=[own.pk]), {"notes": "x"})
    assert trustee.status_code == 403


def test_review_reminders_go_once_to_the_owners(demo):
    from django.core import mail

    from finance.tasks import send_reminders
    from schools.models import Reminder

    send_reminders.delay()
    send_reminders.delay()
    reminders = Reminder.objects.filter(topic="risk_register")
    assert reminders.count() == len(mail.outbox) >= 1


def test_significant_risks_show_beside_the_categorisation_evidence(client_for, school):
    from categorisation import services as cat_services

    foxton = school("Foxton")
    meeting = cat_services.hold_meeting(
        held_on=timezone.localdate(),
        attendees=[],
        by=client_for("dop")
        and None
        or __import__("schools.models", fromlist=["User"]).User.objects.get(
            email="dop@example.org"
        ),
    )
    page = client_for("dop").get(reverse("categorisation:assess", args=[meeting.pk, foxton.pk]))
    assert "1 significant risk" in page.content.decode()
    assert "Turnover of Year 5 and 6 teachers" in page.content.decode()


LOGIN = 302


@pytest.mark.parametrize(
    ("url", "codes"),
    [
        ("/finance/", (LOGIN, 200, 200, 200, 200, 200, 200, 403, 403)),
        ("/finance/central/", (LOGIN, 200, 200, 200, 403, 403, 200, 403, 403)),
        ("/finance/import/", (LOGIN, 403, 403, 200, 403, 403, 403, 403, 403)),
        ("/finance/import/template.csv", (LOGIN, 403, 403, 200, 403, 403, 403, 403, 403)),
        ("/finance/risks/", (LOGIN, 200, 200, 200, 200, 200, 200, 403, 403)),
        ("foxton", (LOGIN, 200, 200, 200, 404, 404, 200, 403, 403)),
    ],
)
def test_page_access(client_for, school, url, codes):
    if url == "foxton":
        url = f"/finance/schools/{school('Foxton').pk}/"
    for role, status in zip(ROLES, codes, strict=True):
        assert client_for(role).get(url).status_code == status, role


def test_a_head_sees_only_their_schools_finance(client_for):
    table = client_for("head").get(reverse("finance:overview")).context["table"]
    assert [r["k"].label for r in table] == ["Glen Hills"]


def test_the_import_page_lists_the_headings_and_its_template_changes_nothing(client_for):
    page = client_for("cfo").get(reverse("finance:import")).content.decode()
    for heading in Heading:
        assert heading.label in page and f"<code>{heading.value}</code>" in page
    response = client_for("cfo").get(reverse("finance:import_template"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="finance-')
    lines = response.content.decode().splitlines()
    assert lines[0] == "school,year,month,heading,actual,forecast"
    schools = School.objects.filter(status=School.Status.MEMBER).count()
    assert len(lines) == 1 + (schools + 1) * len(Heading)  # and the central trust
    assert lines[-1].startswith("Central trust,")
    before = sorted(
        MonthlyFigure.objects.values_list("school", "month", "heading", "actual", "forecast"),
        key=str,
    )
    imported = services.import_monthly(_csv(response.content.decode()))
    assert imported == sum(1 for line in lines[1:] if not line.endswith(",,"))
    after = MonthlyFigure.objects.all()
    assert (
        sorted(after.values_list("school", "month", "heading", "actual", "forecast"), key=str)
        == before
    )


def test_the_whole_trust_is_judged_as_each_school_and_every_state_has_its_word(client_for):
    response = client_for("cfo").get(reverse("finance:overview"))
    total_rags = response.context["total_rags"]
    assert set(total_rags) == {"surplus", "staff", "reserves", "cash", "variance"}
    page = response.content.decode()
    assert 'class="rag rag-amber"' in page and "Close</span>" in page
    assert 'class="rag rag-red"' in page and "Not met</span>" in page
    assert 'class="rag rag-green"' in page and "Met</span>" in page
    assert "versus-about" not in page  # amber is not drawn as "about the same"
