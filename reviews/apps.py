from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and Core Plans"

    def ready(self):
        from schools import audit, panels
        from schools.models import AuditEvent

        from .panels import school_reviews

        audit.on_change(
            "reviews.PeerReview",
            "status",
            "published",
            AuditEvent.Action.REVIEW_PUBLISHED,
            lambda r: (r.published_by, r.school, str(r)),
        )
        panels.register(
            "reviews",
            slot=panels.MAIN,
            order=10,
            template="reviews/includes/school_reviews.html",
            context=school_reviews,
        )
