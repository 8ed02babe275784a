"""What a school's category asks of its reviews. Categorisation (issue 3) owns the
category and the category -> support offer mapping; this module only asks it, so the
mapping is never written twice."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewOffer:
    category: int
    peer_review_kind: str  # "light_touch" or "full" (PeerReview.Kind)
    review_frequency: str  # "termly" or "half_termly"


def offer_for(school) -> ReviewOffer | None:
    """The review part of the support offer of ``school``'s current category, or None
    while no category has been decided for it."""
    return offers_for([school]).get(school.pk)


def offers_for(schools) -> dict[int, ReviewOffer]:
    """{school pk: offer} for the schools that have a current category."""
    try:
        from categorisation import selectors as category_selectors
        from categorisation.offer import support_offer
    except ImportError:  # categorisation has not landed yet: no category, no proposal
        return {}
    offers = {}
    for school_id, category in category_selectors.current_categories(schools).items():
        offer = support_offer(category)
        offers[school_id] = ReviewOffer(
            category=category,
            peer_review_kind=offer.peer_review_kind,
            review_frequency=offer.review_frequency,
        )
    return offers
