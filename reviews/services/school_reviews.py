"""Recording the other reviews on the trust's calendar."""

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import SchoolReview


@transaction.atomic
def record_school_review(*, school, kind, held_on, by, issue_level, led_by="", days=1, summary=""):
    """Record a review held, with the level of issues it found (required here: blank only
    on reviews recorded before the level was asked for)."""
    if not issue_level:
        raise ValidationError({"issue_level": "Say what level of issues the review found."})
    review = SchoolReview(
        school=school,
        kind=kind,
        held_on=held_on,
        led_by=led_by,
        days=days if kind == SchoolReview.Kind.SIP else 1,
        summary=summary,
        issue_level=issue_level,
        recorded_by=by,
    )
    review.full_clean()
    review.save()
    return review
