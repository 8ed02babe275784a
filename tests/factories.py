"""Factories for the objects a test needs beyond the demo trust.

Use the demo trust (the ``demo``, ``cast``, ``school`` and ``client_for`` fixtures of
tests/conftest.py) for pages, access and seed tests: its fifteen schools, one account per
role and their records are the cast every access table is written against.

Use a factory when a test needs something the demo does not have: one more school (a
joiner, a school with no figures, thirty more to check a query budget), an inspection, an
audit event or reminder, or the finance rows a KPI edge case is about. Every factory
builds a valid object (``full_clean`` passes, tests/test_factories.py checks it) with
sensible defaults; pass explicitly every field the test relies on, e.g.
``SchoolFactory(name="Joining", hub=Hub.objects.first(), status=School.Status.DUE_DILIGENCE)``.

Related objects are made too unless given: ``SchoolFactory()`` makes its hub,
``BudgetLineFactory()`` its school and academic year (the demo's, if the year exists).
"""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory, Password

from finance.models import Balance, BudgetLine, Contract, EstatesProject, Heading, MonthlyFigure
from schools.models import (
    AcademicYear,
    AuditEvent,
    Hub,
    OfstedInspection,
    Reminder,
    Role,
    School,
    User,
)


class HubFactory(DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Test Hub {n}")


class SchoolFactory(DjangoModelFactory):
    """A member primary school in a new hub; pass ``hub=Hub.objects.first()`` to put it
    beside the demo's schools."""

    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test School {n}")
    hub = factory.SubFactory(HubFactory)
    phase = School.Phase.PRIMARY
    status = School.Status.MEMBER


class UserFactory(DjangoModelFactory):
    """A headteacher unless ``role`` is given; ``schools=[...]`` links them to schools."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.HEADTEACHER
    password = Password("symphony-test")

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create and extracted:
            self.schools.set(extracted)


class AcademicYearFactory(DjangoModelFactory):
    """September to August. Got, not created, when the year exists (the demo seeds the
    years around today), since ``start_year`` is unique."""

    class Meta:
        model = AcademicYear
        django_get_or_create = ("start_year",)

    start_year = 2025
    starts_on = factory.LazyAttribute(lambda o: datetime.date(o.start_year, 9, 1))
    ends_on = factory.LazyAttribute(lambda o: datetime.date(o.start_year + 1, 8, 31))


class OfstedInspectionFactory(DjangoModelFactory):
    """A legacy graded inspection rated Good; ``report_card=True`` makes a complete report
    card (every area at the expected standard, safeguarding met)."""

    class Meta:
        model = OfstedInspection

    school = factory.SubFactory(SchoolFactory)
    year = 2023
    framework = OfstedInspection.Framework.LEGACY
    inspection_type = OfstedInspection.Type.GRADED
    overall_grade = 2

    class Params:
        report_card = factory.Trait(
            year=2026,
            inspected_on=datetime.date(2026, 1, 15),
            framework=OfstedInspection.Framework.REPORT_CARD,
            inspection_type=OfstedInspection.Type.REPORT_CARD,
            overall_grade=None,
            inclusion=3,
            curriculum_and_teaching=3,
            achievement=3,
            attendance_and_behaviour=3,
            personal_development=3,
            leadership_and_governance=3,
            safeguarding_met=True,
        )


class AuditEventFactory(DjangoModelFactory):
    """A sign-in by a new user, their address kept as text as ``schools.audit`` does."""

    class Meta:
        model = AuditEvent

    action = AuditEvent.Action.LOGIN
    user = factory.SubFactory(UserFactory)
    user_email = factory.LazyAttribute(lambda o: o.user.email if o.user else "")


class ReminderFactory(DjangoModelFactory):
    class Meta:
        model = Reminder

    key = factory.Sequence(lambda n: f"test:{n}")
    topic = "test"
    recipients = "someone@example.org"
    subject = "A reminder"
    body = "Something is due."


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    school = factory.SubFactory(SchoolFactory)
    academic_year = factory.SubFactory(AcademicYearFactory)
    heading = Heading.GRANT_INCOME
    amount = Decimal(100000)


class MonthlyFigureFactory(DjangoModelFactory):
    """September's actual; pass ``forecast`` (and ``actual=None``) for a month not yet
    closed."""

    class Meta:
        model = MonthlyFigure

    school = factory.SubFactory(SchoolFactory)
    academic_year = factory.SubFactory(AcademicYearFactory)
    month = 1
    heading = Heading.GRANT_INCOME
    actual = Decimal(10000)
    forecast = None


class BalanceFactory(DjangoModelFactory):
    class Meta:
        model = Balance

    school = factory.SubFactory(SchoolFactory)
    on = datetime.date(2025, 9, 30)
    reserves = Decimal(40000)
    cash = Decimal(90000)


class EstatesProjectFactory(DjangoModelFactory):
    """A proposed, essential project with no SCA allocated."""

    class Meta:
        model = EstatesProject

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Project {n}")
    priority = EstatesProject.Priority.ESSENTIAL
    cost_estimate = Decimal(10000)


class ContractFactory(DjangoModelFactory):
    """A two-year contract saving 500 a year; ``schools=[...]`` names the schools in it."""

    class Meta:
        model = Contract
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Contract {n}")
    supplier = "Supplier Ltd"
    category = Contract.Category.OTHER
    starts_on = datetime.date(2025, 9, 1)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=730))
    annual_cost = Decimal(1000)
    previous_cost = Decimal(1500)

    @factory.post_generation
    def schools(self, create, extracted, **kwargs):
        if create and extracted:
            self.schools.set(extracted)
