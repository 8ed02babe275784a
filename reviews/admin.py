"""Peer reviews are planned and run in the portal; from moderation on a review is a
governed record (its judgements and outcome are what was moderated and published), so the
admin site shows it read-only, with its team and judgements. Stored reports are read-only."""

from django.contrib import admin

from schools.history import RecordsHistory
from symphony.admin import ReadOnlyAdmin

from .models import (
    Action,
    CorePlan,
    FocusArea,
    PeerReview,
    PriorityProgress,
    ProgressNote,
    ReviewReport,
    ReviewTeamMember,
    SchoolReview,
    TdgDeployment,
    TrustPriority,
)

LOCKED = (PeerReview.Status.MODERATED, PeerReview.Status.PUBLISHED)


def _editable(review) -> bool:
    return review is None or review.status not in LOCKED


class LockedWithReviewInline:
    """An inline that is read-only once its review is moderated."""

    def has_add_permission(self, request, obj=None):
        return _editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


class TeamInline(LockedWithReviewInline, admin.TabularInline):
    model = ReviewTeamMember
    extra = 0
    autocomplete_fields = ["user"]


class FocusAreaInline(LockedWithReviewInline, admin.StackedInline):
    model = FocusArea
    extra = 0


@admin.register(PeerReview)
class PeerReviewAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["school", "year", "academic_year", "kind", "status", "overall_outcome"]
    list_filter = ["status", "kind", "scale", "overall_outcome", "year", "school__hub"]
    search_fields = ["school__name"]
    autocomplete_fields = ["school"]
    inlines = [TeamInline, FocusAreaInline]

    def has_add_permission(self, request):
        return False  # reviews are planned in the portal, where the category proposes the type

    def has_change_permission(self, request, obj=None):
        return _editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _editable(obj) and super().has_delete_permission(request, obj)


@admin.register(ReviewReport)
class ReviewReportAdmin(ReadOnlyAdmin):
    list_display = ["review", "state", "pages", "requested_at", "finished_at"]
    list_filter = ["state"]
    search_fields = ["review__school__name"]


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    can_delete = False
    readonly_fields = ["noted_on", "rag", "note", "by", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False  # notes are added in the portal, dated and signed


@admin.register(Action)
class ActionAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["title", "core_plan", "source", "deadline", "rag", "closed_on"]
    list_filter = ["source", "rag", "core_plan__academic_year"]
    search_fields = ["title", "core_plan__school__name", "owner"]
    inlines = [ProgressNoteInline]


@admin.register(CorePlan)
class CorePlanAdmin(RecordsHistory, admin.ModelAdmin):
    list_display = ["school", "academic_year"]
    list_filter = ["academic_year"]
    search_fields = ["school__name"]


@admin.register(SchoolReview)
class SchoolReviewAdmin(RecordsHistory, admin.ModelAdmin):
    """The partnership, curriculum-lead, safeguarding, governance reviews and SIP visits,
    recorded in the portal; here to be found and read, each with its level of issues."""

    list_display = ["school", "kind", "held_on", "issue_level", "led_by"]
    list_filter = ["kind", "issue_level", "school__hub"]
    search_fields = ["school__name", "led_by", "summary"]
    autocomplete_fields = ["school"]
    date_hierarchy = "held_on"


class PriorityProgressInline(admin.TabularInline):
    """Termly progress is recorded in the portal by the CEO and DoP: read-only here."""

    model = PriorityProgress
    extra = 0
    can_delete = False
    fields = ["term", "rag", "evidence", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(TrustPriority)
class TrustPriorityAdmin(RecordsHistory, admin.ModelAdmin):
    """The trust improvement plan's priorities, maintained by the central team."""

    list_display = ["focus_area", "target", "academic_year", "order"]
    list_filter = ["academic_year", "focus_area"]
    search_fields = ["focus_area", "target"]
    inlines = [PriorityProgressInline]

    def has_delete_permission(self, request, obj=None):
        # A priority with recorded progress is part of what was reported to the trustees.
        if obj is not None and obj.progress.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(PriorityProgress)
class PriorityProgressAdmin(ReadOnlyAdmin):
    list_display = ["priority", "term", "rag", "recorded_by", "recorded_at"]
    list_filter = ["rag", "term"]


@admin.register(TdgDeployment)
class TdgDeploymentAdmin(RecordsHistory, admin.ModelAdmin):
    """TDG support deployed, recorded in the portal by the CEO and DoP; the central team
    corrects a record here (its history kept)."""

    list_display = [
        "school",
        "specialism",
        "practitioner",
        "practitioner_name",
        "days",
        "starts_on",
    ]
    list_filter = ["specialism", "school_funded", "school__hub"]
    search_fields = ["school__name", "practitioner__full_name", "practitioner_name"]
    autocomplete_fields = ["school", "practitioner"]
    raw_id_fields = ["action"]
    readonly_fields = ["recorded_by", "recorded_at"]
    date_hierarchy = "starts_on"

    def has_add_permission(self, request):
        return False  # recorded in the portal, where its rules are checked and it is audited
