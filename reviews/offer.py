"""What a school's category asks of its reviews: the type of peer review and how often the
school reviews come (School Improvement Strategy 2024-25, §5, the core offer).

Categorisation owns the category and the category -> support offer mapping, and sits above
reviews (docs/architecture.md): it registers the function that answers here from its
``AppConfig.ready``, so the mapping is written once and reviews never imports it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ReviewOffer:
    category: int
    peer_review_kind: str  # "light_touch" or "full" (PeerReview.Kind)
    review_frequency: str  # "termly" or "half_termly"


_source: Callable[[Iterable], dict[int, ReviewOffer]] | None = None


def provide(source: Callable[[Iterable], dict[int, ReviewOffer]]) -> None:
    """Register where the offers come from: ``source(schools)`` -> {school pk: offer}."""
    global _source
    _source = source


def offer_for(school) -> ReviewOffer | None:
    """The review part of the support offer of ``school``'s current category, or None
    while no category has been decided for it."""
    return offers_for([school]).get(school.pk)


def offers_for(schools) -> dict[int, ReviewOffer]:
    """{school pk: offer} for the schools that have a current category."""
    return _source(schools) if _source is not None else {}
