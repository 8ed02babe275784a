"""What each category receives (School Improvement Strategy 2024-25, "core offer"; Business
Plan 2018-19), and the capacity ratio (Business Plan, "Growth")."""

import pytest
from django.urls import reverse

from categorisation.models import Assessment
from categorisation.offer import support_offer
from categorisation.selectors import Capacity, capacity, due_list
from reviews import offer as reviews_offer


@pytest.mark.parametrize(
    ("category", "kind", "reviews", "plan", "scc"),
    [
        (1, "light_touch", "termly", False, False),
        (2, "light_touch", "termly", True, False),
        (3, "full", "half_termly", True, False),
        (4, "full", "half_termly", True, True),
    ],
)
def test_the_offer_follows_the_category(category, kind, reviews, plan, scc):
    offer = support_offer(category)
    assert offer.peer_review_kind == kind
    assert offer.review_frequency == reviews
    assert offer.bespoke_support_plan is plan
    assert offer.enters_scc is scc
    assert any("Partnership review" in item for item in offer.receives)


@pytest.mark.parametrize(("half_termly", "expected"), [(False, "termly"), (True, "half_termly")])
def test_category_3_reassessment_follows_the_trust_setting(settings, half_termly, expected):
    settings.SYMPHONY_CATEGORY_3_HALF_TERMLY = half_termly
    assert support_offer(3).reassessment_frequency == expected
    assert support_offer(4).reassessment_frequency == "half_termly"
    assert support_offer(2).reassessment_frequency == "termly"


def test_reviews_ask_categorisation_for_the_type(school):
    # The demo trust: Foxton slipped to category 3, Orchard is category 1.
    assert reviews_offer.offer_for(school("Foxton")) == reviews_offer.ReviewOffer(
        3, "full", "half_termly"
    )
    assert reviews_offer.offer_for(school("Orchard")).peer_review_kind == "light_touch"


def test_the_review_plan_proposes_the_type_from_the_real_category(client_for, school):
    board = client_for("dop").get(reverse("reviews:list")).context["board"]
    proposals = {s.name: p for s, p, _ in board}
    assert proposals["Foxton"].peer_review_kind == "full"
    assert proposals["Glen Hills"].peer_review_kind == "light_touch"


@pytest.mark.parametrize(
    ("supporting", "needing", "target", "below"),
    [
        (4, 1, 4, False),  # exactly 4:1
        (3, 1, 4, True),
        (7, 2, 4, True),  # 3.5:1
        (8, 2, 4, False),
        (3, 1, 3, False),  # the target falling to 3:1
        (2, 1, 3, True),
        (5, 0, 4, False),  # no school needs support
    ],
)
def test_capacity_below_target_at_its_boundaries(supporting, needing, target, below):
    assert Capacity(supporting, needing, 0, target).below_target is below


def test_capacity_counts_current_categories(cast, settings):
    settings.SYMPHONY_CAPACITY_TARGET = 4
    result = capacity(due_list(user=cast["ceo"]))
    current = Assessment.objects.filter(successor__isnull=True)
    assert result.supporting == current.filter(category__lte=2).count() == 14
    assert result.needing == 1
    assert result.ratio_text == "14:1"
    assert not result.below_target
