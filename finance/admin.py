from django.contrib import admin

from .models import BudgetLine, FinanceTarget, MonthlyFigure, Risk, RiskRegister, RiskReview


@admin.register(BudgetLine)
class BudgetLineAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "heading", "amount"]
    list_filter = ["academic_year", "heading"]
    search_fields = ["school__name"]


@admin.register(MonthlyFigure)
class MonthlyFigureAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year", "month", "heading", "actual", "forecast"]
    list_filter = ["academic_year", "month", "heading"]
    search_fields = ["school__name"]


@admin.register(FinanceTarget)
class FinanceTargetAdmin(admin.ModelAdmin):
    list_display = ["academic_year", "surplus_min_pct", "staff_cost_max_pct"]
    search_fields = ["academic_year__start_year"]


class RiskInline(admin.TabularInline):
    model = Risk
    extra = 0


@admin.register(RiskRegister)
class RiskRegisterAdmin(admin.ModelAdmin):
    list_display = ["__str__"]
    search_fields = ["school__name"]
    inlines = [RiskInline]


@admin.register(Risk)
class RiskAdmin(admin.ModelAdmin):
    list_display = ["title", "register", "category", "likelihood", "impact", "owner"]
    list_filter = ["category"]
    search_fields = ["title", "owner", "register__school__name"]


@admin.register(RiskReview)
class RiskReviewAdmin(admin.ModelAdmin):
    list_display = ["register", "reviewed_on", "by"]
    search_fields = ["register__school__name", "notes"]
