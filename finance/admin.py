from django.contrib import admin

from schools.history import RecordsHistory
from symphony.admin import ReadOnlyAdmin

from .models import (
    Balance,
    BudgetLine,
    Contract,
    EstatesProject,
    EstatesReportCopy,
    FinanceTarget,
    MonthlyFigure,
    ProjectEntry,
    Risk,
    RiskRegister,
    RiskReview,
    ScaFunding,
)


@admin.register(BudgetLine)
class BudgetLineAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["school", "academic_year", "heading", "amount"]
    list_filter = ["academic_year", "heading"]
    search_fields = ["school__name"]


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["school", "academic_year", "month", "heading", "actual", "forecast"]
    list_filter = ["academic_year", "month", "heading"]
    search_fields = ["school__name"]


@admin.register(FinanceTarget)
class FinanceTargetAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = [
        "academic_year",
        "surplus_min_pct",
        "staff_cost_max_pct",
        "reserves_min_pct",
        "cash_min_days",
    ]
    search_fields = ["academic_year__start_year"]


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


@admin.register(RiskRegister)
class RiskRegisterAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["__str__"]
    search_fields = ["school__name"]
    inlines = [RiskInline]


@admin.register(Risk)
class RiskAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["title", "register", "category", "likelihood", "impact", "owner"]
    list_filter = ["category"]
    search_fields = ["title", "owner", "register__school__name"]


@admin.register(RiskReview)
class RiskReviewAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["register", "reviewed_on", "by"]
    search_fields = ["register__school__name", "notes"]


@admin.register(Balance)
class BalanceAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["school", "on", "reserves", "cash"]
    list_filter = ["on"]
    search_fields = ["school__name"]


@admin.register(ScaFunding)
class ScaFundingAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["academic_year", "amount"]
    search_fields = ["academic_year__start_year"]


class ProjectEntryInline(admin.TabularInline):
    model = ProjectEntry
    extra = 0


@admin.register(EstatesProject)
class EstatesProjectAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["title", "school", "priority", "status", "cost_estimate", "sca_allocated"]
    list_filter = ["priority", "status", "sca_year"]
    search_fields = ["title", "school__name"]
    # SCA is allocated on the project's page, where the year's total is checked.
    readonly_fields = ["sca_year", "sca_allocated", "assessment_score", "assessment_notes"]
    inlines = [ProjectEntryInline]


@admin.register(Contract)
class ContractAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["title", "category", "supplier", "ends_on", "annual_cost", "previous_cost"]
    list_filter = ["category"]
    search_fields = ["title", "supplier"]
    filter_horizontal = ["schools"]


@admin.register(EstatesReportCopy)
class EstatesReportCopyAdmin(ReadOnlyAdmin):
    """Reports are sent in the portal and kept as they were sent: read-only here."""

    list_display = ["term", "sent_by", "state", "pages", "requested_at"]
    list_filter = ["state"]
    search_fields = ["sent_by__full_name"]
