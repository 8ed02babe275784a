"""Every factory in tests/factories.py builds an object its model accepts, so a factory
that drifts from its model (a new required field, a tighter constraint) fails here."""

import pytest

from tests import factories

FACTORIES = [
    factories.HubFactory,
    factories.SchoolFactory,
    factories.UserFactory,
    factories.AcademicYearFactory,
    factories.OfstedInspectionFactory,
    factories.AuditEventFactory,
    factories.ReminderFactory,
    factories.BudgetLineFactory,
    factories.MonthlyFigureFactory,
    factories.BalanceFactory,
    factories.EstatesProjectFactory,
    factories.ContractFactory,
]


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_builds_a_valid_object(db, factory):
    obj = factory()
    obj.full_clean()
    assert obj.pk is not None


@pytest.mark.parametrize("factory", FACTORIES, ids=lambda f: f.__name__)
def test_each_factory_builds_two_that_do_not_collide(db, factory):
    first, second = factory(), factory()
    second.full_clean()
    assert first.pk is not None and second.pk is not None


def test_a_report_card_inspection_is_complete(db):
    inspection = factories.OfstedInspectionFactory(report_card=True)
    inspection.full_clean()
    assert inspection.is_report_card and inspection.overall_grade is None


def test_a_user_is_linked_to_the_schools_given(db):
    school = factories.SchoolFactory()
    head = factories.UserFactory(schools=[school], password="x")
    assert list(head.schools.all()) == [school]
    assert head.check_password("x")


def test_a_contract_holds_the_schools_given(db):
    schools = factories.SchoolFactory.create_batch(2)
    contract = factories.ContractFactory(schools=schools)
    assert set(contract.schools.all()) == set(schools)
