"""Risk meetings, decisions, SCC cases, moves, letters and staffing or premises issues are
made through the portal's pages with their rules (who may, at which level, with which
steps), never here: the admin site shows them read-only (``symphony.admin.ReadOnlyAdmin``)."""

from django.contrib import admin

from symphony.admin import ReadOnlyAdmin

from .models import (
    Assessment,
    CategoryLetter,
    RiskMeeting,
    SccCase,
    SccInvolvement,
    SccLetter,
    SccMove,
    SchoolIssue,
)


@admin.register(RiskMeeting)
class RiskMeetingAdmin(ReadOnlyAdmin):
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
class SccCaseAdmin(ReadOnlyAdmin):
    list_display = ["school", "trigger", "opened_on", "closed_on"]
    list_filter = ["trigger"]
    search_fields = ["school__name", "reason"]
    readonly_fields = ["school", "trigger", "reason", "opened_on", "opened_by", "closed_on"]


@admin.register(SccMove)
class SccMoveAdmin(ReadOnlyAdmin):
    list_display = ["case", "kind", "outcome", "from_level", "to_level", "held_on"]
    list_filter = ["kind", "outcome"]
    search_fields = ["case__school__name", "notes"]


@admin.register(SccInvolvement)
class SccInvolvementAdmin(ReadOnlyAdmin):
    list_display = ["case", "body", "tier", "started_on", "ended_on"]
    list_filter = ["body", "tier"]
    search_fields = ["case__school__name", "body_name", "notes"]


@admin.register(SccLetter)
class SccLetterAdmin(ReadOnlyAdmin):
    """Letters are issued in the portal and kept as they were sent."""

    list_display = ["case", "level", "issued_by", "state", "requested_at"]
    list_filter = ["state", "level"]
    search_fields = ["case__school__name"]


@admin.register(CategoryLetter)
class CategoryLetterAdmin(ReadOnlyAdmin):
    """Letters are sent from the risk meeting's page and kept as they were sent."""

    list_display = ["assessment", "sent_by", "state", "requested_at"]
    list_filter = ["state"]
    search_fields = ["assessment__school__name"]


@admin.register(SchoolIssue)
class SchoolIssueAdmin(ReadOnlyAdmin):
    """Recorded and resolved by the CEO/DoP in the portal."""

    list_display = ["school", "kind", "level", "started_on", "resolved_on"]
    list_filter = ["kind", "level"]
    search_fields = ["school__name", "description"]
