from django.contrib import admin

from .models import PeerReview


@admin.register(PeerReview)
class PeerReviewAdmin(admin.ModelAdmin):
    list_display = ["school", "year", "kind", "overall_outcome"]
    list_filter = ["kind", "overall_outcome", "year", "school__hub"]
    search_fields = ["school__name"]
    autocomplete_fields = ["school"]
