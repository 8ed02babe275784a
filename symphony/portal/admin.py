from django.contrib import admin

from symphony.admin import ReadOnlyAdmin

from .models import BoardReport


@admin.register(BoardReport)
class BoardReportAdmin(ReadOnlyAdmin):
    """Reports are sent in the portal and kept as they were sent: read-only here."""

    list_display = ["collection", "sent_by", "state", "pages", "requested_at"]
    list_filter = ["state"]
    search_fields = ["sent_by__full_name"]
