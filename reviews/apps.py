from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = "Reviews and Core Plans"

    def ready(self):
        from schools import panels

        from .panels import school_reviews

        panels.register(
            "reviews",
            slot=panels.MAIN,
            order=10,
            template="reviews/includes/school_reviews.html",
            context=school_reviews,
        )
