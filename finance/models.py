"""Finance and operations (Trust Self-Evaluation 2025; Business Plan 2018-19): budgets by
the standard headings per school and for the central trust, monthly actuals and forecasts,
the KPI targets, and the risk registers every school and the trust keep and review each
term.

``school`` empty means the central trust throughout. The academy financial year runs
September to August, so it is the ``AcademicYear``.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce

from schools.models import AcademicYear, School, Snapshot, Term


class Heading(models.TextChoices):
    GRANT_INCOME = "grant_income", "Grant income"
    OTHER_INCOME = "other_income", "Other income"
    TEACHING_STAFF = "teaching_staff", "Teaching staff"
    SUPPORT_STAFF = "support_staff", "Support staff"
    OTHER_STAFF = "other_staff", "Other staff costs"
    PREMISES = "premises", "Premises"
    SUPPLIES = "supplies", "Supplies and services"
    CENTRAL_CHARGE = "central_charge", "Central services charge (top-slice)"
    OTHER_COSTS = "other_costs", "Other costs"


INCOME = (Heading.GRANT_INCOME, Heading.OTHER_INCOME)
STAFF = (Heading.TEACHING_STAFF, Heading.SUPPORT_STAFF, Heading.OTHER_STAFF)


class BudgetLine(models.Model):
    """The budget for one heading in one year; future years form the three-year plan."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="budget_lines"
    )
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="+")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["school__name", "academic_year", "heading"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "heading"], name="one_budget_line"
            ),
            models.UniqueConstraint(
                fields=["academic_year", "heading"],
                condition=Q(school__isnull=True),
                name="one_central_budget_line",
            ),
            models.CheckConstraint(name="budget_not_negative", condition=Q(amount__gte=0)),
        ]

    def __str__(self):
        return f"{self.school or 'Central trust'} {self.academic_year}: {self.heading}"


class MonthlyFigure(models.Model):
    """Actual (once the month is closed) and forecast for one heading and month; month 1 is
    September."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="monthly_figures"
    )
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, related_name="+")
    month = models.PositiveSmallIntegerField(help_text="1 is September, 12 is August.")
    heading = models.CharField(max_length=20, choices=Heading.choices)
    actual = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    forecast = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["school__name", "academic_year", "month", "heading"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "month", "heading"], name="one_monthly_figure"
            ),
            models.UniqueConstraint(
                fields=["academic_year", "month", "heading"],
                condition=Q(school__isnull=True),
                name="one_central_monthly_figure",
            ),
            models.CheckConstraint(name="month_1_to_12", condition=Q(month__gte=1, month__lte=12)),
        ]

    def __str__(self):
        return f"{self.school or 'Central trust'} {self.academic_year} month {self.month}"


class FinanceTarget(models.Model):
    """The year's targets (Business Plan 2018-19: at least a 1% surplus across the trust;
    staff costs set each year; reserves and cash are the trust's own choice, defaults from
    settings)."""

    academic_year = models.OneToOneField(
        AcademicYear, on_delete=models.CASCADE, related_name="finance_target"
    )
    surplus_min_pct = models.DecimalField(max_digits=5, decimal_places=2, default=1)
    staff_cost_max_pct = models.DecimalField(max_digits=5, decimal_places=2, default=80)
    reserves_min_pct = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=5,
        help_text="Revenue reserves as a % of the year's income, at least.",
    )
    cash_min_days = models.PositiveSmallIntegerField(
        default=30, help_text="Cash at the bank, in days of the year's spending, at least."
    )

    def __str__(self):
        return f"Finance targets {self.academic_year}"


class Balance(models.Model):
    """Revenue reserves and cash at the bank at a month end, from the finance system;
    the latest one counts."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="balances"
    )
    on = models.DateField("At", help_text="The month end the balances are taken at.")
    reserves = models.DecimalField(
        "Revenue reserves", max_digits=12, decimal_places=2, help_text="Negative in deficit."
    )
    cash = models.DecimalField("Cash at the bank", max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["school__name", "-on"]
        get_latest_by = "on"
        constraints = [
            models.UniqueConstraint(fields=["school", "on"], name="one_balance_a_day"),
            models.UniqueConstraint(
                fields=["on"], condition=Q(school__isnull=True), name="one_central_balance_a_day"
            ),
        ]

    def __str__(self):
        return f"{self.school or 'Central trust'} balances at {self.on}"


class ScaFunding(models.Model):
    """The trust's School Condition Allocation for a year, and how it decides which
    projects it funds (the assessment model, Business Plan, "Estates and ICT")."""

    academic_year = models.OneToOneField(
        AcademicYear, on_delete=models.CASCADE, related_name="sca_funding"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    assessment_model = models.TextField(
        help_text="How projects are scored and ranked for SCA, e.g. condition survey grade, "
        "health and safety, impact on learning."
    )

    class Meta:
        ordering = ["-academic_year__start_year"]
        verbose_name = "SCA funding"
        verbose_name_plural = "SCA funding"
        constraints = [models.CheckConstraint(name="sca_not_negative", condition=Q(amount__gte=0))]

    def __str__(self):
        return f"SCA {self.academic_year}"


class EstatesProject(models.Model):
    """A project in the estates plan, and the SCA allocated to it (if any)."""

    class Priority(models.IntegerChoices):
        URGENT = 1, "1: urgent (health and safety, or the building cannot be used)"
        ESSENTIAL = 2, "2: essential within a year"
        DESIRABLE = 3, "3: desirable within two to three years"
        LONG_TERM = 4, "4: long term"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        DEFERRED = "deferred", "Deferred"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="estates_projects")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    priority = models.PositiveSmallIntegerField(choices=Priority.choices)
    cost_estimate = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    sca_year = models.ForeignKey(
        AcademicYear,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="SCA year",
    )
    sca_allocated = models.DecimalField("SCA allocated", max_digits=12, decimal_places=2, default=0)
    assessment_score = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The project's score under the year's assessment model."
    )
    assessment_notes = models.TextField(blank=True)
    completed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = [
            "priority",
            F("assessment_score").desc(nulls_last=True),
            "school__name",
            "title",
        ]
        constraints = [
            models.CheckConstraint(
                name="project_amounts_not_negative",
                condition=Q(cost_estimate__gte=0, sca_allocated__gte=0),
            ),
            models.CheckConstraint(
                name="sca_allocation_has_a_year",
                condition=Q(sca_allocated=0) | Q(sca_year__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.school}: {self.title}"


class ProjectEntry(models.Model):
    """Money in (a contribution, a grant, an insurance payment) or out for a project."""

    class Kind(models.TextChoices):
        INCOME = "income", "Income"
        EXPENDITURE = "expenditure", "Expenditure"

    project = models.ForeignKey(EstatesProject, on_delete=models.CASCADE, related_name="entries")
    on = models.DateField()
    kind = models.CharField(max_length=11, choices=Kind.choices)
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=200)

    class Meta:
        ordering = ["-on", "-pk"]
        verbose_name_plural = "project entries"
        constraints = [
            models.CheckConstraint(name="entry_amount_positive", condition=Q(amount__gt=0))
        ]

    def __str__(self):
        return f"{self.project}: {self.kind} {self.amount}"


class Contract(models.Model):
    """A contract bought centrally for several schools (Business Plan, "Business and
    Finance"), with what the schools paid for it before: the saving."""

    class Category(models.TextChoices):
        GROUNDS = "grounds", "Grounds maintenance"
        CATERING = "catering", "Catering"
        CLEANING = "cleaning", "Cleaning"
        IT = "it", "IT and telephony"
        HEALTH_SAFETY = "health_safety", "Health and safety (asbestos, legionella, fire)"
        UTILITIES = "utilities", "Energy and utilities"
        OTHER = "other", "Other"

    title = models.CharField(max_length=200)
    supplier = models.CharField(max_length=200)
    category = models.CharField(max_length=16, choices=Category.choices)
    schools = models.ManyToManyField(School, related_name="contracts")
    starts_on = models.DateField()
    ends_on = models.DateField()
    annual_cost = models.DecimalField(max_digits=12, decimal_places=2)
    previous_cost = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        help_text="What the schools paid a year for the same service before, added up.",
    )

    class Meta:
        ordering = ["ends_on", "title"]
        constraints = [
            models.CheckConstraint(
                name="contract_costs_not_negative",
                condition=Q(annual_cost__gte=0, previous_cost__gte=0),
            ),
            models.CheckConstraint(
                name="contract_ends_after_start", condition=Q(ends_on__gt=F("starts_on"))
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def annual_saving(self):
        return self.previous_cost - self.annual_cost


class RiskRegister(models.Model):
    school = models.OneToOneField(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="risk_register"
    )

    class Meta:
        constraints = [
            # One register for the trust (school empty); the one-to-one covers schools.
            models.UniqueConstraint(Coalesce("school", Value(0)), name="one_register_each")
        ]

    def __str__(self):
        return f"Risk register: {self.school or 'the trust'}"


class Risk(models.Model):
    class Category(models.TextChoices):
        FINANCE = "finance", "Finance"
        ESTATES = "estates", "Estates and premises"
        HEALTH_SAFETY = "health_safety", "Health and safety"
        STAFFING = "staffing", "Staffing"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        IT = "it", "IT and data"
        GOVERNANCE = "governance", "Governance"
        OTHER = "other", "Other"

    register = models.ForeignKey(RiskRegister, on_delete=models.CASCADE, related_name="risks")
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=16, choices=Category.choices)
    likelihood = models.PositiveSmallIntegerField(help_text="1 (rare) to 5 (almost certain).")
    impact = models.PositiveSmallIntegerField(help_text="1 (minor) to 5 (severe).")
    owner = models.CharField(max_length=150)
    mitigations = models.TextField(blank=True)
    residual_likelihood = models.PositiveSmallIntegerField()
    residual_impact = models.PositiveSmallIntegerField()
    raised_on = models.DateField(
        null=True,
        blank=True,
        help_text="When the risk was entered on the register; empty where not recorded "
        "(counted as open since before any term).",
    )
    closed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["register", "-residual_likelihood", "title"]
        constraints = [
            models.CheckConstraint(
                name="risk_scores_1_to_5",
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5)
                & Q(residual_likelihood__gte=1, residual_likelihood__lte=5)
                & Q(residual_impact__gte=1, residual_impact__lte=5),
            ),
            models.CheckConstraint(
                name="residual_not_above_inherent",
                condition=Q(
                    residual_likelihood__lte=F("likelihood"), residual_impact__lte=F("impact")
                ),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def residual_score(self) -> int:
        return self.residual_likelihood * self.residual_impact

    @property
    def significant(self) -> bool:
        return self.residual_score >= settings.SYMPHONY_SIGNIFICANT_RISK_SCORE


class RiskReview(models.Model):
    """A termly review of a register (Business Plan: each register is reviewed each term)."""

    register = models.ForeignKey(RiskRegister, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self):
        return f"{self.register} reviewed {self.reviewed_on}"


class EstatesReportCopy(Snapshot):
    """The termly estates report as it was sent to the trustees (a ``Snapshot``): made as
    at the day it was sent, and read afterwards exactly as it went."""

    UPLOAD_TO = "finance/estates-reports"

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Snapshot.Meta):
        verbose_name = "estates report as sent"
        verbose_name_plural = "estates reports as sent"

    def __str__(self):
        return f"Estates report, {self.term}, sent {self.requested_at:%-d %b %Y}"

    def render_pdf(self) -> bytes:
        from symphony.pdf import render_template_to_pdf

        from .report import estates_report  # the report reads the estates plan

        context = estates_report(today=self.requested_at.date(), term=self.term)
        return render_template_to_pdf("finance/estates_report_pdf.html", context)

    def file_name(self) -> str:
        term = str(self.term).lower().replace(" ", "-").replace("/", "-")
        return f"estates-report-{term}-sent-{self.requested_at:%Y-%m-%d}.pdf"
