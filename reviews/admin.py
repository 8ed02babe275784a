from django.contrib import admin

from .models import (
    Action,
    CorePlan,
    FocusArea,
    PeerReview,
    ProgressNote,
    ReviewReport,
    ReviewTeamMember,
)


class TeamInline(admin.TabularInline):
    model = ReviewTeamMember
    extra = 0
    autocomplete_fields = ["user"]


class FocusAreaInline(admin.StackedInline):
    model = FocusArea
    extra = 0


@admin.register(PeerReview)
class PeerReviewAdmin(admin.ModelAdmin):
    list_display = ["school", "year", "academic_year", "kind", "status", "overall_outcome"]
    list_filter = ["status", "kind", "scale", "overall_outcome", "year", "school__hub"]
    search_fields = ["school__name"]
    autocomplete_fields = ["school"]
    inlines = [TeamInline, FocusAreaInline]


@admin.register(ReviewReport)
class ReviewReportAdmin(admin.ModelAdmin):
    list_display = ["review", "state", "pages", "requested_at", "finished_at"]
    list_filter = ["state"]
    readonly_fields = ["review", "state", "file", "pages", "error", "requested_at", "finished_at"]


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    can_delete = False
    readonly_fields = ["noted_on", "rag", "note", "by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # notes are added in the portal, dated and signed


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "core_plan", "source", "deadline", "rag", "closed_on"]
    list_filter = ["source", "rag", "core_plan__academic_year"]
    search_fields = ["title", "core_plan__school__name", "owner"]
    inlines = [ProgressNoteInline]


@admin.register(CorePlan)
class CorePlanAdmin(admin.ModelAdmin):
    list_display = ["school", "academic_year"]
    list_filter = ["academic_year"]
    search_fields = ["school__name"]
