"""The review type and frequency come from categorisation, never from a second copy of the
category -> support offer mapping. This pins the contract reviews.offer relies on:
categorisation registers ``source(schools) -> {school pk: ReviewOffer}`` with
``reviews.offer.provide`` (reviews sits below categorisation and never imports it)."""

import pytest
from django.urls import reverse

from categorisation import selectors as category_selectors
from categorisation.offer import review_offers, support_offer
from reviews import offer


@pytest.fixture
def fake_categorisation(monkeypatch, school):
    categories = {school("Foxton").pk: 4, school("Orchard").pk: 1}

    def source(schools):
        return {
            s.pk: offer.ReviewOffer(
                categories[s.pk],
                "full" if categories[s.pk] >= 3 else "light_touch",
                "half_termly" if categories[s.pk] >= 3 else "termly",
            )
            for s in schools
            if s.pk in categories
        }

    monkeypatch.setattr(offer, "_source", source)


def test_the_offer_is_asked_of_categorisation(fake_categorisation, school):
    assert offer.offer_for(school("Foxton")) == offer.ReviewOffer(4, "full", "half_termly")
    assert offer.offer_for(school("Orchard")) == offer.ReviewOffer(1, "light_touch", "termly")
    assert offer.offer_for(school("Thornton")) is None  # no category decided


def test_the_planning_board_shows_the_proposals(fake_categorisation, client_for, this_year):
    board = client_for("dop").get(reverse("reviews:list")).context["board"]
    proposals = {s.name: p for s, p, _ in board}
    assert proposals["Foxton"].peer_review_kind == "full"
    assert proposals["Thornton"] is None


def test_categorisation_registers_the_real_offer(school):
    """Without a fake: what reviews is told is categorisation's own support offer."""
    foxton = school("Foxton")
    category = category_selectors.current_categories([foxton])[foxton.pk]
    expected = support_offer(category)
    assert offer._source is review_offers
    assert offer.offer_for(foxton) == offer.ReviewOffer(
        category, expected.peer_review_kind, expected.review_frequency
    )


def test_without_a_source_no_school_has_a_proposal(monkeypatch, school):
    monkeypatch.setattr(offer, "_source", None)
    assert offer.offer_for(school("Foxton")) is None
