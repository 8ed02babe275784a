"""Collective procurement and its savings, the finance section of the trustees' KPI report
(page and CSV), and month-end balances recorded on a school's finance page."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from finance import kpis
from finance.models import Balance, Contract
from finance.report import finance_section
from schools.calendar import academic_start_year
from schools.models import AcademicYear, School
from tests.factories import ContractFactory

D = Decimal


@pytest.fixture
def make_contract(school):
    def make(title, *, schools=("Foxton",), cost=1000, before=1500, **dates):
        today = timezone.localdate()
        return ContractFactory(
            title=title,
            supplier="Supplier Ltd",
            category=Contract.Category.OTHER,
            starts_on=dates.get("starts_on", today - datetime.timedelta(days=365)),
            ends_on=dates.get("ends_on", today + datetime.timedelta(days=365)),
            annual_cost=D(cost),
            previous_cost=D(before),
            schools=[school(name) for name in schools],
        )

    return make


# Procurement


def test_the_trust_sees_every_contract_and_the_savings_summed(client_for, make_contract):
    before = client_for("cfo").get(reverse("finance:procurement")).context
    make_contract("Window cleaning", cost=1000, before=1500)
    make_contract("Pest control", cost=2400, before=2400)  # no saving
    make_contract("Photocopiers", cost=5000, before=4000)  # dearer: a negative saving
    response = client_for("cfo").get(reverse("finance:procurement"))
    context = response.context
    contracts = Contract.objects.all()
    assert len(context["contracts"]) == contracts.count()
    expected = sum((c.previous_cost - c.annual_cost for c in contracts), D(0))
    assert context["total_saving"] == expected
    assert context["total_saving"] - before["total_saving"] == D(500 + 0 - 1000)
    assert context["total_cost"] == sum((c.annual_cost for c in contracts), D(0))
    assert 'id="total-saving"' in response.content.decode()


def test_the_demo_contracts_save_what_their_costs_say(client_for):
    # Business Plan 2018-19, "Business and Finance": the demo's five contracts, previous
    # cost less cost.
    saving = client_for("trustee").get(reverse("finance:procurement")).context["total_saving"]
    assert saving == D(14000 + 32000 + 17500 + 7300 + 4700)


def test_a_head_sees_only_contracts_covering_their_school_and_no_totals(client_for, make_contract):
    foxton_only = make_contract("Foxton's minibus", schools=("Foxton",))
    shared = make_contract("Shared music service", schools=("Foxton", "Glen Hills"))
    response = client_for("head").get(reverse("finance:procurement"))
    found = response.context["contracts"]
    titles = [c.title for c in found]
    assert shared.title in titles and foxton_only.title not in titles
    expected = Contract.objects.filter(schools__name="Glen Hills").distinct().count()
    assert len(found) == expected
    # The count is of every school on the contract, not only those the head sees.
    assert next(c for c in found if c.pk == shared.pk).school_count == 2
    assert response.context["total_saving"] is None
    assert response.context["total_cost"] is None
    assert 'id="total-saving"' not in response.content.decode()


def test_a_contract_for_two_of_an_exec_heads_schools_is_listed_once(client_for, make_contract):
    both = make_contract("Ashby lettings", schools=("Ashby Willesley", "Ashby Hastings"))
    found = client_for("exec_head").get(reverse("finance:procurement")).context["contracts"]
    assert [c.pk for c in found].count(both.pk) == 1
    assert len(found) == len({c.pk for c in found})


@pytest.mark.parametrize("days", [0, -1])
def test_a_contract_must_end_after_it_starts(make_contract, days):
    start = datetime.date(2026, 9, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contract("Backwards", starts_on=start, ends_on=start + datetime.timedelta(days=days))


def test_a_contract_cannot_cost_less_than_nothing(make_contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contract("Negative", cost=-1)


# The finance section of the trustees' KPI report

FINANCE_KPIS = (
    "In-year surplus across the trust (forecast)",
    "Staff costs across the trust (forecast)",
    "Revenue reserves across the trust",
    "Cash across the trust",
)


def test_the_kpi_report_page_has_the_finance_section(client_for, school):
    response = client_for("trustee").get(reverse("portal:kpi_report"))
    assert response.status_code == 200
    page = response.content.decode()
    finance = response.context["finance"]
    for label in FINANCE_KPIS:
        assert label in page, label
    assert [k["kpi"] for k in response.context["kpis"][-4:]] == list(FINANCE_KPIS)
    # The demo has schools off target (in every RAG state): each is listed with what it missed.
    assert finance["off_target"]
    assert 'class="finance-off-target"' in page
    for row in finance["off_target"]:
        assert row["name"] in page
    sca = finance["sca"]
    assert sca.funding is not None
    assert "School Condition Allocation received" in page
    assert f"£{sca.received:,.0f}" in page
    assert f"£{sca.allocated:,.0f}" in page
    assert "Saved each year by central contracts" in page


def test_a_school_in_deficit_on_reserves_is_named_off_target(client_for, school):
    year = client_for("trustee").get(reverse("portal:kpi_report")).context["finance"]["year"]
    glen_hills = school("Glen Hills")
    on = min(timezone.localdate(), year.ends_on)
    Balance.objects.update_or_create(
        school=glen_hills, on=on, defaults={"reserves": D(-50000), "cash": D(1)}
    )
    response = client_for("trustee").get(reverse("portal:kpi_report"))
    off = {r["name"]: r["missed"] for r in response.context["finance"]["off_target"]}
    assert "revenue reserves" in off["Glen Hills"]
    assert "cash" in off["Glen Hills"]


def test_the_finance_kpis_follow_the_trust_totals(demo):
    year = AcademicYear.objects.get(start_year=academic_start_year(timezone.localdate()))
    section = finance_section(year)
    schools = list(School.objects.filter(status=School.Status.MEMBER).order_by("name"))
    _rows, total = kpis.kpis_for(schools, year)
    values = {k["kpi"]: k["value"] for k in section["kpis"]}
    assert values[FINANCE_KPIS[0]] == total.surplus_pct
    assert values[FINANCE_KPIS[1]] == total.staff_pct
    assert values[FINANCE_KPIS[2]] == total.reserves_pct
    assert values[FINANCE_KPIS[3]] == total.cash_days
    for row in section["kpis"]:
        assert row["status"] in {"Met", "Close", "Not met", "Not recorded"}
        assert row["when"] == year.name


def test_the_kpi_report_csv_has_the_finance_rows(client_for):
    response = client_for("trustee").get(reverse("portal:kpi_report_download", args=["csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    finance = {row[1]: row for row in rows if row[0] == "KPI" and row[1] in FINANCE_KPIS}
    assert set(finance) == set(FINANCE_KPIS)
    for label, row in finance.items():
        assert row[3], label  # the demo has a value for each
        Decimal(row[3])  # a number, to two places
        assert len(row[3].split(".")[1]) == 2
        assert row[5] in {"Met", "Close", "Not met"}, label
    assert finance["Cash across the trust"][2].startswith("At least ")


# Month-end balances on a school's finance page


@pytest.fixture
def foxton_url(school):
    return f"/finance/schools/{school('Foxton').pk}/"


def test_a_cfo_records_balances_and_the_kpis_change(client_for, school, foxton_url):
    client = client_for("cfo")
    before = client.get(foxton_url).context["k"]
    today = timezone.localdate()
    response = client.post(
        foxton_url, {"on": today.isoformat(), "reserves": "-12345", "cash": "6789.50"}
    )
    assert response.status_code == 302
    balance = Balance.objects.get(school=school("Foxton"), on=today)
    assert (balance.reserves, balance.cash) == (D(-12345), D("6789.50"))
    page = client.get(foxton_url)
    k = page.context["k"]
    assert (k.reserves, k.cash, k.balances_on) == (D(-12345), D("6789.50"), today)
    assert k.reserves_pct == D(-12345) * 100 / k.income
    assert k.reserves_pct != before.reserves_pct
    assert page.context["rags"]["reserves_rag"] == "red"
    html = page.content.decode()
    assert "£-12,345" in html or "-£12,345" in html
    assert page.context["balances"][0] == balance
    # A second entry for the same day replaces the first (a corrected figure).
    client.post(foxton_url, {"on": today.isoformat(), "reserves": "100", "cash": "200"})
    assert Balance.objects.filter(school=school("Foxton"), on=today).count() == 1
    assert client.get(foxton_url).context["k"].reserves == D(100)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reserves": "lots", "cash": "100"}, "Enter a number."),
        ({"reserves": "100", "cash": ""}, "This field is required."),
        ({"reserves": "1e20", "cash": "1"}, "Ensure that there are no more than"),
    ],
)
def test_bad_balances_are_explained_and_nothing_saved(client_for, foxton_url, data, message):
    count = Balance.objects.count()
    data = {"on": timezone.localdate().isoformat(), **data}
    response = client_for("cfo").post(foxton_url, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Balance.objects.count() == count


def test_balances_dated_in_the_future_are_refused(client_for, foxton_url):
    count = Balance.objects.count()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client_for("cfo").post(
        foxton_url, {"on": tomorrow.isoformat(), "reserves": "1", "cash": "1"}
    )
    assert response.status_code == 200
    assert "Balances cannot be dated in the future." in response.content.decode()
    assert Balance.objects.count() == count
    bad_date = client_for("cfo").post(
        foxton_url, {"on": "31/02/2026", "reserves": "1", "cash": "1"}
    )
    assert "Enter a valid date." in bad_date.content.decode()
    assert Balance.objects.count() == count


@pytest.mark.parametrize("role", ["trustee", "ceo", "dop"])
def test_read_only_roles_cannot_record_balances(client_for, foxton_url, role):
    count = Balance.objects.count()
    data = {"on": timezone.localdate().isoformat(), "reserves": "1", "cash": "1"}
    assert client_for(role).post(foxton_url, data).status_code == 403
    assert client_for(role).get(foxton_url).context["balance_form"] is None
    assert Balance.objects.count() == count


def test_a_head_cannot_record_their_own_schools_balances(client_for, school):
    url = f"/finance/schools/{school('Glen Hills').pk}/"
    data = {"on": timezone.localdate().isoformat(), "reserves": "1", "cash": "1"}
    count = Balance.objects.count()
    assert client_for("head").post(url, data).status_code == 403
    assert Balance.objects.count() == count
