"""Pages: peer reviews (``peer_reviews``) and Core Plans (``core_plans``)."""
