"""The demo trust, every app's part in the order each builds on the last: used by
``manage.py seed_demo`` and the tests. Each app seeds its own records; only the roof knows
them all."""

from django.db import transaction

from categorisation.demo import seed_demo_categories, seed_demo_issues, seed_demo_scc
from finance.demo import seed_demo_finance
from governance.demo import seed_demo_governance, seed_demo_meetings
from reviews.demo import seed_demo_review_history, seed_demo_reviews
from reviews.trust_plan_demo import seed_demo_trust_plan
from schools.data.demo import seed_demo_data
from schools.demo import seed_demo_schools
from schools.models import School, User
from schools.reminders import quietly


@transaction.atomic
def seed_demo_trust() -> dict[str, int]:
    # The demo's decisions, reviews and accepted figures are its history: nobody is told.
    with quietly():
        seed_demo_schools()
        seed_demo_review_history()
        seed_demo_data()
        seed_demo_categories()  # before this year's reviews: their type follows the category
        seed_demo_scc()
        seed_demo_issues()
        seed_demo_reviews()
        seed_demo_trust_plan()
        seed_demo_governance()
        seed_demo_meetings()
        seed_demo_finance()
    return {"schools": School.objects.count(), "users": User.objects.count()}
