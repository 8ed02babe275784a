from django.apps import AppConfig


class CategorisationConfig(AppConfig):
    name = "categorisation"
    verbose_name = "Categorisation"

    def ready(self):
        from reviews import offer as review_offer

        from .offer import review_offers

        review_offer.provide(review_offers)  # the review type follows the category
