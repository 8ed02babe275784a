"""Decisions are appended through the portal's pages, never edited: the admin site shows
them read-only. Meetings and SCC plans may be corrected here by the central team."""

from django.contrib import admin

from .models import Assessment, RiskMeeting, SccCase, SccLetter, SccMove


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RiskMeeting)
class RiskMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "term"]
    search_fields = ["minutes"]
    date_hierarchy = "held_on"
    filter_horizontal = ["attendees"]


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    list_display = ["school", "assessed_on", "category", "suggested_category", "kind"]
    list_filter = ["category", "kind"]
    search_fields = ["school__name", "rationale"]


@admin.register(SccCase)
class SccCaseAdmin(admin.ModelAdmin):
    list_display = ["school", "trigger", "opened_on", "closed_on"]
    list_filter = ["trigger"]
    search_fields = ["school__name", "reason"]
    readonly_fields = ["school", "trigger", "reason", "opened_on", "opened_by", "closed_on"]


@admin.register(SccMove)
class SccMoveAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "outcome", "from_level", "to_level", "held_on"]
    list_filter = ["kind", "outcome"]
    search_fields = ["case__school__name", "notes"]


@admin.register(SccLetter)
class SccLetterAdmin(ReadOnlyAdmin):
    """Letters are issued in the portal and kept as they were sent."""

    list_display = ["case", "level", "issued_by", "state", "requested_at"]
    list_filter = ["state", "level"]
    search_fields = ["case__school__name"]
