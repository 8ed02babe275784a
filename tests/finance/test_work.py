"""Finance on people's homes (``finance.work``): the monthly import, KPIs off target, risk
registers due, SCA unallocated and contracts ending for the finance team; a head's own
register review; each at its boundaries and only for whom it is meant."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from finance import kpis
from finance import work as finance_work
from finance.models import (
    Contract,
    FinanceTarget,
    MonthlyFigure,
    RiskRegister,
    RiskReview,
    ScaFunding,
)
from finance.selectors import sca_position
from schools.calendar import Calendar, academic_start_year
from schools.models import AcademicYear, School
from tests.factories import ContractFactory, MonthlyFigureFactory
from tests.schools.test_queries import add_schools

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _items(user, today=TODAY, kind=None):
    return [i for i in finance_work.items(user, today) if kind is None or i.kind == kind]


def _titled(user, start, today=TODAY):
    return [i for i in finance_work.items(user, today) if i.title.startswith(start)]


@pytest.fixture
def year(demo):
    return AcademicYear.objects.get(start_year=academic_start_year(TODAY))


# The monthly figures: a month's actuals are due by the 10th of the month after it.


@pytest.fixture
def november_imported(year, school):
    """Actuals up to November (month 3) only, for this year."""
    MonthlyFigure.objects.all().delete()
    MonthlyFigureFactory(school=school("Glen Hills"), academic_year=year, month=3)
    # A forecast is not an import of the month's actuals.
    MonthlyFigureFactory(
        school=school("Glen Hills"), academic_year=year, month=4, actual=None, forecast=5
    )
    return year


def test_a_month_is_to_import_once_it_closes_due_by_the_tenth(cast, november_imported):
    start = november_imported.start_year
    title = f"Import the December {start} figures from the finance system"
    assert not _titled(cast["cfo"], "Import the", datetime.date(start, 12, 31))
    [item] = _titled(cast["cfo"], "Import the", datetime.date(start + 1, 1, 1))
    assert (item.title, item.when, item.overdue) == (title, datetime.date(start + 1, 1, 10), False)
    assert item.url == reverse("finance:import")
    assert f"the latest imported is November {start}" in item.detail
    assert not _titled(cast["cfo"], "Import the", datetime.date(start + 1, 1, 10))[0].overdue
    assert _titled(cast["cfo"], "Import the", datetime.date(start + 1, 1, 11))[0].overdue


def test_an_imported_month_is_no_longer_asked_for(cast, november_imported, school):
    start = november_imported.start_year
    MonthlyFigure.objects.filter(month=4).update(actual=Decimal(10))
    assert not _titled(cast["cfo"], "Import the", datetime.date(start + 1, 1, 5))


def test_august_is_asked_for_in_september_and_september_first_of_a_new_year(cast, demo, school):
    MonthlyFigure.objects.all().delete()
    old = AcademicYear.objects.get(start_year=academic_start_year(TODAY) - 1)
    MonthlyFigureFactory(school=school("Foxton"), academic_year=old, month=11)
    [item] = _titled(cast["cfo"], "Import the", datetime.date(old.start_year + 1, 9, 1))
    assert item.title.startswith(f"Import the August {old.start_year + 1}")
    assert "the latest imported is July" in item.detail
    MonthlyFigure.objects.filter(month=11).update(month=12)
    [item] = _titled(cast["cfo"], "Import the", datetime.date(old.start_year + 1, 10, 1))
    assert item.title.startswith(f"Import the September {old.start_year + 1}")
    assert "none imported for the year yet" in item.detail


# KPIs off target, judged against the year's targets as the overview and the report judge them.


def _staff_pct(year, name):
    rows, _ = kpis.kpis_for(list(School.objects.filter(name=name)), year)
    return rows[0].staff_pct


def test_a_kpi_not_met_at_a_school_is_listed_until_its_target_is_met(cast, year):
    title = "Look into staff costs, % of expenditure: off target"
    [item] = _titled(cast["cfo"], title)
    assert "Glen Hills" in item.detail and item.url == reverse("finance:overview")
    glen_hills = _staff_pct(year, "Glen Hills")
    # Red is more than two points over the maximum; amber (within two) is close, not listed.
    # The figure is judged as shown, to one place.
    FinanceTarget.objects.filter(academic_year=year).update(
        staff_cost_max_pct=kpis.as_shown(glen_hills) - 2
    )
    assert all("Glen Hills" not in i.detail for i in _titled(cast["cfo"], title))
    FinanceTarget.objects.filter(academic_year=year).update(staff_cost_max_pct=99)
    assert not _titled(cast["cfo"], title)


# Risk registers: the reminder scan's rule (due within the reminder lead, or overdue).


@pytest.fixture
def glen_hills_due(cast, school):
    """Glen Hills' register last reviewed in the term before this one: due by this term's
    end."""
    calendar = Calendar.load()
    term = calendar.term_on_or_next(TODAY)
    previous = calendar.terms[calendar.terms.index(term) - 1]
    register = RiskRegister.objects.get(school=school("Glen Hills"))
    register.reviews.all().delete()
    register.reviews.create(reviewed_on=previous.starts_on + DAY, by=cast["cfo"])
    return register, term.ends_on


def test_a_heads_register_review_shows_from_the_reminder_lead_and_is_overdue_after(
    cast, glen_hills_due, settings
):
    register, due_on = glen_hills_due
    lead = datetime.timedelta(days=settings.SYMPHONY_RISK_REVIEW_REMINDER_DAYS)
    head = cast["head"]
    assert not _items(head, due_on - lead - DAY)
    [item] = _items(head, due_on - lead)
    assert (item.title, item.school, item.when, item.overdue) == (
        "Review the risk register",
        "Glen Hills",
        due_on,
        False,
    )
    assert item.url == reverse("finance:register", args=[register.pk])
    assert not _items(head, due_on)[0].overdue
    assert _items(head, due_on + DAY)[0].overdue


def test_a_head_never_sees_another_schools_register(cast, demo, school):
    RiskReview.objects.filter(register__school=school("Foxton")).delete()
    later = TODAY + datetime.timedelta(days=400)  # every register is overdue by then
    assert {i.school for i in _items(cast["head"], later)} == {"Glen Hills"}
    assert {i.school for i in _items(cast["exec_head"], later)} == {
        "Ashby Willesley",
        "Ashby Hastings",
    }
    for role in ("ceo", "dop", "trustee", "governor", "reviewer"):
        assert _items(cast[role], later) == [], role


def test_the_finance_team_sees_the_trusts_register_and_the_schools_overdue(cast, demo, school):
    trust = RiskRegister.objects.get(school__isnull=True)
    trust.reviews.all().delete()
    calendar = Calendar.load()
    term = calendar.term_on_or_next(TODAY)
    previous = calendar.terms[calendar.terms.index(term) - 1]
    # Every school's register last reviewed in the term before this one: due by its end.
    RiskReview.objects.filter(register__school__isnull=False).update(
        reviewed_on=previous.starts_on + DAY
    )
    term_ends = term.ends_on
    # Never reviewed: due by this term's end; listed within the reminder lead, not overdue.
    items = _items(cast["cfo"], term_ends - DAY, kind="Risk register")
    own = [i for i in items if i.title == "Review the risk register"]
    assert [(i.school, i.url, i.overdue) for i in own] == [
        ("The trust", reverse("finance:register", args=[trust.pk]), False)
    ]
    # The schools' registers, each their head's to review, are one line, only once overdue.
    assert not [i for i in items if "school risk register" in i.title]
    [schools] = [
        i for i in _items(cast["cfo"], term_ends + DAY, kind="Risk register") if "school" in i.title
    ]
    count = RiskRegister.objects.filter(school__isnull=False).count()
    assert schools.title == f"{count} school risk registers are overdue for review"
    assert schools.overdue and "Glen Hills" in schools.detail


# SCA and contracts.


def test_sca_not_yet_allocated_is_listed_until_it_all_is(cast, year):
    position = sca_position(year)
    [item] = _titled(cast["cfo"], "Allocate the rest of the")
    assert f"£{position.unallocated:,.0f} of £{position.received:,.0f}" in item.detail
    assert item.url == reverse("finance:estates")
    ScaFunding.objects.filter(academic_year=year).update(amount=position.allocated)
    assert not _titled(cast["cfo"], "Allocate the rest of the")
    assert not _titled(cast["trustee"], "Allocate")


def test_contracts_ending_within_ninety_days(cast, demo):
    Contract.objects.all().delete()
    for days, title in ((-1, "Ended"), (0, "Today"), (90, "Ninety"), (91, "Later")):
        ContractFactory(
            title=title,
            starts_on=TODAY - datetime.timedelta(days=400),
            ends_on=TODAY + datetime.timedelta(days=days),
        )
    items = _titled(cast["cfo"], "Renew or retender")
    assert [(i.title, i.when) for i in items] == [
        ("Renew or retender today", TODAY),
        ("Renew or retender ninety", TODAY + datetime.timedelta(days=90)),
    ]
    assert items[0].url == reverse("finance:procurement")
    assert not _titled(cast["head"], "Renew")


# Through the home pages.


def test_the_cfo_and_the_head_find_their_items_on_their_home(client_for):
    cache.clear()
    page = client_for("cfo").get(reverse("home")).content.decode()
    assert "Allocate the rest of the" in page and reverse("finance:estates") in page
    assert "school risk registers are overdue for review" in page
    page = client_for("head").get(reverse("home")).content.decode()
    glen_hills = RiskRegister.objects.get(school__name="Glen Hills")
    assert "Review the risk register" in page
    assert reverse("finance:register", args=[glen_hills.pk]) in page


def test_the_cfo_home_keeps_its_queries_however_many_schools(client_for):
    client = client_for("cfo")
    with CaptureQueriesContext(connection) as with_15:
        assert client.get(reverse("home")).status_code == 200
    add_schools(30)
    with CaptureQueriesContext(connection) as with_45:
        assert client.get(reverse("home")).status_code == 200
    assert len(with_45) == len(with_15)
