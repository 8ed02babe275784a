"""Recording the other reviews on the trust's calendar."""

from django.db import transaction

from ..models import SchoolReview


@transaction.atomic
def record_school_review(*, school, kind, held_on, by, led_by="", days=1, summary=""):
    review = SchoolReview(
        school=school,
        kind=kind,
        held_on=held_on,
        led_by=led_by,
        days=days if kind == SchoolReview.Kind.SIP else 1,
        summary=summary,
        recorded_by=by,
    )
    review.full_clean()
    review.save()
    return review
