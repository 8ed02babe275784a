"""What each category receives: the support offer (School Improvement Strategy 2024-25,
"core offer"; Business Plan 2018-19).

This is the one place the category -> support mapping is written; the reviews work asks
it through ``reviews.offer`` (type of peer review, frequency of school reviews; answered by
``review_offers`` below) and the school page shows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from reviews.offer import ReviewOffer
from schools.calendar import HALF_TERMLY, TERMLY

from .cadence import reassessment_frequency
from .models import Category
from .selectors import current_categories

EVERY_SCHOOL = (
    "An annual bespoke peer review",
    "Termly benchmarking against the other trust schools and national figures",
    "Membership of the subject development groups and the trust's school-improvement initiatives",
    "TDG support brokered to meet identified risks (funded by the school)",
)


@dataclass(frozen=True)
class SupportOffer:
    category: int
    meaning: str
    peer_review_kind: str  # reviews.PeerReview.Kind: "light_touch" or "full"
    review_frequency: str  # school reviews: "termly" or "half_termly"
    reassessment_frequency: str  # category re-assessment: "termly" or "half_termly"
    bespoke_support_plan: bool
    enters_scc: bool  # category 4 enters Schools Causing Concern
    receives: tuple[str, ...]

    @property
    def peer_review_label(self) -> str:
        return "Full" if self.peer_review_kind == "full" else "Light-touch"


def support_offer(category: int) -> SupportOffer:
    category = Category(category)
    full = category >= 3
    receives = [
        f"{'Full' if full else 'Light-touch'} annual peer review",
        "Partnership review (annual)",
        "Annual meeting with the CEO and local governors",
        "Data analysis and benchmarking",
    ]
    if category >= 2:
        receives.append("A bespoke school support plan")
    receives.append("School reviews every half-term" if full else "A school review each term")
    if category == 4:
        receives.append("Entry to Schools Causing Concern with an Individual School Action Plan")
    return SupportOffer(
        category=int(category),
        meaning=category.label.split(": ", 1)[1],
        peer_review_kind="full" if full else "light_touch",
        review_frequency=HALF_TERMLY if full else TERMLY,
        reassessment_frequency=reassessment_frequency(int(category)),
        bespoke_support_plan=category >= 2,
        enters_scc=category == 4,
        receives=tuple(receives) + EVERY_SCHOOL[1:],
    )


def review_offers(schools) -> dict:
    """The review part of each school's offer, for ``reviews.offer`` (registered in
    ``CategorisationConfig.ready``): {school pk: ReviewOffer} for schools with a category."""
    offers = {}
    for school_id, category in current_categories(schools).items():
        offer = support_offer(category)
        offers[school_id] = ReviewOffer(
            category=category,
            peer_review_kind=offer.peer_review_kind,
            review_frequency=offer.review_frequency,
        )
    return offers
