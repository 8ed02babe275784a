"""The review type and frequency come from categorisation, never from a second copy of the
category -> support offer mapping. This pins the contract reviews.offer relies on:
``categorisation.selectors.current_categories(schools) -> {school pk: category}`` and
``categorisation.offer.support_offer(category)`` with ``peer_review_kind`` and
``review_frequency``."""

import sys
import types
from dataclasses import dataclass

import pytest

from reviews import offer


@dataclass(frozen=True)
class _Offer:
    peer_review_kind: str
    review_frequency: str


@pytest.fixture
def fake_categorisation(monkeypatch, school):
    categories = {school("Foxton").pk: 4, school("Orchard").pk: 1}
    selectors = types.ModuleType("categorisation.selectors")
    selectors.current_categories = lambda schools: {
        s.pk: categories[s.pk] for s in schools if s.pk in categories
    }
    offers = types.ModuleType("categorisation.offer")
    offers.support_offer = lambda category: _Offer(
        "full" if category >= 3 else "light_touch",
        "half_termly" if category >= 3 else "termly",
    )
    import categorisation

    monkeypatch.setitem(sys.modules, "categorisation.selectors", selectors)
    monkeypatch.setitem(sys.modules, "categorisation.offer", offers)
    monkeypatch.setattr(categorisation, "selectors", selectors, raising=False)
    monkeypatch.setattr(categorisation, "offer", offers, raising=False)


def test_the_offer_is_asked_of_categorisation(fake_categorisation, school):
    assert offer.offer_for(school("Foxton")) == offer.ReviewOffer(4, "full", "half_termly")
    assert offer.offer_for(school("Orchard")) == offer.ReviewOffer(1, "light_touch", "termly")
    assert offer.offer_for(school("Thornton")) is None  # no category decided


def test_the_planning_board_shows_the_proposals(fake_categorisation, client_for, this_year):
    board = client_for("dop").get("/reviews/").context["board"]
    proposals = {s.name: p for s, p, _ in board}
    assert proposals["Foxton"].peer_review_kind == "full"
    assert proposals["Thornton"] is None
