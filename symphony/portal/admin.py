from django.contrib import admin

from .models import BoardReport


@admin.register(BoardReport)
class BoardReportAdmin(admin.ModelAdmin):
    """Reports are sent in the portal and kept as they were sent: read-only here."""

    list_display = ["collection", "sent_by", "state", "pages", "requested_at"]
    list_filter = ["state"]
    search_fields = ["sent_by__full_name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
