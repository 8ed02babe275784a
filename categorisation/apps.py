from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisation"

    def ready(self):
        from reviews import offer as review_offer
        from schools import panels

        from .offer import review_offers
        from .panels import category_panel

        review_offer.provide(review_offers)  # the review type follows the category
        panels.register(
            "category",
            slot=panels.SIDE,
            order=10,
            template="categorisation/includes/school_panel.html",
            context=category_panel,
        )
