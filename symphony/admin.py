"""Admin-site helpers shared by the apps (the foundation: it imports no app).

The admin site maintains reference records; it is never a way around the portal's rules.
A governed record (a decision, an SCC case and its moves, a review from moderation on, a
stored document, the audit trail, a sent reminder) changes only through the portal's
services, so its admin is read-only."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown, searched and filtered; never added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
